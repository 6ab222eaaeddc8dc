import { api } from 'lwc';
import LightningModal from 'lightning/modal';
import { delay } from 'c/store';

export default class DeleteModal extends LightningModal {
    @api objectLabel = 'record';
    deleting = false;

    get question() {
        return `Are you sure you want to delete this ${this.objectLabel}?`;
    }

    handleCancel() {
        this.close(false);
    }

    async handleDelete() {
        this.deleting = true;
        this.disableClose = true;
        await delay(500);
        this.disableClose = false;
        this.close(true);
    }
}
