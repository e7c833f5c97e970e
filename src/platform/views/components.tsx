/** Shared view pieces, by kind: a form's state, its fields, and the pieces of lists. */
export * from './fields.js';
export * from './form-state.js';
export * from './lists.js';
