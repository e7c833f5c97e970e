import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeProcessor, type JobStatus, signCallback, startFakeProcessor } from './processor.js';

const SECRET = 'callback-shared-secret';

/** A receiver on 127.0.0.1 recording raw bodies and headers; answers `statuses` in turn, then 200. */
async function receiver(statuses: number[] = []) {
  const got: { headers: IncomingHttpHeaders; body: string; url: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url ?? '' });
      if (req.url?.startsWith('/files/'))
        res
          .writeHead(req.url.includes('sig=good') ? 200 : 403)
          .end(req.url.includes('sig=good') ? AUDIO : '');
      else res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { got, origin, close: () => new Promise((r) => server.close(r)) };
}

/** The receiving side, written independently of the fake: HMAC over `${t}.${raw body}`, 300 s window. */
function verify(headers: IncomingHttpHeaders, body: string, secret: string, nowSec = Date.now() / 1000) {
  const t = String(headers['x-sova-timestamp'] ?? '');
  const sig = String(headers['x-sova-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
  const fresh = /^\d+$/.test(t) && Math.abs(nowSec - Number(t)) <= 300;
  return fresh && sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
}

const AUDIO = Buffer.from('OggS fake audio');

let fake: FakeProcessor;
let rx: Awaited<ReturnType<typeof receiver>>;
beforeEach(async () => {
  fake = await startFakeProcessor({ secret: SECRET, callbackRetryMs: 20 });
  rx = await receiver([500]);
});
afterEach(async () => {
  await fake.close();
  await rx.close();
});

const call = (method: string, path: string, body?: object, auth = `Bearer ${fake.token}`) =>
  fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('fake queue-style processor', () => {
  it('queues a run and reports IN_QUEUE → IN_PROGRESS → COMPLETED with the output set for the file', async () => {
    fake.setOutput('audio/call_20260101_120000.ogg', {
      transcript: 'Алло',
      fields: { company_name: 'АО «Вектор»' },
    });
    fake.holdAt = 'IN_QUEUE';
    const res = await call('POST', '/run', {
      input: { file_key: 'audio/call_20260101_120000.ogg', do_clean: true, item_id: 42 },
    });
    const run = (await res.json()) as { id: string; status: string };
    expect(run.status).toBe('IN_QUEUE');
    const seen = new Set<JobStatus>();
    const poll = async () => {
      const s = (await (await call('GET', `/status/${run.id}`)).json()) as { status: JobStatus };
      seen.add(s.status);
      return s;
    };
    await poll();
    fake.holdAt = 'IN_PROGRESS';
    await fake.waitFor((f) => f.job(run.id)?.status === 'IN_PROGRESS');
    await poll();
    fake.holdAt = undefined;
    await fake.waitFor((f) => f.job(run.id)?.status === 'COMPLETED');
    expect(await poll()).toMatchObject({
      id: run.id,
      item_id: 42,
      status: 'COMPLETED',
      output: { transcript: 'Алло', fields: { company_name: 'АО «Вектор»' } },
    });
    expect([...seen]).toEqual(['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED']);
    expect(fake.job(run.id)!.input).toEqual({
      file_key: 'audio/call_20260101_120000.ogg',
      do_clean: true,
      item_id: 42,
    });
    expect(fake.job(run.id)!.authorization).toBe(`Bearer ${fake.token}`);
  });

  it('refuses a missing or wrong Authorization (401), a body without input (400), an unknown job (404)', async () => {
    expect((await call('POST', '/run', { input: { file_key: 'a', item_id: 1 } }, 'Bearer nope')).status).toBe(
      401,
    );
    expect((await call('POST', '/run', { file_key: 'a' })).status).toBe(400);
    expect((await call('POST', '/run', { input: { item_id: 1 } })).status).toBe(400);
    expect((await call('GET', '/status/job-none')).status).toBe(404);
    expect((await call('POST', '/run', { input: { file_key: 'a', item_id: 1 } }, fake.token)).status).toBe(
      200,
    );
    fake.failNext('/run', 1, 503);
    expect((await call('POST', '/run', { input: { file_key: 'a', item_id: 1 } })).status).toBe(503);
    expect(fake.requests.map((r) => r.status)).toEqual([401, 400, 400, 404, 200, 503]);
  });

  it('downloads the file from the signed URL it was given, and fails the job when the URL is refused', async () => {
    const good = (await (
      await call('POST', '/run', {
        input: { file_key: 'k1', item_id: 1, file_url: `${rx.origin}/files/k1?sig=good` },
      })
    ).json()) as { id: string };
    const bad = (await (
      await call('POST', '/run', {
        input: { file_key: 'k2', item_id: 2, file_url: `${rx.origin}/files/k2?sig=old` },
      })
    ).json()) as { id: string };
    await fake.waitFor((f) => f.job(good.id)?.status === 'COMPLETED' && f.job(bad.id)?.status === 'FAILED');
    expect(fake.job(good.id)!.download!.content.equals(AUDIO)).toBe(true);
    expect(fake.job(bad.id)!.error).toBe('download failed: 403');
    expect((await (await call('GET', `/status/${bad.id}`)).json()) as object).toMatchObject({
      status: 'FAILED',
      error: 'download failed: 403',
    });
  });

  it('posts a signed callback the receiver can verify, retries a refusal, and replays the same bytes', async () => {
    fake.failJobs(1, 'no speech found');
    const run = (await (
      await call('POST', '/run', {
        input: { file_key: 'k', do_clean: false, item_id: 7 },
        webhook: `${rx.origin}/api/v1/processing/callback`,
      })
    ).json()) as { id: string };
    await fake.waitFor((f) => f.job(run.id)?.callbacks.length === 2);
    const [refused, delivered] = rx.got;
    expect(refused!.body).toBe(delivered!.body);
    expect(fake.job(run.id)!.callbacks.map((c) => c.status)).toEqual([500, 200]);
    expect(JSON.parse(delivered!.body)).toMatchObject({
      id: run.id,
      item_id: 7,
      status: 'FAILED',
      error: 'no speech found',
    });
    expect(delivered!.headers['x-sova-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verify(delivered!.headers, delivered!.body, SECRET)).toBe(true);
    expect(verify(delivered!.headers, delivered!.body, 'another-secret')).toBe(false);
    expect(verify(delivered!.headers, delivered!.body.replace('7', '8'), SECRET)).toBe(false);
    expect(verify(delivered!.headers, delivered!.body, SECRET, Date.now() / 1000 + 600)).toBe(false);
    const t = delivered!.headers['x-sova-timestamp']!;
    expect(signCallback(SECRET, String(t), delivered!.body)).toBe(delivered!.headers['x-sova-signature']);

    expect(await fake.replayCallback(run.id)).toBe(200);
    expect(rx.got[2]!.body).toBe(delivered!.body);
    expect(rx.got[2]!.headers['x-sova-signature']).toBe(delivered!.headers['x-sova-signature']);
  });
});
