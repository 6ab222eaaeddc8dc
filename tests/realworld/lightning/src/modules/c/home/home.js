import { LightningElement } from 'lwc';
import { USER } from 'c/store';

export default class Home extends LightningElement {
    static renderMode = 'light';
    greeting = `Welcome, ${USER.name}`;
}
