/** `/admin/jobs`: what the background workers are doing, live; failed jobs with their error, retry, discard. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { setFlash } from '../../platform/http/flash.js';
import { pageRequest, queryEnum } from '../../platform/http/query.js';
import { formValues, redirect, sendHtml, viewContext } from '../../platform/http/render.js';
import { JOB_STATES } from '../../platform/jobs/jobs.js';
import { JobIdParams } from './jobs.contract.js';
import { cancelJob, discardJob, jobOverview, retryJob } from './jobs.service.js';
import { JobsPage } from './views/jobs-list.js';

export function jobsPages(app: FastifyInstance) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  app.get('/admin/jobs', async (request, reply) => {
    const q = formValues(request.query);
    const state = queryEnum(q, 'state', JOB_STATES);
    const { counts, jobs, driver } = await jobOverview(request.ctx, state, pageRequest(q, 25));
    const v = viewContext(request, reply);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const self = `/admin/jobs${state ? `?state=${state}` : ''}`;
    return sendHtml(
      reply,
      <JobsPage v={v} counts={counts} jobs={jobs} driver={driver} state={state} total={total} self={self} />,
    );
  });

  typed.post('/admin/jobs/:id/retry', { schema: { params: JobIdParams } }, async (request, reply) => {
    await retryJob(request.ctx, request.params.id);
    setFlash(reply, { kind: 'success', key: 'jobs.retried' });
    return redirect(request, reply, '/admin/jobs?state=queued');
  });

  typed.post('/admin/jobs/:id/cancel', { schema: { params: JobIdParams } }, async (request, reply) => {
    await cancelJob(request.ctx, request.params.id);
    setFlash(reply, { kind: 'success', key: 'jobs.cancelled' });
    return redirect(request, reply, '/admin/jobs?state=failed');
  });

  typed.post('/admin/jobs/:id/discard', { schema: { params: JobIdParams } }, async (request, reply) => {
    await discardJob(request.ctx, request.params.id);
    setFlash(reply, { kind: 'success', key: 'jobs.discarded' });
    return redirect(request, reply, '/admin/jobs');
  });
}
