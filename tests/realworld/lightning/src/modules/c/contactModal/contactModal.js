import { api } from 'lwc';
import LightningModal from 'lightning/modal';
import { LEAD_SOURCES, SALUTATIONS, delay } from 'c/store';

const options = (values) => values.map((v) => ({ label: v, value: v }));

export default class ContactModal extends LightningModal {
    @api record;
    fields = {};
    saving = false;
    salutationOptions = [{ label: '--None--', value: '' }, ...options(SALUTATIONS)];
    leadSourceOptions = [{ label: '--None--', value: '' }, ...options(LEAD_SOURCES)];

    connectedCallback() {
        super.connectedCallback();
        const r = this.record || {};
        this.fields = {
            salutation: r.salutation || '', firstName: r.firstName || '', lastName: r.lastName || '',
            accountId: r.accountId || '', title: r.title || '', email: r.email || '',
            phone: r.phone || '', leadSource: r.leadSource || '',
        };
    }

    get heading() {
        return this.label || 'New Contact';
    }

    handleChange(event) {
        const name = event.target.dataset.field;
        this.fields = { ...this.fields, [name]: event.detail.value };
    }

    handleCancel() {
        this.close(null);
    }

    async handleSave() {
        const inputs = [...this.template.querySelectorAll('lightning-input, lightning-combobox')];
        const valid = inputs.reduce((ok, input) => input.reportValidity() && ok, true);
        if (!valid) return;
        this.saving = true;
        this.disableClose = true;
        await delay(600);
        this.disableClose = false;
        this.close({ ...this.fields });
    }
}
