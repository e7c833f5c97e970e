/**
 * A fake queue-style processor on 127.0.0.1: the seed's external service (a RunPod-style serverless endpoint)
 * that turns a stored file into a transcript and fields.
 *
 * Requests carry `Authorization: Bearer <token>` (the bare token is taken too); otherwise 401 `{"error"}`.
 * - `POST /run` with `{"input": {"file_key": string, "do_clean": boolean, "item_id": number | string,
 *   "file_url"?: string}, "webhook"?: string}` → 200 `{"id": "<job id>", "status": "IN_QUEUE"}`;
 *   400 `{"error"}` without `input.file_key` or `input.item_id`.
 * - `GET /status/<id>` → 200 `{"id", "item_id", "status": "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED" | "FAILED",
 *   "output"? (COMPLETED), "error"? (FAILED), "delayTime"?, "executionTime"? (ms)}`; 404 for an unknown id.
 * - `GET /health` → `{"jobs": {"inQueue", "inProgress", "completed", "failed"}}`.
 * A job stays IN_QUEUE `queueMs`, then IN_PROGRESS: it downloads `input.file_url` when given (a non-2xx answer
 * or a refused connection ends it FAILED `download failed: <status or code>`), works `runMs`
 * (each stage lasts while `holdAt` names it), then ends COMPLETED with the output set for its file_key (else the default output).
 *
 * Callback — the scheme Sova's `POST /api/v1/processing/callback` verifies. When the job ends and a URL is known
 * (the run's `webhook`, else the fake's `callbackUrl`), the fake POSTs:
 *   body: the job's final status JSON, exactly as `GET /status/<id>` answers it, as UTF-8;
 *   `Content-Type: application/json`
 *   `X-Sova-Timestamp: <t>`   — Unix time in whole seconds, decimal;
 *   `X-Sova-Signature: sha256=<hex>` — lower-case hex of HMAC-SHA256(key = the shared secret as UTF-8,
 *                                      message = `<t>` + "." + the raw body bytes).
 * The receiver recomputes the HMAC over the raw body as received, compares in constant time, refuses a
 * timestamp too far from its clock (say ±300 s), and applies a job id once (a replay changes nothing). Without
 * a secret the fake sends no signature headers. A non-2xx answer or a refused connection is retried
 * (`callbackRetries` more times, `callbackRetryMs` apart).
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearer, FailureQueue, LoopbackServer, readBody, sendJson, sha256, waitUntil } from './http.js';

export type JobStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface ProcessorInput {
  file_key: string;
  do_clean?: boolean;
  item_id: number | string;
  file_url?: string;
}

/** What the seed's processor extracts; a test may set any JSON object as a job's output. */
export interface ProcessorOutput {
  transcript?: string;
  segments?: { start: number; end: number; text: string }[];
  fields?: Record<string, string | number | null>;
  [key: string]: unknown;
}

export interface CallbackAttempt {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** HTTP status of the answer, 0 when the connection failed. */
  status: number;
  at: number;
}

export interface ProcessorJob {
  id: string;
  input: ProcessorInput;
  webhook?: string;
  authorization: string;
  status: JobStatus;
  output?: ProcessorOutput;
  error?: string;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  download?: { url: string; status: number; size: number; sha256: string; content: Buffer; error?: string };
  callbacks: CallbackAttempt[];
}

export interface ProcessorRequest {
  method: string;
  path: string;
  authorization?: string;
  body: string;
  status: number;
  at: number;
}

export interface FakeProcessorOptions {
  token?: string;
  /** The shared secret signing callbacks. */
  secret?: string;
  callbackUrl?: string;
  queueMs?: number;
  runMs?: number;
  callbackRetries?: number;
  callbackRetryMs?: number;
}

export const DEFAULT_PROCESSOR_OUTPUT: ProcessorOutput = {
  transcript: 'Здравствуйте, ООО «Ромашка», Анна Петрова, менеджер. Телефон 8 999 123-45-67.',
  fields: {
    company_name: 'ООО «Ромашка»',
    person_name: 'Анна Петрова',
    position: 'менеджер',
    telephone: '+79991234567',
  },
};

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`): the `X-Sova-Signature` of a callback. */
export function signCallback(secret: string, timestamp: number | string, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FakeProcessor {
  readonly token: string;
  /** Jobs stay in this state while it is set (to watch one state, or stop Sova mid-processing). */
  holdAt: 'IN_QUEUE' | 'IN_PROGRESS' | undefined;
  readonly jobs: ProcessorJob[] = [];
  readonly requests: ProcessorRequest[] = [];
  private readonly server = new LoopbackServer((req, res) => this.handle(req, res));
  private readonly outputs = new Map<string, ProcessorOutput>();
  private defaultOutput = DEFAULT_PROCESSOR_OUTPUT;
  private readonly jobFailures: string[] = [];
  private readonly failures = new FailureQueue<number>();
  private closed = false;

  constructor(private readonly opts: FakeProcessorOptions = {}) {
    this.token = opts.token ?? 'processor-test-token';
  }

  get url() {
    return this.server.origin;
  }

  /** The settings a Sova process needs to use this processor. */
  get env(): Record<string, string> {
    return { PROCESSOR_URL: this.url, PROCESSOR_TOKEN: this.token };
  }

  async start(): Promise<this> {
    await this.server.up();
    return this;
  }

  /** The output of jobs for `fileKey`. */
  setOutput(fileKey: string, output: ProcessorOutput): void {
    this.outputs.set(fileKey, output);
  }

  setDefaultOutput(output: ProcessorOutput): void {
    this.defaultOutput = output;
  }

  /** The next `n` jobs end FAILED with `error`. */
  failJobs(n: number, error = 'processing failed'): void {
    for (let i = 0; i < n; i += 1) this.jobFailures.push(error);
  }

  /** The next `n` requests to `path` (`/run`, `/status`, `/health`) answer `status` with `{"error"}`. */
  failNext(path: string, n: number, status: number): void {
    this.failures.add(path.replace(/\/+$/, ''), n, status);
  }

  /** Closes the listener and every connection: clients get "connection refused" until `up()`. */
  down(): Promise<void> {
    return this.server.down();
  }

  up(): Promise<void> {
    return this.server.up();
  }

  job(id: string): ProcessorJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  /** Sends the job's last callback again, byte for byte (same timestamp and signature); answers its status. */
  async replayCallback(id: string): Promise<number> {
    const job = this.job(id);
    const last = job?.callbacks.at(-1);
    if (!job || !last) throw new Error(`no callback sent for job ${id}`);
    const attempt = await this.post(last.url, last.headers, last.body);
    job.callbacks.push(attempt);
    return attempt.status;
  }

  waitFor<T>(predicate: (fake: this) => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    return waitUntil(() => predicate(this), timeoutMs, 'fake processor condition');
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.server.down();
  }

  /** The job as `GET /status` answers it (and the callback sends it). */
  statusOf(job: ProcessorJob) {
    return {
      id: job.id,
      item_id: job.input.item_id,
      status: job.status,
      ...(job.startedAt === undefined ? {} : { delayTime: job.startedAt - job.createdAt }),
      ...(job.endedAt === undefined || job.startedAt === undefined
        ? {}
        : { executionTime: job.endedAt - job.startedAt }),
      ...(job.output === undefined ? {} : { output: job.output }),
      ...(job.error === undefined ? {} : { error: job.error }),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname.replace(/\/+$/, '');
    const body = (await readBody(req)).toString('utf8');
    const record: ProcessorRequest = {
      method: req.method ?? 'GET',
      path,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      body,
      status: 0,
      at: Date.now(),
    };
    this.requests.push(record);
    const answer = (status: number, payload: object) => {
      record.status = status;
      sendJson(res, status, payload);
    };
    const key = bearer(req) ?? req.headers.authorization;
    if (key !== this.token) return answer(401, { error: 'Unauthorized' });
    const failure = this.failures.take(path.startsWith('/status/') ? '/status' : path);
    if (failure) return answer(failure, { error: 'fake failure' });
    const status = /^\/status\/([^/]+)$/.exec(path);
    if (req.method === 'POST' && path === '/run')
      return answer(...this.run(body, req.headers.authorization!));
    if (req.method === 'GET' && status) {
      const job = this.job(decodeURIComponent(status[1]!));
      return job ? answer(200, this.statusOf(job)) : answer(404, { error: 'job not found' });
    }
    if (req.method === 'GET' && path === '/health') {
      const count = (s: JobStatus) => this.jobs.filter((j) => j.status === s).length;
      return answer(200, {
        jobs: {
          inQueue: count('IN_QUEUE'),
          inProgress: count('IN_PROGRESS'),
          completed: count('COMPLETED'),
          failed: count('FAILED'),
        },
      });
    }
    answer(404, { error: 'not found' });
  }

  /** Queues a job: the answer's status and body. */
  private run(body: string, authorization: string): [number, object] {
    let parsed: { input?: Partial<ProcessorInput>; webhook?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return [400, { error: 'body is not JSON' }];
    }
    const input = parsed.input;
    if (!input || typeof input !== 'object') return [400, { error: 'input is required' }];
    if (typeof input.file_key !== 'string' || input.file_key === '')
      return [400, { error: 'input.file_key is required' }];
    if (input.item_id === undefined || input.item_id === null || input.item_id === '')
      return [400, { error: 'input.item_id is required' }];
    const job: ProcessorJob = {
      id: `job-${this.jobs.length + 1}-${Math.random().toString(36).slice(2, 8)}`,
      input: input as ProcessorInput,
      ...(typeof parsed.webhook === 'string' ? { webhook: parsed.webhook } : {}),
      authorization,
      status: 'IN_QUEUE',
      createdAt: Date.now(),
      callbacks: [],
    };
    this.jobs.push(job);
    void this.work(job, this.jobFailures.shift());
    return [200, { id: job.id, status: job.status }];
  }

  private async work(job: ProcessorJob, failure: string | undefined): Promise<void> {
    await sleep(this.opts.queueMs ?? 20);
    while (this.holdAt === 'IN_QUEUE' && !this.closed) await sleep(10);
    if (this.closed) return;
    job.status = 'IN_PROGRESS';
    job.startedAt = Date.now();
    const downloadError = job.input.file_url ? await this.download(job, job.input.file_url) : undefined;
    if (downloadError === undefined) {
      await sleep(this.opts.runMs ?? 20);
      while (this.holdAt === 'IN_PROGRESS' && !this.closed) await sleep(10);
    }
    if (this.closed) return;
    job.endedAt = Date.now();
    const error = downloadError ?? failure;
    if (error === undefined) {
      job.status = 'COMPLETED';
      job.output = this.outputs.get(job.input.file_key) ?? this.defaultOutput;
    } else {
      job.status = 'FAILED';
      job.error = error;
    }
    const url = job.webhook ?? this.opts.callbackUrl;
    if (url) await this.callback(job, url);
  }

  /** Fetches the file as the real processor reads it; answers an error text when that fails. */
  private async download(job: ProcessorJob, url: string): Promise<string | undefined> {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const content = Buffer.from(await res.arrayBuffer());
      const error = res.ok ? undefined : `download failed: ${res.status}`;
      job.download = {
        url,
        status: res.status,
        size: content.length,
        sha256: sha256(content),
        content,
        ...(error ? { error } : {}),
      };
      return error;
    } catch (err) {
      const code = ((err as Error).cause as { code?: string } | undefined)?.code ?? (err as Error).message;
      const error = `download failed: ${code}`;
      job.download = { url, status: 0, size: 0, sha256: '', content: Buffer.alloc(0), error };
      return error;
    }
  }

  private async callback(job: ProcessorJob, url: string): Promise<void> {
    const body = JSON.stringify(this.statusOf(job));
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.opts.secret) {
      headers['x-sova-timestamp'] = String(timestamp);
      headers['x-sova-signature'] = signCallback(this.opts.secret, timestamp, body);
    }
    const tries = 1 + (this.opts.callbackRetries ?? 3);
    for (let i = 0; i < tries && !this.closed; i += 1) {
      if (i > 0) await sleep(this.opts.callbackRetryMs ?? 200);
      const attempt = await this.post(url, headers, body);
      job.callbacks.push(attempt);
      if (attempt.status >= 200 && attempt.status < 300) return;
    }
  }

  private async post(url: string, headers: Record<string, string>, body: string): Promise<CallbackAttempt> {
    const attempt: CallbackAttempt = { url, headers, body, status: 0, at: Date.now() };
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      attempt.status = res.status;
    } catch {
      // A refused connection counts as a failed attempt (status 0).
    }
    return attempt;
  }
}

/** Starts a fake queue-style processor on 127.0.0.1 (a free port). */
export const startFakeProcessor = (opts: FakeProcessorOptions = {}) => new FakeProcessor(opts).start();
