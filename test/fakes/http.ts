/**
 * What the loopback fakes share: an HTTP server on 127.0.0.1 that can be taken down (connection refused) and
 * brought back on the same port, body reading, JSON answers, a tolerant multipart parser, queued failures, and
 * waiting for a condition.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** An HTTP server bound to 127.0.0.1 only; `port` stays the same across `down()`/`up()`. */
export class LoopbackServer {
  private server: Server | undefined;
  port = 0;

  constructor(private readonly handler: Handler) {}

  get origin() {
    return `http://127.0.0.1:${this.port}`;
  }

  get isUp() {
    return this.server !== undefined;
  }

  /** Starts listening (on a free port the first time, on the same port afterwards). */
  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      Promise.resolve(this.handler(req, res)).catch((err: unknown) => {
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, { error: `fake server failed: ${String(err)}` });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Stops listening and cuts every open connection: clients now get "connection refused". */
  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** One part of a multipart/form-data body. */
export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

const headerParam = (header: string, key: string) => {
  const extended = new RegExp(`(?:^|;)\\s*${key}\\*=(?:UTF-8|utf-8)''([^;]*)`).exec(header);
  if (extended) return decodeURIComponent(extended[1]!);
  const m = new RegExp(`(?:^|;)\\s*${key}=(?:"([^"]*)"|([^;]*))`, 'i').exec(header);
  return m ? (m[1] ?? m[2]!.trim()) : undefined;
};

/**
 * Parses multipart/form-data leniently, as real servers do: header names in any case, no space after ':' or
 * ';', unquoted parameter values. (grammY writes `content-disposition:form-data;name="x";filename=a.jpg`, which
 * undici's `Request.formData()` refuses while Telegram accepts it.)
 */
export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = headerParam(contentType, 'boundary');
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return parts;
    const end = body.indexOf(between, start);
    if (end === -1) break;
    const chunk = body.subarray(start + 2, end);
    const headEnd = chunk.indexOf('\r\n\r\n');
    if (headEnd === -1) throw new Error('multipart part without headers');
    const headers = new Map<string, string>();
    for (const line of chunk.subarray(0, headEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = headerParam(disposition, 'name');
    if (name === undefined) throw new Error('multipart part without a name');
    const filename = headerParam(disposition, 'filename');
    const type = headers.get('content-type');
    parts.push({
      name,
      ...(filename === undefined ? {} : { filename }),
      ...(type === undefined ? {} : { contentType: type }),
      data: chunk.subarray(headEnd + 4),
    });
    at = end + 2;
  }
  throw new Error('multipart body not terminated');
}

/** Failures queued by key (a method or a path): each `take` uses one up. */
export class FailureQueue<F> {
  private readonly queued = new Map<string, F[]>();

  add(key: string, times: number, failure: F): void {
    const list = this.queued.get(key) ?? [];
    for (let i = 0; i < times; i += 1) list.push(failure);
    this.queued.set(key, list);
  }

  take(key: string): F | undefined {
    const list = this.queued.get(key);
    const failure = list?.shift();
    if (list && list.length === 0) this.queued.delete(key);
    return failure;
  }
}

/** Resolves with the first truthy value of `check` (polled every 10 ms), or rejects after `timeoutMs`. */
export async function waitUntil<T>(
  check: () => T | undefined | null | false,
  timeoutMs: number,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() >= until) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The bearer token of a request, if any (`Authorization: Bearer <token>`). */
export const bearer = (req: IncomingMessage) => /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
