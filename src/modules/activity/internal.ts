/** What other modules may use of activity without an actor check of their own. */
/** A refused edit's form, with what others changed meanwhile (pages of any module that keeps a history). */
export { refusedForm } from './activity.pages.js';
