/** Announcements an administrator sends to everyone signed in. */
import { defineModule } from '../../platform/module.js';
import { announcementsPages } from './announcements.pages.js';
import { messages } from './i18n/index.js';

export const module = defineModule({
  name: 'announcements',
  pages: announcementsPages,
  nav: [
    {
      href: '/admin/announcements',
      label: 'nav.announcements',
      icon: 'megaphone',
      section: 'admin',
      action: 'announcements.send',
    },
  ],
  messages,
});
