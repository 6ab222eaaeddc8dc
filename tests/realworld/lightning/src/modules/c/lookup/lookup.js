// An Account lookup built the way Lightning's own record lookup is: lightning-grouped-combobox
// with option cards, a search that answers after a short delay, and a pill for the choice.
import { LightningElement, api } from 'lwc';
import { accounts, accountName, delay } from 'c/store';

export default class Lookup extends LightningElement {
    @api label = 'Account Name';
    @api placeholder = 'Search Accounts...';
    _value = '';
    items = [];
    searching = false;
    text = '';

    @api
    get value() {
        return this._value;
    }
    set value(v) {
        this._value = v || '';
    }

    get pill() {
        return this._value ? { label: accountName(this._value), iconName: 'standard:account' } : undefined;
    }

    async search(text) {
        this.text = text;
        this.searching = true;
        await delay(250);
        if (text !== this.text) return;
        const needle = text.trim().toLowerCase();
        const found = accounts().filter((a) => a.name.toLowerCase().includes(needle));
        this.items = [
            {
                label: needle ? `Accounts matching "${text.trim()}"` : 'Recent Accounts',
                items: found.map((a) => ({
                    type: 'option-card',
                    text: a.name,
                    subText: a.phone,
                    iconName: 'standard:account',
                    value: a.id,
                })),
            },
        ];
        this.searching = false;
    }

    handleOpen() {
        if (!this.items.length) this.search(this.text);
    }

    handleTextInput(event) {
        this.search(event.detail.text || '');
    }

    handleSelect(event) {
        this._value = event.detail.value;
        this.dispatchEvent(new CustomEvent('change', { detail: { value: this._value } }));
    }

    handlePillRemove() {
        this._value = '';
        this.items = [];
        this.dispatchEvent(new CustomEvent('change', { detail: { value: '' } }));
    }
}
