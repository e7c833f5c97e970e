/** Users, their roles and departments (administration). */
import { defineModule } from '../../platform/module.js';
import { messages } from './i18n/index.js';
import { usersPages } from './users.pages.js';

export const module = defineModule({
  name: 'users',
  pages: usersPages,
  nav: [
    { href: '/admin/users', label: 'nav.users', icon: 'users', section: 'admin', action: 'users.manage' },
  ],
  messages,
});
