/** Outgoing HTTP requests (webhooks, processors) with their retries, and the page that lists them. */
import { defineModule } from '../../platform/module.js';
import { messages } from './i18n/index.js';
import { outgoingPages } from './outgoing.pages.js';
import { OUTGOING_JOBS } from './outgoing.service.js';

export const module = defineModule({
  name: 'outgoing',
  pages: outgoingPages,
  jobs: OUTGOING_JOBS,
  nav: [
    {
      href: '/admin/outgoing',
      label: 'nav.outgoing',
      icon: 'send',
      section: 'admin',
      action: 'outgoing.view',
    },
  ],
  messages,
});
