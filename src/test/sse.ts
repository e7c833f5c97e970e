/** A minimal Server-Sent Events client over node:http, for tests and the benchmark. */
import { type ClientRequest, get, type IncomingMessage } from 'node:http';

export interface SseEvent {
  type: string;
  data: string;
}

export interface SseClient {
  readonly status: number;
  readonly events: SseEvent[];
  /** Resolves with the next event of `type` (including ones already received and not yet taken). */
  next(type: string, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    let taken = 0;
    const waiters: (() => void)[] = [];
    let req: ClientRequest | undefined;
    req = get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res: IncomingMessage) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) type = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) {
            events.push({ type, data: data.join('\n') });
            for (const w of waiters.splice(0)) w();
          }
          end = buffer.indexOf('\n\n');
        }
      });
      resolve({
        status: res.statusCode ?? 0,
        events,
        async next(type, timeoutMs = 5000) {
          const until = Date.now() + timeoutMs;
          for (;;) {
            const i = events.findIndex((e, idx) => idx >= taken && e.type === type);
            if (i >= 0) {
              taken = i + 1;
              return events[i]!;
            }
            const left = until - Date.now();
            if (left <= 0) throw new Error(`no "${type}" event within ${timeoutMs} ms`);
            await new Promise<void>((r) => {
              const t = setTimeout(r, left);
              waiters.push(() => {
                clearTimeout(t);
                r();
              });
            });
          }
        },
        close: () => {
          req?.destroy();
          res.destroy();
        },
      });
    });
    req.on('error', reject);
  });
}
