/**
 * The job queue on both drivers: transactional enqueue, retries, final failure, admin retry/discard/cancel,
 * dedupe, and the heartbeat: a running job holds a short lease its worker renews, and a silent worker's job is
 * taken back within it. The suite runs with a 1-second lease.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inTransaction } from '../../deps.js';
import { describeEachDialect } from '../../test/env.js';
import { Browser, eventually, makeUser } from '../../test/http.js';
import { CANCELLED_ERROR, defineJob, PermanentJobError } from './jobs.js';

const runs: string[] = [];
const countRuns = (tag: string) => runs.filter((r) => r === tag).length;

const recordJob = defineJob('test.record', z.object({ tag: z.string() }), async (_ctx, { tag }) => {
  runs.push(tag);
});
const failingJob = defineJob(
  'test.always_fails',
  z.object({ tag: z.string() }),
  async (_ctx, { tag }) => {
    runs.push(tag);
    throw new Error(`boom ${tag}`);
  },
  { retries: 2, backoffSeconds: 1 },
);
const permanentJob = defineJob('test.permanent', z.object({ tag: z.string() }), async (_ctx, { tag }) => {
  runs.push(tag);
  throw new PermanentJobError(`cannot ever work: ${tag}`);
});

const tickJob = defineJob('test.tick', z.object({ tag: z.string() }), async (_ctx, { tag }) => {
  runs.push(tag);
});

const longJob = defineJob(
  'test.long',
  z.object({ tag: z.string(), ms: z.number() }),
  async (_ctx, { tag, ms }) => {
    runs.push(tag);
    await new Promise((r) => setTimeout(r, ms));
  },
  { timeoutSeconds: 3600 },
);

/** Runs until its signal is aborted on the first try; later tries finish at once. */
const gaveUp: string[] = [];
const stoppableJob = defineJob(
  'test.stoppable',
  z.object({ tag: z.string() }),
  async (ctx, { tag }) => {
    runs.push(tag);
    if (ctx.job.attempt > 1) return;
    while (!ctx.signal.aborted) await new Promise((r) => setTimeout(r, 20));
    runs.push(`${tag}:aborted`);
  },
  {
    timeoutSeconds: 3600,
    giveUp: async (_ctx, payload, reason) => {
      gaveUp.push(`${(payload as { tag: string }).tag}:${reason}`);
    },
  },
);

const LEASE_SECONDS = 1;

const uniq = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

describeEachDialect(
  'jobs',
  (env) => {
    const jobIn = async (state: 'failed' | 'done' | 'running', tag: string) => {
      const page = await env.deps.jobs.list({ state }, { page: 1, perPage: 100 });
      return page.items.find((j) => (j.payload as { tag?: string }).tag === tag);
    };
    const failedJob = (tag: string) => jobIn('failed', tag);

    /** Seconds left on a running job's claim: until its lease ends, or until its heartbeat goes stale. */
    const claimLeft = async (id: string) => {
      if (env.dialect === 'sqlite') {
        const row = await env.deps.db
          .selectFrom('jobs')
          .select('lockedUntil')
          .where('id', '=', Number(id))
          .executeTakeFirstOrThrow();
        return (Date.parse(row.lockedUntil!) - Date.now()) / 1000;
      }
      const { rows } = await sql<{ age: number }>`
        select extract(epoch from now() - coalesce(h.beat_at::timestamptz, j.started_on))::float as age
        from pgboss.job j left join job_heartbeats h on h.job_id = j.id::text and h.attempt = j.retry_count
        where j.id = ${id}::uuid`.execute(env.deps.db);
      return LEASE_SECONDS - Number(rows[0]?.age);
    };

    /** Leaves a queued job as a worker that died while running it does: claimed, and no heartbeat since. */
    const abandonClaim = async (id: string) => {
      if (env.dialect === 'sqlite') {
        const now = Date.now();
        await env.deps.db
          .updateTable('jobs')
          .set({
            state: 'running',
            attempts: 1,
            startedAt: new Date(now).toISOString(),
            lockedUntil: new Date(now + LEASE_SECONDS * 1000).toISOString(),
          })
          .where('id', '=', Number(id))
          .execute();
        return;
      }
      await sql`update pgboss.job set state = 'active', started_on = now(), retry_count = 0
        where id = ${id}::uuid`.execute(env.deps.db);
    };

    it('holds a running job for a lease its heartbeat renews, not for its timeout, and runs it once', async () => {
      const tag = uniq('long');
      const id = (await env.deps.jobs.enqueue(env.deps.db, longJob, { tag, ms: 3 * LEASE_SECONDS * 1000 }))!;
      await eventually(async () => countRuns(tag) === 1);
      // Claimed for about a lease (the job's timeout is an hour), and still so after more than a lease.
      for (let i = 0; i < 2; i++) {
        const left = await claimLeft(id);
        expect(left).toBeGreaterThan(0);
        expect(left).toBeLessThanOrEqual(LEASE_SECONDS + 0.5);
        await new Promise((r) => setTimeout(r, LEASE_SECONDS * 1000 + 200));
      }
      const done = await eventually(() => jobIn('done', tag), 15_000);
      expect(countRuns(tag)).toBe(1);
      expect(done.attempts).toBe(1);
    });

    it('takes back a job whose worker went silent within a lease, and runs it again once', async () => {
      const tag = uniq('orphan');
      const id = (await env.deps.jobs.enqueue(
        env.deps.db,
        recordJob,
        { tag },
        { runAt: new Date(Date.now() + 3600_000) },
      ))!;
      await abandonClaim(id);
      const done = await eventually(() => jobIn('done', tag), 10_000);
      expect(countRuns(tag)).toBe(1);
      expect(done.attempts).toBe(2);
    });

    it('cancels a running job from /admin/jobs: its handler is told, it ends failed, and retry runs it again', async () => {
      const tag = uniq('stop');
      const id = (await env.deps.jobs.enqueue(env.deps.db, stoppableJob, { tag }))!;
      await eventually(async () => countRuns(tag) === 1);
      const admin = await makeUser(env, { roles: ['admin'] });
      const browser = new Browser(env.app);
      await browser.login(admin.username, admin.password);
      const running = await browser.get('/admin/jobs?state=running');
      expect(running.body).toContain(`action="/admin/jobs/${id}/cancel"`);

      expect((await browser.post(`/admin/jobs/${id}/cancel`)).statusCode).toBe(303);
      await eventually(async () => runs.includes(`${tag}:aborted`), 10_000);
      const failed = await failedJob(tag);
      expect(failed?.error).toBe(CANCELLED_ERROR);
      expect(gaveUp.filter((g) => g.startsWith(`${tag}:`))).toEqual([`${tag}:${CANCELLED_ERROR}`]);
      const list = await browser.get('/admin/jobs?state=failed');
      expect(list.body).toContain('Cancelled by an administrator');
      // Nothing to cancel any more.
      expect((await browser.post(`/admin/jobs/${id}/cancel`)).statusCode).toBe(404);

      expect((await browser.post(`/admin/jobs/${id}/retry`)).statusCode).toBe(303);
      const done = await eventually(() => jobIn('done', tag), 15_000);
      expect(done.attempts).toBe(2);
      expect(countRuns(tag)).toBe(2);
    });

    it('runs a job enqueued in a committed transaction, once', async () => {
      const tag = uniq('ok');
      await inTransaction(env.ctx(), (tx) => tx.jobs.enqueue(tx.db, recordJob, { tag }));
      await eventually(async () => countRuns(tag) === 1);
      await env.deps.jobs.drain();
      expect(countRuns(tag)).toBe(1);
    });

    it('never runs a job enqueued in a rolled-back transaction', async () => {
      const lost = uniq('rolled-back');
      const kept = uniq('committed');
      await expect(
        inTransaction(env.ctx(), async (tx) => {
          await tx.jobs.enqueue(tx.db, recordJob, { tag: lost });
          throw new Error('business rule failed');
        }),
      ).rejects.toThrow('business rule failed');
      await inTransaction(env.ctx(), (tx) => tx.jobs.enqueue(tx.db, recordJob, { tag: kept }));
      await eventually(async () => countRuns(kept) === 1);
      await env.deps.jobs.drain();
      expect(countRuns(lost)).toBe(0);
      const queued = await env.deps.jobs.list({ state: 'queued' }, { page: 1, perPage: 100 });
      expect(queued.items.some((j) => (j.payload as { tag: string }).tag === lost)).toBe(false);
    });

    it('ends `failed` after the last try and keeps the error', async () => {
      const tag = uniq('fails');
      await env.deps.jobs.enqueue(env.deps.db, failingJob, { tag });
      const job = await eventually(() => failedJob(tag), 30_000);
      expect(countRuns(tag)).toBe(3);
      expect(job.attempts).toBe(3);
      expect(job.maxAttempts).toBe(3);
      expect(job.error).toContain(`boom ${tag}`);
      expect((await env.deps.jobs.counts()).failed).toBeGreaterThanOrEqual(1);
    });

    it('fails a job at once when it reports a permanent error', async () => {
      const tag = uniq('permanent');
      await env.deps.jobs.enqueue(env.deps.db, permanentJob, { tag });
      const job = await eventually(() => failedJob(tag), 20_000);
      expect(countRuns(tag)).toBe(1);
      expect(job.error).toContain('cannot ever work');
    });

    it('ignores a second enqueue with the same dedupe key while the first waits', async () => {
      const later = new Date(Date.now() + 3600_000);
      const first = await env.deps.jobs.enqueue(
        env.deps.db,
        recordJob,
        { tag: 'dd' },
        { runAt: later, dedupeKey: 'k1' },
      );
      const second = await env.deps.jobs.enqueue(
        env.deps.db,
        recordJob,
        { tag: 'dd' },
        { runAt: later, dedupeKey: 'k1' },
      );
      const other = await env.deps.jobs.enqueue(
        env.deps.db,
        recordJob,
        { tag: 'dd' },
        { runAt: later, dedupeKey: 'k2' },
      );
      expect(first).not.toBeNull();
      expect(second).toBeNull();
      expect(other).not.toBeNull();
      expect(await env.deps.jobs.discard(first!)).toBe(true);
      expect(await env.deps.jobs.discard(other!)).toBe(true);
    });

    it('does not run a job before its time', async () => {
      const tag = uniq('later');
      const id = await env.deps.jobs.enqueue(
        env.deps.db,
        recordJob,
        { tag },
        { runAt: new Date(Date.now() + 3600_000) },
      );
      await new Promise((r) => setTimeout(r, 1200));
      expect(countRuns(tag)).toBe(0);
      expect(await env.deps.jobs.discard(id!)).toBe(true);
    });

    it('shows failed jobs to admins with their error, and retries or discards them from /admin/jobs', async () => {
      const tag = uniq('admin');
      await env.deps.jobs.enqueue(env.deps.db, failingJob, { tag });
      const job = await eventually(() => failedJob(tag), 30_000);
      const admin = await makeUser(env, { roles: ['admin'] });
      const browser = new Browser(env.app);
      await browser.login(admin.username, admin.password);
      const page = await browser.get('/admin/jobs?state=failed');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`boom ${tag}`);
      expect(page.body).toContain(`data-job="${job.id}"`);

      const refused = await browser.post(`/admin/jobs/${job.id}/retry`, {}, { csrf: false });
      expect(refused.statusCode).toBe(403);

      const retried = await browser.post(`/admin/jobs/${job.id}/retry`);
      expect(retried.statusCode).toBe(303);
      await eventually(async () => countRuns(tag) === 4, 30_000);
      await eventually(async () => (await failedJob(tag))?.attempts === 4, 30_000);

      const discarded = await browser.post(`/admin/jobs/${job.id}/discard`);
      expect(discarded.statusCode).toBe(303);
      expect(await failedJob(tag)).toBeUndefined();
      expect((await browser.post(`/admin/jobs/${job.id}/discard`)).statusCode).toBe(404);
    });

    it('runs recurring jobs on their cron schedule', async () => {
      if (env.dialect === 'postgres') {
        // pg-boss evaluates cron once a minute cluster-wide; check that the schedules were registered with it.
        const { rows } = await sql<{
          name: string;
          cron: string;
        }>`select name, cron from pgboss.schedule order by name`.execute(env.deps.db);
        expect(rows).toEqual(
          expect.arrayContaining([
            { name: 'maintenance.cleanup', cron: '17 3 * * *' },
            { name: 'test.tick', cron: '* * * * * *' },
          ]),
        );
        return;
      }
      await eventually(async () => countRuns('tick') >= 2, 10_000);
    });

    it('keeps /admin/jobs from non-admins', async () => {
      const operator = await makeUser(env, { roles: ['operator'] });
      const browser = new Browser(env.app);
      await browser.login(operator.username, operator.password);
      expect((await browser.get('/admin/jobs')).statusCode).toBe(403);
      expect((await browser.post('/admin/jobs/1/retry')).statusCode).toBe(403);
    });
  },
  {},
  {
    extraJobs: [recordJob, failingJob, permanentJob, tickJob, longJob, stoppableJob],
    extraSchedules: [{ job: tickJob, cron: '* * * * * *', payload: { tag: 'tick' } }],
    jobLeaseSeconds: LEASE_SECONDS,
  },
);

describe('defineJob', () => {
  it('refuses names that do not follow <feature>.<verb_noun>', () => {
    expect(() => defineJob('Bad Name', z.object({}), async () => {})).toThrow(/bad job name/);
  });
});
