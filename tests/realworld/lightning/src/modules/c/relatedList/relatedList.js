// A related list card ("Cases (1)") with its own New button, like a record page's.
import { LightningElement, api } from 'lwc';

export default class RelatedList extends LightningElement {
    static renderMode = 'light';
    @api label;
    @api iconName;
    @api columns = [];
    @api rows = [];

    get title() {
        return `${this.label} (${this.rows.length})`;
    }
    get hasRows() {
        return this.rows.length > 0;
    }
    get tableRows() {
        return this.rows.map((row) => ({
            key: row.id,
            cells: this.columns.map((col, i) => ({ key: `${row.id}-${i}`, value: row[col.fieldName], first: i === 0 })),
        }));
    }

    handleNew() {
        this.dispatchEvent(new CustomEvent('new'));
    }
}
