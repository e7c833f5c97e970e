/**
 * Embedded job driver: a `jobs` table in the SQLite database and workers in this process. A running job holds
 * a short lease (`locked_until`, JobRuntime.leaseSeconds) that its worker renews while the handler runs; if the
 * process dies, the lease runs out and the job is taken again — so a job may run more than once, never zero
 * times, and handlers must be idempotent. A claim is identified by the job's id and its try number (`attempts`):
 * renewals and outcomes apply only while that claim is current, so a run whose job was cancelled or taken back
 * changes nothing.
 */
import { Cron } from 'croner';
import { type Kysely, sql } from 'kysely';
import type { Database, Db } from '../../database.js';
import type { Clock } from '../../deps.js';
import { fromJson, offsetOf, pageOf, toJson } from '../db/sql.js';
import {
  backoffMs,
  CANCELLED_ERROR,
  errorText,
  executeJob,
  JOB_STATES,
  JobLost,
  type JobQueue,
  type JobRuntime,
  type JobState,
  PermanentJobError,
  reportGiveUp,
  sleepers,
} from './jobs.js';

const IDLE_POLL_MS = 250;

/** A job id as the table stores it, or null for text that cannot be one. */
const idOf = (id: string) => (/^\d{1,15}$/.test(id) ? Number(id) : null);

export function createEmbeddedQueue(db: Kysely<Database>, clock: Clock, runtime: JobRuntime): JobQueue {
  let stopping = new AbortController();
  let loops: Promise<void>[] = [];
  let crons: Cron[] = [];
  const iso = (ms = 0) => new Date(clock.now().getTime() + ms).toISOString();
  const leaseMs = runtime.leaseSeconds * 1000;
  /** Runs in this process by job id: a cancel here stops its handler at once, not at its next heartbeat. */
  const running = new Map<number, AbortController>();

  const names = () => [...runtime.definitions.keys()];

  let lastLeaseCheck = 0;
  const LEASE_CHECK_MS = 1000;

  /**
   * Takes the next due job in one statement (SQLite has one writer, so it is atomic): the oldest due queued job,
   * found through the (state, run_at) index so claiming stays cheap however long the queue. About once a second
   * it first looks for a job whose lease ran out (its worker died) and takes that back. The lease is short and
   * renewed by the run's heartbeat, so a dead worker's job is taken back within a lease, whatever its timeout.
   */
  async function claim() {
    const now = iso();
    const states: ('running' | 'queued')[] = ['queued'];
    if (Date.now() - lastLeaseCheck >= LEASE_CHECK_MS) {
      lastLeaseCheck = Date.now();
      states.unshift('running');
    }
    for (const state of states) {
      const due = db
        .selectFrom('jobs')
        .select('id')
        .where('state', '=', state)
        .where('name', 'in', names())
        .where(state === 'running' ? 'lockedUntil' : 'runAt', state === 'running' ? '<' : '<=', now)
        .orderBy('runAt')
        .orderBy('id')
        .limit(1);
      const job = await db
        .updateTable('jobs')
        .set((eb) => ({
          state: 'running',
          attempts: eb('attempts', '+', 1),
          startedAt: now,
          updatedAt: now,
          lockedUntil: iso(leaseMs),
        }))
        .where('id', '=', (eb) => eb.selectFrom(due.as('due')).select('due.id'))
        .returningAll()
        .executeTakeFirst();
      if (job) return job;
    }
    return undefined;
  }

  type Claimed = NonNullable<Awaited<ReturnType<typeof claim>>>;

  /** Updates the job if this claim is still current; false when it was cancelled or taken back meanwhile. */
  async function settle(job: Claimed, set: Partial<Record<string, unknown>>, lockedUntil: string | null) {
    const res = await db
      .updateTable('jobs')
      .set({ ...set, lockedUntil })
      .where('id', '=', job.id)
      .where('state', '=', 'running')
      .where('attempts', '=', job.attempts)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async function finish(job: Claimed, set: Partial<Record<string, unknown>>) {
    const owned = await settle(job, { ...set, updatedAt: iso() }, null);
    runtime.onChanged();
    if (owned && set.state === 'failed') {
      await reportGiveUp(runtime, job.name, fromJson(job.payload, null), String(set.lastError));
    }
  }

  async function runOne(): Promise<boolean> {
    const job = await claim();
    if (!job) return false;
    runtime.onChanged();
    const def = runtime.definitions.get(job.name);
    if (!def) return true;
    if (job.attempts > job.maxAttempts) {
      await finish(job, {
        state: 'failed',
        finishedAt: iso(),
        lastError: job.lastError ?? 'abandoned: the worker stopped while running it',
      });
      return true;
    }
    const lost = new AbortController();
    running.set(job.id, lost);
    try {
      await executeJob(
        runtime,
        def,
        fromJson(job.payload, null),
        { id: String(job.id), name: job.name, attempt: job.attempts, maxAttempts: job.maxAttempts },
        stopping.signal,
        { beat: () => settle(job, {}, iso(leaseMs)), lost: lost.signal },
      );
      await finish(job, { state: 'done', finishedAt: iso(), lastError: null });
    } catch (err) {
      // Cancelled or taken back: its fate is someone else's now.
      if (err instanceof JobLost) return true;
      if (stopping.signal.aborted && !(err instanceof PermanentJobError)) {
        // Shutting down: give the try back so the next start runs it without waiting for the lease.
        await finish(job, { state: 'queued', attempts: job.attempts - 1, runAt: iso() });
        return true;
      }
      const last = err instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      await finish(
        job,
        last
          ? { state: 'failed', finishedAt: iso(), lastError: errorText(err) }
          : { state: 'queued', runAt: iso(backoffMs(def.options, job.attempts)), lastError: errorText(err) },
      );
    } finally {
      running.delete(job.id);
    }
    return true;
  }

  /** Workers waiting for work (one queue here); `wake` ends every current sleep at once. */
  const { sleep, wake } = sleepers();

  async function loop(signal: AbortSignal) {
    while (!signal.aborted) {
      let worked = false;
      try {
        worked = await runOne();
      } catch (err) {
        runtime.makeCtx().log.error({ err }, 'job worker error');
      }
      if (!worked && !signal.aborted) await sleep('jobs', IDLE_POLL_MS);
    }
  }

  const queue: JobQueue = {
    driver: 'embedded',
    async enqueue(target: Db, job, payload, options = {}) {
      job.schema.parse(payload);
      const now = iso();
      const row = await target
        .insertInto('jobs')
        .values({
          name: job.name,
          payload: toJson(payload),
          state: 'queued',
          attempts: 0,
          maxAttempts: job.options.retries + 1,
          timeoutSeconds: job.options.timeoutSeconds,
          runAt: options.runAt ? options.runAt.toISOString() : now,
          dedupeKey: options.dedupeKey ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .onConflict((oc) =>
          // The target must repeat the partial index's predicate literally (a bound parameter does not match).
          oc.columns(['name', 'dedupeKey']).where(sql.ref('state'), '=', sql.lit('queued')).doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      // A worker sleeping between polls looks again soon (after the caller's commit, usually).
      setTimeout(wake, 5);
      runtime.onChanged();
      return row ? String(row.id) : null;
    },
    async start({ workers }) {
      if (!workers) return;
      stopping = new AbortController();
      loops = Array.from({ length: runtime.concurrency }, () => loop(stopping.signal));
      crons = runtime.schedules.map(
        (s) =>
          new Cron(s.cron, { protect: true, timezone: 'UTC' }, async () => {
            try {
              await queue.enqueue(db, s.job, s.payload, { dedupeKey: 'schedule' });
            } catch (err) {
              runtime.makeCtx().log.error({ err, job: s.job.name }, 'scheduled enqueue failed');
            }
          }),
      );
    },
    async stop() {
      for (const c of crons) c.stop();
      crons = [];
      stopping.abort();
      wake();
      await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 10_000))]);
      loops = [];
    },
    async counts() {
      const rows = await db
        .selectFrom('jobs')
        .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('state')
        .execute();
      const out = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
      for (const r of rows) out[r.state as JobState] = Number(r.n);
      return out;
    },
    async list(filter, page) {
      const now = iso();
      let q = db.selectFrom('jobs');
      if (filter.state) q = q.where('state', '=', filter.state);
      const [rows, total] = await Promise.all([
        q
          .selectAll()
          .orderBy('updatedAt', 'desc')
          .orderBy('id', 'desc')
          .limit(page.perPage)
          .offset(offsetOf(page))
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return pageOf(
        rows.map((r) => ({
          id: String(r.id),
          name: r.name,
          state: r.state as JobState,
          attempts: r.attempts,
          maxAttempts: r.maxAttempts,
          error: r.lastError,
          payload: fromJson(r.payload, null),
          runAt: r.runAt,
          createdAt: r.createdAt,
          finishedAt: r.finishedAt,
          stuck: r.state === 'running' && r.lockedUntil !== null && r.lockedUntil < now,
        })),
        Number(total.n),
        page,
      );
    },
    async retry(id) {
      // One more try, like pg-boss: the job keeps its history of attempts. A stuck job (running, its lease run
      // out: the worker died) is taken over at once rather than at the next lease check.
      const res = await db
        .updateTable('jobs')
        .set((eb) => ({
          state: 'queued',
          maxAttempts: eb('attempts', '+', 1),
          runAt: iso(),
          lockedUntil: null,
          finishedAt: null,
          updatedAt: iso(),
        }))
        .where('id', '=', idOf(id))
        .where((eb) =>
          eb.or([
            eb('state', '=', 'failed'),
            eb.and([eb('state', '=', 'running'), eb('lockedUntil', '<', iso())]),
          ]),
        )
        .executeTakeFirst();
      wake();
      runtime.onChanged();
      return Number(res.numUpdatedRows) === 1;
    },
    async discard(id) {
      const row = await db
        .deleteFrom('jobs')
        .where('id', '=', idOf(id))
        .where((eb) =>
          eb.or([
            eb('state', 'in', ['failed', 'queued']),
            eb.and([eb('state', '=', 'running'), eb('lockedUntil', '<', iso())]),
          ]),
        )
        .returning(['name', 'payload', 'state'])
        .executeTakeFirst();
      runtime.onChanged();
      if (!row) return false;
      if (row.state !== 'failed')
        await reportGiveUp(runtime, row.name, fromJson(row.payload, null), CANCELLED_ERROR);
      return true;
    },
    async cancel(id) {
      const row = await db
        .updateTable('jobs')
        .set({
          state: 'failed',
          lastError: CANCELLED_ERROR,
          finishedAt: iso(),
          lockedUntil: null,
          updatedAt: iso(),
        })
        .where('id', '=', idOf(id))
        .where('state', 'in', ['queued', 'running'])
        .returning(['name', 'payload'])
        .executeTakeFirst();
      runtime.onChanged();
      if (!row) return false;
      running.get(idOf(id)!)?.abort();
      await reportGiveUp(runtime, row.name, fromJson(row.payload, null), CANCELLED_ERROR);
      return true;
    },
    async purgeFinished(days) {
      await db
        .deleteFrom('jobs')
        .where('state', '=', 'done')
        .where('updatedAt', '<', iso(-days * 86400_000))
        .execute();
    },
    async drain(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const c = await queue.counts();
        const pending = await db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('state', '=', 'queued')
          .where('runAt', '<=', iso())
          .executeTakeFirstOrThrow();
        if (Number(pending.n) === 0 && c.running === 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('jobs did not drain in time');
    },
  };
  return queue;
}
