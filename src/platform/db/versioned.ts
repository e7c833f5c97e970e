/**
 * Versioned rows: how an edit of a row is written so that no concurrent edit is lost.
 *
 * Every table users edit has a `version` (migration 0010), raised by one with each change of its data. An edit
 * runs in the service's transaction as: read the row locked (`lockRow`), refuse if the writer based its change
 * on another version (`If-Match`, a form's hidden field), work out the new values from the row as it is now,
 * then write only the columns that differ, guarded by the version read (`where id = ? and version = ?`). The
 * guard alone already makes a lost update impossible: a path that forgot the lock fails with
 * `<entity>.changed_meanwhile` instead of writing over a change it never saw. `updateVersioned` is the whole
 * sequence; a new module's edits call it and get all of this.
 *
 * The lock: PostgreSQL reads with `for update`, so a second writer waits at its read until the first commits,
 * then reads the committed row. SQLite needs none: a transaction holds the only writer connection from its
 * `begin` to its `commit` (`sqlite-driver.ts`, first come first served), and group commit (`group-commit.ts`)
 * runs the transactions it gathers one after another, each in its own savepoint, so no other write can come
 * between a transaction's read and its write.
 */
import { type Kysely, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { Database, Db } from '../../database.js';
import { changedMeanwhile, type MissingEntity, notFound, type VersionedEntity } from '../errors.js';
import { isPostgresDb } from './sql.js';

/** Tables whose rows have an integer `id` and a `version`. */
export type VersionedTable = {
  [T in keyof Database]: Database[T] extends { id: unknown; version: unknown } ? T : never;
}[keyof Database];
export type VersionedRow<T extends VersionedTable> = Selectable<Database[T]>;

/**
 * The query, reading rows locked until the transaction ends: `for update` on PostgreSQL; as it is on SQLite,
 * where a transaction already excludes every other writer (see above). Only inside a transaction.
 */
// biome-ignore lint/suspicious/noExplicitAny: any select over any table
export function forUpdate<Q extends SelectQueryBuilder<any, any, any>>(db: Db, query: Q): Q {
  if (!db.isTransaction) throw new Error('rows are read for update inside a transaction only');
  return isPostgresDb(db) ? (query.forUpdate() as Q) : query;
}

// The helpers below work on any versioned table; the typed signatures are the public face.
// biome-ignore lint/suspicious/noExplicitAny: table-generic queries
const anyDb = (db: Db) => db as unknown as Kysely<any>;

/** One row by id, locked for the rest of the transaction (every column). */
export const lockRow = <T extends VersionedTable>(
  db: Db,
  table: T,
  id: number,
): Promise<VersionedRow<T> | undefined> =>
  forUpdate(
    db,
    anyDb(db)
      .selectFrom(table as string)
      .selectAll()
      .where('id', '=', id),
  ).executeTakeFirst() as Promise<VersionedRow<T> | undefined>;

/**
 * The row, locked, if it is at `expectedVersion` (any version when undefined): for a delete or an edit that
 * writes on its own. `<entity>.not_found`, `<entity>.changed_meanwhile`.
 */
export async function lockVersioned<T extends VersionedTable>(
  db: Db,
  table: T,
  entity: MissingEntity & VersionedEntity,
  id: number,
  expectedVersion: number | undefined,
): Promise<VersionedRow<T>> {
  const row = await lockRow(db, table, id);
  if (!row) throw notFound(entity, id);
  const { version } = row as unknown as { version: number };
  if (expectedVersion !== undefined && expectedVersion !== version)
    throw changedMeanwhile(entity, version, expectedVersion);
  return row;
}

/** The columns of `next` whose values differ from the row's (keys whose value is undefined are left out). */
export function changedColumns<R extends object>(row: R, next: Partial<R>): Partial<R> {
  const changed: Partial<R> = {};
  for (const key in next) {
    const value = next[key];
    if (value !== undefined && value !== row[key]) changed[key] = value;
  }
  return changed;
}

/**
 * Writes `set` to the row and raises its version, if the row is still at the version read
 * (`<entity>.changed_meanwhile` otherwise: someone wrote it without holding the lock).
 */
export async function writeVersioned<T extends VersionedTable>(
  db: Db,
  table: T,
  entity: MissingEntity & VersionedEntity,
  row: { id: number; version: number },
  set: Partial<VersionedRow<T>>,
): Promise<number> {
  const r = await anyDb(db)
    .updateTable(table as string)
    .set({ ...(set as Record<string, unknown>), version: sql`version + 1` })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) return row.version + 1;
  const now = await anyDb(db)
    .selectFrom(table as string)
    .select('version')
    .where('id', '=', row.id)
    .executeTakeFirst();
  if (!now) throw notFound(entity, row.id);
  throw changedMeanwhile(entity, now.version as number, row.version);
}

export interface VersionedUpdate<T extends VersionedTable> {
  table: T;
  /** Names the row in errors: `<entity>.not_found`, `<entity>.changed_meanwhile`. */
  entity: MissingEntity & VersionedEntity;
  id: number;
  /** The version the writer's change is based on (If-Match, a form's field); undefined: whatever is there now. */
  expectedVersion?: number | undefined;
  /**
   * The new values, worked out from the row as it is now (locked); may throw (rules, validation). Values equal to
   * the row's are not written.
   */
  change(row: VersionedRow<T>): Partial<VersionedRow<T>> | Promise<Partial<VersionedRow<T>>>;
  /** Written along with any change, never compared: `{ updatedAt }`. */
  stamp?: Partial<VersionedRow<T>>;
}

export interface VersionedResult<R> {
  /** The row as it was before the change. */
  row: R;
  /** The columns written, with their new values; empty when nothing changed (and nothing was written). */
  changed: Partial<R>;
  /** The row's version now. */
  version: number;
}

/**
 * Edits one row in the caller's transaction: lock, compare versions, write the changed columns, raise the
 * version. `<entity>.not_found`, `<entity>.changed_meanwhile` (412 on the API), or what `change` throws.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Db,
  u: VersionedUpdate<T>,
): Promise<VersionedResult<VersionedRow<T>>> {
  const row = await lockVersioned(db, u.table, u.entity, u.id, u.expectedVersion);
  const current = row as unknown as { id: number; version: number };
  const changed = changedColumns(row, await u.change(row));
  if (Object.keys(changed).length === 0) return { row, changed, version: current.version };
  const version = await writeVersioned(db, u.table, u.entity, current, { ...changed, ...u.stamp });
  return { row, changed, version };
}

/**
 * What an activity entry records of a change: `{ field: { from, to } }` for each changed column that `names`
 * maps to the field name clients know, its values shown by `show` when given (money as a decimal string).
 */
export function changeDetails<R extends object>(
  row: R,
  changed: Partial<R>,
  names: { [K in keyof R]?: string | readonly [string, (value: R[K]) => unknown] },
): Record<string, { from: unknown; to: unknown }> {
  const details: Record<string, { from: unknown; to: unknown }> = {};
  for (const key in changed) {
    const name = names[key];
    if (name === undefined) continue;
    const [field, show] = typeof name === 'string' ? [name, (v: unknown) => v] : name;
    details[field] = {
      from: (show as (v: unknown) => unknown)(row[key]),
      to: (show as (v: unknown) => unknown)(changed[key]),
    };
  }
  return details;
}
