/**
 * What other modules use of files WITHOUT an actor check of files' own: the caller has authorised the record the
 * file is attached to (a call's recording) before it reads, serves or discards the file. The guarded operations
 * (a user's own uploads, downloads and deletions) are in files.service.ts.
 */
export { sendFileContent } from './files.routes.js';
/**
 * Still exported by files.service.ts too, for the calls module that imports them from there. Import them from
 * here.
 */
export { discardFile, findAttachedFile, openContentOf } from './files.service.js';
