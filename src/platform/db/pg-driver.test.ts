/**
 * The PostgreSQL split driver: the app's prepared statements outside a transaction are pipelined on one
 * connection; everything else, and everything in a transaction, runs on the pool as before.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { inTransaction } from '../../deps.js';
import { describePostgres } from '../../test/env.js';
import { isConnectionFailure } from '../errors.js';
import { Pipeline } from './pg-driver.js';
import { type Params, prepared } from './prepared.js';

/** The backend a statement ran on: prepared (hot), and the same built each time (ad hoc). */
const hotPid = prepared((db) => db.selectNoFrom(sql<number>`pg_backend_pid()`.as('pid')));
const pidOf = async (db: Parameters<typeof hotPid.executeTakeFirst>[0]) =>
  (await hotPid.executeTakeFirst(db, {}))?.pid;

const contactRow = (email: string) => ({
  firstName: 'Иван',
  lastName: 'Петров',
  middleName: '',
  mobilePhone: '+79001234567',
  email,
  status: 'lead' as const,
  assignedUserId: null,
  nextInteractionOn: null,
  searchText: 'иван петров',
  createdBy: null,
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:00:00.000Z',
});

const emailById = prepared((db, p: Params<{ id: number }>) =>
  db.selectFrom('contacts').select(['id', 'email']).where('id', '=', p.id),
);
const insertContact = prepared((db, p: Params<{ email: string }>) =>
  db
    .insertInto('contacts')
    .values({ ...contactRow('x'), email: p.email })
    .returning('id'),
);
const renameStatus = prepared((db, p: Params<{ from: 'lead'; to: 'active' }>) =>
  db.updateTable('contacts').set({ status: p.to }).where('status', '=', p.from),
);

describePostgres('PostgreSQL driver: pipelined hot statements', (env) => {
  it('runs the prepared statements outside a transaction on one pipelined connection, the rest on the pool', async () => {
    const db = env.deps.db;
    const pids = await Promise.all(Array.from({ length: 20 }, () => pidOf(db)));
    const pipelined = pids[0];
    expect(typeof pipelined).toBe('number');
    expect(new Set(pids)).toEqual(new Set([pipelined]));

    // The same statement built each time is not one of the app's prepared texts: it takes the pool.
    const adHoc = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
    expect(adHoc.rows[0]?.pid).not.toBe(pipelined);

    // In a transaction every statement, prepared or not, runs on the transaction's own connection.
    await inTransaction(env.ctx(), async (tx) => {
      const own = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx.db)).rows[0]?.pid;
      expect(await pidOf(tx.db)).toBe(own);
      expect(own).not.toBe(pipelined);
    });
  });

  it('sees a transaction’s own writes inside it, and nothing of them after a rollback', async () => {
    const db = env.deps.db;
    let id = 0;
    await expect(
      inTransaction(env.ctx(), async (tx) => {
        id = (await insertContact.executeTakeFirst(tx.db, { email: 'rolled.back@example.test' }))?.id ?? 0;
        expect(await emailById.executeTakeFirst(tx.db, { id })).toEqual({
          id,
          email: 'rolled.back@example.test',
        });
        // Outside the transaction (pipelined), the row is not there yet.
        expect(await emailById.executeTakeFirst(db, { id })).toBeUndefined();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(id).toBeGreaterThan(0);
    expect(await emailById.executeTakeFirst(db, { id })).toBeUndefined();
  });

  it('returns the same values as the pool: counts and sums as numbers, undefined bound as null', async () => {
    const db = env.deps.db;
    for (let i = 0; i < 3; i++) await insertContact.execute(db, { email: `values.${i}@example.test` });
    const build = (kdb: typeof db, p: { missing: string | undefined; half: number }) =>
      kdb
        .selectFrom('contacts')
        .select((eb) => [
          eb.fn.countAll<number>().as('n'),
          sql<number>`sum(id::int8)`.as('idSum'),
          sql<number>`avg(id)`.as('idAvg'),
          sql<number>`${p.half}::numeric * 2`.as('doubled'),
          sql<boolean>`${p.missing}::text is null`.as('missingIsNull'),
          sql<string>`max(email)`.as('lastEmail'),
        ])
        .where('email', 'like', 'values.%');
    const hot = prepared((kdb, p: Params<{ missing: string | undefined; half: number }>) => build(kdb, p));
    const values = { missing: undefined, half: 1.25 };
    const pipelined = await hot.executeTakeFirst(db, values);
    const pooled = await build(db, { ...values, missing: null as unknown as undefined }).executeTakeFirst();
    expect(pipelined).toEqual(pooled);
    expect(pipelined).toMatchObject({
      n: 3,
      doubled: 2.5,
      missingIsNull: true,
      lastEmail: 'values.2@example.test',
    });
    expect(typeof pipelined?.idSum).toBe('number');
  });

  it('answers each of many statements in flight with its own rows', async () => {
    const db = env.deps.db;
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      const row = await insertContact.executeTakeFirst(db, { email: `flight.${i}@example.test` });
      ids.push(row?.id ?? 0);
    }
    const asked = Array.from({ length: 400 }, (_, i) => ids[(i * 7) % ids.length] as number);
    const answers = await Promise.all(asked.map((id) => emailById.executeTakeFirst(db, { id })));
    answers.forEach((row, i) => {
      expect(row?.id).toBe(asked[i]);
      expect(row?.email).toBe(`flight.${ids.indexOf(asked[i] as number)}@example.test`);
    });
  });

  it('fails a statement alone: a duplicate among statements in flight does not disturb the others', async () => {
    const db = env.deps.db;
    await insertContact.execute(db, { email: 'taken@example.test' });
    const results = await Promise.allSettled([
      pidOf(db),
      insertContact.execute(db, { email: 'TAKEN@example.test' }),
      insertContact.executeTakeFirst(db, { email: 'free@example.test' }),
      pidOf(db),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
    const free = (results[2] as PromiseFulfilledResult<{ id: number } | undefined>).value;
    expect(await emailById.executeTakeFirst(db, { id: free?.id ?? 0 })).toMatchObject({
      email: 'free@example.test',
    });
  });

  it('reports the rows a pipelined write changed', async () => {
    const db = env.deps.db;
    const leads = await db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'lead')
      .executeTakeFirstOrThrow();
    expect(leads.n).toBeGreaterThan(0);
    const result = await renameStatus.executeWrite(db, { from: 'lead', to: 'active' });
    expect(result.numAffectedRows).toBe(BigInt(leads.n));
    const after = await renameStatus.executeWrite(db, { from: 'lead', to: 'active' });
    expect(after.numAffectedRows).toBe(0n);
  });

  it('survives the server cutting every connection, a transaction waiting between statements included', async () => {
    const db = env.deps.db;
    const pipelined = await pidOf(db);
    let resume = () => {};
    const paused = new Promise<void>((r) => {
      resume = r;
    });
    let entered = () => {};
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    const transaction = inTransaction(env.ctx(), async (tx) => {
      await sql`select 1`.execute(tx.db);
      entered();
      await paused;
      await sql`select 1`.execute(tx.db);
    });
    await inside;
    // What a restart does to the app's connections: the server ends each of them.
    const admin = new pg.Client({ connectionString: (env.config.db as { url: string }).url });
    await admin.connect();
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    await admin.end();
    await new Promise((r) => setTimeout(r, 200));
    resume();
    // The statement after the cut fails as a lost connection: a request would be answered 503, not 500.
    const failure = await transaction.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isConnectionFailure(failure)).toBe(true);
    // Both paths answer again, on new connections.
    const after = await pidOf(db);
    expect(after).toEqual(expect.any(Number));
    expect(after).not.toBe(pipelined);
    expect((await sql<{ n: number }>`select 41 + 1 as n`.execute(db)).rows[0]?.n).toBe(42);
  });

  it('sends new statements to the pool while a slow one holds the pipeline', async () => {
    const db = env.deps.db;
    const pipelined = await pidOf(db);
    const slowSleep = prepared((kdb) => kdb.selectNoFrom(sql<string>`pg_sleep(0.5)::text`.as('slept')));
    const order: string[] = [];
    const slow = slowSleep.execute(db, {}).then(() => order.push('slow'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    const next = await pidOf(db);
    order.push('next');
    await slow;
    expect(order).toEqual(['next', 'slow']);
    expect(next).not.toBe(pipelined);
    // Once the pipeline has drained, the prepared statements use it again.
    expect(await pidOf(db)).toBe(pipelined);
  });
});

it('reads the database URL as node-postgres does, a Unix socket included', async () => {
  const socket = new Pipeline({ url: 'postgres://sova:s3cret@/crm?host=/var/run/postgresql' });
  const tcp = new Pipeline({ url: 'postgres://sova@db.internal:6543/crm?application_name=desk' });
  try {
    expect(socket.sql.options).toMatchObject({
      path: '/var/run/postgresql/.s.PGSQL.5432',
      database: 'crm',
      user: 'sova',
    });
    expect(tcp.sql.options).toMatchObject({
      host: ['db.internal'],
      port: [6543],
      database: 'crm',
      path: false,
    });
    expect(tcp.sql.options.connection).toMatchObject({ application_name: 'desk' });
  } finally {
    await Promise.all([socket.end(), tcp.end()]);
  }
});
