/** Stored files (local disk or S3): uploads through the spool, downloads with ranges. */
import { defineModule } from '../../platform/module.js';
import { filesRoutes } from './files.routes.js';
import { FILE_JOBS, startSpoolSweeper } from './files.service.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'files',
  api: filesRoutes,
  jobs: FILE_JOBS,
  start: (deps, options) => startSpoolSweeper(deps, options.spool),
  messages,
});

export type { FileContent } from './files.service.js';
export type { FileRow } from './files.table.js';
