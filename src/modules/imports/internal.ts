/** What other parts of the product may use of the imports module without an actor: wiring only. */

export { useImporters } from './imports.service.js';
/** The upload form, for a module that offers an import on its own page (a campaign's targets). */
export { UploadForm } from './views/parts.js';
