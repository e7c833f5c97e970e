/**
 * Live updates: services publish small typed events after their transaction commits; every connected browser
 * receives those its user may see (SSE), and pages refresh the affected parts. Events say *what changed*, not
 * the data itself: the page re-reads through the normal, authorised routes.
 *
 * Modules add their event types by augmenting `EventMap`:
 *   declare module '../../platform/realtime/events.js' { interface EventMap { 'orders.changed': { id: number } } }
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import { type Actor, hasRole, type Role } from '../auth/roles.js';

// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each module.
export interface EventMap {}

export type EventType = keyof EventMap & string;

/** Who may receive an event: everyone signed in, holders of some role, or named users. */
export type Audience = { all: true } | { roles: Role[] } | { users: number[] };

export interface Envelope {
  type: string;
  data: unknown;
  audience: Audience;
  /** Publication time (ms since epoch), for latency measurements. */
  at: number;
}

export function mayReceive(actor: Actor, audience: Audience): boolean {
  if ('all' in audience) return true;
  if ('users' in audience) return audience.users.includes(actor.id);
  return audience.roles.some((r) => hasRole(actor, r));
}

export interface EventBus {
  readonly driver: 'local' | 'postgres';
  publish<K extends EventType>(type: K, data: EventMap[K], audience: Audience): Promise<void>;
  /** Listens to every event on this instance; returns the unsubscribe function. */
  subscribe(listener: (event: Envelope) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Connected listeners right now (for /metrics and tests). */
  listenerCount(): number;
}

/** PostgreSQL caps a NOTIFY payload at 8000 bytes (UTF-8); events are meant to be tiny. */
const MAX_PAYLOAD = 7900;
const CHANNEL = 'sova_events';

function fanOut(listeners: Set<(e: Envelope) => void>, log: Logger) {
  return (event: Envelope) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        log.error({ err, type: event.type }, 'event listener failed');
      }
    }
  };
}

/** One process: events go straight to this process's listeners. */
export function createLocalBus(log: Logger): EventBus {
  const listeners = new Set<(e: Envelope) => void>();
  const deliver = fanOut(listeners, log);
  return {
    driver: 'local',
    async publish(type, data, audience) {
      const event = { type, data, audience, at: Date.now() };
      queueMicrotask(() => deliver(event));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {},
    async stop() {
      listeners.clear();
    },
    listenerCount: () => listeners.size,
  };
}

/**
 * Many processes on one PostgreSQL: events travel by NOTIFY; each instance LISTENs on one dedicated
 * connection (reconnecting after a loss) and delivers to its own listeners — its own events included, so
 * every instance sees the same order.
 */
export function createPostgresBus(pool: pg.Pool, connect: () => pg.Client, log: Logger): EventBus {
  const listeners = new Set<(e: Envelope) => void>();
  const deliver = fanOut(listeners, log);
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  async function listen(delayMs = 500) {
    if (stopped) return;
    const c = connect();
    c.on('notification', (msg) => {
      if (!msg.payload) return;
      try {
        // A notification carries one batch of events (a list); a lone envelope is an older instance's.
        const got = JSON.parse(msg.payload) as Envelope | Envelope[];
        for (const event of Array.isArray(got) ? got : [got]) deliver(event);
      } catch (err) {
        log.warn({ err }, 'unreadable event payload');
      }
    });
    c.on('error', (err) => {
      log.warn({ err }, 'event listener connection lost; reconnecting');
      c.end().catch(() => {});
      if (client === c) client = null;
      retry = setTimeout(() => void listen(Math.min(delayMs * 2, 10_000)), delayMs);
    });
    try {
      await c.connect();
      await c.query(`listen ${CHANNEL}`);
      client = c;
    } catch (err) {
      log.warn({ err }, 'cannot listen for events; retrying');
      c.end().catch(() => {});
      retry = setTimeout(() => void listen(Math.min(delayMs * 2, 10_000)), delayMs);
    }
  }

  const batcher = notifyBatcher((payload) => pool.query('select pg_notify($1, $2)', [CHANNEL, payload]));

  return {
    driver: 'postgres',
    async publish(type, data, audience) {
      await batcher.add({ type, data, audience, at: Date.now() });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      stopped = false;
      await listen();
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      listeners.clear();
      await client?.end().catch(() => {});
      client = null;
    },
    listenerCount: () => listeners.size,
  };
}

/**
 * Sends events as few NOTIFYs as it can without delaying any: the first event goes out at once; those published
 * while a NOTIFY is on its way wait for it and then travel together, as one list, with repeats of the same event
 * (same type, data and audience) sent once — listeners re-read what changed, so one signal serves them all. Under
 * a burst of writes this turns one round trip per write into about one per round-trip time. Each `add` settles
 * when the NOTIFY carrying its event has been sent (or has failed). Exported for its tests.
 */
export function notifyBatcher(send: (payload: string) => Promise<unknown>) {
  type Waiter = { resolve: () => void; reject: (err: unknown) => void };
  type Queued = { json: string; bytes: number };
  // Keyed by the event without its time: an event's JSON is written once, here, and reused in the payload.
  let queued = new Map<string, Queued>();
  let waiters: Waiter[] = [];
  let sending = false;

  async function pump() {
    sending = true;
    while (queued.size) {
      const batch = [...queued.values()];
      const settling = waiters;
      queued = new Map();
      waiters = [];
      try {
        for (const payload of payloadsOf(batch)) await send(payload);
        for (const w of settling) w.resolve();
      } catch (err) {
        for (const w of settling) w.reject(err);
      }
    }
    sending = false;
  }

  return {
    add({ type, data, audience, at }: Envelope): Promise<void> {
      const key = JSON.stringify({ type, data, audience });
      // The envelope's JSON: the key with its time added as the last field.
      const json = `${key.slice(0, -1)},"at":${at}}`;
      const bytes = Buffer.byteLength(json);
      if (bytes + 2 > MAX_PAYLOAD)
        return Promise.reject(new Error(`event ${type} is too large (${bytes} bytes)`));
      if (!queued.has(key)) queued.set(key, { json, bytes });
      const settled = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      if (!sending) void pump();
      return settled;
    },
  };
}

/** Splits a batch into JSON lists that each fit one NOTIFY payload, keeping the order. */
function payloadsOf(batch: { json: string; bytes: number }[]): string[] {
  const out: string[] = [];
  let part: string[] = [];
  let size = 2;
  for (const { json, bytes } of batch) {
    if (part.length && size + bytes + 1 > MAX_PAYLOAD) {
      out.push(`[${part.join(',')}]`);
      part = [];
      size = 2;
    }
    part.push(json);
    size += bytes + 1;
  }
  if (part.length) out.push(`[${part.join(',')}]`);
  return out;
}
