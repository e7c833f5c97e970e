import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { insertRows } from '../../platform/db/bulk.js';
import { allTermsMatch } from '../../platform/db/sql.js';
import type { NewOrderRow, OrderRow, OrderStatus } from './orders.table.js';

/* Plain Kysely. The list and its count, prepared and probed, are in orders.hot.ts. */

export interface OrderFilter {
  terms?: string[];
  status?: OrderStatus;
  contactId?: number;
  /** The orders of this company's contacts. */
  companyId?: number;
  createdFrom?: string;
  createdTo?: string;
}
export const ORDER_SORTS = [
  'id',
  'product',
  'quantity',
  'price',
  'total_price',
  'status',
  'created_at',
] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];
export const SORT_COLUMN = {
  id: 'o.id',
  product: 'o.product',
  quantity: 'o.quantity',
  price: 'o.unitPriceCents',
  total_price: 'o.totalCents',
  status: 'o.status',
  created_at: 'o.createdAt',
} as const;

/**
 * What lists, exports and APIs show of an order, with its contact's names and addresses (not the search text).
 * Not who created it or when it last changed, which none prints: every value read costs (better-sqlite3 builds
 * each one through V8's API, ~0.1–0.3 µs), and those two are 100 values per 50-order window.
 */
export const ORDER_LIST_COLUMNS = [
  'o.id',
  'o.contactId',
  'o.product',
  'o.quantity',
  'o.unitPriceCents',
  'o.totalCents',
  'o.description',
  'o.status',
  'o.createdAt',
  'o.completedAt',
  'c.firstName',
  'c.lastName',
  'c.middleName',
  'c.email',
  'c.mobilePhone',
] as const;

/** One order read by id: all of the above, and who created it, when it last changed and its version. */
const ORDER_COLUMNS = [...ORDER_LIST_COLUMNS, 'o.createdBy', 'o.updatedAt', 'o.version'] as const;

export const joined = (db: Db) =>
  db.selectFrom('orders as o').innerJoin('contacts as c', 'c.id', 'o.contactId');

export const findById = (db: Db, id: number) =>
  joined(db).select(ORDER_COLUMNS).where('o.id', '=', id).executeTakeFirst();

export const insert = async (db: Db, row: NewOrderRow) =>
  (await db.insertInto('orders').values(row).returning('id').executeTakeFirstOrThrow()).id;

export const deleteById = (db: Db, id: number) => db.deleteFrom('orders').where('id', '=', id).execute();

/** Every column of the orders of these contacts (what their deletion takes with it). */
export const findAllOfContacts = (db: Db, contactIds: number[]) =>
  contactIds.length
    ? db.selectFrom('orders').selectAll().where('contactId', 'in', contactIds).orderBy('id').execute()
    : Promise.resolve([]);

/** Writes orders back as they were, ids included (an undone deletion). */
export const insertExact = async (db: Db, rows: OrderRow[]) => {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('orders')
      .values(rows.slice(i, i + 200))
      .execute();
};

export function filtered(db: Db, f: OrderFilter, firstByIdOnly?: { n: number; desc: boolean }) {
  let q = db.selectFrom('orders as o');
  if (f.status) q = q.where('o.status', '=', f.status);
  if (f.contactId !== undefined) q = q.where('o.contactId', '=', f.contactId);
  const companyId = f.companyId;
  if (companyId !== undefined) {
    q = q.where('o.contactId', 'in', (eb) =>
      eb.selectFrom('contacts').select('contacts.id').where('contacts.companyId', '=', companyId),
    );
  }
  if (f.createdFrom) q = q.where('o.createdAt', '>=', f.createdFrom);
  if (f.createdTo) q = q.where('o.createdAt', '<=', f.createdTo);
  if (f.terms?.length) {
    q = q.where(
      allTermsMatch(db, { id: 'o.id', column: 'o.search_text', fts: 'orders_fts' }, f.terms, firstByIdOnly),
    );
  }
  return q;
}

/**
 * One contact's orders in figures: how many, how many are pending, the sum of the completed ones and the latest
 * order's time. Read through `orders_contact` and the rows it points to: a contact has tens of orders, not more.
 */
export const totalsForContact = async (db: Db, contactId: number) => {
  const r = await db
    .selectFrom('orders')
    .select((eb) => [
      eb.fn.countAll<number>().as('orders'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'Pending').then(1).else(0).end()).as('pending'),
      eb.fn
        .sum<number>(eb.case().when('status', '=', 'Completed').then(eb.ref('totalCents')).else(0).end())
        .as('completedCents'),
      eb.fn.max('createdAt').as('lastAt'),
    ])
    .where('contactId', '=', contactId)
    .executeTakeFirstOrThrow();
  return {
    orders: Number(r.orders),
    pending: Number(r.pending ?? 0),
    completedCents: Number(r.completedCents ?? 0),
    lastAt: (r.lastAt as string | null) ?? null,
  };
};

/** Orders, revenue and completed orders per UTC day, straight from `orders`, over [from, to] (short ranges). */
export const dailyFromOrders = (db: Db, from: string, to: string) =>
  db
    .selectFrom('orders')
    .select((eb) => [
      sql<string>`substr(created_at, 1, 10)`.as('day'),
      eb.fn.countAll<number>().as('orders'),
      eb.fn.sum<number>('totalCents').as('cents'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'Completed').then(1).else(0).end()).as('completed'),
    ])
    .where('createdAt', '>=', from)
    .where('createdAt', '<=', to)
    .groupBy(sql`substr(created_at, 1, 10)`)
    .execute();

/** The same per day from the trigger-kept rollup, for whole days strictly between `afterDay` and `beforeDay`. */
export const dailyFromRollup = (db: Db, afterDay: string, beforeDay: string) =>
  db
    .selectFrom('orderDaily')
    .select(['day', 'orders', 'cents', 'completed'])
    .where('day', '>', afterDay)
    .where('day', '<', beforeDay)
    .where('orders', '>', 0)
    .execute();

export const insertMany = async (db: Db, rows: NewOrderRow[]): Promise<void> => {
  await insertRows(db, 'orders', rows, {
    types: {
      contactId: 'int4',
      quantity: 'int4',
      unitPriceCents: 'int8',
      totalCents: 'int8',
      createdBy: 'int4',
    },
  });
};

/** The next `limit` orders (with their contact) after `afterId` in id order, filtered: for exports. */
export const findBatchAfter = (db: Db, f: OrderFilter, afterId: number, limit: number) =>
  filtered(db, f)
    .innerJoin('contacts as c', 'c.id', 'o.contactId')
    .select(ORDER_LIST_COLUMNS)
    .where('o.id', '>', afterId)
    .orderBy('o.id')
    .limit(limit)
    .execute();
