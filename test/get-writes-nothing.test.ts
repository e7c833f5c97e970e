/**
 * GET never changes state (issue 24, item 8): a link — from another site, an old bookmark, a prefetching
 * browser — must not write. With an admin signed in and every kind of row present, every registered GET route is
 * requested and the whole database compared before and after each one.
 *
 * Documented exceptions, left out of the comparison:
 * - `activity_log` rows `export.downloaded`: an export is recorded (who took which data), it changes no data;
 * - `sessions.last_seen_at` / `expires_at`: the sliding expiry of the session making the request (written at
 *   most every 5 minutes);
 * - `api_tokens.last_used_at`: when a token was last used (at most every few minutes; this walk uses a session).
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { seedDemoCalls } from '../src/modules/demo/demo.calls.js';
import { seedDemo } from '../src/modules/demo/demo.service.js';
import { describeEachDialect, type TestEnv } from '../src/test/env.js';
import { Browser, makeUser } from '../src/test/http.js';
import { concrete, registeredRoutes } from '../src/test/routes.js';

/** Streams that stay open by design; they only read (events published by writes elsewhere). */
const STREAMS = new Set(['/events']);

/** Per table, the columns a GET may write (rows come back camel-cased). */
const IGNORED_COLUMNS: Record<string, string[]> = {
  sessions: ['lastSeenAt', 'expiresAt'],
  api_tokens: ['lastUsedAt'],
};

async function tableNames(env: TestEnv): Promise<string[]> {
  const rows =
    env.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%' order by name`.execute(env.deps.db)
      : await sql<{ name: string }>`select table_schema || '.' || table_name as name
          from information_schema.tables
          where table_type = 'BASE TABLE' and (table_schema = 'public' or (table_schema = 'pgboss' and table_name = 'job'))
          order by 1`.execute(env.deps.db);
  return rows.rows.map((r) => r.name);
}

/** Every row of every table as text, minus the documented exceptions. */
async function snapshot(env: TestEnv, tables: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const table of tables) {
    const name = table.split('.').pop()!;
    const ref = table.includes('.') ? sql.table(table) : sql.table(name);
    const { rows } = await sql<Record<string, unknown>>`select * from ${ref}`.execute(env.deps.db);
    const kept = rows
      .filter((r) => !(name === 'activity_log' && r.action === 'export.downloaded'))
      .map((r) => {
        const row = { ...r };
        for (const c of IGNORED_COLUMNS[name] ?? []) delete row[c];
        return JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
      })
      .sort();
    out.set(table, kept);
  }
  return out;
}

function differences(before: Map<string, string[]>, after: Map<string, string[]>): string[] {
  const diff: string[] = [];
  for (const [table, rows] of after) {
    const old = new Set(before.get(table) ?? []);
    const now = new Set(rows);
    const added = rows.filter((r) => !old.has(r));
    const gone = [...old].filter((r) => !now.has(r));
    if (added.length || gone.length)
      diff.push(`${table}: +${added.length} -${gone.length} ${(added[0] ?? gone[0] ?? '').slice(0, 200)}`);
  }
  return diff;
}

describeEachDialect(
  'GET requests',
  (env) => {
    let admin: Browser;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const ctx = env.ctx();
      const u = await makeUser(env, { roles: ['admin'] });
      admin = new Browser(env.app);
      await admin.login(u.username, u.password);
      await seedDemo(ctx, { contacts: 12, orders: 20, reports: true });
      await seedDemoCalls(ctx, { targets: 8, calls: 3 });
      // One of each other kind of row a page shows: a note, a department, an announcement, a token, an upload
      // and the import it starts.
      await admin.post('/contacts/1/notes', { body: 'Called back' });
      await admin.post('/admin/departments/new', { name: 'Sales' });
      await admin.post('/admin/announcements', { text: 'Hello', audience: 'all' });
      await admin.post('/account/tokens', { name: 'script', scope: 'read' });
      const csv = Buffer.from('first_name,last_name,email\nAnn,Lee,ann@example.test\n');
      await admin.upload('/imports', { entity: 'contacts' }, { name: 'contacts.csv', content: csv });
      // A target nobody has called or taken, for the call form.
      const pending = await env.deps.db
        .selectFrom('campaignTargets')
        .select('id')
        .where('state', '=', 'pending')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      ids.target = String(pending.id);
    });

    it('change nothing in the database, on any route', async () => {
      const tables = await tableNames(env);
      const routes = registeredRoutes(env.app).filter((r) => r.method === 'GET' && !STREAMS.has(r.url));
      expect(routes.length).toBeGreaterThan(80);
      const writes: string[] = [];
      let before = await snapshot(env, tables);
      for (const { url } of routes) {
        const path = concrete(url, url.startsWith('/call-targets') ? { id: ids.target! } : { file: 'txt' });
        const res = await admin.get(path);
        expect(res.statusCode, path).toBeLessThan(500);
        const after = await snapshot(env, tables);
        const diff = differences(before, after);
        if (diff.length) writes.push(`GET ${path} → ${res.statusCode}: ${diff.join('; ')}`);
        before = after;
      }
      expect(writes).toEqual([]);
    });
  },
  { WORKERS: 'false' },
);
