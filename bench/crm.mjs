// `npm run bench -- --only crm [--db postgres]`: the seed 001 workload on 100,000 contacts and 1,000,000 orders.
// The data is made once by `sova seed-demo` (SQLite: BENCH_CRM_DIR, default <tmp>/sova-bench-crm; PostgreSQL:
// BENCH_DATABASE_URL) and reused by later runs. Every HTTP figure is also given as a ratio to the `ceiling`: a bare
// Fastify route that returns the same 50 client rows straight from better-sqlite3 — and with the CPU time per
// request of the server process (and of PostgreSQL's), which the load generator on the same cores does not blur.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);

function seed(env) {
  const started = performance.now();
  const r = spawnSync(
    'node',
    ['dist/cli.js', 'seed-demo', '--contacts', String(CONTACTS), '--orders', String(ORDERS), '--no-reports'],
    { env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`seed-demo failed: ${r.stdout}`);
  process.stdout.write(r.stdout);
  return performance.now() - started;
}

/** CPU time (ms) a process has used so far, from /proc (user + system; 0 where there is no /proc). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** CPU time (ms) of every PostgreSQL process on this machine (the bench's database runs here). */
function postgresCpuMs() {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += cpuMs(entry);
    } catch {}
  }
  return total;
}

async function startCeiling(dbFile, freePort) {
  const port = await freePort();
  const child = spawn('node', ['bench/ceiling.mjs', dbFile, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (code) => reject(new Error(`ceiling exited ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

export async function benchCrm({ startSova, freePort, rssMb, password, connections, duration, postgres }) {
  const dataDir = process.env.BENCH_CRM_DIR ?? join(tmpdir(), 'sova-bench-crm');
  mkdirSync(dataDir, { recursive: true });
  const env = { ...process.env, SOVA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  if (postgres) env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  else delete env.DATABASE_URL;
  console.log(
    `seeding (once) ${CONTACTS.toLocaleString('en')} contacts and ${ORDERS.toLocaleString('en')} orders…`,
  );
  const seedMs = seed(env);

  const sova = await startSova({}, { postgres, dataDir });
  // The ceiling always reads SQLite; for a PostgreSQL run it reads a SQLite copy seeded the same way.
  let ceilingDb = join(dataDir, 'sova.db');
  if (postgres) {
    const sqliteDir = join(tmpdir(), 'sova-bench-crm');
    mkdirSync(sqliteDir, { recursive: true });
    const sqliteEnv = { ...process.env, SOVA_DATA_DIR: sqliteDir, LOG_LEVEL: 'warn' };
    delete sqliteEnv.DATABASE_URL;
    seed(sqliteEnv);
    ceilingDb = join(sqliteDir, 'sova.db');
  }
  const ceiling = await startCeiling(ceilingDb, freePort);

  const tokenRes = await fetch(`${sova.base}/api/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password }),
  });
  const { access } = await tokenRes.json();
  const auth = { authorization: `Bearer ${access}`, 'content-type': 'application/json' };
  const post = (path, body) => ({
    url: `${sova.base}${path}`,
    method: 'POST',
    headers: auth,
    body: JSON.stringify(body),
  });

  let created = 0;
  const stamp = Date.now();
  const scenarios = [
    { name: 'ceiling: bare Fastify + better-sqlite3, 50 rows', url: `${ceiling.base}/ceiling?start_id=100` },
    {
      name: 'client list (POST /api/clients/get/, 50 rows)',
      ...post('/api/clients/get/', { start_id: 100 }),
    },
    {
      name: 'client list, clean API (GET /api/v1/contacts?per_page=50)',
      url: `${sova.base}/api/v1/contacts?per_page=50&sort=id&order=asc`,
      headers: auth,
    },
    {
      name: 'contacts page (GET /contacts, HTML)',
      url: `${sova.base}/contacts`,
      headers: { cookie: sova.cookie },
    },
    { name: 'search "петров" (many matches)', ...post('/api/clients/get/', { search: 'петров' }) },
    { name: 'search "иван петров" (two words)', ...post('/api/clients/get/', { search: 'иван петров' }) },
    { name: 'search "+7 910" (phone)', ...post('/api/clients/get/', { search: '+7 910' }) },
    { name: 'search "zqxjv" (no match)', ...post('/api/clients/get/', { search: 'zqxjv' }) },
    {
      name: 'create client (POST /api/clients/add/)',
      url: sova.base,
      // A new client each time (autocannon builds each request through setupRequest).
      requests: [
        {
          method: 'POST',
          path: '/api/clients/add/',
          headers: auth,
          setupRequest: (req) => {
            created++;
            return {
              ...req,
              body: JSON.stringify({
                first_name: 'Бенч',
                last_name: 'Тестов',
                middle_name: '',
                mobile_phone: `+7999${String(stamp % 1000).padStart(3, '0')}${String(created).padStart(6, '0')}`,
                email: `bench.${stamp}.${created}@bench.example`,
              }),
            };
          },
        },
      ],
    },
    {
      name: 'orders by status (POST /api/orders/get/ Pending)',
      ...post('/api/orders/get/', { status: 'Pending' }),
    },
    {
      // The app's order search always has a status (Pending unless asked): a product in a fifth of the orders.
      name: 'orders search "подписка" (POST /api/orders/get/, Pending)',
      ...post('/api/orders/get/', { search: 'подписка' }),
    },
  ];

  const rows = [];
  let peak = rssMb(sova.pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(sova.pid));
  }, 50);
  let ceilingRps = 0;
  // BENCH_SCENARIO=text: only the scenarios whose name contains it (and the ceiling, for the ratio).
  const only = process.env.BENCH_SCENARIO;
  for (const s of scenarios.filter((x) => !only || x.name.startsWith('ceiling') || x.name.includes(only))) {
    const { name, ...req } = s;
    // One second unmeasured first: the figures are steady state, not JIT warm-up or first connections and plans.
    await autocannon({ ...req, connections, duration: 1 });
    const isCeiling = name.startsWith('ceiling');
    const serverPid = isCeiling ? ceiling.pid : sova.pid;
    const cpuBefore = cpuMs(serverPid);
    const dbBefore = postgres ? postgresCpuMs() : 0;
    const result = await autocannon({ ...req, connections, duration });
    // CPU per request of the server process (and of PostgreSQL): what the load generator, sharing the
    // machine's cores, does not blur (10 ms clock ticks over the whole run).
    const perRequest = (ms) => (result.requests.total ? Math.round((ms * 1000) / result.requests.total) : 0);
    const cpu = { 'server CPU µs/req': perRequest(cpuMs(serverPid) - cpuBefore) };
    if (postgres && !isCeiling) cpu['db CPU µs/req'] = perRequest(postgresCpuMs() - dbBefore);
    const rps = Math.round(result.requests.average);
    if (isCeiling) ceilingRps = rps;
    rows.push({
      scenario: name,
      'req/s': rps,
      'vs ceiling': ceilingRps ? `${Math.round((rps / ceilingRps) * 100)}%` : '',
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      errors: result.errors + result.non2xx,
      ...cpu,
    });
    process.stdout.write(`done: ${name}\n`);
  }

  // Reports: one at a time, as a person clicks "generate".
  const reportRows = [];
  for (const period of ['week', 'month', 'year']) {
    const times = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = await fetch(`${sova.base}/api/reports/new/`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ period }),
      });
      if (!r.ok) throw new Error(`report ${period}: ${r.status}`);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    reportRows.push({ period, 'median ms': Math.round(times[2]), 'max ms': Math.round(times[4]) });
  }
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(sova.pid));

  ceiling.stop();
  await sova.stop();
  console.log(
    `\nSova CRM bench — ${postgres ? 'postgres' : 'sqlite'}, ${CONTACTS.toLocaleString('en')} contacts, ` +
      `${ORDERS.toLocaleString('en')} orders, ${connections} connections, ${duration} s per scenario, node ${process.version}`,
  );
  console.log(`seed-demo (skips what is there): ${(seedMs / 1000).toFixed(1)} s`);
  console.log(`start-to-ready on this data: ${Math.round(sova.readyMs)} ms`);
  console.table(rows);
  console.log('Report generation over the data (5 each, sequential)');
  console.table(reportRows);
  console.log(`peak RSS of Sova during the run: ${Math.round(peak)} MB`);
}
