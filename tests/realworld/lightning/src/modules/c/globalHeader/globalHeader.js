import { LightningElement, api } from 'lwc';
import AppLauncher from 'c/appLauncher';
import { navigate } from 'c/router';
import { USER, logOut } from 'c/store';

const TABS = [
    { label: 'Home', key: 'Home', href: '/lightning/page/home' },
    { label: 'Accounts', key: 'Account', href: '/lightning/o/Account/home' },
    { label: 'Contacts', key: 'Contact', href: '/lightning/o/Contact/list' },
    { label: 'Opportunities', key: 'Opportunity', href: '/lightning/o/Opportunity/home' },
    { label: 'Cases', key: 'Case', href: '/lightning/o/Case/home' },
];

export default class GlobalHeader extends LightningElement {
    static renderMode = 'light';
    @api currentTab;
    userName = USER.name;

    get tabs() {
        return TABS.map((t) => ({
            ...t,
            itemClass: 'slds-context-bar__item' + (t.key === this.currentTab ? ' slds-is-active' : ''),
        }));
    }

    async openAppLauncher() {
        const path = await AppLauncher.open({ size: 'large', label: 'App Launcher' });
        if (path) navigate(path);
    }

    handleLogout() {
        logOut();
        navigate('/', { replace: true });
    }
}
