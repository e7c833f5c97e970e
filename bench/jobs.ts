/**
 * Job-queue throughput through Sova's own runtime: enqueue N no-op jobs, each in its own transaction the way a
 * service does, and time until every one has completed. Bundled and run by bench/run.mjs.
 * Prints one JSON line: { driver, jobs, enqueueMs, totalMs, perSecond }.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import { inTransaction, systemCtx } from '../src/deps.js';
import { defineJob } from '../src/platform/jobs/jobs.js';
import { createRuntime } from '../src/runtime.js';

const count = Number(process.env.BENCH_JOBS ?? 5000);
let done = 0;
const noop = defineJob('bench.noop', z.object({ n: z.number() }), async () => {
  done++;
});

const dataDir = mkdtempSync(join(tmpdir(), 'sova-bench-jobs-'));
const config = loadConfig({
  SOVA_DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  JOB_CONCURRENCY: process.env.JOB_CONCURRENCY ?? '8',
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
});
const runtime = await createRuntime({
  config,
  logger: false,
  extraJobs: [noop],
  pgBoss: { pollingIntervalSeconds: 0.5 },
});
await runtime.start({ workers: true });
const ctx = systemCtx(runtime.deps);
const started = performance.now();
for (let n = 0; n < count; n++) {
  await inTransaction(ctx, (tx) => tx.jobs.enqueue(tx.db, noop, { n }));
}
const enqueueMs = performance.now() - started;
while (done < count) await new Promise((r) => setTimeout(r, 5));
const totalMs = performance.now() - started;
await runtime.stop();
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ driver: runtime.deps.jobs.driver, jobs: count, enqueueMs: Math.round(enqueueMs), totalMs: Math.round(totalMs), perSecond: Math.round((count / totalMs) * 1000) })}\n`,
);
process.exit(0);
