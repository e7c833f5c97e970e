#!/usr/bin/env node
// `npm run bench`: starts the built Sova on 127.0.0.1 with a fresh data directory and loads it with autocannon.
// Prints start-to-ready time, idle RSS, and per scenario req/s, p50/p99 latency and peak RSS.
// Options: --duration SECONDS (default 10), --connections N (default 32), --db postgres (uses BENCH_DATABASE_URL).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    db: { type: 'string', default: 'sqlite' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);

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

const dataDir = mkdtempSync(join(tmpdir(), 'sova-bench-'));
const port = await freePort();
const env = {
  ...process.env,
  SOVA_DATA_DIR: dataDir,
  HOST: '127.0.0.1',
  PORT: String(port),
  LOG_LEVEL: 'warn',
  LOGIN_RATE_LIMIT: '100000',
  NODE_ENV: 'production',
};
if (values.db === 'postgres') {
  if (!process.env.BENCH_DATABASE_URL) {
    console.error('--db postgres needs BENCH_DATABASE_URL (an empty database)');
    process.exit(2);
  }
  env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
} else {
  delete env.DATABASE_URL;
}

const password = 'bench password 1';
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
if (made.status !== 0) {
  console.error(made.stderr);
  process.exit(1);
}

const base = `http://127.0.0.1:${port}`;
const started = performance.now();
const server = spawn('node', ['dist/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, rssMb(server.pid));
}, 50);

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
    console.error('Sova did not become ready within 30 s');
    server.kill('SIGKILL');
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 10));
}
await new Promise((r) => setTimeout(r, 1000));
const idleRss = rssMb(server.pid);

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
  console.error(`bench login failed: ${login.status}`);
  server.kill('SIGKILL');
  process.exit(1);
}
const cookie = `sova_csrf=${csrf}; sova_session=${session}`;

const scenarios = [
  { name: 'login page (GET /login)', url: `${base}/login` },
  { name: 'authenticated page (GET /welcome)', url: `${base}/welcome`, headers: { cookie } },
  { name: 'admin list (GET /admin/users)', url: `${base}/admin/users`, headers: { cookie } },
  {
    name: 'JWT obtain (POST /api/token/)',
    url: `${base}/api/token/`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password }),
  },
];

const rows = [];
for (const s of scenarios) {
  peak = rssMb(server.pid);
  const result = await autocannon({ ...s, connections, duration, title: s.name });
  const ok = result['2xx'];
  rows.push({
    scenario: s.name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    '2xx': ok,
    errors: result.errors + result.non2xx,
    'peak RSS MB': Math.round(peak),
  });
  process.stdout.write(`done: ${s.name}\n`);
}

clearInterval(sampler);
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });

console.log(
  `\nSova bench — ${values.db}, ${connections} connections, ${duration} s per scenario, node ${process.version}`,
);
console.log(`start-to-ready: ${Math.round(readyMs)} ms (process spawn → /readyz 200)`);
console.log(`idle RSS: ${idleRss.toFixed(1)} MB`);
console.table(rows);
