/**
 * The composition root's types: what every service receives. `Deps` lives as long as the process; `Ctx` is
 * built per request (or per job / CLI command) and adds who is acting and from where.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database, Db } from './database.js';
import type { Actor } from './platform/auth/roles.js';
import { type Dialect, groupCommitOf } from './platform/db/db.js';
import type { JobQueue } from './platform/jobs/jobs.js';
import type { EventBus } from './platform/realtime/events.js';
import type { Storage } from './platform/storage/storage.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface Deps {
  config: Config;
  db: Kysely<Database>;
  dialect: Dialect;
  log: Logger;
  clock: Clock;
  /** Durable background work; enqueue inside the transaction that makes it necessary. */
  jobs: JobQueue;
  /** Where file contents live (see modules/files for the records). */
  storage: Storage;
  /** Live updates; publish after commit. */
  events: EventBus;
}

export interface Ctx extends Omit<Deps, 'db'> {
  db: Db;
  actor: Actor | null;
  ip: string | null;
  userAgent: string | null;
  requestId?: string;
}

/** The context of work no user asked for (jobs, the CLI). Built field by field: a spread of `deps` is ~5 µs. */
export const systemCtx = (deps: Deps): Ctx =>
  contextOf(deps, { actor: null, ip: null, userAgent: null, log: deps.log });

/** Who acts and from where: what a context adds to the process's dependencies. */
export interface Origin {
  actor: Actor | null;
  ip: string | null;
  userAgent: string | null;
  requestId?: string;
  log: Logger;
}

/** A context with every field written out, so every context has the same shape (see systemCtx). */
export function contextOf(deps: Deps, { actor, ip, userAgent, requestId, log }: Origin): Ctx {
  return {
    config: deps.config,
    db: deps.db,
    dialect: deps.dialect,
    log,
    clock: deps.clock,
    jobs: deps.jobs,
    storage: deps.storage,
    events: deps.events,
    actor,
    ip,
    userAgent,
    requestId,
  };
}

export const nowIso = (ctx: { clock: Clock }) => ctx.clock.now().toISOString();

/**
 * The zone a user reads and types dates in: their account's, else the company's (`TIME_ZONE`). Pages print
 * through a translator made for it (`request.t`), services read typed local times with it; the seed APIs and
 * the seed's report file use the company's zone by name instead.
 */
export const timeZoneOf = (who: {
  actor: Pick<Actor, 'timeZone'> | null;
  config: Pick<Config, 'timeZone'>;
}) => who.actor?.timeZone ?? who.config.timeZone;

/** Runs `fn` in one transaction; inside: database writes and job enqueues only, never external I/O. */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  // SQLite commits concurrent transactions as a group: wait until this one's group is on disk.
  const group = groupCommitOf(ctx.db);
  let committed: Promise<void> | undefined;
  const result = await (ctx.db as Kysely<Database>).transaction().execute(async (tx) => {
    const r = await fn({ ...ctx, db: tx });
    committed = group?.settledOfCurrent();
    return r;
  });
  if (committed) await committed;
  return result;
}
