/**
 * Contacts' queries, in plain Kysely: one function per query, taking the database (or transaction) first. The
 * measured variants of a few of them (prepared statements, PostgreSQL's banded search) are in contacts.hot.ts
 * under the same names, with the creation written together with its log entry; the service calls those.
 */
import { type QueryCreator, sql } from 'kysely';
import type { Database, Db } from '../../database.js';
import { insertRows } from '../../platform/db/bulk.js';
import type { ListWindow } from '../../platform/db/prepared.js';
import {
  allTermsMatch,
  countMatching,
  firstMatchesById,
  firstMatchesToCount,
} from '../../platform/db/sql.js';
import { forUpdate } from '../../platform/db/versioned.js';
import type {
  ContactNoteRow,
  ContactRow,
  ContactRowUpdate,
  ContactStatus,
  NewContactRow,
} from './contacts.table.js';

export interface ContactFilter {
  terms?: string[];
  status?: ContactStatus;
  assignedUserId?: number;
  companyId?: number;
  createdFrom?: string;
  createdTo?: string;
}
export const CONTACT_SORTS = [
  'id',
  'last_name',
  'first_name',
  'email',
  'status',
  'created_at',
  'next_interaction_on',
] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];
const SORT_COLUMN = {
  id: 'id',
  last_name: 'lastName',
  first_name: 'firstName',
  email: 'email',
  status: 'status',
  created_at: 'createdAt',
  next_interaction_on: 'nextInteractionOn',
} as const;

export const findById = (db: Db, id: number) =>
  db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();

export const findByIds = (db: Db, ids: number[]) =>
  ids.length ? db.selectFrom('contacts').selectAll().where('id', 'in', ids).execute() : Promise.resolve([]);

/** The contacts with these ids, locked until the transaction ends (in id order: writers lock alike, no deadlock). */
export const lockByIds = (db: Db, ids: number[]) =>
  ids.length
    ? forUpdate(db, db.selectFrom('contacts').selectAll().where('id', 'in', ids).orderBy('id')).execute()
    : Promise.resolve([]);

/** The contact with this email, in any case. */
export const findIdByEmail = (db: Db, email: string) =>
  db
    .selectFrom('contacts')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();

export const findIdByPhone = (db: Db, phone: string) =>
  db.selectFrom('contacts').select('id').where('mobilePhone', '=', phone).executeTakeFirst();

export type ContactInsert = Required<Omit<NewContactRow, 'id' | 'version'>>;
/** A new row with every column given (what a prepared insert binds). */
export const contactInsertOf = (row: NewContactRow): ContactInsert => ({
  ...row,
  middleName: row.middleName ?? '',
  mobilePhone: row.mobilePhone ?? '',
  assignedUserId: row.assignedUserId ?? null,
  nextInteractionOn: row.nextInteractionOn ?? null,
  companyId: row.companyId ?? null,
  createdBy: row.createdBy ?? null,
});
/** Inserts a contact unless its email is taken (then nothing, and no id returned). */
export const insertNew = (db: QueryCreator<Database>, p: Readonly<ContactInsert>) =>
  db
    .insertInto('contacts')
    .values({
      firstName: p.firstName,
      lastName: p.lastName,
      middleName: p.middleName,
      mobilePhone: p.mobilePhone,
      email: p.email,
      status: p.status,
      assignedUserId: p.assignedUserId,
      nextInteractionOn: p.nextInteractionOn,
      companyId: p.companyId,
      searchText: p.searchText,
      createdBy: p.createdBy,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id');
/**
 * Inserts a contact; `undefined` when its email is taken (the unique index on `lower(email)` refuses it without
 * aborting the transaction, so the caller can still look up who has it).
 */
export const insertUnlessEmailTaken = async (db: Db, row: NewContactRow): Promise<number | undefined> =>
  (await insertNew(db, contactInsertOf(row)).executeTakeFirst())?.id;

/** Every column of the notes of these contacts (what their deletion takes with it). */
export const findAllNotesOf = (db: Db, contactIds: number[]) =>
  contactIds.length
    ? db.selectFrom('contactNotes').selectAll().where('contactId', 'in', contactIds).orderBy('id').execute()
    : Promise.resolve([]);

/** Counts of what deleting these contacts takes with it: their notes, orders and calls (one statement). */
export const countChildrenOf = async (db: Db, contactIds: number[]) => {
  if (contactIds.length === 0) return { notes: 0, orders: 0, calls: 0 };
  const row = await db
    .selectNoFrom((eb) => {
      const n = (table: 'contactNotes' | 'orders' | 'calls') =>
        eb
          .selectFrom(table)
          .select((c) => c.fn.countAll<number>().as('n'))
          .where('contactId', 'in', contactIds);
      return [n('contactNotes').as('notes'), n('orders').as('orders'), n('calls').as('calls')];
    })
    .executeTakeFirstOrThrow();
  return { notes: Number(row.notes), orders: Number(row.orders), calls: Number(row.calls) };
};

/** Writes contacts back as they were, ids and versions included (an undone deletion). */
export const insertExact = async (db: Db, rows: ContactRow[]) => {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('contacts')
      .values(rows.slice(i, i + 200))
      .execute();
};

/** Writes notes back as they were (an undone deletion). */
export const insertNotesExact = async (db: Db, rows: ContactNoteRow[]) => {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('contactNotes')
      .values(rows.slice(i, i + 500))
      .execute();
};

export const deleteByIds = (db: Db, ids: number[]) =>
  db.deleteFrom('contacts').where('id', 'in', ids).execute();

/** Writes `set` to these contacts (locked by the caller) and raises their versions. */
export const updateVersionsByIds = (db: Db, ids: number[], set: ContactRowUpdate) =>
  db
    .updateTable('contacts')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('id', 'in', ids)
    .execute();

export function filtered(db: Db, f: ContactFilter, firstByIdOnly?: { n: number; desc: boolean }) {
  let q = db.selectFrom('contacts');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.assignedUserId !== undefined) q = q.where('assignedUserId', '=', f.assignedUserId);
  if (f.companyId !== undefined) q = q.where('companyId', '=', f.companyId);
  if (f.createdFrom) q = q.where('createdAt', '>=', f.createdFrom);
  if (f.createdTo) q = q.where('createdAt', '<=', f.createdTo);
  if (f.terms?.length) {
    q = q.where(
      allTermsMatch(
        db,
        { id: 'contacts.id', column: 'contacts.search_text', fts: 'contacts_fts' },
        f.terms,
        firstByIdOnly,
      ),
    );
  }
  return q;
}

/** Every column a list shows (not the search text: lists are read far more often than searched rows). */
export const LIST_COLUMNS = [
  'contacts.id',
  'contacts.firstName',
  'contacts.lastName',
  'contacts.middleName',
  'contacts.mobilePhone',
  'contacts.email',
  'contacts.status',
  'contacts.assignedUserId',
  'contacts.nextInteractionOn',
  'contacts.companyId',
  'contacts.createdBy',
  'contacts.createdAt',
  'contacts.updatedAt',
] as const;
/** The few columns seed 001's mobile app gets for each client. */
export const CARD_COLUMNS = [
  'contacts.id',
  'contacts.firstName',
  'contacts.lastName',
  'contacts.middleName',
  'contacts.mobilePhone',
  'contacts.email',
] as const;

/** Whether the filter holds no condition but (maybe) a search. */
export const onlySearch = (f: ContactFilter) =>
  !f.status && f.assignedUserId === undefined && f.companyId === undefined && !f.createdFrom && !f.createdTo;

/** One window of the filtered list, in order (the columns are chosen by the caller). */
export const windowOf = (
  db: Db,
  f: ContactFilter,
  sort: { field: ContactSort; desc: boolean },
  window: ListWindow,
  firstByIdOnly = firstMatchesById(onlySearch(f), sort, window),
) =>
  filtered(db, f, firstByIdOnly)
    .orderBy(SORT_COLUMN[sort.field], sort.desc ? 'desc' : 'asc')
    .$if(sort.field !== 'id', (q) => q.orderBy('id', sort.desc ? 'desc' : 'asc'))
    .limit(window.limit)
    .offset(window.offset);

type ColumnOf<C> = C extends `contacts.${infer K extends keyof ContactRow}` ? K : never;
export type Card = Pick<ContactRow, ColumnOf<(typeof CARD_COLUMNS)[number]>>;
export type Listed = Pick<ContactRow, ColumnOf<(typeof LIST_COLUMNS)[number]>>;

/** A window of the list as seed 001's mobile app gets it: the few columns of a card. */
export const findCards = (...args: Parameters<typeof windowOf>): Promise<Card[]> =>
  windowOf(...args)
    .select(CARD_COLUMNS)
    .execute();

/** A window of the list with every column a list shows. */
export const findMany = (...args: Parameters<typeof windowOf>): Promise<Listed[]> =>
  windowOf(...args)
    .select(LIST_COLUMNS)
    .execute();

/** How many match (capped: see `countMatching`). */
export const count = (db: Db, f: ContactFilter) =>
  countMatching(db, filtered(db, f, firstMatchesToCount(onlySearch(f))));

export const countCreatedBetween = async (db: Db, from: string, to: string) =>
  Number(
    (
      await db
        .selectFrom('contacts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('createdAt', '>=', from)
        .where('createdAt', '<=', to)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const findNotes = (db: Db, contactId: number) =>
  db
    .selectFrom('contactNotes as n')
    .leftJoin('users as u', 'u.id', 'n.authorId')
    .select([
      'n.id',
      'n.body',
      'n.createdAt',
      'n.updatedAt',
      'n.authorId',
      'u.firstName',
      'u.lastName',
      'u.username',
    ])
    .where('n.contactId', '=', contactId)
    .orderBy('n.createdAt', 'desc')
    .execute();

export const findNote = (db: Db, id: number) =>
  db.selectFrom('contactNotes').selectAll().where('id', '=', id).executeTakeFirst();

export const insertNote = async (
  db: Db,
  row: { contactId: number; authorId: number | null; body: string; createdAt: string },
) =>
  (
    await db
      .insertInto('contactNotes')
      .values({ ...row, updatedAt: row.createdAt })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

export const updateNote = (db: Db, id: number, body: string, updatedAt: string) =>
  db.updateTable('contactNotes').set({ body, updatedAt }).where('id', '=', id).execute();

/** Existing contacts with any of these (lower-case) emails. */
export const findByEmails = (db: Db, emails: string[]) =>
  emails.length
    ? db
        .selectFrom('contacts')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['email']), 'in', emails))
        .execute()
    : Promise.resolve([]);

/** Existing contacts with any of these (lower-case) emails, locked until the transaction ends. */
export const lockByEmails = (db: Db, emails: string[]) =>
  emails.length
    ? forUpdate(
        db,
        db
          .selectFrom('contacts')
          .selectAll()
          .where((eb) => eb(eb.fn('lower', ['email']), 'in', emails))
          .orderBy('id'),
      ).execute()
    : Promise.resolve([]);

/** Inserts many rows in few statements; returns their ids in order. */
export const insertMany = (db: Db, rows: NewContactRow[]) =>
  insertRows(db, 'contacts', rows, {
    types: { assignedUserId: 'int4', companyId: 'int4', createdBy: 'int4' },
    returnIds: true,
  });

/** The next `limit` contacts after `afterId` in id order, filtered: how exports walk a large list. */
export const findBatchAfter = (db: Db, f: ContactFilter, afterId: number, limit: number) =>
  filtered(db, f)
    .selectAll()
    .where('contacts.id', '>', afterId)
    .orderBy('contacts.id')
    .limit(limit)
    .execute();
