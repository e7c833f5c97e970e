/** Departments that group users. */
import { defineModule } from '../../platform/module.js';
import { departmentsPages } from './departments.pages.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'departments',
  pages: departmentsPages,
  nav: [
    {
      href: '/admin/departments',
      label: 'nav.departments',
      icon: 'building',
      section: 'admin',
      action: 'departments.manage',
    },
  ],
  messages,
});
