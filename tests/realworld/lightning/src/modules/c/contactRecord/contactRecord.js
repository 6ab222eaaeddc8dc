import { LightningElement, api } from 'lwc';
import CaseModal from 'c/caseModal';
import ContactModal from 'c/contactModal';
import DeleteModal from 'c/deleteModal';
import OpportunityModal from 'c/opportunityModal';
import { navigate } from 'c/router';
import {
    casesOf, contact, createCase, createOpportunity, delay, deleteContact, opportunitiesOf, updateContact,
} from 'c/store';
import { recordToast } from 'c/toaster';

const DETAIL_FIELDS = [
    ['Name', 'name', false], ['Account Name', 'accountName', false], ['Title', 'title', true],
    ['Email', 'email', true], ['Phone', 'phone', true], ['Lead Source', 'leadSource', false],
];
const CASE_COLUMNS = [
    { label: 'Case Number', fieldName: 'number' }, { label: 'Subject', fieldName: 'subject' },
    { label: 'Priority', fieldName: 'priority' }, { label: 'Status', fieldName: 'status' },
];
const OPPORTUNITY_COLUMNS = [
    { label: 'Opportunity Name', fieldName: 'name' }, { label: 'Stage', fieldName: 'stage' },
    { label: 'Amount', fieldName: 'amount' }, { label: 'Close Date', fieldName: 'closeDate' },
];

export default class ContactRecord extends LightningElement {
    static renderMode = 'light';
    _recordId;
    record;
    cases = [];
    opportunities = [];
    loading = true;
    editing = false;
    drafts = {};
    caseColumns = CASE_COLUMNS;
    opportunityColumns = OPPORTUNITY_COLUMNS;

    @api
    get recordId() {
        return this._recordId;
    }
    set recordId(id) {
        this._recordId = id;
        this.load();
    }

    async load() {
        this.loading = true;
        await delay();
        this.refresh();
        this.loading = false;
    }

    refresh() {
        this.record = contact(this._recordId);
        if (this.record) {
            this.cases = casesOf(this._recordId);
            this.opportunities = opportunitiesOf(this._recordId);
        }
    }

    get found() {
        return !!this.record;
    }
    get missing() {
        return !this.loading && !this.record;
    }
    get fields() {
        return DETAIL_FIELDS.map(([label, key, editable]) => ({
            label, key, editable, value: this.record[key] || '', editLabel: `Edit ${label}`,
        }));
    }

    startEdit() {
        this.drafts = {};
        this.editing = true;
    }
    handleDraft(event) {
        this.drafts = { ...this.drafts, [event.target.dataset.field]: event.detail.value };
    }
    cancelEdit() {
        this.editing = false;
    }
    async saveEdit() {
        this.loading = true;
        await delay();
        this.record = updateContact(this._recordId, this.drafts);
        this.editing = false;
        this.loading = false;
        recordToast(this, 'Contact', 'saved', this.record);
    }

    async handleEdit() {
        const fields = await ContactModal.open({ size: 'medium', label: `Edit ${this.record.name}`, record: this.record });
        if (!fields) return;
        this.record = updateContact(this._recordId, fields);
        recordToast(this, 'Contact', 'saved', this.record);
    }

    async handleDelete() {
        const ok = await DeleteModal.open({ size: 'small', label: 'Delete Contact', objectLabel: 'contact' });
        if (!ok) return;
        const gone = this.record;
        deleteContact(this._recordId);
        recordToast(this, 'Contact', 'deleted', gone);
        navigate('/lightning/o/Contact/list');
    }

    async handleNewCase() {
        const fields = await CaseModal.open({ size: 'medium', label: 'New Case' });
        if (!fields) return;
        const record = createCase(this._recordId, fields);
        recordToast(this, 'Case', 'created', record);
        this.refresh();
    }

    async handleNewOpportunity() {
        const fields = await OpportunityModal.open({ size: 'medium', label: 'New Opportunity' });
        if (!fields) return;
        const record = createOpportunity(this._recordId, fields);
        recordToast(this, 'Opportunity', 'created', record);
        this.refresh();
    }
}
