// In-memory records kept in localStorage: the org's data for one browser session.
// Ids are generated like Salesforce's (key prefix + 15 characters), so they change per run.

const KEY = 'pacts-lightning-org';
const PREFIX = { Account: '001', Contact: '003', Opportunity: '006', Case: '500' };
const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const USER = { username: 'admin@pacts-lightning.test', password: 'Lightning#2026', name: 'Pat Admin' };

export const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'];
export const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
export const CASE_STATUSES = ['New', 'Working', 'Escalated', 'Closed'];
export const CASE_PRIORITIES = ['High', 'Medium', 'Low'];
export const CASE_ORIGINS = ['Phone', 'Email', 'Web'];
export const STAGES = [
    'Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition',
    'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost',
];

export function newId(type) {
    let id = PREFIX[type] + '8d0000';
    for (let i = 0; i < 9; i++) id += CHARS[Math.floor(Math.random() * CHARS.length)];
    return id;
}

function seed() {
    const accounts = [
        'Edge Communications', 'Burlington Textiles Corp of America', 'Grand Hotels & Resorts Ltd',
        'United Oil & Gas Corp.', 'GenePoint', 'Express Logistics and Transport', 'Pyramid Construction Inc.',
    ].map((name, i) => ({ id: newId('Account'), name, phone: `(512) 757-${6000 + i}` }));
    const acc = (name) => accounts.find((a) => a.name.startsWith(name)).id;
    const contacts = [
        ['Ms.', 'Rose', 'Gonzalez', acc('Edge'), 'rose@edge.com', '(512) 757-6000', 'Web'],
        ['Mr.', 'Sean', 'Forbes', acc('Edge'), 'sean@edge.com', '(512) 757-6001', 'Phone Inquiry'],
        ['Mr.', 'Jack', 'Rogers', acc('Burlington'), 'jrogers@burlington.com', '(336) 222-7000', 'Web'],
        ['Ms.', 'Lauren', 'Boyle', acc('United Oil'), 'lboyle@uog.com', '(212) 842-5500', 'Other'],
        ['Mr.', 'Tim', 'Barr', acc('Grand Hotels'), 'barr_tim@grandhotels.com', '(312) 596-1000', 'Partner Referral'],
        ['Ms.', 'Edna', 'Frank', acc('GenePoint'), 'efrank@genepoint.com', '(650) 867-3450', 'Web'],
    ].map(([salutation, firstName, lastName, accountId, email, phone, leadSource]) => ({
        id: newId('Contact'), salutation, firstName, lastName, accountId, email, phone, leadSource, title: '',
    }));
    const cases = [
        { id: newId('Case'), number: '00001001', subject: 'Generator fails to start', status: 'Working', priority: 'High', origin: 'Phone', contactId: contacts[0].id },
    ];
    const opportunities = [
        { id: newId('Opportunity'), name: 'Edge Emergency Generator', stage: 'Prospecting', closeDate: '2026-12-15', amount: '35000', contactId: contacts[0].id },
    ];
    return { accounts, contacts, cases, opportunities, nextCase: 1026 };
}

function load() {
    try {
        const raw = localStorage.getItem(KEY);
        if (raw) return JSON.parse(raw);
    } catch (e) {
        // a broken store starts over
    }
    const data = seed();
    localStorage.setItem(KEY, JSON.stringify(data));
    return data;
}

function save(data) {
    localStorage.setItem(KEY, JSON.stringify(data));
}

// a short server round trip, so every load and save shows a spinner
export function delay(ms = 450) {
    return new Promise((resolve) => setTimeout(resolve, ms)); // eslint-disable-line @lwc/lwc/no-async-operation
}

export function fullName(c) {
    return [c.firstName, c.lastName].filter(Boolean).join(' ');
}

export function accounts() {
    return load().accounts;
}

export function accountName(id) {
    const a = load().accounts.find((x) => x.id === id);
    return a ? a.name : '';
}

export function contacts() {
    return load().contacts.map((c) => ({ ...c, name: fullName(c), accountName: accountName(c.accountId) }));
}

export function contact(id) {
    return contacts().find((c) => c.id === id) || null;
}

export function createContact(fields) {
    const data = load();
    const record = { id: newId('Contact'), title: '', ...fields };
    data.contacts.unshift(record);
    save(data);
    return contact(record.id);
}

export function updateContact(id, fields) {
    const data = load();
    const record = data.contacts.find((c) => c.id === id);
    Object.assign(record, fields);
    save(data);
    return contact(id);
}

export function deleteContact(id) {
    const data = load();
    data.contacts = data.contacts.filter((c) => c.id !== id);
    data.cases = data.cases.filter((c) => c.contactId !== id);
    data.opportunities = data.opportunities.filter((o) => o.contactId !== id);
    save(data);
}

export function casesOf(contactId) {
    return load().cases.filter((c) => c.contactId === contactId);
}

export function opportunitiesOf(contactId) {
    return load().opportunities.filter((o) => o.contactId === contactId);
}

export function createCase(contactId, fields) {
    const data = load();
    const record = { id: newId('Case'), number: String(data.nextCase).padStart(8, '0'), contactId, ...fields };
    data.nextCase += 1;
    data.cases.unshift(record);
    save(data);
    return record;
}

export function createOpportunity(contactId, fields) {
    const data = load();
    const record = { id: newId('Opportunity'), contactId, ...fields };
    data.opportunities.unshift(record);
    save(data);
    return record;
}

export function isLoggedIn() {
    return sessionStorage.getItem('pacts-lightning-sid') === 'ok';
}

export function logIn(username, password) {
    if (username === USER.username && password === USER.password) {
        sessionStorage.setItem('pacts-lightning-sid', 'ok');
        return true;
    }
    return false;
}

export function logOut() {
    sessionStorage.removeItem('pacts-lightning-sid');
}
