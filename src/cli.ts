/**
 * The `sova` command: serve | worker | migrate | createsuperuser | seed-demo | backup | help.
 * Run as `npx sova …` or `npm run sova -- …`.
 */
import { cp, mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import type { Database } from './database.js';
import { systemCtx } from './deps.js';
import { seedDemoCalls } from './modules/demo/demo.calls.js';
import { seedDemo } from './modules/demo/demo.service.js';
import { createSuperuser } from './modules/users/users.service.js';
import { createPrivateFile, openDb } from './platform/db/db.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { AppError } from './platform/errors.js';
import { createTranslate } from './platform/i18n/index.js';
import { createRuntime } from './runtime.js';
import { serve } from './server.js';

const HELP = `Usage: sova <command> [options]

Commands:
  serve                 start the web server (default; same as npm start)
  worker                run background jobs only, no HTTP (scale mode; pair with WORKERS=false on serve)
  migrate               apply pending database migrations and exit
  createsuperuser       create an administrator
      --username NAME --email EMAIL --password PASSWORD [--first-name X] [--last-name Y]
      (asks for whatever is missing when run in a terminal)
  seed-demo             fill the database with demo data (idempotent: existing demo data is kept)
      [--contacts N (1000)] [--orders N (5000)] [--no-reports]
      [--call-targets N (200)] [--calls N (60)]
  backup [--out DIR]    consistent online backup of the SQLite database and the files directory
  help                  this text

Settings come from the environment; see README.md and .env.example.
`;

function config() {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

async function withDb<T>(
  fn: (handle: ReturnType<typeof openDb<Database>>, cfg: ReturnType<typeof config>) => Promise<T>,
  { migrate = true } = {},
) {
  const cfg = config();
  const handle = openDb<Database>(cfg.db);
  try {
    if (migrate) await migrateToLatest(handle.db);
    return await fn(handle, cfg);
  } finally {
    await handle.close();
  }
}

async function prompt(question: string, hidden = false): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY });
  const pending = rl.question(question);
  muted = hidden;
  const answer = await pending;
  rl.close();
  if (hidden) process.stdout.write('\n');
  return answer;
}

async function createsuperuser(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
    },
  });
  const interactive = process.stdin.isTTY;
  const ask = async (value: string | undefined, q: string, hidden = false) => {
    if (value !== undefined) return value;
    if (!interactive) {
      console.error(
        `Missing ${q.replace(/:\s*$/, '').toLowerCase()} (pass it as a flag when not in a terminal).`,
      );
      process.exit(2);
    }
    return prompt(q, hidden);
  };
  const username = await ask(values.username, 'Username: ');
  const email = await ask(values.email, 'Email: ');
  let password = values.password;
  let password2 = values.password;
  if (password === undefined) {
    password = await ask(undefined, 'Password: ', true);
    password2 = await ask(undefined, 'Password (again): ', true);
  }
  const runtime = await createRuntime({ config: config(), logger: false });
  const ctx = systemCtx(runtime.deps);
  try {
    const id = await createSuperuser(ctx, {
      username,
      email,
      password,
      password2,
      first_name: values['first-name'] ?? '',
      last_name: values['last-name'] ?? '',
      position: '',
    });
    console.log(`Administrator "${username}" created (id ${id}).`);
  } catch (err) {
    if (err instanceof AppError) {
      const t = createTranslate('en');
      const lines = Object.entries(err.fields).map(
        ([f, e]) => `  ${f}: ${t.error(e.code, e.params, e.code)}`,
      );
      console.error(`Could not create the administrator:\n${lines.join('\n') || `  ${err.code}`}`);
      await runtime.stop();
      process.exit(1);
    }
    throw err;
  } finally {
    await runtime.stop();
  }
}

/** Runs job workers without HTTP (scale mode: `sova serve` with WORKERS=false plus M × `sova worker`). */
async function worker() {
  const cfg = config();
  let runtime: Awaited<ReturnType<typeof createRuntime>>;
  try {
    runtime = await createRuntime({ config: cfg });
  } catch (err) {
    console.error(`Cannot open the database: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(3);
  }
  await runtime.start({ workers: true });
  runtime.deps.log.info(
    { driver: runtime.deps.jobs.driver, concurrency: cfg.jobConcurrency },
    'sova worker ready',
  );
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    runtime.deps.log.info({ signal }, 'worker stopping');
    setTimeout(() => process.exit(1), 15_000).unref();
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** A one-line progress bar on stderr (only when it is a terminal; otherwise a line per stage at its end). */
function progressBar() {
  const tty = process.stderr.isTTY;
  let lastLine = '';
  return (stage: string, done: number, total: number) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    const line = `${stage.padEnd(9)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(pct).padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')}`;
    if (tty) process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
    else if (done >= total && line !== lastLine) process.stderr.write(`${line}\n`);
    lastLine = line;
  };
}

async function seedDemoCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      contacts: { type: 'string', default: '1000' },
      orders: { type: 'string', default: '5000' },
      'no-reports': { type: 'boolean', default: false },
      'call-targets': { type: 'string', default: '200' },
      calls: { type: 'string', default: '60' },
    },
  });
  const contacts = Number(values.contacts);
  const orders = Number(values.orders);
  const targets = Number(values['call-targets']);
  const calls = Number(values.calls);
  if (![contacts, orders, targets, calls].every((n) => Number.isSafeInteger(n) && n >= 0)) {
    console.error('--contacts, --orders, --call-targets and --calls take whole numbers.');
    process.exit(2);
  }
  const runtime = await createRuntime({ config: config(), logger: false });
  try {
    const started = Date.now();
    const added = await seedDemo(systemCtx(runtime.deps), {
      contacts,
      orders,
      reports: !values['no-reports'],
      progress: progressBar(),
    });
    const campaign = await seedDemoCalls(systemCtx(runtime.deps), {
      targets,
      calls,
      progress: progressBar(),
    });
    console.log(
      `Demo data: ${added.contacts} contacts, ${added.orders} orders, ${added.reports} reports, ` +
        `${campaign.targets} call targets and ${campaign.calls} calls added ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        (added.contacts + added.orders + added.reports + campaign.targets + campaign.calls === 0
          ? ' (it was already there)'
          : '') +
        '.',
    );
  } finally {
    await runtime.stop();
  }
}

async function backup(args: string[]) {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const cfg = config();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = resolve(values.out ?? join(cfg.dataDir, 'backups'), `sova-${stamp}`);
  await mkdir(out, { recursive: true, mode: 0o700 });
  if (cfg.db.driver === 'postgres') {
    console.log(
      'PostgreSQL: back the database up with pg_dump, e.g.\n' +
        '  pg_dump --format=custom --file=sova.dump "$DATABASE_URL"\n' +
        'and restore with pg_restore --clean --dbname "$DATABASE_URL" sova.dump.',
    );
  } else {
    const handle = openDb<Database>(cfg.db);
    try {
      let last = -1;
      createPrivateFile(join(out, 'sova.db'));
      await handle.sqlite!.backup(join(out, 'sova.db'), {
        progress: ({ totalPages, remainingPages }) => {
          const pct = totalPages ? Math.floor(((totalPages - remainingPages) / totalPages) * 100) : 100;
          if (pct !== last && pct % 10 === 0) process.stdout.write(`\rdatabase: ${pct}%`);
          last = pct;
          return 200;
        },
      });
      process.stdout.write('\rdatabase: 100%\n');
    } finally {
      await handle.close();
    }
  }
  const files = join(cfg.dataDir, 'files');
  if (await stat(files).catch(() => undefined)) {
    await cp(files, join(out, 'files'), { recursive: true });
    console.log('files: copied');
  }
  console.log(`Backup written to ${out}`);
}

const [command = 'serve', ...rest] = process.argv.slice(2);
switch (command) {
  case 'serve':
    await serve();
    break;
  case 'worker':
    await worker();
    break;
  case 'migrate': {
    const results = await withDb(async (handle) => migrateToLatest(handle.db), { migrate: false });
    console.log(results.length === 0 ? 'Database is up to date.' : `Applied ${results.length} migration(s).`);
    break;
  }
  case 'createsuperuser':
    await createsuperuser(rest);
    break;
  case 'seed-demo':
    await seedDemoCommand(rest);
    break;
  case 'backup':
    await backup(rest);
    break;
  case 'help':
  case '--help':
  case '-h':
    process.stdout.write(HELP);
    break;
  default:
    console.error(`Unknown command "${command}".\n\n${HELP}`);
    process.exit(2);
}
