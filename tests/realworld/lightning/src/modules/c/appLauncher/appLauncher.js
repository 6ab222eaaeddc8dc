import LightningModal from 'lightning/modal';

const APPS = [
    { name: 'Sales', description: 'Manage your sales process with accounts, contacts and opportunities.', initials: 'S' },
    { name: 'Service', description: 'Manage customer service with accounts, contacts and cases.', initials: 'SV' },
    { name: 'Marketing', description: 'Best-in-class on-demand marketing automation.', initials: 'M' },
];
const ITEMS = [
    { name: 'Accounts', href: '/lightning/o/Account/home' },
    { name: 'Cases', href: '/lightning/o/Case/home' },
    { name: 'Contacts', href: '/lightning/o/Contact/list' },
    { name: 'Opportunities', href: '/lightning/o/Opportunity/home' },
];

export default class AppLauncher extends LightningModal {
    filter = '';

    get apps() {
        return APPS.filter((a) => a.name.toLowerCase().includes(this.filter));
    }
    get items() {
        return ITEMS.filter((i) => i.name.toLowerCase().includes(this.filter));
    }

    handleSearch(event) {
        this.filter = (event.target.value || '').trim().toLowerCase();
    }

    handleItem(event) {
        event.preventDefault();
        this.close(event.currentTarget.dataset.href);
    }

    handleApp(event) {
        event.preventDefault();
        this.close('/lightning/page/home');
    }
}
