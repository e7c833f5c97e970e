/** What other parts of the product may use of the imports module without an actor: wiring only. */

/** The upload form of an import (pages that start one, e.g. a call campaign's). */
export { UploadForm } from './imports.pages.js';
export { useImporters } from './imports.service.js';
