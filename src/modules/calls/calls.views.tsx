/**
 * Transitional: contacts.views.tsx imports these from here until it takes them from ../calls/internal.js (the
 * call log's views are in views/). Delete this file then.
 */
export { CallOutcome, LeadBadge, RecordingPlayer } from './views/parts.js';
