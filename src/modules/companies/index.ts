/** Companies: the organisations contacts work for and campaigns call. */
import { defineModule } from '../../platform/module.js';
import { companiesPages } from './companies.pages.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'companies',
  pages: companiesPages,
  nav: [{ href: '/companies', label: 'nav.companies', icon: 'building', section: 'work' }],
  messages,
});

export type { CompanyRow, NewCompanyRow } from './companies.table.js';
export type { CompanyFields } from './internal.js';
