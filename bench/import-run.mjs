// Shared by the bench parts that import a file through the import pages, as a person does: upload, start, then
// watch the import's page until it shows its counts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs `work` while sampling the server's RSS every 20 ms; returns its time and the RSS rise over the start. */
export async function measured(pid, rssMb, work) {
  const base = rssMb(pid);
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 20);
  const t0 = performance.now();
  const result = await work();
  const ms = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(pid));
  return { ms, base, peak, result };
}

/** A form POST with the session cookie and CSRF token of `sova` (redirects not followed). */
export const formPost = (sova, body) => ({
  method: 'POST',
  redirect: 'manual',
  headers: { cookie: sova.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ ...body, _csrf: sova.csrf }).toString(),
});

/**
 * Uploads `csvPath` as an import of `entity` (into `scope`, if any), starts it and waits for it to finish.
 * The upload is not timed; the rest is, with the server's RSS. Result: the page's counts as text.
 */
export async function importFile(sova, rssMb, { entity, scope, csvPath }) {
  const cookie = { cookie: sova.cookie };
  const data = new FormData();
  data.set('entity', entity);
  if (scope !== undefined) data.set('scope', String(scope));
  data.set('file', new Blob([readFileSync(csvPath)], { type: 'text/csv' }), csvPath.split('/').pop());
  const up = await fetch(`${sova.base}/imports`, {
    method: 'POST',
    headers: { ...cookie, 'x-csrf-token': sova.csrf, 'hx-request': 'true' },
    body: data,
  });
  const importId = /\/imports\/(\d+)/.exec(up.headers.get('hx-redirect') ?? '')?.[1];
  if (!importId) throw new Error(`import upload failed: ${up.status}`);
  return measured(sova.pid, rssMb, async () => {
    await fetch(`${sova.base}/imports/${importId}/start`, formPost(sova, {}));
    for (;;) {
      const page = await (await fetch(`${sova.base}/imports/${importId}`, { headers: cookie })).text();
      const count = (what) =>
        new RegExp(`data-count="${what}"[\\s\\S]*?stat-value[^>]*>([^<]+)<`).exec(page)?.[1]?.trim();
      const created = count('created');
      if (created) return `${created} created, ${count('updated')} updated, ${count('skipped')} unchanged`;
      if (/data-state="failed"/.test(page)) throw new Error('import failed');
      await new Promise((r) => setTimeout(r, 100));
    }
  });
}

/**
 * Runs `work` while another user requests `url` (with `init`) one request after another, 20 ms apart: how long
 * they wait while the work holds the server. Returns the work's result and those waits as "p50 / p99 / max ms".
 */
export async function meanwhile(url, init, work) {
  const waits = [];
  let running = true;
  const other = (async () => {
    while (running) {
      const t0 = performance.now();
      await (await fetch(url, init)).text();
      waits.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    return { result: await work(), waits: quantiles(waits) };
  } finally {
    running = false;
    await other;
  }
}

function quantiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return `${at(0.5)} / ${at(0.99)} / ${at(1)}`;
}

/**
 * Runs `statements` ([text with $1…, values]) on the bench's database, straight (not through Sova, which is
 * stopped or busy): PostgreSQL at BENCH_DATABASE_URL, then `vacuum analyze` of `tables`; else `dataDir`'s SQLite
 * file, with foreign keys on so deletes cascade as they do in Sova.
 */
export async function runOnBenchDb(postgres, dataDir, statements, tables) {
  if (postgres) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
    await client.connect();
    for (const [text, values] of statements) await client.query(text, values);
    await client.query(`vacuum analyze ${tables.join(', ')}`);
    await client.end();
  } else {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dataDir, 'sova.db'));
    db.pragma('foreign_keys = on');
    for (const [text, values] of statements) db.prepare(text.replaceAll(/\$\d+/g, '?')).run(...values);
    db.close();
  }
}
