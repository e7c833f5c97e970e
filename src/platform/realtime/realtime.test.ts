/** Live updates over SSE: only to the right people; across two Sova instances on one PostgreSQL. */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createPgDatabase, describeEachDialect, PG_URL, REQUIRE_ALL } from '../../test/env.js';
import { Browser, makeUser } from '../../test/http.js';
import { openSse, type SseClient } from '../../test/sse.js';
import { type Envelope, notifyBatcher } from './events.js';

describeEachDialect('live updates', (env) => {
  let base = '';
  const clients: SseClient[] = [];
  beforeAll(async () => {
    await env.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    for (const c of clients) c.close();
  });
  const connect = async (b: Browser | null) => {
    const c = await openSse(`${base}/events`, b ? { cookie: b.cookieHeader } : {});
    clients.push(c);
    return c;
  };
  const signedIn = async (roles: ('admin' | 'manager' | 'operator')[]) => {
    const u = await makeUser(env, { roles });
    const b = new Browser(env.app);
    await b.login(u.username, u.password);
    return b;
  };

  it('refuses the stream without a session', async () => {
    const c = await connect(null);
    expect(c.status).toBe(401);
  });

  it('delivers an announcement to its audience only, live', async () => {
    const admin = await signedIn(['admin']);
    const manager = await signedIn(['manager']);
    const operator = await signedIn(['operator']);
    const mgrStream = await connect(manager);
    const opStream = await connect(operator);
    expect(mgrStream.status).toBe(200);

    const res = await admin.post('/admin/announcements', {
      text: 'Managers: meeting at 15:00',
      audience: 'manager',
    });
    expect(res.statusCode).toBe(303);
    const got = await mgrStream.next('announcement');
    expect(JSON.parse(got.data)).toMatchObject({ text: 'Managers: meeting at 15:00' });

    await admin.post('/admin/announcements', { text: 'Everyone: lunch', audience: 'all' });
    expect(JSON.parse((await opStream.next('announcement')).data).text).toBe('Everyone: lunch');
    // The operator never saw the managers' message.
    expect(
      opStream.events.filter((e) => e.type === 'announcement').map((e) => JSON.parse(e.data).text),
    ).toEqual(['Everyone: lunch']);
  });

  it('validates announcements and keeps them to admins and managers', async () => {
    const admin = await signedIn(['admin']);
    const empty = await admin.post('/admin/announcements', { text: '   ', audience: 'all' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('required');
    const operator = await signedIn(['operator']);
    expect((await operator.post('/admin/announcements', { text: 'hi', audience: 'all' })).statusCode).toBe(
      403,
    );
  });

  it('wires the live stream into every signed-in page', async () => {
    const b = await signedIn(['operator']);
    const page = await b.get('/welcome');
    expect(page.body).toContain('sse-connect="/events"');
    expect(page.body).toContain('hx-ext="sse"');
  });
});

describe('NOTIFY batching', () => {
  const ev = (type: string, data: unknown = {}): Envelope => ({ type, data, audience: { all: true }, at: 1 });

  it('sends the first event at once and what arrives meanwhile as one list, repeats once, in order', async () => {
    const sent: Envelope[][] = [];
    let release = () => {};
    const batcher = notifyBatcher(async (payload) => {
      sent.push(JSON.parse(payload));
      await new Promise<void>((r) => {
        release = r;
      });
    });
    const first = batcher.add(ev('a'));
    expect(sent.map((b) => b.map((e) => e.type))).toEqual([['a']]);
    const rest = [
      batcher.add(ev('contacts.changed')),
      batcher.add(ev('b', { id: 1 })),
      batcher.add(ev('contacts.changed')),
      batcher.add(ev('b', { id: 2 })),
    ];
    release();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(sent.map((b) => b.map((e) => `${e.type}${JSON.stringify(e.data)}`))).toEqual([
      ['a{}'],
      ['contacts.changed{}', 'b{"id":1}', 'b{"id":2}'],
    ]);
    release();
    await Promise.all(rest);
  });

  it('splits a large batch under the payload limit and refuses an oversized event', async () => {
    const sizes: number[] = [];
    let count = 0;
    const batcher = notifyBatcher(async (payload) => {
      sizes.push(Buffer.byteLength(payload));
      count += (JSON.parse(payload) as unknown[]).length;
      await new Promise((r) => setImmediate(r));
    });
    const text = 'я'.repeat(500); // 1,000 bytes in UTF-8
    await Promise.all(Array.from({ length: 40 }, (_, i) => batcher.add(ev('note', { i, text }))));
    expect(count).toBe(40);
    expect(sizes.length).toBeGreaterThan(2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(7900);
    await expect(batcher.add(ev('huge', { text: 'я'.repeat(4000) }))).rejects.toThrow(/too large/);
  });

  it('rejects the events of a failed NOTIFY and goes on with the next ones', async () => {
    let fail = true;
    const batcher = notifyBatcher(async () => {
      if (fail) throw new Error('connection lost');
    });
    await expect(batcher.add(ev('x'))).rejects.toThrow('connection lost');
    fail = false;
    await expect(batcher.add(ev('y'))).resolves.toBeUndefined();
  });
});

describe('live updates across instances [postgres]', () => {
  if (!PG_URL) {
    it.skipIf(!REQUIRE_ALL)('needs PostgreSQL', () => {
      throw new Error('TEST_DATABASE_URL is not set (REQUIRE_ALL_SUITES=1)');
    });
    return;
  }
  let a: FastifyInstance;
  let b: FastifyInstance;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await createPgDatabase();
    drop = db.drop;
    const config = loadConfig({
      DATABASE_URL: db.url,
      SESSION_SECRET: 'x'.repeat(40),
      LOG_LEVEL: 'silent',
      SOVA_DATA_DIR: `/tmp/sova-two-${process.pid}`,
    });
    a = (await buildApp({ config, logger: false })).app;
    b = (await buildApp({ config, logger: false, workers: false })).app;
    await a.listen({ host: '127.0.0.1', port: 0 });
    await b.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  it('carries an event published on instance A to an SSE client on instance B', async () => {
    // One admin; the session made on A is valid on B (same database and secret).
    const browserA = new Browser(a);
    const setup = await browserA.post('/setup', {
      username: 'boss',
      email: 'boss@example.test',
      first_name: 'Big',
      last_name: 'Boss',
      password: 'correct horse battery',
      password2: 'correct horse battery',
    });
    expect(setup.statusCode).toBe(303);
    const portB = (b.server.address() as AddressInfo).port;
    const stream = await openSse(`http://127.0.0.1:${portB}/events`, { cookie: browserA.cookieHeader });
    try {
      expect(stream.status).toBe(200);
      await browserA.post('/admin/announcements', { text: 'Hello from A', audience: 'all' });
      const got = await stream.next('announcement', 5000);
      expect(JSON.parse(got.data)).toMatchObject({ text: 'Hello from A', from: 'Big Boss' });
      // A burst travels in batched NOTIFYs: every announcement still arrives.
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          browserA.post('/admin/announcements', { text: `Burst ${i}`, audience: 'all' }),
        ),
      );
      const texts = new Set<string>();
      for (let i = 0; i < 20; i++) texts.add(JSON.parse((await stream.next('announcement', 5000)).data).text);
      expect(texts).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `Burst ${i}`)));
    } finally {
      stream.close();
    }
  });
});
