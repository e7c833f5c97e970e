/**
 * Durability across a crash: a job whose worker process is killed with SIGKILL mid-run is taken again after
 * the restart (once its lease/expiry passes) and completes exactly once. Runs on SQLite and PostgreSQL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createRuntime } from '../src/runtime.js';
import { createPgDatabase, PG_URL, REQUIRE_ALL } from '../src/test/env.js';
import { eventually } from '../src/test/http.js';

const bundle = join('dist', 'test-fixtures', 'job-worker.mjs');

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

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bundle], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', JOB_CONCURRENCY: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);

function crashSuite(dialect: 'sqlite' | 'postgres') {
  describe(`a job killed mid-run [${dialect}]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'sova-crash-'));
    const marker = join(dir, 'marker.log');
    const env: Record<string, string> = { SOVA_DATA_DIR: dir, MARKER_FILE: marker };
    let drop: (() => Promise<void>) | undefined;
    const children: ChildProcess[] = [];

    beforeAll(async () => {
      if (dialect === 'postgres') {
        const db = await createPgDatabase();
        env.DATABASE_URL = db.url;
        drop = db.drop;
      }
    });
    afterAll(async () => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('runs again after a restart and completes once', async () => {
      const first = await startWorker({ ...env, ENQUEUE_TAG: 'crash' });
      children.push(first);
      await eventually(async () => lines(marker).some((l) => l.startsWith('start crash 1')), 15_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      expect(lines(marker).filter((l) => l.startsWith('done'))).toHaveLength(0);

      const second = await startWorker(env);
      children.push(second);
      await eventually(async () => lines(marker).some((l) => l.startsWith('done crash')), 40_000);
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));

      const log = lines(marker);
      expect(log.filter((l) => l.startsWith('start crash'))).toHaveLength(2);
      expect(log.filter((l) => l.startsWith('done crash'))).toEqual([`done crash ${second.pid}`]);

      // The queue agrees: one job, done, after two tries.
      const runtime = await createRuntime({
        config: loadConfig({ ...env, LOG_LEVEL: 'silent' }),
        logger: false,
      });
      await runtime.start({ workers: false });
      try {
        const done = await runtime.deps.jobs.list({ state: 'done' }, { page: 1, perPage: 10 });
        const job = done.items.find((j) => j.name === 'test.slow_write');
        expect(job?.attempts).toBe(2);
        const counts = await runtime.deps.jobs.counts();
        expect(counts.failed + counts.queued + counts.running).toBe(0);
      } finally {
        await runtime.stop();
      }
    });
  });
}

crashSuite('sqlite');
if (PG_URL) crashSuite('postgres');
else if (REQUIRE_ALL) {
  describe('a job killed mid-run [postgres]', () => {
    it('needs PostgreSQL (REQUIRE_ALL_SUITES=1 but TEST_DATABASE_URL is not set)', () => {
      throw new Error('TEST_DATABASE_URL is not set');
    });
  });
}
