/**
 * Scale job driver: pg-boss on the same PostgreSQL database. Jobs are inserted through the caller's
 * transaction (pg-boss's `db` option), so a rolled-back transaction leaves no job behind. Any number of
 * processes may run workers; pg-boss hands each job to one of them (SKIP LOCKED) and re-queues jobs whose
 * worker died once their expiry passes.
 */
import { CompiledQuery, sql } from 'kysely';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Db } from '../../database.js';
import { offsetOf, pageOf } from '../db/sql.js';
import {
  errorText,
  executeJob,
  JOB_STATES,
  type JobQueue,
  type JobRuntime,
  type JobState,
  type JobView,
  PermanentJobError,
} from './jobs.js';

const SCHEMA = 'pgboss';

/** pg-boss states → Sova's four. */
const STATE_SQL = `case state::text
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
  boss.on('error', (err) => runtime.makeCtx().log.error({ err }, 'pg-boss error'));
  let started = false;
  const stopping = new AbortController();
  const workerIds = new Map<string, string>();
  let listener: pg.Client | null = null;
  let retryListen: NodeJS.Timeout | undefined;

  async function listen() {
    if (!connect || stopping.signal.aborted) return;
    const client = connect();
    client.on('notification', (msg) => {
      const id = msg.payload ? workerIds.get(msg.payload) : undefined;
      if (id) boss.notifyWorker(id);
    });
    client.on('error', () => {
      client.end().catch(() => {});
      if (listener === client) listener = null;
      retryListen = setTimeout(() => void listen(), 1000);
    });
    try {
      await client.connect();
      await client.query(`listen ${WAKE_CHANNEL}`);
      listener = client;
    } catch {
      client.end().catch(() => {});
      retryListen = setTimeout(() => void listen(), 1000);
    }
  }
  const query = async <R>(text: string, values: unknown[] = []) =>
    (await pool.query(text, values)).rows as R[];

  /** Makes pg-boss see a permanent failure: no tries left, so the coming fail() ends in `failed`. */
  const exhaust = (id: string) =>
    pool.query(`update ${SCHEMA}.job set retry_limit = retry_count where id = $1`, [id]);

  /** Runs a fetched batch concurrently, completing or failing each job on its own. */
  async function handle(name: string, jobs: PgBoss.JobWithMetadata<unknown>[]) {
    const def = runtime.definitions.get(name);
    await Promise.all(
      jobs.map(async (job) => {
        const info = { id: job.id, name, attempt: job.retryCount + 1, maxAttempts: job.retryLimit + 1 };
        try {
          if (!def) throw new PermanentJobError(`no such job ${name}`);
          await executeJob(runtime, def, job.data, info, stopping.signal);
          await boss.complete(name, job.id);
        } catch (err) {
          if (err instanceof PermanentJobError) await exhaust(job.id);
          await boss.fail(name, job.id, { message: errorText(err) });
        }
      }),
    );
    // pg-boss sleeps a polling interval after every fetch; with a full batch there is likely more waiting.
    const id = workerIds.get(name);
    if (id && jobs.length >= runtime.concurrency) boss.notifyWorker(id);
    runtime.onChanged();
  }

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
        expireInSeconds: job.options.timeoutSeconds + 5,
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
            expireInSeconds: def.options.timeoutSeconds + 5,
          });
        }
      }
      for (const s of runtime.schedules)
        await boss.schedule(s.job.name, s.cron, s.payload as object, { tz: 'UTC' });
      if (!workers) return;
      await listen();
      for (const def of runtime.definitions.values()) {
        const workerId = await boss.work(
          def.name,
          {
            batchSize: runtime.concurrency,
            includeMetadata: true,
            pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
          },
          (jobs) => handle(def.name, jobs),
        );
        workerIds.set(def.name, workerId);
      }
    },
    async stop() {
      if (!started) return;
      stopping.abort();
      clearTimeout(retryListen);
      await listener?.end().catch(() => {});
      listener = null;
      await boss.stop({ graceful: true, close: false, wait: true, timeout: 10_000 });
      started = false;
    },
    async counts() {
      const rows = await query<{ state: JobState; n: number }>(
        `select ${STATE_SQL} as state, count(*)::int as n from ${SCHEMA}.job group by 1
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
          `select id, name, ${STATE_SQL} as state, retry_count, retry_limit, data, start_after, created_on,
             completed_on, coalesce(output->>'message', output->'value'->>'message', output::text) as error
           from ${SCHEMA}.job where state::text = any($1)
           order by coalesce(completed_on, started_on, created_on) desc limit $2 offset $3`,
          [states, page.perPage, offsetOf(page)],
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
      }));
      return pageOf(views, Number(total[0]?.n ?? 0), page);
    },
    async retry(id) {
      const [job] = await query<{ name: string }>(
        `select name from ${SCHEMA}.job where id::text = $1 and state = 'failed'`,
        [id],
      );
      if (!job) return false;
      await boss.retry(job.name, id);
      runtime.onChanged();
      return true;
    },
    async discard(id) {
      const [job] = await query<{ name: string }>(
        `select name from ${SCHEMA}.job where id::text = $1 and state in ('failed', 'cancelled', 'created', 'retry')`,
        [id],
      );
      if (!job) return false;
      await boss.deleteJob(job.name, id);
      runtime.onChanged();
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
