// `npm run bench -- --only calls [--db postgres]`: seed 004's workload. Seeds (once, then reused) a demo campaign
// of 100,000 companies with 100,000 calls (SQLite: BENCH_CALLS_DIR, default <tmp>/sova-bench-calls; PostgreSQL:
// BENCH_DATABASE_URL), then measures: the call queue HTML page (50 rows of 100,000 targets), streaming exports of
// the 100,000 calls (CSV and XLSX: time and RSS growth), and importing a 100,000-row CSV into a new campaign
// through the import pages, then the same file again (time and peak RSS). BENCH_CALLS_PARTS=pages,exports,import
// picks parts; BENCH_SCENARIO=text runs only the page scenarios whose name contains it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { formPost, importFile, meanwhile, measured, runOnBenchDb } from './import-run.mjs';

const TARGETS = Number(process.env.BENCH_CALL_TARGETS ?? 100_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 100_000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
/** Which parts to run (comma-separated): pages, exports, import. */
const PARTS = new Set((process.env.BENCH_CALLS_PARTS ?? 'pages,exports,import').split(','));

function seed(env) {
  const started = performance.now();
  const r = spawnSync(
    'node',
    [
      'dist/cli.js',
      'seed-demo',
      '--contacts',
      '0',
      '--orders',
      '0',
      '--no-reports',
      '--call-targets',
      String(TARGETS),
      '--calls',
      String(CALLS),
    ],
    { env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`seed-demo failed: ${r.stdout}`);
  process.stdout.write(r.stdout);
  return performance.now() - started;
}

/**
 * Deletes what the import part added (its campaign, with its targets, and the companies of its phones), so that
 * every run imports into a database of the same size: left in place, each run would add 100,000 companies and
 * make the next one slower.
 */
async function removeImported(postgres, dataDir, campaignId, run) {
  const statements = [
    ['delete from call_campaigns where id = $1', [Number(campaignId)]],
    ['delete from companies where phone like $1', [`+9${run} %`]],
  ];
  await runOnBenchDb(postgres, dataDir, statements, ['companies', 'campaign_targets']);
}

export async function benchCalls({ startSova, rssMb, connections, duration, postgres }) {
  const dataDir = process.env.BENCH_CALLS_DIR ?? join(tmpdir(), 'sova-bench-calls');
  mkdirSync(dataDir, { recursive: true });
  const env = { ...process.env, SOVA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  if (postgres) env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  else delete env.DATABASE_URL;
  console.log(
    `seeding (once) a campaign of ${TARGETS.toLocaleString('en')} companies and ${CALLS.toLocaleString('en')} calls…`,
  );
  const seedMs = seed(env);
  const sova = await startSova({ UPLOAD_MAX_MB_IMPORT: '200' }, { postgres, dataDir });
  const cookie = { cookie: sova.cookie };
  const campaigns = await (await fetch(`${sova.base}/api/v1/call-campaigns`, { headers: cookie })).json();
  const demo = campaigns.items.find((c) => c.name.startsWith('Démo'));
  if (!demo) throw new Error('demo campaign missing');

  const rows = [];
  for (const [name, url] of !PARTS.has('pages')
    ? []
    : [
        ['call queue page (GET /call-campaigns/:id, 50 of 100k)', `${sova.base}/call-campaigns/${demo.id}`],
        ['call queue page, filtered by state (done)', `${sova.base}/call-campaigns/${demo.id}?state=done`],
        ['call queue page, page 1000', `${sova.base}/call-campaigns/${demo.id}?page=1000`],
        ['call log page (GET /calls, 25 rows)', `${sova.base}/calls`],
      ].filter(([name]) => !process.env.BENCH_SCENARIO || name.includes(process.env.BENCH_SCENARIO))) {
    // One second unmeasured first: the figures are steady state, not JIT warm-up or first connections and plans.
    await autocannon({ url, headers: cookie, connections, duration: 1 });
    const r = await autocannon({ url, headers: cookie, connections, duration });
    rows.push({
      scenario: name,
      'req/s': Math.round(r.requests.average),
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      errors: r.errors + r.non2xx,
    });
    process.stdout.write(`done: ${name}\n`);
  }

  const exports = [];
  for (const format of PARTS.has('exports') ? ['csv', 'xlsx'] : []) {
    const m = await measured(sova.pid, rssMb, async () => {
      const res = await fetch(`${sova.base}/calls/export?campaign=${demo.id}&format=${format}`, {
        headers: cookie,
      });
      let bytes = 0;
      for await (const chunk of res.body) bytes += chunk.length;
      return { status: res.status, bytes };
    });
    exports.push({
      export: `${CALLS.toLocaleString('en')} calls, ${format}`,
      status: m.result.status,
      MB: (m.result.bytes / 1024 / 1024).toFixed(1),
      seconds: (m.ms / 1000).toFixed(2),
      'RSS growth MB': Math.round(m.peak - m.base),
    });
  }

  // Import: a fresh campaign, a 100,000-row CSV of seed 004's columns through the import pages. Phones are new
  // to this run (so the companies are created), then the same file is imported again into the same campaign
  // ("append / update by phone": every row known, nothing changed).
  const tmp = mkdtempSync(join(tmpdir(), 'sova-bench-import-'));
  const run = String(Date.now() % 100_000).padStart(5, '0');
  const lines = ['nom;telephone;produit;activite;localisation;forme;niu;score;etat'];
  for (let i = 0; i < IMPORT_ROWS; i++)
    lines.push(
      `Entreprise Import ${i};+9${run} ${String(i).padStart(7, '0')};Cacao;Transformation;Douala;SARL;N${i};${(i % 100) / 10};pending`,
    );
  const csvPath = join(tmp, 'entreprises.csv');
  writeFileSync(csvPath, `${lines.join('\r\n')}\r\n`);
  const csvBytes = readFileSync(csvPath).length;
  const made = await fetch(
    `${sova.base}/call-campaigns`,
    formPost(sova, { name: `Bench import ${Date.now()}` }),
  );
  const campaignId = /\/call-campaigns\/(\d+)/.exec(made.headers.get('location') ?? '')?.[1];
  // Meanwhile an operator reloads the demo campaign's call queue: how long they wait while the import (one
  // transaction for the whole file) runs.
  const importOnce = () =>
    meanwhile(`${sova.base}/call-campaigns/${demo.id}`, { headers: cookie }, () =>
      importFile(sova, rssMb, { entity: 'call_targets', scope: campaignId, csvPath }),
    );
  const imports = [];
  for (const what of PARTS.has('import') ? ['new companies', 'same file again (update by phone)'] : []) {
    const { result: m, waits } = await importOnce();
    imports.push({
      import: what,
      seconds: (m.ms / 1000).toFixed(2),
      result: m.result,
      'RSS MB': `${Math.round(m.base)} → ${Math.round(m.peak)}`,
      'call queue meanwhile, p50 / p99 / max ms': waits,
    });
    process.stdout.write(`done: import, ${what}\n`);
  }
  rmSync(tmp, { recursive: true, force: true });
  await sova.stop();
  if (PARTS.has('import')) await removeImported(postgres, dataDir, campaignId, run);

  console.log(
    `\nSova calls bench — ${postgres ? 'postgres' : 'sqlite'}, ${TARGETS.toLocaleString('en')} targets, ` +
      `${CALLS.toLocaleString('en')} calls, ${connections} connections, ${duration} s per scenario, node ${process.version}`,
  );
  console.log(`seed-demo (skips what is there): ${(seedMs / 1000).toFixed(1)} s`);
  console.table(rows);
  console.log('Exports (streamed, one request each)');
  console.table(exports);
  console.log(
    `Import of a ${IMPORT_ROWS.toLocaleString('en')}-row CSV (${(csvBytes / 1024 / 1024).toFixed(1)} MB) into a new ` +
      'campaign, from "start" to done (includes up to 0.1 s of polling):',
  );
  console.table(imports);
}
