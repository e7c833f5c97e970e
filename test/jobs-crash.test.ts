/**
 * The crash suite: a server killed with SIGKILL in the middle of an import, a job and an upload, then started
 * again. Within a minute the import finishes with every row exactly once, the job completes once, and the cut-off
 * upload leaves no file and no row behind. On SQLite (embedded queue) and PostgreSQL (pg-boss); the servers run
 * with a 2-second job lease and a fast spool sweep, so the whole suite takes about half a minute.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase, PG_URL, REQUIRE_ALL } from '../src/test/env.js';
import { eventually, freePort } from '../src/test/http.js';

const bundle = join('dist', 'test-fixtures', 'job-worker.mjs');
const IMPORT_ROWS = 40_000;

beforeAll(async () => {
  await build({
    entryPoints: ['test/fixtures/job-worker.ts'],
    outfile: bundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'error',
  });
});

function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bundle], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', JOB_CONCURRENCY: '4', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);

/** Every file in the spool, in any process's directory, their liveness markers aside. */
const spoolFiles = (dir: string) =>
  existsSync(join(dir, 'spool'))
    ? readdirSync(join(dir, 'spool'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name !== '.alive')
        .map((e) => join(e.parentPath, e.name))
    : [];

/** One query against the server's database from outside, on either dialect. */
type Query = <R>(text: string) => Promise<R[]>;

function crashSuite(dialect: 'sqlite' | 'postgres') {
  describe(`a server killed mid-work [${dialect}]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'sova-crash-'));
    const marker = join(dir, 'marker.log');
    const env: Record<string, string> = { SOVA_DATA_DIR: dir, MARKER_FILE: marker };
    let base = '';
    let drop: (() => Promise<void>) | undefined;
    let client: pg.Client | undefined;
    const children: ChildProcess[] = [];
    let query: Query;
    /** Seconds from the restart until all the interrupted work was done (undefined: not within a minute). */
    let recoveredIn: number | undefined;
    let killedAt: { processed: number; spooled: string[] };

    const importRow = async () =>
      (
        await query<{ state: string; processed_rows: number }>('select state, processed_rows from imports')
      )[0];

    beforeAll(async () => {
      env.PORT = String(await freePort());
      base = `http://127.0.0.1:${env.PORT}`;
      if (dialect === 'postgres') {
        const db = await createPgDatabase();
        env.DATABASE_URL = db.url;
        drop = db.drop;
        client = new pg.Client({ connectionString: db.url });
      }
      const first = await startServer({ ...env, CRASH_SETUP: '1', IMPORT_ROWS: String(IMPORT_ROWS) });
      children.push(first);
      if (client) {
        await client.connect();
        query = async <R>(text: string) => (await client!.query(text)).rows as R[];
      } else {
        const db = new Database(join(dir, 'sova.db'), { readonly: true });
        query = async <R>(text: string) => db.prepare(text).all() as R[];
      }

      // An upload that stops half-way: its first 256 KB are sent, the rest never comes.
      const { access } = (await (
        await fetch(`${base}/api/token/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'crash', password: 'crash test password' }),
        })
      ).json()) as { access: string };
      const upload = http.request(`${base}/api/v1/files?kind=document`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${access}`,
          'content-type': 'multipart/form-data; boundary=crash',
        },
      });
      upload.on('error', () => {});
      upload.write(
        '--crash\r\nContent-Disposition: form-data; name="file"; filename="half.txt"\r\n' +
          'Content-Type: text/plain\r\n\r\n',
      );
      upload.write('half an upload\n'.repeat((256 * 1024) / 15));

      // Kill once the import has committed some batches (not all), the job runs and the upload is spooled.
      await eventually(async () => {
        const imp = await importRow();
        return (
          imp !== undefined &&
          imp.processed_rows > 0 &&
          lines(marker).some((l) => l.startsWith('start crash 1')) &&
          spoolFiles(dir).length > 0
        );
      }, 30_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      upload.destroy();
      killedAt = { processed: (await importRow())!.processed_rows, spooled: spoolFiles(dir) };

      const restartedAt = Date.now();
      const second = await startServer(env);
      children.push(second);
      try {
        await eventually(async () => {
          const imp = await importRow();
          return (
            imp?.state === 'done' &&
            lines(marker).some((l) => l.startsWith('done crash')) &&
            spoolFiles(dir).length === 0
          );
        }, 60_000);
        recoveredIn = (Date.now() - restartedAt) / 1000;
      } catch {
        // Left undefined: the tests below say what did not recover.
      }
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    }, 120_000);

    afterAll(async () => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await client?.end();
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('was killed with the import half-way, the job running and the upload half-spooled', () => {
      expect(killedAt.processed).toBeGreaterThan(0);
      expect(killedAt.processed).toBeLessThan(IMPORT_ROWS);
      expect(lines(marker).filter((l) => l.startsWith('start crash 1'))).toHaveLength(1);
      expect(killedAt.spooled).toHaveLength(1);
    });

    it('recovers within a minute of the restart', () => {
      expect(recoveredIn).toBeDefined();
      expect(recoveredIn).toBeLessThan(60);
    });

    it('takes the killed import back and finishes it with every row exactly once', async () => {
      expect(await importRow()).toMatchObject({ state: 'done', processed_rows: IMPORT_ROWS });
      const [orders] = await query<{ n: number; products: number }>(
        'select count(*) as n, count(distinct product) as products from orders',
      );
      expect(Number(orders!.n)).toBe(IMPORT_ROWS);
      expect(Number(orders!.products)).toBe(IMPORT_ROWS);
    });

    it('runs the killed job again and completes it once', () => {
      const log = lines(marker);
      expect(log.filter((l) => l.startsWith('start crash'))).toHaveLength(2);
      expect(log.filter((l) => l.startsWith('done crash'))).toHaveLength(1);
    });

    it('leaves no file and no row of the cut-off upload, and no job unfinished', async () => {
      expect(spoolFiles(dir)).toEqual([]);
      const files = await query<{ original_name: string }>('select original_name from files');
      expect(files.map((f) => f.original_name)).toEqual(['crash.csv']);
      // Nothing running or failed; only files.store's safety net may still wait (the file is stored already).
      const open = await query<{ name: string; state: string }>(
        dialect === 'sqlite'
          ? "select name, state from jobs where state <> 'done'"
          : "select name, state::text from pgboss.job where name not like '\\_\\_pgboss%' and state <> 'completed'",
      );
      expect(
        open.filter((j) => j.name !== 'files.store' || !['queued', 'created'].includes(j.state)),
      ).toEqual([]);
    });
  });
}

crashSuite('sqlite');
if (PG_URL) crashSuite('postgres');
else if (REQUIRE_ALL) {
  describe('a server killed mid-work [postgres]', () => {
    it('needs PostgreSQL (REQUIRE_ALL_SUITES=1 but TEST_DATABASE_URL is not set)', () => {
      throw new Error('TEST_DATABASE_URL is not set');
    });
  });
}
