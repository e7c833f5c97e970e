/**
 * The admin's view of background work: counts per state, failed jobs with their error, retry and discard, and
 * cancelling a running job. A running job whose worker stopped renewing its lease (the process died) shows as
 * stuck; the queue takes it back by itself within a lease, and retry or discard take it over at once.
 */

import type { Ctx } from '../../deps.js';
import { requireAllowed } from '../../platform/auth/policy.js';
import type { PageRequest } from '../../platform/db/sql.js';
import { notFound } from '../../platform/errors.js';
import type { JobState } from '../../platform/jobs/jobs.js';
import { recordActivity } from '../activity/internal.js';

export async function jobOverview(ctx: Ctx, state: JobState | undefined, page: PageRequest) {
  requireAllowed(ctx.actor, 'jobs.manage');
  const [counts, jobs] = await Promise.all([ctx.jobs.counts(), ctx.jobs.list({ state }, page)]);
  return { counts, jobs, driver: ctx.jobs.driver };
}

/** Queues a failed or stuck job again (admins; `job.not_found` when it is neither). */
export async function retryJob(ctx: Ctx, id: string): Promise<void> {
  requireAllowed(ctx.actor, 'jobs.manage');
  if (!(await ctx.jobs.retry(id))) throw notFound('job', id);
  await recordActivity(ctx, 'job.retried', { summary: id });
}

/** Removes a failed, waiting or stuck job for good (admins; `job.not_found`). */
export async function discardJob(ctx: Ctx, id: string): Promise<void> {
  requireAllowed(ctx.actor, 'jobs.manage');
  if (!(await ctx.jobs.discard(id))) throw notFound('job', id);
  await recordActivity(ctx, 'job.discarded', { summary: id });
}

/**
 * Stops a queued or running job (admins; `job.not_found` when it is neither): it ends `failed` as cancelled at
 * once, its handler is told through its signal within seconds, and the record it worked on says so.
 */
export async function cancelJob(ctx: Ctx, id: string): Promise<void> {
  requireAllowed(ctx.actor, 'jobs.manage');
  if (!(await ctx.jobs.cancel(id))) throw notFound('job', id);
  await recordActivity(ctx, 'job.cancelled', { summary: id });
}
