import LightningModal from 'lightning/modal';
import { STAGES, delay } from 'c/store';

export default class OpportunityModal extends LightningModal {
    fields = { name: '', closeDate: '', stage: '', amount: '' };
    saving = false;
    stageOptions = [{ label: '--None--', value: '' }, ...STAGES.map((v) => ({ label: v, value: v }))];

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
