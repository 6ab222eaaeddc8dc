import { createElement } from 'lwc';
import App from 'c/app';

const app = createElement('c-app', { is: App });
document.querySelector('#main').appendChild(app);
