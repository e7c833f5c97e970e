/** The background jobs page: counts, failures, retry and cancel. */
import { defineModule } from '../../platform/module.js';
import { messages } from './i18n/index.js';
import { jobsPages } from './jobs.pages.js';

export const module = defineModule({
  name: 'jobs',
  pages: jobsPages,
  nav: [{ href: '/admin/jobs', label: 'nav.jobs', icon: 'cog', section: 'admin', action: 'jobs.manage' }],
  messages,
});
