/** What other modules may use of files without an actor: streaming a file already found and checked. */
export { sendFileContent } from './files.routes.js';
