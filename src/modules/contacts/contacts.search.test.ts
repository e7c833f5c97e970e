/**
 * Search in id order, the mobile app's main search: the windows it returns are exactly the matches a full scan
 * finds, in order, on both databases. On PostgreSQL such a search reads the table in stages (the first ids
 * walked, then bands of 1,024 ids through their own index, then the trigram index: `bandedSearch`); the
 * contacts here sit on either side of every stage's edge, in both directions, so a stage that skipped a row,
 * read one twice or came out of order would show.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { bandedSearch, containsPattern, foldForSearch, searchTerms } from '../../platform/db/sql.js';
import { describeEachDialect } from '../../test/env.js';
import { makeUser } from '../../test/http.js';
import { findCards, findMany } from './contacts.hot.js';

// Ascending from id 1: walk 1–256, bands 0–15 (257–16,383), trigram index from 16,384. Descending from
// 50,000: walk 49,745–50,000, bands 48 down to 33 (33,792–49,744), trigram index below 33,792.
const EDGES = [
  1, 2, 255, 256, 257, 258, 1023, 1024, 1025, 2047, 2048, 8191, 8192, 16383, 16384, 16385, 20000, 33791,
  33792, 33793, 40000, 49743, 49744, 49745, 49746, 49999, 50000,
];
const PEOPLE = [
  ['Иван', 'Петров'],
  ['Пётр', 'Иванов'],
  ['Ivan', 'Petrov'],
  ['Ольга', 'Петрова'],
  ['Élodie', 'Иванова'],
];

describeEachDialect('contacts: search in id order', (env) => {
  const ids: number[] = [];
  let everyone: Array<{ id: number; searchText: string }> = [];

  beforeAll(async () => {
    // A contact at each edge and 100 ids either side; the five people take turns, so every stage holds
    // matches of every search.
    const at = new Set<number>();
    for (const edge of EDGES)
      for (const d of [0, 100, -100]) if (edge + d >= 1 && edge + d <= 50_000) at.add(edge + d);
    const rows = [...at]
      .sort((a, b) => a - b)
      .map((id, i) => {
        const [first, last] = PEOPLE[i % PEOPLE.length] as [string, string];
        const email = `p${id}@example.org`;
        const phone = `+7910${String(id).padStart(7, '0')}`;
        return {
          id,
          firstName: first,
          lastName: last,
          middleName: '',
          mobilePhone: phone,
          email,
          status: 'active' as const,
          searchText: `${foldForSearch(`${last} ${first}  ${email}`)} ${phone} ${phone.slice(1)}`,
          createdAt: '2026-11-25T09:00:00.000Z',
          updatedAt: '2026-11-25T09:00:00.000Z',
        };
      });
    for (let i = 0; i < rows.length; i += 50) {
      await env.deps.db
        .insertInto('contacts')
        .values(rows.slice(i, i + 50))
        .execute();
    }
    ids.push(...rows.map((r) => r.id));
    everyone = await env.deps.db.selectFrom('contacts').select(['id', 'searchText']).orderBy('id').execute();
  });

  /** What a full scan finds: every row holding every term, in order. */
  const expected = (search: string, desc: boolean, offset: number, limit: number) => {
    const terms = searchTerms(search);
    const all = everyone.filter((c) => terms.every((t) => c.searchText.includes(t))).map((c) => c.id);
    if (desc) all.reverse();
    return all.slice(offset, offset + limit);
  };

  const SEARCHES = [
    'иван петров',
    'Петров Иван',
    'петров',
    'ivan',
    'élodie',
    '910 000 1',
    'zqxjv',
    'ив',
    'иван ов',
  ];
  const WINDOWS = [
    { offset: 0, limit: 50 },
    { offset: 0, limit: 10 },
    { offset: 3, limit: 4 },
    { offset: 20, limit: 25 },
    { offset: 60, limit: 100 },
  ];

  it('returns exactly the matches of a full scan, in order, both ways and in any window', async () => {
    expect(ids.length).toBeGreaterThan(70);
    let compared = 0;
    for (const search of SEARCHES) {
      for (const desc of [false, true]) {
        for (const window of WINDOWS) {
          const want = expected(search, desc, window.offset, window.limit);
          const filter = { terms: searchTerms(search) };
          const sort = { field: 'id' as const, desc };
          const cards = await findCards(env.deps.db, filter, sort, window);
          const listed = await findMany(env.deps.db, filter, sort, window);
          const where = `${search} ${desc ? 'desc' : 'asc'} ${window.offset}+${window.limit}`;
          expect(
            cards.map((c) => c.id),
            where,
          ).toEqual(want);
          expect(
            listed.map((c) => c.id),
            where,
          ).toEqual(want);
          // With a status too (SQLite reads it through probes, `probedSearch`): every contact here is active.
          const active = await findMany(env.deps.db, { ...filter, status: 'active' }, sort, window);
          expect(
            active.map((c) => c.id),
            `${where} active`,
          ).toEqual(want);
          expect(await findCards(env.deps.db, { ...filter, status: 'lead' }, sort, window)).toEqual([]);
          compared += want.length;
        }
      }
    }
    // Every search but zqxjv finds rows, in more than one stage.
    for (const search of SEARCHES) {
      expect(expected(search, false, 0, 1000).length, search).toBeGreaterThanOrEqual(
        search === 'zqxjv' ? 0 : 8,
      );
    }
    expect(expected('zqxjv', false, 0, 50)).toEqual([]);
    expect(compared).toBeGreaterThan(500);
  });

  interface PlanNode {
    'Node Type': string;
    'Index Name'?: string;
    'Actual Loops': number;
    'Actual Rows': number;
    Plans?: PlanNode[];
  }
  const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];
  /** How the statement ran: rows from each stage, and reads of the bands' index. */
  async function stagesRun(search: string, n: number, desc: boolean) {
    const terms = searchTerms(search);
    const values = { patterns: terms.map(containsPattern), terms, count: terms.length };
    const matches = bandedSearch('contacts', ['contacts.id'], values, n, desc);
    const { rows } = await sql<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>`explain (analyze, format json)
      select * from (${matches}) as u limit ${n}`.execute(env.deps.db);
    const [plan] = rows[0]?.['QUERY PLAN'] ?? [];
    if (!plan) throw new Error('no plan');
    const nodes = nodesOf(plan.Plan);
    const stages = nodes.find((node) => node['Node Type'] === 'Append')?.Plans ?? [];
    const bandsIndex = nodes.filter((node) => node['Index Name'] === 'contacts_search_bands');
    expect(stages).toHaveLength(3);
    expect(bandsIndex).toHaveLength(1);
    return {
      stages: stages.map((stage) => ({ runs: stage['Actual Loops'], rows: stage['Actual Rows'] })),
      bandReads: bandsIndex[0]?.['Actual Loops'],
    };
  }

  // PostgreSQL only (SQLite's FTS5 stops at the first matches by itself).
  if (env.dialect === 'postgres') {
    it('PostgreSQL: reads the bands in turn, and the rest of the table only for what they leave', async () => {
      // Ascending: two matches in the walk (1, 156), two in band 0 (257, 358), the fifth in band 1 (1024).
      expect(await stagesRun('иван петров', 5, false)).toEqual({
        stages: [
          { runs: 1, rows: 2 },
          { runs: 1, rows: 3 },
          { runs: 0, rows: 0 },
        ],
        bandReads: 2,
      });
      // Descending from 50,000: the walk down to 49,745, then bands from 48 down, until five.
      const desc = await stagesRun('иван петров', 5, true);
      expect((desc.stages[0]?.rows ?? 0) + (desc.stages[1]?.rows ?? 0)).toBe(5);
      expect(desc.stages[1]?.rows).toBeGreaterThan(0);
      expect(desc.stages[2]).toEqual({ runs: 0, rows: 0 });
      expect(desc.bandReads).toBeGreaterThanOrEqual(1);
      // Nothing matches: the walk, all 16 bands, then the rest once.
      expect(await stagesRun('zqxjv', 50, false)).toEqual({
        stages: [
          { runs: 1, rows: 0 },
          { runs: 1, rows: 0 },
          { runs: 1, rows: 0 },
        ],
        bandReads: 16,
      });
    });

    it('PostgreSQL: the lists take the banded statement for a search in id order, and only then', async () => {
      // While the function hashing the terms fails, whatever calls it fails too.
      const db = env.deps.db;
      const { rows } = await sql<{ def: string }>`select
        pg_get_functiondef('search_window_hashes(text[])'::regprocedure) as def`.execute(db);
      await sql`create or replace function search_window_hashes(words text[]) returns int8[]
        language plpgsql immutable strict parallel safe as $$ begin raise exception 'banded search'; end $$`.execute(
        db,
      );
      try {
        const terms = searchTerms('иван петров');
        const first = { offset: 0, limit: 50 };
        await expect(findCards(db, { terms }, { field: 'id', desc: false }, first)).rejects.toThrow(
          /banded search/,
        );
        await expect(findMany(db, { terms }, { field: 'id', desc: true }, first)).rejects.toThrow(
          /banded search/,
        );
        // Sorted otherwise, filtered too, a window too deep, terms too short: the previous query.
        await findCards(db, { terms }, { field: 'last_name', desc: false }, first);
        await findCards(db, { terms, status: 'active' }, { field: 'id', desc: false }, first);
        await findCards(db, { terms }, { field: 'id', desc: false }, { offset: 500, limit: 50 });
        await findCards(db, { terms: searchTerms('ив ов') }, { field: 'id', desc: false }, first);
      } finally {
        await sql.raw(rows[0]?.def ?? '').execute(db);
      }
      expect(
        await findCards(
          db,
          { terms: searchTerms('иван петров') },
          { field: 'id', desc: false },
          {
            offset: 0,
            limit: 3,
          },
        ),
      ).toHaveLength(3);
    });
  }

  it('returns the columns of the rows it finds', async () => {
    const [card] = await findCards(
      env.deps.db,
      { terms: searchTerms('иван петров') },
      { field: 'id', desc: true },
      {
        offset: 0,
        limit: 1,
      },
    );
    const [listed] = await findMany(
      env.deps.db,
      { terms: searchTerms('иван петров') },
      { field: 'id', desc: false },
      {
        offset: 0,
        limit: 1,
      },
    );
    expect(card).toEqual({
      id: expect.any(Number),
      firstName: 'Иван',
      lastName: 'Петров',
      middleName: '',
      mobilePhone: expect.stringMatching(/^\+7910\d{7}$/),
      email: expect.stringMatching(/^p\d+@example\.org$/),
    });
    expect(listed).toMatchObject({
      firstName: 'Иван',
      lastName: 'Петров',
      status: 'active',
      createdBy: null,
    });
    expect(Object.keys(listed ?? {})).not.toContain('searchText');
  });

  it('serves the mobile app the same through seed 001’s API', async () => {
    const u = await makeUser(env, { roles: ['manager'] });
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/token/',
      payload: { username: u.username, password: u.password },
    });
    const token = login.json().access as string;
    for (const order_by of ['id', '-id']) {
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/clients/get/',
        headers: { authorization: `Bearer ${token}` },
        payload: { search: 'иван петров', start_id: 5, order_by },
      });
      expect(res.statusCode).toBe(200);
      const got = (res.json().clients as Array<{ id: number }>).map((c) => c.id);
      expect(got).toEqual(expected('иван петров', order_by === '-id', 5, 50));
    }
  });
});
