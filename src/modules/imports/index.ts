/** Imports from CSV and XLSX files for every entity a module offers an importer for. */
import { defineModule } from '../../platform/module.js';
import { messages } from './i18n/index.js';
import { importsPages } from './imports.pages.js';
import { IMPORT_JOBS } from './imports.service.js';

export const module = defineModule({
  name: 'imports',
  pages: importsPages,
  jobs: IMPORT_JOBS,
  nav: [{ href: '/imports', label: 'nav.imports', icon: 'upload', section: 'work', action: 'imports.view' }],
  messages,
});
