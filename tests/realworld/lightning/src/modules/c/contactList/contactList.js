import { LightningElement } from 'lwc';
import ContactModal from 'c/contactModal';
import DeleteModal from 'c/deleteModal';
import { recordUrl } from 'c/router';
import { contacts, createContact, delay, deleteContact, updateContact } from 'c/store';
import { recordToast } from 'c/toaster';

const COLUMNS = [
    {
        label: 'Name', fieldName: 'url', type: 'url',
        typeAttributes: { label: { fieldName: 'name' }, target: '_self' },
    },
    { label: 'Account Name', fieldName: 'accountName', type: 'text' },
    { label: 'Title', fieldName: 'title', type: 'text', editable: true },
    { label: 'Phone', fieldName: 'phone', type: 'phone', editable: true },
    { label: 'Email', fieldName: 'email', type: 'email', editable: true },
    {
        type: 'action',
        typeAttributes: { rowActions: [{ label: 'Edit', name: 'edit' }, { label: 'Delete', name: 'delete' }] },
    },
];

export default class ContactList extends LightningElement {
    static renderMode = 'light';
    columns = COLUMNS;
    rows = [];
    draftValues = [];
    loading = true;

    connectedCallback() {
        this.reload();
    }

    async reload() {
        this.loading = true;
        await delay();
        this.rows = contacts().map((c) => ({ ...c, url: recordUrl('Contact', c.id) }));
        this.loading = false;
    }

    get countLabel() {
        const n = this.rows.length;
        return `${n} item${n === 1 ? '' : 's'} • Sorted by Name • Updated a few seconds ago`;
    }

    async handleNew() {
        const fields = await ContactModal.open({ size: 'medium', label: 'New Contact' });
        if (!fields) return;
        const record = createContact(fields);
        recordToast(this, 'Contact', 'created', record);
        this.reload();
    }

    async handleRowAction(event) {
        const { action, row } = event.detail;
        if (action.name === 'edit') {
            const fields = await ContactModal.open({ size: 'medium', label: `Edit ${row.name}`, record: row });
            if (!fields) return;
            recordToast(this, 'Contact', 'saved', updateContact(row.id, fields));
        } else if (action.name === 'delete') {
            const ok = await DeleteModal.open({ size: 'small', label: 'Delete Contact', objectLabel: 'contact' });
            if (!ok) return;
            deleteContact(row.id);
            recordToast(this, 'Contact', 'deleted', row);
        }
        this.reload();
    }

    async handleInlineSave(event) {
        this.loading = true;
        await delay();
        for (const draft of event.detail.draftValues) {
            const { id, ...fields } = draft;
            updateContact(id, fields);
        }
        this.draftValues = [];
        this.reload();
    }
}
