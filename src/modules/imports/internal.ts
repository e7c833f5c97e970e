/** What other parts of the product may use of the imports module without an actor: wiring only. */
export { useImporters } from './imports.service.js';
