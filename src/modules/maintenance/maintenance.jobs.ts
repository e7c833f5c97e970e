/**
 * Nightly housekeeping, scheduled with cron: expired credentials, old job and HTTP-attempt records, deletions
 * that can no longer be undone.
 */
import { z } from 'zod';
import { defineJob } from '../../platform/jobs/jobs.js';
import { purgeExpiredCredentials } from '../auth/internal.js';
import { purgeExpiredDeletions } from '../deletions/internal.js';
import { purgeOldAttempts } from '../outgoing/internal.js';

export const cleanupJob = defineJob(
  'maintenance.cleanup',
  z.object({}),
  async (ctx) => {
    await purgeExpiredCredentials(ctx);
    await purgeOldAttempts(ctx);
    await purgeExpiredDeletions(ctx);
    await ctx.jobs.purgeFinished(7);
    ctx.log.info('maintenance done');
  },
  { retries: 2, backoffSeconds: 300, timeoutSeconds: 1800 },
);

export const MAINTENANCE_JOBS = [cleanupJob];
export const MAINTENANCE_SCHEDULES = [{ job: cleanupJob, cron: '17 3 * * *', payload: {} }];
