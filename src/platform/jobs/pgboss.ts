/**
 * Scale job driver: pg-boss on the same PostgreSQL database. Jobs are inserted through the caller's
 * transaction (pg-boss's `db` option), so a rolled-back transaction leaves no job behind. Any number of
 * processes may run workers; pg-boss hands each job to one of them (SKIP LOCKED).
 *
 * pg-boss 10 has no heartbeat: a job whose worker died stays `active` until its expiry (its timeout, an hour for
 * an import). So each run writes a heartbeat (`job_heartbeats`, a few times per lease) and a watchdog in every
 * worker process gives back jobs whose beats stopped, within a lease. A claim is the job's id with its retry
 * count (pg-boss raises it on every fetch after the first), and completing, failing, renewing or giving back a
 * job applies only while that claim is current: a run whose job was cancelled or taken back changes nothing.
 * That is also why jobs are fetched here rather than through `boss.work()`, which completes or fails its
 * batch's ids whoever holds them by then.
 */
import { CompiledQuery, sql } from 'kysely';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Db } from '../../database.js';
import { offsetOf, pageOf } from '../db/sql.js';
import {
  CANCELLED_ERROR,
  errorText,
  executeJob,
  heartbeatMs,
  JOB_STATES,
  JobLost,
  type JobQueue,
  type JobRuntime,
  type JobState,
  type JobView,
  PermanentJobError,
  reportGiveUp,
  sleepers,
} from './jobs.js';

const SCHEMA = 'pgboss';

/** pg-boss states → Sova's four. */
const STATE_SQL = `case j.state::text
  when 'created' then 'queued' when 'retry' then 'queued' when 'active' then 'running'
  when 'completed' then 'done' else 'failed' end`;
const PG_STATES: Record<JobState, string[]> = {
  queued: ['created', 'retry'],
  running: ['active'],
  done: ['completed'],
  failed: ['failed', 'cancelled'],
};

export interface PgBossOptions {
  /** Seconds between pg-boss maintenance runs (expiry of abandoned jobs); tests shorten it. */
  maintenanceIntervalSeconds?: number;
  pollingIntervalSeconds?: number;
}

const WAKE_CHANNEL = 'sova_jobs';
/** Cancels are announced here (payload: the job id), so the worker running the job stops it at once. */
const CANCEL_CHANNEL = 'sova_jobs_cancel';

/** The heartbeat of the job's current try, joined to `job j` (as `h`). */
const BEAT_JOIN = `left join job_heartbeats h on h.job_id = j.id::text and h.name = j.name and h.attempt = j.retry_count`;
/** Whether a running job's beats stopped (`$lease` seconds): its worker is gone. */
const SILENT_SQL = (lease: string) =>
  `coalesce(h.beat_at::timestamptz, j.started_on) < now() - make_interval(secs => ${lease})`;
const NOW_ISO = `to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One run's hold on a job: its id, queue and try. */
interface Claim {
  id: string;
  name: string;
  attempt: number;
}

export function createPgBossQueue(
  pool: pg.Pool,
  runtime: JobRuntime,
  options: PgBossOptions = {},
  /** A fresh client for LISTEN: workers wake on commit of an enqueue instead of waiting for their next poll. */
  connect?: () => pg.Client,
): JobQueue {
  const poolDb = { executeSql: (text: string, values: unknown[]) => pool.query(text, values) };
  const boss = new PgBoss({
    db: poolDb,
    schema: SCHEMA,
    supervise: true,
    schedule: true,
    migrate: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    archiveCompletedAfterSeconds: 7 * 86400,
    deleteAfterDays: 30,
  });
  const log = () => runtime.makeCtx().log;
  boss.on('error', (err) => log().error({ err }, 'pg-boss error'));
  let started = false;
  const stopping = new AbortController();
  let loops: Promise<void>[] = [];
  let watchdog: NodeJS.Timeout | undefined;
  let listener: pg.Client | null = null;
  let retryListen: NodeJS.Timeout | undefined;
  const names = () => [...runtime.definitions.keys()];
  /** Runs in this process by job id, stopped at once when a cancel is announced. */
  const running = new Map<string, AbortController>();

  /** Workers sleeping between polls, by queue; a NOTIFY for the queue (or stop) ends their sleep. */
  const { sleep, wake } = sleepers();

  async function listen() {
    if (!connect || stopping.signal.aborted) return;
    const client = connect();
    client.on('notification', (msg) => {
      if (!msg.payload) return;
      if (msg.channel === CANCEL_CHANNEL) running.get(msg.payload)?.abort();
      else wake(msg.payload);
    });
    client.on('error', () => {
      client.end().catch(() => {});
      if (listener === client) listener = null;
      retryListen = setTimeout(() => void listen(), 1000);
    });
    try {
      await client.connect();
      await client.query(`listen ${WAKE_CHANNEL}`);
      await client.query(`listen ${CANCEL_CHANNEL}`);
      listener = client;
    } catch {
      client.end().catch(() => {});
      retryListen = setTimeout(() => void listen(), 1000);
    }
  }
  const query = async <R>(text: string, values: unknown[] = []) =>
    (await pool.query(text, values)).rows as R[];

  /** Runs `fn` in a transaction on one pooled client (pg-boss calls take it as their `db`). */
  async function inTx<T>(fn: (client: pg.PoolClient, db: PgBoss.Db) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const result = await fn(client, { executeSql: (text, values) => client.query(text, values) });
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** Locks the job's row if `claim` is still its current try; false otherwise. */
  const holds = async (client: pg.PoolClient, claim: Claim) =>
    (
      await client.query(
        `select 1 from ${SCHEMA}.job where name = $1 and id = $2 and state = 'active' and retry_count = $3 for update`,
        [claim.name, claim.id, claim.attempt],
      )
    ).rows.length === 1;

  const forget = (client: pg.PoolClient | pg.Pool, claim: Pick<Claim, 'id'>) =>
    client.query('delete from job_heartbeats where job_id = $1', [claim.id]);

  /** Renews the claim's heartbeat; false once the claim is not current. */
  async function beat(claim: Claim): Promise<boolean> {
    const { rows } = await pool.query(
      `insert into job_heartbeats (job_id, name, attempt, beat_at)
       select $2::text, $1, $3, ${NOW_ISO} where exists (
         select 1 from ${SCHEMA}.job where name = $1 and id = $2::uuid and state = 'active' and retry_count = $3)
       on conflict (job_id) do update set name = excluded.name, attempt = excluded.attempt, beat_at = excluded.beat_at
       returning 1`,
      [claim.name, claim.id, claim.attempt],
    );
    return rows.length === 1;
  }

  async function complete(claim: Claim) {
    await inTx(async (client) => {
      if (!(await holds(client, claim))) return;
      await client.query(
        `update ${SCHEMA}.job set completed_on = now(), state = 'completed', output = null where name = $1 and id = $2`,
        [claim.name, claim.id],
      );
      await forget(client, claim);
    });
  }

  /**
   * Ends the claim's try as failed through pg-boss (which queues a retry with backoff while tries remain).
   * `permanent` leaves no try; `soon` starts the retry now (the try was abandoned, not refused). Reports a final
   * failure to the job's definition.
   */
  async function fail(claim: Claim, message: string, how: { permanent?: boolean; soon?: boolean }) {
    const ended = await inTx(async (client, db) => {
      if (!(await holds(client, claim))) return null;
      if (how.permanent)
        await client.query(`update ${SCHEMA}.job set retry_limit = retry_count where name = $1 and id = $2`, [
          claim.name,
          claim.id,
        ]);
      await boss.fail(claim.name, claim.id, { message }, { db });
      if (how.soon)
        await client.query(
          `update ${SCHEMA}.job set start_after = now() where name = $1 and id = $2 and state = 'retry'`,
          [claim.name, claim.id],
        );
      await forget(client, claim);
      const { rows } = await client.query(
        `select state::text as state, data from ${SCHEMA}.job where name = $1 and id = $2`,
        [claim.name, claim.id],
      );
      return rows[0] as { state: string; data: unknown } | undefined;
    });
    if (ended?.state === 'failed') await reportGiveUp(runtime, claim.name, ended.data, message);
    return ended !== null;
  }

  /** Puts the claim's job back in the queue at once without counting the try (shutdown, admin retry). */
  const giveBack = (claim: Claim) =>
    inTx(async (client) => {
      if (!(await holds(client, claim))) return false;
      // The next fetch counts a try (retry_count + 1, which keeps claims apart); one more allowed makes up for it.
      await client.query(
        `update ${SCHEMA}.job set state = 'retry', start_after = now(), retry_limit = retry_limit + 1
         where name = $1 and id = $2`,
        [claim.name, claim.id],
      );
      await forget(client, claim);
      return true;
    });

  /** Runs one fetched job to its end: complete, fail (retry or final) or give back. */
  async function runClaimed(name: string, job: PgBoss.JobWithMetadata<unknown>) {
    const def = runtime.definitions.get(name);
    const claim: Claim = { id: job.id, name, attempt: job.retryCount };
    const info = { id: job.id, name, attempt: job.retryCount + 1, maxAttempts: job.retryLimit + 1 };
    const lost = new AbortController();
    running.set(job.id, lost);
    try {
      if (!def) throw new PermanentJobError(`no such job ${name}`);
      await executeJob(runtime, def, job.data, info, stopping.signal, {
        beat: () => beat(claim),
        lost: lost.signal,
      });
      await complete(claim);
    } catch (err) {
      if (err instanceof JobLost) return;
      if (stopping.signal.aborted && !(err instanceof PermanentJobError)) {
        await giveBack(claim);
        return;
      }
      await fail(claim, errorText(err), { permanent: err instanceof PermanentJobError });
    } finally {
      running.delete(job.id);
    }
  }

  /** One queue's worker: fetch up to `concurrency` jobs, run them, and again; sleep a poll when idle. */
  async function workLoop(name: string) {
    const idleMs = (options.pollingIntervalSeconds ?? 1) * 1000;
    while (!stopping.signal.aborted) {
      let jobs: PgBoss.JobWithMetadata<unknown>[] = [];
      try {
        jobs = await boss.fetch(name, { batchSize: runtime.concurrency, includeMetadata: true });
      } catch (err) {
        log().error({ err, job: name }, 'fetching jobs failed');
      }
      if (jobs.length === 0) {
        if (!stopping.signal.aborted) await sleep(name, idleMs);
        continue;
      }
      runtime.onChanged();
      await Promise.all(
        jobs.map((job) =>
          runClaimed(name, job).catch((err) => log().error({ err, job: name }, 'job worker error')),
        ),
      );
      runtime.onChanged();
    }
  }

  /** Running jobs whose beats stopped for a lease (all queues of this app), with their current try. */
  const silentJobs = () =>
    query<{ id: string; name: string; retry_count: number }>(
      `select j.id::text as id, j.name, j.retry_count from ${SCHEMA}.job j ${BEAT_JOIN}
       where j.name = any($1) and j.state = 'active' and ${SILENT_SQL('$2')}`,
      [names(), runtime.leaseSeconds],
    );

  /** Gives back, through a failed try, every job whose worker went silent; runs in each worker process. */
  async function watch() {
    try {
      let taken = 0;
      for (const j of await silentJobs()) {
        const claim = { id: j.id, name: j.name, attempt: Number(j.retry_count) };
        if (
          await fail(claim, `abandoned: its worker sent no heartbeat for ${runtime.leaseSeconds} s`, {
            soon: true,
          })
        ) {
          taken++;
          log().warn({ job: j.name, jobId: j.id }, 'job of a silent worker taken back');
        }
      }
      if (taken) runtime.onChanged();
      // Beats of jobs that ended without their run saying so (a crash between the two writes).
      await pool.query(
        `delete from job_heartbeats h where not exists (select 1 from ${SCHEMA}.job j
           where j.name = h.name and j.id = h.job_id::uuid and j.state = 'active')`,
      );
    } catch (err) {
      log().error({ err }, 'job watchdog failed');
    }
  }

  /** A job by id with what the admin actions need, locked; undefined when there is none in `states`. */
  const lockJob = async (client: pg.PoolClient, id: string, states: string[]) =>
    (
      await client.query(
        `select j.id::text as id, j.name, j.state::text as state, j.retry_count, j.data,
           (j.state = 'active' and ${SILENT_SQL('$3')}) as silent
         from ${SCHEMA}.job j ${BEAT_JOIN}
         where j.id::text = $1 and j.state::text = any($2) for update of j`,
        [id, states, runtime.leaseSeconds],
      )
    ).rows[0] as
      | { id: string; name: string; state: string; retry_count: number; data: unknown; silent: boolean }
      | undefined;

  const queue: JobQueue = {
    driver: 'pg-boss',
    async enqueue(target: Db, job, payload, enqueueOptions = {}) {
      job.schema.parse(payload);
      const executeSql = async (text: string, values: unknown[]) => {
        const result = await target.withoutPlugins().executeQuery(CompiledQuery.raw(text, values));
        return { rows: result.rows as unknown[] };
      };
      if (enqueueOptions.dedupeKey) {
        // Serialise enqueuers of this key until commit, then look for a job that has not started yet.
        await sql`select pg_advisory_xact_lock(hashtext(${`${job.name}:${enqueueOptions.dedupeKey}`}))`.execute(
          target,
        );
        const existing = await executeSql(
          `select 1 from ${SCHEMA}.job where name = $1 and singleton_key = $2 and state in ('created', 'retry') limit 1`,
          [job.name, enqueueOptions.dedupeKey],
        );
        if (existing.rows.length) return null;
      }
      const id = await boss.send(job.name, payload as object, {
        db: { executeSql },
        startAfter: enqueueOptions.runAt,
        singletonKey: enqueueOptions.dedupeKey,
        retryLimit: job.options.retries,
        retryDelay: job.options.backoffSeconds,
        retryBackoff: true,
        // pg-boss's own expiry stays a backstop; the heartbeat watchdog acts within a lease.
        expireInSeconds: job.options.timeoutSeconds + runtime.leaseSeconds,
      });
      // NOTIFY inside the transaction is delivered only on commit: idle workers start at once, never early.
      await executeSql(`select pg_notify('${WAKE_CHANNEL}', $1)`, [job.name]);
      runtime.onChanged();
      return id;
    },
    async start({ workers }) {
      await boss.start();
      started = true;
      for (const def of runtime.definitions.values()) {
        if (!(await boss.getQueue(def.name))) {
          await boss.createQueue(def.name, {
            name: def.name,
            retryLimit: def.options.retries,
            retryDelay: def.options.backoffSeconds,
            retryBackoff: true,
            expireInSeconds: def.options.timeoutSeconds + runtime.leaseSeconds,
          });
        }
      }
      for (const s of runtime.schedules)
        await boss.schedule(s.job.name, s.cron, s.payload as object, { tz: 'UTC' });
      if (!workers) return;
      await listen();
      loops = names().map((name) => workLoop(name));
      watchdog = setInterval(() => void watch(), heartbeatMs(runtime.leaseSeconds));
    },
    async stop() {
      if (!started) return;
      stopping.abort();
      clearInterval(watchdog);
      clearTimeout(retryListen);
      wake();
      await listener?.end().catch(() => {});
      listener = null;
      // Handlers see the stop through their signal; those done in time give their job back for the next start.
      await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 10_000))]);
      loops = [];
      await boss.stop({ graceful: true, close: false, wait: true, timeout: 10_000 });
      started = false;
    },
    async counts() {
      const rows = await query<{ state: JobState; n: number }>(
        `select ${STATE_SQL} as state, count(*)::int as n from ${SCHEMA}.job j group by 1
         union all select 'done', count(*)::int from ${SCHEMA}.archive where state = 'completed'`,
      );
      const out = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
      for (const r of rows) out[r.state] += Number(r.n);
      return out;
    },
    async list(filter, page) {
      const states = filter.state ? PG_STATES[filter.state] : Object.values(PG_STATES).flat();
      const [rows, total] = await Promise.all([
        query<Record<string, unknown>>(
          `select j.id, j.name, ${STATE_SQL} as state, j.retry_count, j.retry_limit, j.data, j.start_after,
             j.created_on, j.completed_on,
             coalesce(j.output->>'message', j.output->'value'->>'message', j.output::text) as error,
             (j.state = 'active' and ${SILENT_SQL('$4')}) as stuck
           from ${SCHEMA}.job j ${BEAT_JOIN} where j.state::text = any($1)
           order by coalesce(j.completed_on, j.started_on, j.created_on) desc limit $2 offset $3`,
          [states, page.perPage, offsetOf(page), runtime.leaseSeconds],
        ),
        query<{ n: number }>(`select count(*)::int as n from ${SCHEMA}.job where state::text = any($1)`, [
          states,
        ]),
      ]);
      const views: JobView[] = rows.map((r) => ({
        id: String(r.id),
        name: String(r.name),
        state: r.state as JobState,
        attempts: Number(r.retry_count) + (r.state === 'queued' ? 0 : 1),
        maxAttempts: Number(r.retry_limit) + 1,
        error: r.state === 'done' ? null : ((r.error as string | null) ?? null),
        payload: r.data,
        runAt: new Date(r.start_after as string).toISOString(),
        createdAt: new Date(r.created_on as string).toISOString(),
        finishedAt: r.completed_on ? new Date(r.completed_on as string).toISOString() : null,
        stuck: r.stuck === true,
      }));
      return pageOf(views, Number(total[0]?.n ?? 0), page);
    },
    async retry(id) {
      const [job] = await query<{ name: string; state: string; retry_count: number; silent: boolean }>(
        `select j.name, j.state::text as state, j.retry_count, (j.state = 'active' and ${SILENT_SQL('$2')}) as silent
         from ${SCHEMA}.job j ${BEAT_JOIN} where j.id::text = $1 and j.state in ('failed', 'cancelled', 'active')`,
        [id, runtime.leaseSeconds],
      );
      if (!job) return false;
      let done = false;
      if (job.state === 'failed') {
        await boss.retry(job.name, id);
        done = true;
      } else if (job.state === 'cancelled') {
        await boss.resume(job.name, id);
        done = true;
      } else if (job.silent) {
        done = await giveBack({ id, name: job.name, attempt: Number(job.retry_count) });
      }
      wake(job.name);
      runtime.onChanged();
      return done;
    },
    async discard(id) {
      const gone = await inTx(async (client, db) => {
        const job = await lockJob(client, id, ['failed', 'cancelled', 'created', 'retry', 'active']);
        if (!job || (job.state === 'active' && !job.silent)) return undefined;
        await boss.deleteJob(job.name, id, { db });
        await forget(client, job);
        return job;
      });
      runtime.onChanged();
      if (!gone) return false;
      if (gone.state !== 'failed' && gone.state !== 'cancelled')
        await reportGiveUp(runtime, gone.name, gone.data, CANCELLED_ERROR);
      return true;
    },
    async cancel(id) {
      const cancelled = await inTx(async (client, db) => {
        const job = await lockJob(client, id, ['created', 'retry', 'active']);
        if (!job) return undefined;
        // A failure with no try left: `failed` with the reason, which retry() can give one more try.
        await client.query(`update ${SCHEMA}.job set retry_limit = retry_count where name = $1 and id = $2`, [
          job.name,
          id,
        ]);
        await boss.fail(job.name, id, { message: CANCELLED_ERROR }, { db });
        await forget(client, job);
        // Delivered on commit to every worker; the one running the job stops it.
        await client.query(`select pg_notify('${CANCEL_CHANNEL}', $1)`, [job.id]);
        return job;
      });
      runtime.onChanged();
      if (!cancelled) return false;
      await reportGiveUp(runtime, cancelled.name, cancelled.data, CANCELLED_ERROR);
      return true;
    },
    async purgeFinished() {},
    async drain(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const [row] = await query<{ n: number }>(
          `select count(*)::int as n from ${SCHEMA}.job where state = 'active' or (state in ('created', 'retry') and start_after <= now())`,
        );
        if (Number(row?.n) === 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('jobs did not drain in time');
    },
  };
  return queue;
}
