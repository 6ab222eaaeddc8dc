import { LightningElement } from 'lwc';
import { currentRoute, navigate, subscribe } from 'c/router';
import { isLoggedIn } from 'c/store';

export default class App extends LightningElement {
    static renderMode = 'light';
    route = currentRoute();

    connectedCallback() {
        this.unsubscribe = subscribe((route) => {
            this.route = route;
            this.guard();
        });
        this.guard();
    }

    disconnectedCallback() {
        this.unsubscribe();
    }

    guard() {
        if (!isLoggedIn() && this.route.name !== 'login') navigate('/', { replace: true });
        else if (isLoggedIn() && this.route.name === 'login') navigate('/lightning/page/home', { replace: true });
    }

    get isLogin() {
        return this.route.name === 'login' || !isLoggedIn();
    }
    get isHome() {
        return this.route.name === 'home';
    }
    get isContactList() {
        return this.route.name === 'list' && this.route.object === 'Contact';
    }
    get isOtherList() {
        return this.route.name === 'list' && this.route.object !== 'Contact';
    }
    get isContactRecord() {
        return this.route.name === 'record' && this.route.object === 'Contact';
    }
    get isOtherRecord() {
        return this.route.name === 'record' && this.route.object !== 'Contact';
    }
    get recordId() {
        return this.route.recordId;
    }
    get objectLabel() {
        return { Account: 'Accounts', Opportunity: 'Opportunities', Case: 'Cases' }[this.route.object] || this.route.object;
    }
    get currentTab() {
        if (this.route.name === 'home') return 'Home';
        return this.route.object;
    }

    handleLogin() {
        navigate('/lightning/page/home', { replace: true });
    }
}
