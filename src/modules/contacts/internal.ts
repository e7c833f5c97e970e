/** What other modules may use of contacts without an actor: how a contact's name is written. */
export { fullName } from './contacts.schema.js';
