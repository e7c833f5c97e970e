import type { Db } from '../../database.js';

const demoEmail = (domain: string) => `%@${domain}.%`;

const n = (r: { n: number | string | bigint } | undefined) => Number(r?.n ?? 0);

export const countDemoContacts = async (db: Db, domain: string) =>
  n(
    await db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', 'like', demoEmail(domain))
      .executeTakeFirst(),
  );

export const demoContacts = (db: Db, domain: string) =>
  db
    .selectFrom('contacts')
    .select(['id', 'createdAt'])
    .where('email', 'like', demoEmail(domain))
    .orderBy('id')
    .execute();

export const countDemoOrders = async (db: Db, domain: string) =>
  n(
    await db
      .selectFrom('orders as o')
      .innerJoin('contacts as c', 'c.id', 'o.contactId')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.email', 'like', demoEmail(domain))
      .executeTakeFirst(),
  );

export const countReports = async (db: Db) =>
  n(
    await db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  );
