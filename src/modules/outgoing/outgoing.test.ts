/** Requests to external services: signed, bounded in time, retried through jobs, every try recorded. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inTransaction } from '../../deps.js';
import { describeEachDialect } from '../../test/env.js';
import { Browser, eventually, makeJobsDue, makeUser } from '../../test/http.js';
import { deliverJob, redactUrl, signPayload } from './outgoing.service.js';

describeEachDialect(
  'outgoing requests',
  (env) => {
    let server: Server;
    let base = '';
    const received: { path: string; body: string; signatureOk: boolean }[] = [];
    let flakyCalls = 0;
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          const ts = String(req.headers['x-sova-timestamp'] ?? '');
          const signatureOk =
            req.headers['x-sova-signature'] === signPayload(env.config.outgoing.signingSecret, ts, body);
          const path = (req.url ?? '').split('?')[0]!;
          received.push({ path, body, signatureOk });
          if (path === '/ok') return res.writeHead(200).end('{"ok":true}');
          if (path === '/flaky')
            return flakyCalls++ < 2 ? res.writeHead(503).end('busy') : res.writeHead(200).end();
          if (path === '/bad') return res.writeHead(422).end('{"error":"unknown area"}');
          if (path === '/slow') return setTimeout(() => res.writeHead(200).end(), 2500);
          res.writeHead(404).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    const attempts = (purpose: string) =>
      env.deps.db
        .selectFrom('httpAttempts')
        .selectAll()
        .where('purpose', '=', purpose)
        .orderBy('id')
        .execute();
    const send = (purpose: string, path: string) =>
      inTransaction(env.ctx(), (tx) =>
        tx.jobs.enqueue(tx.db, deliverJob, {
          purpose,
          url: `${base}${path}?token=secret-value`,
          body: { upload_id: 7, text: 'Привет' },
          sign: true,
        }),
      );

    it('delivers a signed JSON body and records the try', async () => {
      await send('test.ok', '/ok');
      const rows = await eventually(async () => {
        const r = await attempts('test.ok');
        return r.length ? r : undefined;
      });
      expect(rows[0]).toMatchObject({ status: 200, error: null, attempt: 1, method: 'POST' });
      expect(rows[0]!.url).not.toContain('secret-value');
      const got = received.find((r) => r.path === '/ok')!;
      expect(got.signatureOk).toBe(true);
      expect(JSON.parse(got.body)).toEqual({ upload_id: 7, text: 'Привет' });
    });

    it('retries a busy service through the job queue until it answers', async () => {
      await send('test.flaky', '/flaky');
      const rows = await eventually(async () => {
        await makeJobsDue(env);
        const r = await attempts('test.flaky');
        return r.some((a) => a.status === 200) ? r : undefined;
      }, 30_000);
      expect(rows.map((a) => a.status)).toEqual([503, 503, 200]);
      expect(rows.map((a) => a.attempt)).toEqual([1, 2, 3]);
      expect(rows[0]!.error).toBe('busy');
    });

    it('gives up at once on an answer that retrying cannot change', async () => {
      await send('test.bad', '/bad');
      const job = await eventually(async () => {
        const failed = await env.deps.jobs.list({ state: 'failed' }, { page: 1, perPage: 50 });
        return failed.items.find((j) => (j.payload as { purpose: string }).purpose === 'test.bad');
      });
      expect(job.error).toContain('HTTP 422');
      expect((await attempts('test.bad')).map((a) => a.status)).toEqual([422]);
    });

    it('records a timeout as a failed try without an answer', async () => {
      await send('test.slow', '/slow');
      const row = await eventually(async () => (await attempts('test.slow'))[0]);
      expect(row.status).toBeNull();
      expect(row.error).toContain('timed out');
    });

    it('shows the attempts to admins only', async () => {
      const admin = await makeUser(env, { roles: ['admin'] });
      const b = new Browser(env.app);
      await b.login(admin.username, admin.password);
      const page = await b.get('/admin/outgoing?failed=1');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('test.bad');
      expect(page.body).not.toContain('test.ok');
      const op = await makeUser(env, { roles: ['operator'] });
      const ob = new Browser(env.app);
      await ob.login(op.username, op.password);
      expect((await ob.get('/admin/outgoing')).statusCode).toBe(403);
    });
  },
  { OUTGOING_TIMEOUT_SECONDS: '1' },
);

it('redacts credentials and query strings from recorded URLs', () => {
  expect(redactUrl('https://user:pw@api.example.com/v1/x?key=abc')).toBe('https://api.example.com/v1/x?…');
});
