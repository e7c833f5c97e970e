/**
 * A search with other conditions (a status, a contact), in id order: the mobile app's order list always has a
 * status, so its searches are all of this kind. On SQLite the window is read from the first 1,024 matches,
 * then the first 16,384, then all of them (`probedSearch`); the rows here are laid out so that each of the three
 * has to answer some window, and every window must equal what a full scan finds, on both databases.
 */
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { COUNT_CAP, foldForSearch, probedSearch, searchTerms } from '../../platform/db/sql.js';
import { describeEachDialect } from '../../test/env.js';
import { count, findMany } from './orders.hot.js';
import { insertMany } from './orders.repo.js';
import type { OrderStatus } from './orders.table.js';

const ORDERS = 20_000;

/**
 * Every order is a "Подписка". Cancelled: every 97th (about 10 in the first 1,024 ids, so the first probe is
 * short and the second fills a window). Completed: five, two of them past id 16,384 (only the full read finds
 * them all). "Редкий" (rare) in 30 orders spread over the whole range; "zqxjv" in none. Orders of the second
 * contact: every 500th.
 */
function orderAt(id: number, contactIds: [number, number]) {
  const status: OrderStatus = [700, 9_000, 16_000, 17_500, 19_999].includes(id)
    ? 'Completed'
    : id % 97 === 0
      ? 'Cancelled'
      : 'Pending';
  const product = id % 667 === 0 ? 'Подписка редкий тариф' : 'Подписка «Старт»';
  const description = id % 3 === 0 ? 'продление' : '';
  return {
    contactId: contactIds[id % 500 === 0 ? 1 : 0],
    product,
    quantity: 1 + (id % 7),
    unitPriceCents: 99_000,
    totalCents: 99_000 * (1 + (id % 7)),
    description,
    status,
    searchText: foldForSearch(`${product} ${description}`),
    createdAt: '2026-11-25T09:00:00.000Z',
    updatedAt: '2026-11-25T09:00:00.000Z',
    completedAt: null,
  };
}

describeEachDialect('orders: a search with other conditions, in id order', (env) => {
  let contactIds: [number, number];
  let all: Array<{
    id: number;
    status: string;
    contactId: number;
    searchText: string;
    product: string;
    totalCents: number;
  }> = [];

  beforeAll(async () => {
    const contacts = await env.deps.db
      .insertInto('contacts')
      .values(
        ['a', 'b'].map((x) => ({
          firstName: 'Анна',
          lastName: x,
          middleName: '',
          mobilePhone: '',
          email: `${x}@example.org`,
          status: 'active' as const,
          searchText: x,
          createdAt: '2026-11-25T09:00:00.000Z',
          updatedAt: '2026-11-25T09:00:00.000Z',
        })),
      )
      .returning('id')
      .execute();
    contactIds = [contacts[0]?.id as number, contacts[1]?.id as number];
    // In a new database the orders take ids 1 to 20,000 in this order (checked below); the expected windows
    // come from the rows as stored either way.
    await insertMany(
      env.deps.db,
      Array.from({ length: ORDERS }, (_, i) => orderAt(i + 1, contactIds)),
    );
    all = await env.deps.db
      .selectFrom('orders')
      .select(['id', 'status', 'contactId', 'searchText', 'product', 'totalCents'])
      .orderBy('id')
      .execute();
    expect(all.map((o) => o.id)).toEqual(Array.from({ length: ORDERS }, (_, i) => i + 1));
  }, 60_000);

  const FILTERS: Array<{ status?: OrderStatus; contact?: 1 }> = [
    { status: 'Pending' },
    { status: 'Cancelled' },
    { status: 'Completed' },
    { contact: 1 },
    { status: 'Cancelled', contact: 1 },
  ];
  const SEARCHES = ['подписка', 'подписка старт', 'редкий', 'продление', 'zqxjv'];
  const WINDOWS = [
    { offset: 0, limit: 50 },
    { offset: 3, limit: 4 },
    { offset: 40, limit: 25 },
    { offset: 200, limit: 100 },
  ];

  it('returns exactly the matches of a full scan, in order, both ways and in any window', async () => {
    let compared = 0;
    for (const search of SEARCHES) {
      const terms = searchTerms(search);
      for (const f of FILTERS) {
        const contactId = f.contact === undefined ? undefined : contactIds[f.contact];
        const matching = all.filter(
          (o) =>
            terms.every((t) => o.searchText.includes(t)) &&
            (!f.status || o.status === f.status) &&
            (contactId === undefined || o.contactId === contactId),
        );
        for (const desc of [false, true]) {
          const ids = matching.map((o) => o.id);
          if (desc) ids.reverse();
          for (const window of WINDOWS) {
            const want = ids.slice(window.offset, window.offset + window.limit);
            const got = await findMany(
              env.deps.db,
              { terms, status: f.status, contactId },
              { field: 'id', desc },
              window,
            );
            expect(
              got.map((o) => o.id),
              `${search} ${JSON.stringify(f)} ${desc ? 'desc' : 'asc'} ${window.offset}+${window.limit}`,
            ).toEqual(want);
            compared += want.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1_500);
  });

  it('sorted by another column: the page of a full sort, ties in id order', async () => {
    const sorts = [
      { field: 'total_price', key: (o: (typeof all)[number]) => o.totalCents },
      { field: 'product', key: (o: (typeof all)[number]) => o.product },
    ] as const;
    let compared = 0;
    for (const { field, key } of sorts) {
      const filters: Array<{ status?: OrderStatus; terms?: string[] }> = [
        {},
        { status: 'Cancelled' },
        { terms: ['редкий'] },
      ];
      for (const f of filters) {
        for (const desc of [false, true]) {
          const rows = all.filter(
            (o) =>
              (!f.status || o.status === f.status) && (f.terms ?? []).every((t) => o.searchText.includes(t)),
          );
          rows.sort((a, b) => {
            const ka = key(a);
            const kb = key(b);
            const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
            return (byKey || a.id - b.id) * (desc ? -1 : 1);
          });
          for (const window of [
            { offset: 0, limit: 50 },
            { offset: 120, limit: 25 },
          ]) {
            const want = rows.slice(window.offset, window.offset + window.limit).map((o) => o.id);
            const got = await findMany(env.deps.db, f, { field, desc }, window);
            expect(
              got.map((o) => o.id),
              `${field} ${JSON.stringify(f)} ${desc} ${window.offset}`,
            ).toEqual(want);
            compared += want.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('counts up to the cap, and exactly under it', async () => {
    const db = env.deps.db;
    const matches = (terms: string[], status?: OrderStatus) =>
      all.filter((o) => terms.every((t) => o.searchText.includes(t)) && (!status || o.status === status))
        .length;
    // 20,000 matches: counted no further than the cap + 1, which lists show as "10,000+".
    expect(matches(['подписка'])).toBe(ORDERS);
    expect(await count(db, { terms: ['подписка'] })).toBe(COUNT_CAP + 1);
    for (const terms of [['редкий'], ['продление'], ['zqxjv']]) {
      const want = matches(terms);
      expect(await count(db, { terms }), terms[0]).toBe(Math.min(want, COUNT_CAP + 1));
    }
    for (const status of ['Cancelled', 'Completed'] as const) {
      expect(await count(db, { terms: ['подписка'], status }), status).toBe(matches(['подписка'], status));
      expect(await count(db, { status }), status).toBe(matches([], status));
    }
    // Any condition stops at the cap; SQLite counts a whole table exactly (its b-tree keeps the counts).
    expect(matches([], 'Pending')).toBeGreaterThan(COUNT_CAP + 1);
    expect(await count(db, { status: 'Pending' })).toBe(COUNT_CAP + 1);
    expect(await count(db, {})).toBe(env.dialect === 'sqlite' ? ORDERS : COUNT_CAP + 1);
  });

  it('reads from the first 1,024 matches, then 16,384, then all; a full probe is the answer', async () => {
    const window = { offset: 0, limit: 3 };
    const sort = { field: 'id', desc: true };
    const asked: Array<number | undefined> = [];
    /** A `run` that answers with `sizes[i]` rows on its i-th call. */
    const runWith =
      (sizes: number[]) =>
      async (first?: { n: number; desc: boolean }): Promise<number[]> => {
        if (first) expect(first.desc).toBe(true);
        asked.push(first?.n);
        return Array.from({ length: sizes[asked.length - 1] ?? 0 }, (_, i) => i);
      };
    const probe = (sizes: number[], w = window, onlySearch = false) => {
      asked.length = 0;
      return probedSearch(env.deps.db, ['подписка'], onlySearch, sort, w, runWith(sizes));
    };
    const sqlite = env.dialect === 'sqlite';

    expect(await probe([3])).toEqual([0, 1, 2]);
    expect(asked).toEqual(sqlite ? [1_024] : [undefined]);
    await probe([2, 3]);
    expect(asked).toEqual(sqlite ? [1_024, 16_384] : [undefined]);
    await probe([2, 2, 2]);
    expect(asked).toEqual(sqlite ? [1_024, 16_384, undefined] : [undefined]);
    // Nothing in the first probe of a first page: a word with few matches, read in full at once.
    await probe([0, 0]);
    expect(asked).toEqual(sqlite ? [1_024, undefined] : [undefined]);
    // The search as the only condition stops at the window itself; deep windows are read in full.
    await probe([3], window, true);
    expect(asked).toEqual([3]);
    await probe([3], { offset: 600, limit: 50 });
    expect(asked).toEqual([undefined]);
  });

  it('the order list reads a search with a status through the probes (SQLite)', async () => {
    // The SQL of each query the list runs, seen through a plugin that only records. It sees a subquery's node
    // too (before the query around it): the query run is the node seen last before its result.
    let nodes: RootOperationNode[] = [];
    const ran: string[] = [];
    const recorder: KyselyPlugin = {
      transformQuery: ({ node }) => {
        nodes.push(node);
        return node;
      },
      transformResult: async ({ result }) => {
        const node = nodes.at(-1);
        if (node) ran.push(db.getExecutor().compileQuery(node, { queryId: '' }).sql);
        nodes = [];
        return result;
      },
    };
    const db = env.deps.db.withPlugin(recorder);
    const statements = async (f: { terms: string[]; status?: OrderStatus }) => {
      ran.length = 0;
      await findMany(db, f, { field: 'id', desc: false }, { offset: 0, limit: 50 });
      return [...ran];
    };
    const probed = await statements({ terms: ['подписка'], status: 'Pending' });
    const alone = await statements({ terms: ['подписка'] });
    if (env.dialect === 'sqlite') {
      // A common word with a common status: the first probe fills the page.
      expect(probed).toHaveLength(1);
      expect(probed[0]).toMatch(/orders_fts match .* limit 1024\)/);
      expect(alone[0]).toMatch(/orders_fts match .* limit 50\)/);
    } else {
      expect(probed).toHaveLength(1);
      expect(probed[0]).not.toMatch(/1024/);
    }
  });
});
