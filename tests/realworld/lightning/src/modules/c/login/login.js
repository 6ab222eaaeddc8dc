import { LightningElement } from 'lwc';
import { delay, logIn } from 'c/store';

export default class Login extends LightningElement {
    static renderMode = 'light';
    username = '';
    password = '';
    error = '';
    busy = false;

    handleUsername(event) {
        this.username = event.target.value;
    }
    handlePassword(event) {
        this.password = event.target.value;
    }
    handleKey(event) {
        if (event.key === 'Enter') this.handleLogin();
    }

    async handleLogin() {
        this.error = '';
        this.busy = true;
        await delay(500);
        this.busy = false;
        if (logIn(this.username, this.password)) {
            this.dispatchEvent(new CustomEvent('login'));
        } else {
            this.error = "Please check your username and password. If you still can't log in, contact your Salesforce administrator.";
        }
    }
}
