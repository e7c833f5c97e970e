import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/test/http.js';

// Runs the built entry points (npm test builds first), as a user would from a shell.
const dataDir = mkdtempSync(join(tmpdir(), 'sova-cli-'));
const run = (file: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync('node', [file, ...args], {
    env: { PATH: process.env.PATH ?? '', SOVA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });

const createsuperuser = (username: string, email: string, password: string) =>
  run('dist/cli.js', ['createsuperuser', '--username', username, '--email', email, '--password', password]);

describe('sova command line', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start on a bad setting, naming the variable', () => {
    const badUrl = run('dist/main.js', [], { DATABASE_URL: 'mysql://db/sova' });
    expect(badUrl.status).toBe(2);
    expect(badUrl.stderr).toContain('DATABASE_URL');
    const badPort = run('dist/main.js', [], { PORT: '99999' });
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain('PORT');
    const unreachable = run('dist/main.js', [], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(unreachable.status).toBe(3);
    expect(unreachable.stderr).toContain('DATABASE_URL');
  });

  it('creates a superuser from flags, validates input, and backs up online', () => {
    const weak = createsuperuser('boss', 'boss@example.test', 'short');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('password');
    const ok = createsuperuser('boss', 'boss@example.test', 'long enough pw');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Administrator "boss" created');
    const dup = createsuperuser('BOSS', 'b2@example.test', 'long enough pw');
    expect(dup.status).toBe(1);
    expect(dup.stderr).toContain('already taken');
    const backup = run('dist/cli.js', ['backup', '--out', join(dataDir, 'backups')]);
    expect(backup.status).toBe(0);
    const folder = /Backup written to (.+)/.exec(backup.stdout)?.[1]?.trim();
    expect(folder && existsSync(join(folder, 'sova.db'))).toBe(true);
    const migrate = run('dist/cli.js', ['migrate']);
    expect(migrate.stdout).toContain('up to date');
  });

  it('seeds demo data once: a year of orders for contacts in three languages, a few reports', () => {
    const first = run('dist/cli.js', ['seed-demo']);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /1000 contacts, 5000 orders, 3 reports, 200 call targets and 60 calls added/,
    );
    expect(first.stderr).toContain('orders');
    const again = run('dist/cli.js', ['seed-demo']);
    expect(again.stdout).toContain('0 contacts, 0 orders, 0 reports, 0 call targets and 0 calls added');
    expect(again.stdout).toContain('already there');
    const db = new Database(join(dataDir, 'sova.db'), { readonly: true });
    try {
      const count = (q: string) => (db.prepare(q).get() as { n: number }).n;
      expect(count('select count(*) n from contacts')).toBe(1000);
      expect(count('select count(*) n from orders')).toBe(5000);
      expect(count('select count(*) n from reports')).toBe(3);
      // A demo call campaign: 200 companies, 60 of them called (done or waiting for a callback).
      expect(count('select count(*) n from campaign_targets')).toBe(200);
      expect(count('select count(*) n from calls')).toBe(60);
      expect(count("select count(*) n from campaign_targets where state <> 'pending'")).toBe(60);
      expect(count("select count(*) n from calls where call_status = 'accepted'")).toBeGreaterThan(5);
      expect(count("select count(*) n from contacts where email like '%.ru'")).toBeGreaterThan(300);
      expect(count("select count(*) n from contacts where email like '%.fr'")).toBeGreaterThan(200);
      expect(count("select count(*) n from contacts where last_name glob '*[а-я]*'")).toBeGreaterThan(300);
      // Spread over the year, not bunched at one end.
      const months = db.prepare('select count(distinct substr(created_at, 1, 7)) n from orders').get() as {
        n: number;
      };
      expect(months.n).toBeGreaterThanOrEqual(12);
      expect(count("select count(*) n from orders where status = 'Completed'")).toBeGreaterThan(2500);
      expect(
        count(
          'select count(*) n from orders o left join contacts c on c.id = o.contact_id where c.id is null',
        ),
      ).toBe(0);
    } finally {
      db.close();
    }
  });

  it('runs background workers without HTTP and stops cleanly on SIGTERM', async () => {
    const worker = spawn('node', ['dist/cli.js', 'worker'], {
      env: { PATH: process.env.PATH ?? '', SOVA_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    worker.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const deadline = Date.now() + 15_000;
    while (!out.includes('sova worker ready') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('"driver":"embedded"');
    worker.kill('SIGTERM');
    const code = await new Promise((r) => worker.once('exit', r));
    expect(code).toBe(0);
    const help = run('dist/cli.js', ['help']);
    expect(help.stdout).toContain('worker');
  });

  it('answers every request sent before SIGTERM on SQLite, then stops', async () => {
    const port = await freePort();
    const server = spawn('node', ['dist/main.js'], {
      env: {
        PATH: process.env.PATH ?? '',
        SOVA_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 150 && !(await fetch(`${base}/health`).catch(() => null))?.ok; i++)
      await new Promise((r) => setTimeout(r, 100));
    const { access } = (await (
      await fetch(`${base}/api/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'boss', password: 'long enough pw' }),
      })
    ).json()) as { access: string };
    // 60 keep-alive connections, each asking for an export of the demo's 5,000 orders (~65 ms of SQLite work
    // each) again and again: while the loop works, requests wait unread and connections unaccepted.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 60 });
    const answers: Record<string, number> = {};
    let sending = true;
    const ask = (via: http.Agent | false = agent) =>
      new Promise<void>((resolve) => {
        const note = (key: string) => {
          answers[key] = (answers[key] ?? 0) + 1;
          resolve();
        };
        http
          .get(
            `${base}/api/v1/orders/export?format=csv`,
            { agent: via, headers: { authorization: `Bearer ${access}` } },
            (res) => {
              res.resume();
              res.on('end', () => note(String(res.statusCode)));
              res.on('error', (err: NodeJS.ErrnoException) => note(err.code ?? err.message));
            },
          )
          .on('error', (err: NodeJS.ErrnoException) => note(err.code ?? err.message));
      });
    const clients = Array.from({ length: 60 }, async () => {
      while (sending) await ask();
    });
    await new Promise((r) => setTimeout(r, 1000));
    // Frozen for a moment, the server leaves every request sent meanwhile unread (or its connection unaccepted),
    // as a long synchronous stretch would; the stop is asked for while they wait.
    server.kill('SIGSTOP');
    // Fresh connections too, which wait in the kernel's queue until the server accepts them.
    const fresh = Array.from({ length: 20 }, () => ask(false));
    await new Promise((r) => setTimeout(r, 300));
    sending = false;
    server.kill('SIGTERM');
    server.kill('SIGCONT');
    const code = await new Promise((r) => server.once('exit', r));
    await Promise.all([...clients, ...fresh]);
    agent.destroy();
    expect(code).toBe(0);
    // Every request sent got its answer: none reset, none refused with 503.
    expect(answers).toEqual({ 200: expect.any(Number) });
  });
});
