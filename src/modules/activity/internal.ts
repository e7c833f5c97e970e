/**
 * What other modules use of the activity log WITHOUT an actor check of its own: writing an entry inside the
 * caller's transaction (the caller's service has authorised the change it describes), and the state a refused
 * edit form is shown again with (the caller's page has read the record, so its reader may see its history).
 */
export { activityEntry, recordActivity } from './activity.service.js';
export { refusedForm } from './views/refused-form.js';
