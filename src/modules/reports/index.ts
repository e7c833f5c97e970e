/** Periodic reports on orders (weekly, monthly), made on demand or on a schedule. */
import { defineModule } from '../../platform/module.js';
import { messages } from './i18n/index.js';
import { REPORT_JOBS, reportSchedules } from './reports.jobs.js';
import { reportsPages } from './reports.pages.js';
import { reportsRoutes } from './reports.routes.js';

export const module = defineModule({
  name: 'reports',
  api: reportsRoutes,
  pages: reportsPages,
  jobs: REPORT_JOBS,
  schedules: reportSchedules,
  nav: [{ href: '/reports', label: 'nav.reports', icon: 'book', section: 'work' }],
  messages,
});
