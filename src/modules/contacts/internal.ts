/** What other modules may use of contacts without an actor check of their own. */

/** Deleting a contact (a guarded operation: it checks the actor itself), for the mobile app's API. */
export { deleteContact } from './contacts.deletion.js';
export { contactBody, contactChoiceLabel, fullName } from './contacts.schema.js';
export { CONTACT_STATUSES } from './contacts.table.js';
