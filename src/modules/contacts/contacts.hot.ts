/**
 * The measured variants of contacts' hottest queries, under the names contacts.repo.ts gives the plain ones: the
 * service calls these and never asks which database runs. Each is here for a bench figure (`npm run bench -- --only
 * crm`, seed 001's workload): prepared statements where building and compiling the query cost more than running
 * it, PostgreSQL's banded search for the mobile app's search in id order, and a creation written with its log
 * entry in one statement. A new query starts in the plain repo and comes here only with a figure.
 */

import type { QueryCreator } from 'kysely';
import { sql } from 'kysely';
import type { Database, Db } from '../../database.js';
import { type Ctx, inTransaction } from '../../deps.js';
import {
  type Params,
  prepared,
  preparedPerShape,
  preparedWindow,
  selectedKeys,
} from '../../platform/db/prepared.js';
import {
  BANDED_MAX_ROWS,
  bandedSearch,
  containsPattern,
  firstMatchesById,
  isPostgresDb,
  probedSearch,
} from '../../platform/db/sql.js';
import {
  type ActivityEntry,
  type ActivityInput,
  activityEntry,
  recordActivity,
} from '../activity/activity.service.js';
import {
  CARD_COLUMNS,
  type Card,
  type ContactInsert,
  type ContactSort,
  contactInsertOf,
  insertNew,
  LIST_COLUMNS,
  type Listed,
  onlySearch,
  windowOf,
} from './contacts.repo.js';
import type { NewContactRow } from './contacts.table.js';

/* ---------- the duplicate check and the insert of a creation: prepared ---------- */

const idByEmail = prepared((db, p: Params<{ email: string }>) =>
  db
    .selectFrom('contacts')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', p.email)),
);
export const findIdByEmail = (db: Db, email: string) =>
  idByEmail.executeTakeFirst(db, { email: email.toLowerCase() });

const insertContact = prepared((db, p: Params<ContactInsert>) => insertNew(db, p));
export const insertUnlessEmailTaken = async (db: Db, row: NewContactRow): Promise<number | undefined> =>
  (await insertContact.executeTakeFirst(db, contactInsertOf(row)))?.id;

/** The log entry of a creation, but for the contact's id (not known before the insert). */
type CreationEntry = Omit<ActivityEntry, 'entityId' | 'entityVersion'>;
type Logged = ContactInsert & { [K in keyof CreationEntry as `log${Capitalize<K>}`]: CreationEntry[K] };

/**
 * PostgreSQL: the contact and its log entry in one statement, atomic by itself, so a creation needs no
 * transaction: one round trip instead of four (begin, two inserts, commit). The entry is inserted from the
 * contact's returned id; a taken email returns none, and nothing is written.
 */
const insertContactLogged = prepared((db, p: Params<Logged>) =>
  db
    .with('created', (w: QueryCreator<Database>) => insertNew(w, p))
    .insertInto('activityLog')
    .columns([
      'actorId',
      'action',
      'entityType',
      'entityId',
      'summary',
      'details',
      'ip',
      'userAgent',
      'createdAt',
    ])
    .expression((eb) =>
      eb.selectFrom('created').select([
        // A parameter in a select list has no type of its own: the integer column needs it cast.
        sql<number | null>`cast(${p.logActorId} as integer)`.as('actorId'),
        eb.val(p.logAction).as('action'),
        eb.val(p.logEntityType).as('entityType'),
        'created.id',
        eb.val(p.logSummary).as('summary'),
        eb.val(p.logDetails).as('details'),
        eb.val(p.logIp).as('ip'),
        eb.val(p.logUserAgent).as('userAgent'),
        eb.val(p.logCreatedAt).as('createdAt'),
      ]),
    )
    .returning('entityId'),
);

/** Where a contact and its log entry are one statement (PostgreSQL: a data-modifying WITH; SQLite has none). */
const insertsLoggedAtomically = (db: Db) => isPostgresDb(db);

/**
 * Inserts a contact with its `contact.created` log entry; `undefined` (nothing written) if the email is taken.
 * Inside `inCreationTransaction`, so that the two are one change wherever they are two statements.
 */
export const insertLoggedUnlessEmailTaken = async (
  tx: Ctx,
  row: NewContactRow,
  log: Omit<ActivityInput, 'entityId'>,
): Promise<number | undefined> => {
  if (!insertsLoggedAtomically(tx.db)) {
    const id = await insertUnlessEmailTaken(tx.db, row);
    if (id !== undefined) await recordActivity(tx, 'contact.created', { ...log, entityId: id });
    return id;
  }
  const entry: CreationEntry = activityEntry(tx, 'contact.created', log);
  const inserted = await insertContactLogged.executeTakeFirst(tx.db, {
    ...contactInsertOf(row),
    logActorId: entry.actorId,
    logAction: entry.action,
    logEntityType: entry.entityType,
    logSummary: entry.summary,
    logDetails: entry.details,
    logIp: entry.ip,
    logUserAgent: entry.userAgent,
    logCreatedAt: entry.createdAt,
  });
  return inserted?.entityId ?? undefined;
};

/**
 * Runs a creation (its checks, then `insertLoggedUnlessEmailTaken`) as one change: in a (group-committed)
 * transaction where the insert is two statements; as it is where the insert is one statement, atomic by itself —
 * the checks before it are then advisory (the unique index decides on the email): one round trip instead of four.
 */
export const inCreationTransaction = <T>(ctx: Ctx, work: (tx: Ctx) => Promise<T>): Promise<T> =>
  insertsLoggedAtomically(ctx.db) ? work(ctx) : inTransaction(ctx, work);

/* ---------- list windows: prepared per shape, banded (PostgreSQL) or probed (SQLite) searches ---------- */

/**
 * The unfiltered list, prepared per select list, sort column and direction: seed 001's client list (its mobile
 * app's main call, as cards) and the contacts page and clean API (full rows). Built and compiled per call, the
 * full rows' query cost the clean API list about 14 % of its CPU.
 */
const unfilteredWindow = preparedPerShape((shape: `${'cards' | 'list'}:${ContactSort}:${'asc' | 'desc'}`) => {
  const [which, field, dir] = shape.split(':') as ['cards' | 'list', ContactSort, 'asc' | 'desc'];
  const columns = which === 'cards' ? CARD_COLUMNS : LIST_COLUMNS;
  return preparedWindow(
    (db, _p: Params<Record<never, never>>, window) =>
      windowOf(db, {}, { field, desc: dir === 'desc' }, window).select(columns),
    { rowKeys: selectedKeys(columns) },
  );
});

/**
 * PostgreSQL: a search in id order, its terms its only condition, reads the id bands (`bandedSearch`). One
 * prepared query per select list, number of terms and direction.
 */
const bandedWindow = preparedPerShape((shape: `${'cards' | 'list'}:${number}:${'asc' | 'desc'}`) => {
  const [which, count, dir] = shape.split(':') as ['cards' | 'list', string, 'asc' | 'desc'];
  const columns = which === 'cards' ? CARD_COLUMNS : LIST_COLUMNS;
  const keys = selectedKeys(columns);
  return preparedWindow(
    (db, p: Params<{ patterns: string[]; terms: string[] }>, window) => {
      const matches = bandedSearch(
        'contacts',
        columns,
        { patterns: p.patterns, terms: p.terms, count: Number(count) },
        sql`${window.offset}::int4 + ${window.limit}::int4`,
        dir === 'desc',
      );
      // No ORDER BY: the stages come in order (see `bandedSearch`).
      return db
        .selectFrom(sql<Record<string, unknown>>`(${matches})`.as('u'))
        .select(keys.map((k) => sql.ref(`u.${k}`).as(k)))
        .limit(window.limit)
        .offset(window.offset);
    },
    { rowKeys: keys },
  );
});

/**
 * The banded search's rows when it applies to this query (PostgreSQL, the first matches by id are wanted:
 * `firstMatchesById`, not too many, a term long enough for the index), else undefined.
 */
function bandedRows(
  which: 'cards' | 'list',
  ...[db, f, sort, window]: Parameters<typeof windowOf>
): Promise<unknown[]> | undefined {
  const terms = f.terms;
  const first = firstMatchesById(onlySearch(f), sort, window);
  if (
    !terms?.length ||
    !first ||
    first.n > BANDED_MAX_ROWS ||
    !terms.some((t) => [...t].length >= 3) ||
    !isPostgresDb(db)
  ) {
    return undefined;
  }
  return bandedWindow(`${which}:${terms.length}:${first.desc ? 'desc' : 'asc'}`).execute(db, {
    patterns: terms.map(containsPattern),
    terms,
    ...window,
  });
}

/**
 * A window of a searched or filtered list: the banded statement where it applies (PostgreSQL), else the query
 * (on SQLite probing the first matches: `probedSearch`), with the columns `select` picks.
 */
function searchedWindow<R>(
  which: 'cards' | 'list',
  args: Parameters<typeof windowOf>,
  select: (q: ReturnType<typeof windowOf>) => Promise<R[]>,
): Promise<R[]> {
  const [db, f, sort, window] = args;
  return (
    (bandedRows(which, ...args) as Promise<R[]> | undefined) ??
    probedSearch(db, f.terms, onlySearch(f), sort, window, (first) =>
      select(windowOf(db, f, sort, window, first)),
    )
  );
}

/** The unfiltered window's rows when the filter is empty, else undefined. */
function unfilteredRows(
  which: 'cards' | 'list',
  ...[db, f, sort, window]: Parameters<typeof windowOf>
): Promise<unknown[]> | undefined {
  if (f.terms?.length || !onlySearch(f)) return undefined;
  return unfilteredWindow(`${which}:${sort.field}:${sort.desc ? 'desc' : 'asc'}`).execute(db, window);
}

export const findCards = (...args: Parameters<typeof windowOf>): Promise<Card[]> =>
  (unfilteredRows('cards', ...args) as Promise<Card[]> | undefined) ??
  searchedWindow('cards', args, (q) => q.select(CARD_COLUMNS).execute());

export const findMany = (...args: Parameters<typeof windowOf>): Promise<Listed[]> =>
  (unfilteredRows('list', ...args) as Promise<Listed[]> | undefined) ??
  searchedWindow('list', args, (q) => q.select(LIST_COLUMNS).execute());
