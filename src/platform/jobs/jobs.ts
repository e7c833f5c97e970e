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
}

export interface JobRunContext extends Ctx {
  job: { id: string; name: string; attempt: number; maxAttempts: number };
  /** Aborted when the run times out or the worker shuts down. */
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
  /** Gives a failed job one more try; false when there is no such failed job. */
  retry(id: string): Promise<boolean>;
  /** Removes a failed or queued job for good. */
  discard(id: string): Promise<boolean>;
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

/** Runs `run` with a timeout, aborting its signal when time is up or the worker stops. */
export async function runWithTimeout(
  timeoutSeconds: number,
  stopping: AbortSignal,
  run: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const onStop = () => controller.abort(new Error('worker stopping'));
  stopping.addEventListener('abort', onStop, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(controller.signal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const err = new Error(`timed out after ${timeoutSeconds} s`);
          controller.abort(err);
          reject(err);
        }, timeoutSeconds * 1000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
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
}

/** Validates the payload and runs the definition; an invalid payload is a permanent failure. */
export async function executeJob(
  runtime: JobRuntime,
  def: AnyJobDefinition,
  raw: unknown,
  info: JobRunContext['job'],
  stopping: AbortSignal,
): Promise<void> {
  const parsed = def.schema.safeParse(raw);
  if (!parsed.success) throw new PermanentJobError(`invalid payload: ${parsed.error.message}`);
  const base = runtime.makeCtx();
  const log = base.log.child({ job: info.name, jobId: info.id, attempt: info.attempt });
  await runWithTimeout(def.options.timeoutSeconds, stopping, (signal) =>
    def.run({ ...base, log, job: info, signal }, parsed.data),
  );
}
