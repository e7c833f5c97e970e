/** What other modules' pages may use of the activity log: a refused form with what changed meanwhile. */
export { refusedForm } from './activity.pages.js';
