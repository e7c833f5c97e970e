/** The endpoints and page addresses of the systems Sova replaces, kept for their existing clients. */
import { defineModule } from '../../platform/module.js';
import { seed001Routes } from './seed001.routes.js';
import { seed004Pages } from './seed004.routes.js';

export const module = defineModule({
  name: 'compat',
  api: seed001Routes,
  pages: seed004Pages,
});
