/**
 * The composition root shared by every entry point: `buildApp` (HTTP), `sova worker` (jobs only) and the CLI.
 * It opens the database and migrates it, picks the driver of each platform service from the settings, and
 * registers every job in the explicit list below.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import pino from 'pino';
import type { Config } from './config.js';
import type { Database } from './database.js';
import { type Clock, type Deps, systemClock, systemCtx } from './deps.js';
import { MODULES } from './modules/index.js';
import { type DbHandle, openDb } from './platform/db/db.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { createEmbeddedQueue } from './platform/jobs/embedded.js';
import type { AnyJobDefinition, JobRuntime, Schedule } from './platform/jobs/jobs.js';
import type { PgBossOptions } from './platform/jobs/pgboss.js';
import { createLocalBus, createPostgresBus } from './platform/realtime/events.js';
import type { SpoolTiming } from './platform/storage/spool.js';
import { createStorage } from './platform/storage/storage.js';

/** Every background job, by module. */
const JOBS: AnyJobDefinition[] = MODULES.flatMap((m) => m.jobs ?? []);
/**
 * A running job's lease: its worker renews it every 10 s, and a job whose worker died is taken back within it
 * (plus a second or two). Long enough that a busy event loop (an import's batch holds it 100–400 ms) never
 * misses it, short enough that a crash costs half a minute, not a job's whole timeout.
 */
const JOB_LEASE_SECONDS = 30;

/** Recurring jobs (cron, UTC); some depend on the settings. */
const schedulesFor = (config: Config): Schedule[] => MODULES.flatMap((m) => m.schedules?.(config) ?? []);

export function createLogger(config: Config, enabled = true): Logger {
  return pino({
    level: enabled ? config.logLevel : 'silent',
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'req.headers.token',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.secret',
        '*.secretAccessKey',
      ],
      censor: '[redacted]',
    },
  });
}

export interface RuntimeOptions {
  config: Config;
  clock?: Clock;
  /** An already-open database (tests); otherwise opened from config and closed on stop. */
  dbHandle?: DbHandle<Database>;
  logger?: boolean;
  /** Jobs beyond the product's own (tests and benchmarks). */
  extraJobs?: AnyJobDefinition[];
  extraSchedules?: Schedule[];
  pgBoss?: PgBossOptions;
  /** How long a running job stays claimed without a heartbeat (default 30 s; the crash tests shorten it). */
  jobLeaseSeconds?: number;
  /** Timing of the spool's liveness marker and sweeps (platform/storage/spool.ts; tests shorten it). */
  spool?: SpoolTiming;
}

export interface Runtime {
  deps: Deps;
  /** Starts the event bus and the job queue (with workers when asked). */
  start(options: { workers: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config } = options;
  const log = createLogger(config, options.logger ?? true);
  const handle = options.dbHandle ?? openDb<Database>(config.db);
  try {
    await migrateToLatest(handle.db);
    handle.groupCommit?.enable();
  } catch (err) {
    if (!options.dbHandle) await handle.close();
    throw err;
  }

  let lastChange = 0;
  let pendingChange: NodeJS.Timeout | undefined;
  const deps = {
    config,
    db: handle.db,
    dialect: handle.dialect,
    log,
    clock: options.clock ?? systemClock,
    storage: await createStorage(config.storage),
    events:
      handle.dialect === 'postgres' && handle.pool
        ? createPostgresBus(
            handle.pool,
            () => new pg.Client({ connectionString: (config.db as { url: string }).url }),
            log,
          )
        : createLocalBus(log),
  } as Deps;

  const jobRuntime: JobRuntime = {
    definitions: new Map([...JOBS, ...(options.extraJobs ?? [])].map((j) => [j.name, j])),
    schedules: [...schedulesFor(config), ...(options.extraSchedules ?? [])],
    makeCtx: () => systemCtx(deps),
    concurrency: config.jobConcurrency,
    leaseSeconds: options.jobLeaseSeconds ?? JOB_LEASE_SECONDS,
    // Admins watching /admin/jobs get at most one refresh a second.
    onChanged: () => {
      if (pendingChange) return;
      const wait = Math.max(0, 1000 - (Date.now() - lastChange));
      pendingChange = setTimeout(() => {
        pendingChange = undefined;
        lastChange = Date.now();
        deps.events.publish('jobs.changed', {}, { roles: ['admin'] }).catch(() => {});
      }, wait);
      pendingChange.unref();
    },
  };
  // pg-boss is loaded only in scale mode.
  deps.jobs =
    handle.dialect === 'postgres' && handle.pool
      ? (await import('./platform/jobs/pgboss.js')).createPgBossQueue(
          handle.pool,
          jobRuntime,
          options.pgBoss,
          () => new pg.Client({ connectionString: (config.db as { url: string }).url }),
        )
      : createEmbeddedQueue(handle.db, deps.clock, jobRuntime);

  let started = false;
  let stopped = false;
  let stopModules: (() => Promise<void>)[] = [];
  return {
    deps,
    async start({ workers }) {
      await deps.events.start();
      await deps.jobs.start({ workers });
      // Modules' background work runs in every process (the spool sweeper: an upload cut off by a crash
      // leaves a spool file no row will ever want).
      stopModules = MODULES.flatMap((m) => (m.start ? [m.start(deps, { spool: options.spool })] : []));
      started = true;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(pendingChange);
      if (started) {
        await deps.jobs.stop();
        await deps.events.stop();
        for (const stop of stopModules) await stop();
      }
      if (!options.dbHandle) await handle.close();
    },
  };
}

declare module './platform/realtime/events.js' {
  interface EventMap {
    /** Job states changed somewhere: admin pages refresh their counts. */
    'jobs.changed': Record<string, never>;
  }
}
