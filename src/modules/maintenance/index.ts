/** Nightly housekeeping: expired sessions, tokens and deletions. */
import { defineModule } from '../../platform/module.js';
import { MAINTENANCE_JOBS, MAINTENANCE_SCHEDULES } from './maintenance.jobs.js';

export const module = defineModule({
  name: 'maintenance',
  jobs: MAINTENANCE_JOBS,
  schedules: () => MAINTENANCE_SCHEDULES,
});
