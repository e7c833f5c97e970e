/**
 * Uploads through the API: type from content, size limits, ranges, who may read, clean names, files on disk for
 * their owner only, the spool swept of what crashes left, and an S3 outage that loses nothing.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type TestEnv } from '../../test/env.js';
import {
  Browser,
  countRows,
  eventually,
  freePort,
  makeJobsDue,
  makeUser,
  multipart,
} from '../../test/http.js';
import { type LocalS3, startS3 } from '../../test/s3.js';
import { storeFile } from './files.service.js';

/** Every file in the spool, in any process's directory (their liveness markers aside). */
const spoolFiles = (dataDir: string) =>
  readdirSync(join(dataDir, 'spool'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== '.alive')
    .map((e) => e.name);

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f9e3c10000000049454e44ae426082',
  'hex',
);

/** One second of 8 kHz mono silence as a WAV file. */
function wav(seconds = 1): Buffer {
  const data = Buffer.alloc(8000 * seconds * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

async function upload(
  env: TestEnv,
  b: Browser,
  kind: string,
  filename: string,
  content: Buffer,
  type?: string,
) {
  const { payload, headers } = multipart(filename, content, type);
  return env.app.inject({
    method: 'POST',
    url: `/api/v1/files?kind=${kind}`,
    payload,
    headers: { ...headers, cookie: b.cookieHeader, 'x-csrf-token': b.csrf },
  });
}

async function signedIn(env: TestEnv, roles: ('admin' | 'manager' | 'operator')[]) {
  const user = await makeUser(env, { roles });
  const b = new Browser(env.app);
  await b.login(user.username, user.password);
  return b;
}

describeEachDialect(
  'files',
  (env) => {
    it('stores an upload with its type detected from the content, not the name or header', async () => {
      const b = await signedIn(env, ['operator']);
      const res = await upload(env, b, 'audio', 'call.mp3', wav(), 'image/png');
      expect(res.statusCode).toBe(201);
      const file = res.json();
      expect(file).toMatchObject({ kind: 'audio', name: 'call.mp3', size: wav().length, state: 'stored' });
      expect(file.mime_type).toMatch(/^audio\/(wav|vnd\.wave|x-wav)$/);
      expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
      const content = await b.get(file.content_url);
      expect(content.statusCode).toBe(200);
      expect(content.rawPayload.equals(wav())).toBe(true);
      expect(content.headers['content-type']).toBe(file.mime_type);
      expect(content.headers['accept-ranges']).toBe('bytes');
    });

    it('serves a file its store job has just moved, before the record says it is stored', async () => {
      const b = await signedIn(env, ['operator']);
      const file = (await upload(env, b, 'audio', 'moving.wav', wav())).json();
      // The content is in the store and gone from the spool, but the record still says pending: the moment
      // between the job's move and its update.
      await env.deps.db.updateTable('files').set({ state: 'pending' }).where('id', '=', file.id).execute();
      const content = await b.get(file.content_url);
      expect(content.statusCode).toBe(200);
      expect(content.rawPayload.equals(wav())).toBe(true);
      const part = await b.get(file.content_url, { range: 'bytes=100-199' });
      expect(part.statusCode).toBe(206);
      expect(part.rawPayload.equals(wav().subarray(100, 200))).toBe(true);
    });

    it('serves byte ranges so audio can seek, and refuses ranges past the end', async () => {
      const b = await signedIn(env, ['operator']);
      const file = (await upload(env, b, 'audio', 'seek.wav', wav())).json();
      const part = await b.get(file.content_url, { range: 'bytes=100-199' });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 100-199/${file.size}`);
      expect(part.rawPayload.equals(wav().subarray(100, 200))).toBe(true);
      const tail = await b.get(file.content_url, { range: 'bytes=-10' });
      expect(tail.statusCode).toBe(206);
      expect(tail.rawPayload.length).toBe(10);
      const past = await b.get(file.content_url, { range: `bytes=${file.size + 5}-` });
      expect(past.statusCode).toBe(416);
      expect(past.headers['content-range']).toBe(`bytes */${file.size}`);
    });

    it('refuses content of the wrong type with 415 and writes nothing', async () => {
      const b = await signedIn(env, ['operator']);
      const before = await countRows(env, 'files');
      const res = await upload(env, b, 'audio', 'song.mp3', PNG, 'audio/mpeg');
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ code: 'file.type_refused' });
      expect(res.json().detail).toContain('image/png');
      const empty = await upload(env, b, 'document', 'empty.txt', Buffer.alloc(0));
      expect(empty.statusCode).toBe(415);
      expect(await countRows(env, 'files')).toBe(before);
      expect(spoolFiles(env.config.dataDir)).toEqual([]);
    });

    it('refuses an upload over the kind’s limit with 413 and leaves nothing behind', async () => {
      const b = await signedIn(env, ['operator']);
      const before = await countRows(env, 'files');
      const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024 + 10, 7)]);
      const res = await upload(env, b, 'image', 'huge.png', big);
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'file.too_large' });
      expect(res.json().detail).toContain('1 MB');
      expect(await countRows(env, 'files')).toBe(before);
      expect(spoolFiles(env.config.dataDir)).toEqual([]);
    });

    it('strips right-to-left overrides, isolates and other invisible characters from file names', async () => {
      const b = await signedIn(env, ['operator']);
      const names = {
        'invoice\u202efdp.exe': 'invoicefdp.exe',
        '\u2067report\u2069\u200b.txt\u200f': 'report.txt',
        'line\u2028break\u0085\u009b.txt': 'linebreak.txt',
        'e\u0301té.txt': 'été.txt',
      };
      for (const [sent, kept] of Object.entries(names)) {
        const res = await upload(env, b, 'document', sent, Buffer.from('plain text'));
        expect(res.statusCode).toBe(201);
        expect(res.json().name).toBe(kept);
        const content = await b.get(res.json().content_url);
        expect(String(content.headers['content-disposition'])).not.toMatch(/%E2%80%AE|\u202e/i);
      }
    });

    it('answers a request that is not multipart with 415, and an unknown kind with 400', async () => {
      const b = await signedIn(env, ['operator']);
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/v1/files?kind=document',
        payload: { file: 'x' },
        headers: { cookie: b.cookieHeader, 'x-csrf-token': b.csrf },
      });
      expect(res.statusCode).toBe(415);
      const { payload, headers } = multipart('a.txt', Buffer.from('hello'));
      const bad = await env.app.inject({
        method: 'POST',
        url: '/api/v1/files?kind=executable',
        payload,
        headers: { ...headers, cookie: b.cookieHeader, 'x-csrf-token': b.csrf },
      });
      expect(bad.statusCode).toBe(400);
    });

    it('shows a file only to its uploader, managers and admins', async () => {
      const owner = await signedIn(env, ['operator']);
      const file = (await upload(env, owner, 'document', 'заметки.txt', Buffer.from('Привет, мир'))).json();
      expect(file.mime_type).toBe('text/plain');
      const other = await signedIn(env, ['operator']);
      expect((await other.get(`/api/v1/files/${file.id}`)).statusCode).toBe(404);
      expect((await other.get(file.content_url)).statusCode).toBe(404);
      const manager = await signedIn(env, ['manager']);
      const seen = await manager.get(file.content_url);
      expect(seen.statusCode).toBe(200);
      expect(seen.body).toBe('Привет, мир');
      expect(seen.headers['content-disposition']).toContain(
        "filename*=UTF-8''%D0%B7%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B8.txt",
      );
      const anonymous = await env.app.inject({ method: 'GET', url: file.content_url });
      expect(anonymous.statusCode).toBe(401);
      // Another operator may not delete it; the owner may, and the object goes with a job.
      expect(
        (
          await env.app.inject({
            method: 'DELETE',
            url: `/api/v1/files/${file.id}`,
            headers: { cookie: other.cookieHeader, 'x-csrf-token': other.csrf },
          })
        ).statusCode,
      ).toBe(404);
      const del = await env.app.inject({
        method: 'DELETE',
        url: `/api/v1/files/${file.id}`,
        headers: { cookie: owner.cookieHeader, 'x-csrf-token': owner.csrf },
      });
      expect(del.statusCode).toBe(204);
      await env.deps.jobs.drain();
      const row = await env.deps.db
        .selectFrom('files')
        .select('id')
        .where('id', '=', file.id)
        .executeTakeFirst();
      expect(row).toBeUndefined();
    });

    it('downloads files served as attachments unless they are safe to show inline', async () => {
      const b = await signedIn(env, ['operator']);
      const png = (await upload(env, b, 'image', 'p.png', PNG)).json();
      expect((await b.get(png.content_url)).headers['content-disposition']).toMatch(/^inline/);
      const { payload, headers } = multipart('sheet.csv', Buffer.from('name;phone\nA;1\n'));
      const csv = await env.app.inject({
        method: 'POST',
        url: '/api/v1/files?kind=import',
        payload,
        headers: { ...headers, cookie: b.cookieHeader, 'x-csrf-token': b.csrf },
      });
      expect(csv.json().mime_type).toBe('text/csv');
      expect((await b.get(csv.json().content_url)).headers['content-disposition']).toMatch(/^attachment/);
    });

    it('sweeps the spool files uploads cut off by a crash left, and still stores a pending one', async () => {
      const b = await signedIn(env, ['operator']);
      const file = (await upload(env, b, 'audio', 'left.wav', wav())).json();
      const row = await env.deps.db
        .selectFrom('files')
        .selectAll()
        .where('id', '=', file.id)
        .executeTakeFirstOrThrow();
      // A process that died a while ago: in its spool directory, an upload cut off before its row, and a
      // recorded upload it had not moved to storage yet.
      const spool = join(env.config.dataDir, 'spool');
      const dead = join(spool, 'gone-4242-deadbeef');
      mkdirSync(dead, { recursive: true });
      writeFileSync(join(dead, 'audio_2026_12_00000000-0000-4000-8000-000000000000'), 'partial');
      const pendingName = row.storageKey.replaceAll('/', '_');
      renameSync(join(env.config.dataDir, 'files', row.storageKey), join(dead, pendingName));
      await env.deps.db.updateTable('files').set({ state: 'pending' }).where('id', '=', file.id).execute();
      writeFileSync(join(dead, '.alive'), '');
      utimesSync(join(dead, '.alive'), new Date(0), new Date(0));
      // And a partial upload of an older version, flat in the spool, untouched for long.
      writeFileSync(join(spool, 'import_2026_11_00000000-0000-4000-8000-000000000001'), 'partial');
      utimesSync(
        join(spool, 'import_2026_11_00000000-0000-4000-8000-000000000001'),
        new Date(0),
        new Date(0),
      );

      await eventually(async () => spoolFiles(env.config.dataDir).length === 1, 5000);
      expect(spoolFiles(env.config.dataDir)).toEqual([pendingName]);
      await storeFile(env.ctx(), file.id);
      expect(spoolFiles(env.config.dataDir)).toEqual([]);
      await eventually(async () => !existsSync(dead), 5000);
      const content = await b.get(file.content_url);
      expect(content.rawPayload.equals(wav())).toBe(true);
    });
  },
  // The suite signs in more often than a person may in a minute.
  { UPLOAD_MAX_MB_IMAGE: '1', LOGIN_RATE_LIMIT: '100' },
  { spool: { touchMs: 100, staleMs: 1000, sweepMs: 200 } },
);

/** A free TCP port on 127.0.0.1 with nothing listening (yet). */
const s3Port = await freePort();
const s3Env = {
  STORAGE_DRIVER: 's3',
  S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
  S3_BUCKET: 'sova-test',
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
  S3_FORCE_PATH_STYLE: 'true',
};

describeEachDialect(
  'files when S3 is down',
  (env) => {
    let s3: LocalS3 | undefined;
    beforeAll(async () => {
      await sql`select 1`.execute(env.deps.db);
    });
    afterAll(async () => {
      await s3?.close();
    });

    const makeDue = () => makeJobsDue(env);
    const fileRow = (id: number) =>
      env.deps.db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('keeps the upload, shows the reason, fails after the last try, and stores it on retry', async () => {
      const b = await signedIn(env, ['admin']);
      const res = await upload(env, b, 'audio', 'outage.wav', wav());
      expect(res.statusCode).toBe(201);
      const file = res.json();
      expect(file.state).toBe('pending');
      expect(file.error).toBeTruthy();
      // Still playable from this machine while the store is away.
      const early = await b.get(file.content_url, { range: 'bytes=0-3' });
      expect(early.statusCode).toBe(206);
      expect(early.body).toBe('RIFF');

      // Every try fails while S3 stays down; after the last one the file is `failed`, with the reason.
      const failed = await eventually(async () => {
        await makeDue();
        const row = await fileRow(file.id);
        return row.state === 'failed' ? row : undefined;
      }, 60_000);
      expect(failed.error).toBeTruthy();
      const page = await b.get('/admin/jobs?state=failed');
      expect(page.body).toContain('files.store');
      const job = (await env.deps.jobs.list({ state: 'failed' }, { page: 1, perPage: 50 })).items.find(
        (j) => j.name === 'files.store' && (j.payload as { fileId: number }).fileId === file.id,
      );
      expect(job).toBeDefined();

      // The store comes back; the admin retries; the file is stored and reads from S3.
      s3 = await startS3(s3Port);
      expect((await b.post(`/admin/jobs/${job!.id}/retry`)).statusCode).toBe(303);
      const stored = await eventually(async () => {
        const row = await fileRow(file.id);
        return row.state === 'stored' ? row : undefined;
      }, 30_000);
      expect(stored.error).toBeNull();
      expect(existsSync(join(env.config.dataDir, 'spool', stored.storageKey.replaceAll('/', '_')))).toBe(
        false,
      );
      const content = await b.get(file.content_url);
      expect(content.statusCode).toBe(200);
      expect(content.rawPayload.equals(wav())).toBe(true);
    });
  },
  s3Env,
);

describeEachDialect(
  'files on disk',
  (env) => {
    afterAll(() => rmSync(dirname(env.config.dataDir), { recursive: true, force: true }));

    it('creates the data directory, the database and uploaded files readable by their owner only', async () => {
      const b = await signedIn(env, ['operator']);
      const file = (await upload(env, b, 'document', 'private.txt', Buffer.from('salaries'))).json();
      const row = await env.deps.db
        .selectFrom('files')
        .select('storageKey')
        .where('id', '=', file.id)
        .executeTakeFirstOrThrow();
      const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
      const data = env.config.dataDir;
      expect(mode(data)).toBe('700');
      if (env.dialect === 'sqlite') {
        for (const f of ['sova.db', 'sova.db-wal', 'sova.db-shm'])
          expect([f, mode(join(data, f))]).toEqual([f, '600']);
      }
      expect(mode(join(data, 'secret.key'))).toBe('600');
      expect(mode(join(data, 'files'))).toBe('700');
      expect(mode(join(data, 'files', row.storageKey.split('/')[0]!))).toBe('700');
      expect(mode(join(data, 'files', row.storageKey))).toBe('600');
      expect(mode(join(data, 'spool'))).toBe('700');
    });
  },
  // A data directory that does not exist yet: Sova creates it.
  { SOVA_DATA_DIR: join(tmpdir(), `sova-modes-${process.pid}-${Date.now()}`, 'data') },
);
