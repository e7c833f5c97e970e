/**
 * Durable background jobs behind one interface with two drivers: a jobs table in the SQLite database with an
 * in-process worker (embedded), and pg-boss on PostgreSQL (scale). A job is enqueued inside the caller's
 * transaction, so it exists exactly when the data it works on was committed.
 */
import type { ZodType } from 'zod';
import type { Db } from '../../database.js';
import type { Ctx } from '../../deps.js';
import type { Page, PageRequest } from '../db/sql.js';

export interface JobOptions {
  /** Tries after the first one (0 = run once). */
  retries: number;
  /** Delay before the first retry, in seconds; it doubles on every further retry. */
  backoffSeconds: number;
  /** A run longer than this is abandoned and counts as a failed try. */
  timeoutSeconds: number;
  /**
   * Called once when the job ends `failed` for good (its last try failed, a permanent error, an admin cancelled
   * or discarded it), so the record it worked on can say so instead of waiting forever.
   */
  giveUp?: (ctx: Ctx, payload: unknown, reason: string) => Promise<void>;
}

export interface JobRunContext extends Ctx {
  job: { id: string; name: string; attempt: number; maxAttempts: number };
  /**
   * Aborted when the run times out, the worker shuts down, an admin cancels the job or its claim was lost (the
   * lease ran out and another worker took it): long handlers check it between steps and stop.
   */
  signal: AbortSignal;
}

export interface JobDefinition<P = unknown> {
  name: string;
  schema: ZodType<P>;
  run: (ctx: JobRunContext, payload: P) => Promise<void>;
  options: JobOptions;
}

const DEFAULTS: JobOptions = { retries: 4, backoffSeconds: 10, timeoutSeconds: 300 };

/** Declares a job; names follow `<feature>.<verb_noun>`. */
export function defineJob<P>(
  name: string,
  schema: ZodType<P>,
  run: (ctx: JobRunContext, payload: P) => Promise<void>,
  options: Partial<JobOptions> = {},
): JobDefinition<P> {
  if (!/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(name)) throw new Error(`bad job name ${name}`);
  return { name, schema, run, options: { ...DEFAULTS, ...options } };
}

/** Thrown by a job that must not be retried (the input can never succeed); the job ends `failed` at once. */
export class PermanentJobError extends Error {}

/**
 * The run no longer owns its job: an admin cancelled it, or its lease ran out and the job was taken back. The
 * driver leaves the job's row alone (someone else decided its fate).
 */
export class JobLost extends Error {
  constructor() {
    super('the job was cancelled or taken back by another worker');
    this.name = 'JobLost';
  }
}

/**
 * The error text of a job an admin cancelled, and the reason its record is told when an admin cancels or
 * discards it unfinished (pages show it translated).
 */
export const CANCELLED_ERROR = 'Cancelled by an administrator';

export interface EnqueueOptions {
  runAt?: Date;
  /** At most one queued (not yet started) job per name and key; a second enqueue is ignored. */
  dedupeKey?: string;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';
export const JOB_STATES: JobState[] = ['queued', 'running', 'done', 'failed'];

export interface JobView {
  id: string;
  name: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  error: string | null;
  payload: unknown;
  runAt: string;
  createdAt: string;
  finishedAt: string | null;
  /** Running, but its worker has stopped renewing its lease (it died): retry or discard may take it over. */
  stuck: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: payload types differ per job; each definition validates its own.
export type AnyJobDefinition = JobDefinition<any>;

export interface Schedule {
  job: AnyJobDefinition;
  cron: string;
  payload: unknown;
}

export interface JobQueue {
  readonly driver: 'embedded' | 'pg-boss';
  /** Stores the job in `db` (pass the transaction); returns its id, or null when deduplicated. */
  enqueue<P>(db: Db, job: JobDefinition<P>, payload: P, options?: EnqueueOptions): Promise<string | null>;
  /** Prepares queues and schedules; with `workers`, also starts running jobs. */
  start(options: { workers: boolean }): Promise<void>;
  /** Stops taking jobs and waits (bounded) for running ones. */
  stop(): Promise<void>;
  counts(): Promise<Record<JobState, number>>;
  list(filter: { state?: JobState }, page: PageRequest): Promise<Page<JobView>>;
  /** Gives a failed (or stuck) job one more try; false when there is no such job. */
  retry(id: string): Promise<boolean>;
  /** Removes a failed, queued or stuck job for good. */
  discard(id: string): Promise<boolean>;
  /**
   * Ends a queued or running job `failed` with CANCELLED_ERROR at once; a running handler is told through its
   * signal at its next heartbeat and its outcome is ignored. False when there is no such job.
   */
  cancel(id: string): Promise<boolean>;
  /** Forgets finished jobs older than `days` (pg-boss keeps its own retention). */
  purgeFinished(days: number): Promise<void>;
  /** Resolves once no job is queued or running (tests, benchmarks, CLI). */
  drain(timeoutMs?: number): Promise<void>;
}

/** Called by a driver whenever job states change (throttled by the caller). */
export type JobsChanged = () => void;

export function errorText(err: unknown): string {
  const text =
    err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  return text.slice(0, 2000);
}

/** Delay before try number `attempt + 1`, in milliseconds. */
export function backoffMs(options: JobOptions, attempt: number): number {
  return Math.min(options.backoffSeconds * 1000 * 2 ** Math.max(0, attempt - 1), 6 * 3600 * 1000);
}

/** Workers sleeping between polls, by queue: `wake(queue)` ends their sleeps at once, `wake()` every sleep. */
export function sleepers() {
  const waiting = new Map<string, Set<() => void>>();
  return {
    sleep: (queue: string, ms: number) =>
      new Promise<void>((resolve) => {
        const set = waiting.get(queue) ?? new Set();
        waiting.set(queue, set);
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
      }),
    wake: (queue?: string) => {
      for (const [name, set] of waiting) if (!queue || name === queue) for (const s of [...set]) s();
    },
  };
}

/** How often a running job renews its lease: three beats per lease, so one late beat does not lose it. */
export const heartbeatMs = (leaseSeconds: number) => Math.max(100, Math.round((leaseSeconds * 1000) / 3));

/** Renews a running job's claim; resolves false once the run no longer owns its job (cancelled, taken back). */
export type Heartbeat = () => Promise<boolean>;

/** How a driver keeps a run informed: its heartbeat, and a signal for a cancel known at once (same process). */
export interface RunHold {
  beat: Heartbeat;
  lost?: AbortSignal;
}

/**
 * Runs `run` with a timeout and a heartbeat, aborting its signal when time is up, the worker stops or a beat
 * finds the job is no longer this run's. Time up or job lost also reject at once (with the reason), freeing
 * the worker even if the handler ignores its signal. A beat that fails (database unreachable) is tried again
 * at the next one: the lease then decides.
 */
export async function runWithTimeout(
  timeoutSeconds: number,
  stopping: AbortSignal,
  run: (signal: AbortSignal) => Promise<void>,
  heartbeat?: { everyMs: number } & RunHold,
): Promise<void> {
  const controller = new AbortController();
  const onStop = () => controller.abort(new Error('worker stopping'));
  stopping.addEventListener('abort', onStop, { once: true });
  let timer: NodeJS.Timeout | undefined;
  let beating: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(controller.signal),
      new Promise<never>((_, reject) => {
        const end = (err: Error) => {
          controller.abort(err);
          reject(err);
        };
        timer = setTimeout(
          () => end(new Error(`timed out after ${timeoutSeconds} s`)),
          timeoutSeconds * 1000,
        );
        if (!heartbeat) return;
        heartbeat.lost?.addEventListener('abort', () => end(new JobLost()), { once: true });
        let inFlight = false;
        beating = setInterval(() => {
          if (inFlight || controller.signal.aborted) return;
          inFlight = true;
          heartbeat
            .beat()
            .then(
              (owned) => {
                if (!owned && !controller.signal.aborted) end(new JobLost());
              },
              () => {},
            )
            .finally(() => {
              inFlight = false;
            });
        }, heartbeat.everyMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    clearInterval(beating);
    stopping.removeEventListener('abort', onStop);
  }
}

/** What both drivers need to run a job: the definitions and a way to build the job's context. */
export interface JobRuntime {
  definitions: Map<string, AnyJobDefinition>;
  schedules: Schedule[];
  /** A fresh system context for one run. */
  makeCtx: () => Ctx;
  concurrency: number;
  onChanged: JobsChanged;
  /**
   * How long a running job stays claimed without a heartbeat, in seconds. A live worker renews it three times
   * per lease however long the job runs; a dead one's job is taken back once it runs out.
   */
  leaseSeconds: number;
}

/** Validates the payload and runs the definition; an invalid payload is a permanent failure. */
export async function executeJob(
  runtime: JobRuntime,
  def: AnyJobDefinition,
  raw: unknown,
  info: JobRunContext['job'],
  stopping: AbortSignal,
  hold: RunHold,
): Promise<void> {
  const parsed = def.schema.safeParse(raw);
  if (!parsed.success) throw new PermanentJobError(`invalid payload: ${parsed.error.message}`);
  const base = runtime.makeCtx();
  const log = base.log.child({ job: info.name, jobId: info.id, attempt: info.attempt });
  await runWithTimeout(
    def.options.timeoutSeconds,
    stopping,
    (signal) => def.run({ ...base, log, job: info, signal }, parsed.data),
    { everyMs: heartbeatMs(runtime.leaseSeconds), ...hold },
  );
}

/** Tells the job's definition it ended `failed` for good (see JobOptions.giveUp); never throws. */
export async function reportGiveUp(
  runtime: JobRuntime,
  name: string,
  payload: unknown,
  reason: string,
): Promise<void> {
  const giveUp = runtime.definitions.get(name)?.options.giveUp;
  if (!giveUp) return;
  const ctx = runtime.makeCtx();
  try {
    await giveUp(ctx, payload, reason);
  } catch (err) {
    ctx.log.error({ err, job: name }, 'a job could not record that it was given up');
  }
}
