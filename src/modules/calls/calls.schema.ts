/**
 * Transitional: contacts.views.tsx imports these from here until it takes them from ../calls/internal.js (the
 * call log's contract is calls.contract.ts). Delete this file then.
 */
export { type CallWithNames, operatorName } from './calls.contract.js';
