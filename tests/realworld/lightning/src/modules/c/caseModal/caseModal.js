import LightningModal from 'lightning/modal';
import { CASE_ORIGINS, CASE_PRIORITIES, CASE_STATUSES, delay } from 'c/store';

const options = (values) => values.map((v) => ({ label: v, value: v }));

export default class CaseModal extends LightningModal {
    fields = { status: 'New', priority: 'Medium', origin: 'Phone', subject: '', description: '' };
    saving = false;
    statusOptions = options(CASE_STATUSES);
    priorityOptions = options(CASE_PRIORITIES);
    originOptions = options(CASE_ORIGINS);

    handleChange(event) {
        this.fields = { ...this.fields, [event.target.dataset.field]: event.detail.value };
    }

    handleCancel() {
        this.close(null);
    }

    async handleSave() {
        const inputs = [...this.template.querySelectorAll('lightning-input, lightning-combobox')];
        if (!inputs.reduce((ok, input) => input.reportValidity() && ok, true)) return;
        this.saving = true;
        this.disableClose = true;
        await delay(600);
        this.disableClose = false;
        this.close({ ...this.fields });
    }
}
