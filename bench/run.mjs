#!/usr/bin/env node
// `npm run bench`: starts the built Sova on 127.0.0.1 with a fresh data directory and measures it.
// Prints start-to-ready time, idle RSS, per HTTP scenario req/s, p50/p99 latency and peak RSS (autocannon), then
// the platform figures: jobs enqueued+completed per second (SQLite, and PostgreSQL when BENCH_DATABASE_URL is
// set), a 50 MB upload/download through the files API on local storage and on S3 (s3rver on 127.0.0.1) with peak
// RSS, and SSE fan-out latency to 500 connected clients.
// Options: --duration SECONDS (default 10), --connections N (default 32), --db postgres (uses BENCH_DATABASE_URL),
// --only http|platform|crm|calls|extract (default http + platform). `extract` scores the built-in call-text extractor
// on the labelled texts in test/fixtures/extract (no server). `calls` seeds 100,000 call targets and calls and
// measures seed 004's queue page, exports and a 100,000-row import. `crm` seeds (once, then reused) 100,000 contacts and
// 1,000,000 orders and measures the seed 001 workload against a bare Fastify + better-sqlite3 ceiling.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import S3rver from 's3rver';
import { benchFile, benchJobs, benchSse, makeAudioFile } from './platform.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    db: { type: 'string', default: 'sqlite' },
    only: { type: 'string' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const password = 'bench password 1';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const rssMb = (pid) => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
};

if (values.db === 'postgres' && !process.env.BENCH_DATABASE_URL) {
  console.error('--db postgres needs BENCH_DATABASE_URL (an empty database)');
  process.exit(2);
}

/** Spawns dist/main.js with a fresh data directory and an admin; waits for /readyz and signs in. */
async function startSova(extraEnv = {}, { postgres = false, dataDir: keepDir } = {}) {
  const dataDir = keepDir ?? mkdtempSync(join(tmpdir(), 'sova-bench-'));
  const port = await freePort();
  const env = {
    ...process.env,
    SOVA_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '100000',
    NODE_ENV: 'production',
    ...extraEnv,
  };
  if (postgres) env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  else delete env.DATABASE_URL;
  const made = spawnSync(
    'node',
    [
      'dist/cli.js',
      'createsuperuser',
      '--username',
      'bench',
      '--email',
      'bench@example.test',
      '--password',
      password,
    ],
    { env, encoding: 'utf8' },
  );
  if (made.status !== 0 && !/taken/.test(made.stderr)) throw new Error(made.stderr);
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // BENCH_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = spawn('node', [...nodeArgs, 'dist/main.js'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let readyMs;
  for (;;) {
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) {
        readyMs = performance.now() - started;
        break;
      }
    } catch {}
    if (performance.now() - started > 30_000) {
      server.kill('SIGKILL');
      throw new Error('Sova did not become ready within 30 s');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  // Sign in like a browser: CSRF cookie from the login page, then the form.
  const loginPage = await fetch(`${base}/login`);
  const csrf = /sova_csrf=([^;]+)/.exec(loginPage.headers.get('set-cookie') ?? '')?.[1];
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sova_csrf=${csrf}` },
    body: new URLSearchParams({ login: 'bench', password, _csrf: csrf }).toString(),
  });
  const session = /sova_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  if (!session) {
    server.kill('SIGKILL');
    throw new Error(`bench login failed: ${login.status}`);
  }
  // A session has its own CSRF token (a keyed hash of the session): read it from a page, as a browser does.
  const home = await (
    await fetch(`${base}/welcome`, { headers: { cookie: `sova_csrf=${csrf}; sova_session=${session}` } })
  ).text();
  const sessionCsrf = /<meta name="csrf-token" content="([^"]+)"/.exec(home)?.[1] ?? csrf;
  return {
    base,
    pid: server.pid,
    readyMs,
    dataDir,
    env,
    csrf: sessionCsrf,
    cookie: `sova_csrf=${csrf}; sova_session=${session}`,
    async stop() {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      if (!keepDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

if (values.only === 'extract') {
  const { benchExtract } = await import('./extract.mjs');
  await benchExtract();
  process.exit(0);
}

if (values.only === 'calls') {
  const { benchCalls } = await import('./calls.mjs');
  await benchCalls({
    startSova,
    freePort,
    rssMb,
    password,
    connections,
    duration,
    postgres: values.db === 'postgres',
  });
  process.exit(0);
}

if (values.only === 'crm') {
  const { benchCrm } = await import('./crm.mjs');
  await benchCrm({
    startSova,
    freePort,
    rssMb,
    password,
    connections,
    duration,
    postgres: values.db === 'postgres',
  });
  process.exit(0);
}

const out = [];
const sova = await startSova({}, { postgres: values.db === 'postgres' });
await new Promise((r) => setTimeout(r, 1000));
const idleRss = rssMb(sova.pid);
out.push(`start-to-ready: ${Math.round(sova.readyMs)} ms (process spawn → /readyz 200)`);
out.push(`idle RSS: ${idleRss.toFixed(1)} MB`);
const tables = [];

if (values.only !== 'platform') {
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(sova.pid));
  }, 50);
  const scenarios = [
    { name: 'login page (GET /login)', url: `${sova.base}/login` },
    {
      name: 'authenticated page (GET /welcome)',
      url: `${sova.base}/welcome`,
      headers: { cookie: sova.cookie },
    },
    {
      name: 'admin list (GET /admin/users)',
      url: `${sova.base}/admin/users`,
      headers: { cookie: sova.cookie },
    },
    {
      name: 'JWT obtain (POST /api/token/)',
      url: `${sova.base}/api/token/`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', password }),
    },
  ];
  const rows = [];
  for (const s of scenarios) {
    peak = rssMb(sova.pid);
    const result = await autocannon({ ...s, connections, duration, title: s.name });
    rows.push({
      scenario: s.name,
      'req/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      '2xx': result['2xx'],
      errors: result.errors + result.non2xx,
      'peak RSS MB': Math.round(peak),
    });
    process.stdout.write(`done: ${s.name}\n`);
  }
  clearInterval(sampler);
  tables.push(['HTTP', rows]);
}

if (values.only !== 'http') {
  await build({
    entryPoints: ['bench/jobs.ts'],
    outfile: 'dist/bench/jobs.mjs',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'error',
  });
  tables.push([
    'Jobs: 5,000 no-op jobs, each enqueued in its own transaction, until all done',
    await benchJobs(process.env.BENCH_DATABASE_URL),
  ]);
  process.stdout.write('done: jobs\n');

  const file = await makeAudioFile(50);
  const fileRows = [{ storage: 'local', ...(await benchFile(sova, file, rssMb)) }];
  const s3dir = mkdtempSync(join(tmpdir(), 'sova-bench-s3-'));
  const s3port = await freePort();
  const s3 = new S3rver({
    address: '127.0.0.1',
    port: s3port,
    silent: true,
    directory: s3dir,
    configureBuckets: [{ name: 'sova-bench', configs: [] }],
  });
  await s3.run();
  const sovaS3 = await startSova({
    STORAGE_DRIVER: 's3',
    S3_ENDPOINT: `http://127.0.0.1:${s3port}`,
    S3_BUCKET: 'sova-bench',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: 'true',
  });
  fileRows.push({ storage: 's3 (s3rver)', ...(await benchFile(sovaS3, file, rssMb)) });
  await sovaS3.stop();
  await new Promise((r) => s3.close(r));
  rmSync(s3dir, { recursive: true, force: true });
  file.cleanup();
  tables.push(['Files: one 50 MB recording through /api/v1/files (multipart up, full download)', fileRows]);
  process.stdout.write('done: files\n');

  tables.push(['SSE fan-out: 20 announcements to 500 connected clients', [await benchSse(sova, 500, 20)]]);
  process.stdout.write('done: sse\n');
}

await sova.stop();
console.log(
  `\nSova bench — ${values.db}, ${connections} connections, ${duration} s per HTTP scenario, node ${process.version}`,
);
for (const line of out) console.log(line);
for (const [title, rows] of tables) {
  console.log(`\n${title}`);
  console.table(rows);
}
