/** People the company deals with: list, card, notes, import and export. */
import { defineModule } from '../../platform/module.js';
import { contactsImporter } from './contacts.io.js';
import { contactsPages } from './contacts.pages.js';
import { contactsRoutes } from './contacts.routes.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'contacts',
  api: contactsRoutes,
  pages: contactsPages,
  importers: [contactsImporter],
  nav: [{ href: '/contacts', label: 'nav.contacts', icon: 'users', section: 'work' }],
  messages,
});
export type { ContactBody } from './contacts.schema.js';
export type { ContactRow, ContactStatus } from './contacts.table.js';
