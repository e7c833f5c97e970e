/**
 * A fake OpenAI-compatible server on 127.0.0.1: what self-hosted whisper servers, Ollama, vLLM and hosted APIs
 * speak. `fake.url` is the base URL as OpenAI clients take it (`http://127.0.0.1:<port>/v1`).
 *
 * - `POST /v1/audio/transcriptions` (multipart: `file`, `model`, `language`, `response_format` = json | text |
 *   verbose_json, `timestamp_granularities[]`): the transcript registered for the file's SHA-256, else the
 *   default one. verbose_json answers `{task, language, duration, text, segments:[{id, seek, start, end, text,
 *   tokens, temperature, avg_logprob, compression_ratio, no_speech_prob}]}`; segments not given are made from
 *   the text's sentences, spread over the duration. (OpenAI itself names the language, `"russian"`; whisper
 *   servers often give the code; the fake answers what the test registered, else the request's hint.)
 * - `POST /v1/chat/completions` (JSON; `stream` refused): one choice whose message content is what the test set
 *   (objects are sent as JSON text, as a model asked for JSON answers).
 * - `GET /v1/models`.
 * Every request needs `Authorization: Bearer <apiKey>` (401 otherwise); errors have OpenAI's shape
 * `{error:{message, type, param, code}}`. Every request is recorded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearer, FailureQueue, LoopbackServer, readBody, sendJson, sha256, waitUntil } from './http.js';

export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
}

export interface Transcript {
  text: string;
  language?: string;
  /** Seconds; default: the last segment's end, or 2.5 s a sentence. */
  duration?: number;
  segments?: TranscriptSegment[];
}

export interface ChatCompletionBody {
  model: string;
  messages: { role: string; content: unknown }[];
  response_format?: unknown;
  [key: string]: unknown;
}

export interface OpenAIRequest {
  method: string;
  /** Without the `/v1` prefix: `audio/transcriptions`, `chat/completions`, `models`. */
  path: string;
  authorization?: string;
  /** Multipart fields (repeated ones as arrays). */
  fields: Record<string, string | string[]>;
  file?: { name: string; type: string; size: number; sha256: string };
  json?: unknown;
  status: number;
  at: number;
}

export interface FakeOpenAIOptions {
  apiKey?: string;
  models?: string[];
}

export const DEFAULT_TRANSCRIPT: Transcript = {
  text: 'Здравствуйте, это тестовый звонок. Нам нужен договор на поставку.',
  language: 'ru',
};

const AUDIO_FORMATS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'];

class OpenAIError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'invalid_request_error',
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

const pathOf = (p: string) => p.replace(/^\/?(v1\/)?/, '').replace(/\/$/, '');

/** Segments for a text: one a sentence, spread evenly over `duration`. */
function segmentsOf(text: string, duration?: number): TranscriptSegment[] {
  const sentences = text.split(/(?<=[.!?…])\s+/).filter((s) => s.trim() !== '');
  const step = (duration ?? sentences.length * 2.5) / Math.max(sentences.length, 1);
  return sentences.map((s, i) => ({
    start: +(i * step).toFixed(2),
    end: +((i + 1) * step).toFixed(2),
    text: s,
  }));
}

export class FakeOpenAI {
  readonly apiKey: string;
  readonly models: string[];
  /** Milliseconds every answer waits (to watch a "transcribing" state, say). */
  latencyMs = 0;
  private readonly server = new LoopbackServer((req, res) => this.handle(req, res));
  private readonly transcripts = new Map<string, Transcript>();
  private defaultTranscript = DEFAULT_TRANSCRIPT;
  private completion: (body: ChatCompletionBody) => unknown = () => '{}';
  private readonly failures = new FailureQueue<{ status: number; retryAfter?: number }>();
  private readonly recorded: OpenAIRequest[] = [];

  constructor(opts: FakeOpenAIOptions = {}) {
    this.apiKey = opts.apiKey ?? 'sk-fake-test-key';
    this.models = opts.models ?? ['whisper-1', 'gpt-4o-mini'];
  }

  /** The API base URL (`…/v1`), as `TRANSCRIBE_URL` / `EXTRACT_URL` and OpenAI clients' `baseURL` take it. */
  get url() {
    return `${this.server.origin}/v1`;
  }

  /** The settings a Sova process needs to use this server for transcription and extraction. */
  get env(): Record<string, string> {
    const [transcribe = 'whisper-1', extract = 'gpt-4o-mini'] = this.models;
    return {
      TRANSCRIBE_URL: this.url,
      TRANSCRIBE_MODEL: transcribe,
      TRANSCRIBE_API_KEY: this.apiKey,
      EXTRACT_URL: this.url,
      EXTRACT_MODEL: extract,
      EXTRACT_API_KEY: this.apiKey,
    };
  }

  async start(): Promise<this> {
    await this.server.up();
    return this;
  }

  /** The transcript answered for this file (its bytes, or their SHA-256 in hex). */
  setTranscript(file: Buffer | string, transcript: Transcript): void {
    this.transcripts.set(typeof file === 'string' ? file : sha256(file), transcript);
  }

  /** The transcript answered for files without their own. */
  setDefaultTranscript(transcript: Transcript): void {
    this.defaultTranscript = transcript;
  }

  /** The assistant message content of chat completions: a string, an object (sent as JSON), or made per request. */
  setCompletion(content: string | object | ((body: ChatCompletionBody) => string | object)): void {
    this.completion =
      typeof content === 'function' ? (content as (body: ChatCompletionBody) => unknown) : () => content;
  }

  /** The next `n` requests to `path` (`/v1/audio/transcriptions` or `audio/transcriptions`) answer `status`. */
  failNext(path: string, n: number, status: number, opts: { retryAfter?: number } = {}): void {
    this.failures.add(pathOf(path), n, { status, ...opts });
  }

  /** Closes the listener and every connection: clients get "connection refused" until `up()`. */
  down(): Promise<void> {
    return this.server.down();
  }

  /** Listens again on the same port. */
  up(): Promise<void> {
    return this.server.up();
  }

  /** Requests so far, all or those to `path`. */
  requests(path?: string): OpenAIRequest[] {
    const p = path === undefined ? undefined : pathOf(path);
    return this.recorded.filter((r) => p === undefined || r.path === p);
  }

  waitFor<T>(predicate: (fake: this) => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    return waitUntil(() => predicate(this), timeoutMs, 'fake OpenAI condition');
  }

  close(): Promise<void> {
    return this.server.down();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.server.origin);
    const body = await readBody(req);
    const record: OpenAIRequest = {
      method: req.method ?? 'GET',
      path: pathOf(url.pathname),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      fields: {},
      status: 0,
      at: Date.now(),
    };
    this.recorded.push(record);
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    try {
      const key = bearer(req);
      if (key === undefined)
        throw new OpenAIError(401, "You didn't provide an API key. Send it as a Bearer token.", undefined);
      if (key !== this.apiKey)
        throw new OpenAIError(
          401,
          `Incorrect API key provided: ${key.slice(0, 3)}***.`,
          undefined,
          'invalid_api_key',
        );
      const failure = this.failures.take(record.path);
      if (failure) {
        const type = failure.status >= 500 ? 'server_error' : 'invalid_request_error';
        const retry: Record<string, string> =
          failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) };
        record.status = failure.status;
        return sendJson(
          res,
          failure.status,
          { error: { message: 'fake failure', type, param: null, code: null } },
          retry,
        );
      }
      const route = `${record.method} ${record.path}`;
      let answer: unknown;
      if (route === 'POST audio/transcriptions') answer = await this.transcribe(req, body, record);
      else if (route === 'POST chat/completions') answer = this.complete(body, record);
      else if (route === 'GET models')
        answer = {
          object: 'list',
          data: this.models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' })),
        };
      else
        throw new OpenAIError(
          404,
          `Unknown request URL: ${record.method} ${url.pathname}.`,
          undefined,
          'unknown_url',
        );
      record.status = 200;
      if (typeof answer === 'string') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(answer);
      } else sendJson(res, 200, answer);
    } catch (err) {
      if (!(err instanceof OpenAIError)) throw err;
      record.status = err.status;
      sendJson(res, err.status, {
        error: { message: err.message, type: err.type, param: null, code: err.code },
      });
    }
  }

  private async transcribe(req: IncomingMessage, body: Buffer, record: OpenAIRequest): Promise<unknown> {
    let form: FormData;
    try {
      form = await new Request('http://fake/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: new Uint8Array(body),
      }).formData();
    } catch {
      throw new OpenAIError(400, 'Could not parse multipart form');
    }
    let file: File | undefined;
    for (const [name, value] of form) {
      if (typeof value !== 'string') {
        if (name === 'file') file = value;
        continue;
      }
      const prev = record.fields[name];
      record.fields[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
    }
    if (!file)
      throw new OpenAIError(400, 'No file was provided: send the audio in the multipart field "file".');
    const bytes = Buffer.from(await file.arrayBuffer());
    const hash = sha256(bytes);
    record.file = { name: file.name, type: file.type, size: bytes.length, sha256: hash };
    if (!form.get('model')) throw new OpenAIError(400, 'you must provide a model parameter');
    const ext = /\.([^.]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
    if (!AUDIO_FORMATS.includes(ext))
      throw new OpenAIError(400, `Invalid file format. Supported formats: ${JSON.stringify(AUDIO_FORMATS)}`);
    const t = this.transcripts.get(hash) ?? this.defaultTranscript;
    const format = String(form.get('response_format') ?? 'json');
    if (format === 'text') return t.text;
    if (format === 'json') return { text: t.text };
    if (format !== 'verbose_json')
      throw new OpenAIError(400, `response_format '${format}' is not supported by the fake`);
    const segments = t.segments ?? segmentsOf(t.text, t.duration);
    return {
      task: 'transcribe',
      language: t.language ?? String(form.get('language') ?? 'ru'),
      duration: t.duration ?? segments.at(-1)?.end ?? 0,
      text: t.text,
      segments: segments.map((s, id) => ({
        id,
        seek: 0,
        start: s.start,
        end: s.end,
        text: s.text,
        tokens: [],
        temperature: 0,
        avg_logprob: -0.2,
        compression_ratio: 1.2,
        no_speech_prob: 0.01,
      })),
    };
  }

  private complete(body: Buffer, record: OpenAIRequest): unknown {
    let json: ChatCompletionBody;
    try {
      json = JSON.parse(body.toString('utf8')) as ChatCompletionBody;
    } catch {
      throw new OpenAIError(400, 'We could not parse the JSON body of your request.');
    }
    record.json = json;
    if (typeof json.model !== 'string' || json.model === '')
      throw new OpenAIError(400, 'you must provide a model parameter');
    if (!Array.isArray(json.messages) || json.messages.length === 0)
      throw new OpenAIError(400, "'messages' must contain at least one message");
    if (json.stream) throw new OpenAIError(400, 'stream is not supported by the fake');
    const made = this.completion(json);
    const content = typeof made === 'string' ? made : JSON.stringify(made);
    const promptTokens = JSON.stringify(json.messages).length;
    return {
      id: `chatcmpl-fake${this.recorded.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: json.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: content.length,
        total_tokens: promptTokens + content.length,
      },
    };
  }
}

/** Starts a fake OpenAI-compatible server on 127.0.0.1 (a free port). */
export const startFakeOpenAI = (opts: FakeOpenAIOptions = {}) => new FakeOpenAI(opts).start();
