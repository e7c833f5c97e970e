import { sql } from 'kysely';
import type { Db } from '../../database.js';
import type { Role } from '../../platform/auth/roles.js';
import { containsPattern, offsetOf, type PageRequest } from '../../platform/db/sql.js';
import { forUpdate } from '../../platform/db/versioned.js';
import type { NewUserRow, UserRow, UserRowUpdate } from './users.table.js';

export interface UserFilter {
  search?: string;
  role?: Role;
  active?: boolean;
  departmentId?: number;
}

export const findById = (db: Db, id: number) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

/** The account whose email is this (emails are stored lower-case and unique). */
export const findByEmailForLogin = (db: Db, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

/** The account whose username is this, case-insensitively (unique on `lower(username)`). */
export const findByUsernameForLogin = (db: Db, username: string) =>
  db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();

/**
 * Every account one of whose sign-in names (username, case-insensitively, or email) is one of `names`: what a
 * new or renamed account would collide with.
 */
export const findBySignInNames = (db: Db, names: string[]) => {
  const lower = names.map((n) => n.toLowerCase());
  return db
    .selectFrom('users')
    .select(['id', 'username', 'email'])
    .where((eb) => eb.or([eb(eb.fn('lower', ['username']), 'in', lower), eb('email', 'in', lower)]))
    .execute();
};

export const count = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const countActiveWithRole = async (db: Db, role: Role) =>
  Number(
    (
      await db
        .selectFrom('users')
        .innerJoin('userRoles', 'userRoles.userId', 'users.id')
        .where('userRoles.role', '=', role)
        .where('users.active', '=', 1)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The active users with `role`, locked until the transaction ends (in id order). */
export const lockActiveWithRole = (db: Db, role: Role) =>
  forUpdate(
    db,
    db
      .selectFrom('users')
      .innerJoin('userRoles', 'userRoles.userId', 'users.id')
      .where('userRoles.role', '=', role)
      .where('users.active', '=', 1)
      .select('users.id')
      .orderBy('users.id'),
  ).execute();

export const insert = async (db: Db, row: NewUserRow) =>
  (await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow()).id;

export const updateById = (db: Db, id: number, patch: UserRowUpdate) =>
  db.updateTable('users').set(patch).where('id', '=', id).execute();

/** A sign-in's time, and `timeZone` as the account's zone unless it has one. */
export const markSignedIn = (db: Db, id: number, at: string, timeZone: string | null) =>
  db
    .updateTable('users')
    .set((eb) => ({
      lastLoginAt: at,
      timeZone: timeZone === null ? eb.ref('timeZone') : eb.fn.coalesce('timeZone', eb.val(timeZone)),
    }))
    .where('id', '=', id)
    .execute();

export const rolesOf = async (db: Db, userId: number): Promise<Role[]> =>
  (
    await db.selectFrom('userRoles').select('role').where('userId', '=', userId).orderBy('role').execute()
  ).map((r) => r.role);

export const rolesOfMany = async (db: Db, userIds: number[]) => {
  const map = new Map<number, Role[]>();
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('userRoles')
    .selectAll()
    .where('userId', 'in', userIds)
    .orderBy('role')
    .execute();
  for (const r of rows) map.set(r.userId, [...(map.get(r.userId) ?? []), r.role]);
  return map;
};

export async function replaceRoles(db: Db, userId: number, roles: Role[]) {
  await db.deleteFrom('userRoles').where('userId', '=', userId).execute();
  if (roles.length > 0)
    await db
      .insertInto('userRoles')
      .values(roles.map((role) => ({ userId, role })))
      .execute();
}

function filtered(db: Db, f: UserFilter) {
  let q = db.selectFrom('users');
  if (f.search) {
    const p = containsPattern(f.search.toLowerCase());
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['username']), 'like', sql<string>`${p} escape '\\'`),
        eb('email', 'like', sql<string>`${p} escape '\\'`),
        eb(eb.fn('lower', [sql`first_name || ' ' || last_name`]), 'like', sql<string>`${p} escape '\\'`),
        eb(eb.fn('lower', [sql`last_name || ' ' || first_name`]), 'like', sql<string>`${p} escape '\\'`),
      ]),
    );
  }
  if (f.active !== undefined) q = q.where('active', '=', f.active ? 1 : 0);
  if (f.departmentId !== undefined) q = q.where('departmentId', '=', f.departmentId);
  if (f.role) {
    const role = f.role;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('userRoles')
          .select('userRoles.userId')
          .whereRef('userRoles.userId', '=', 'users.id')
          .where('userRoles.role', '=', role),
      ),
    );
  }
  return q;
}

export const findMany = (db: Db, f: UserFilter, page: PageRequest): Promise<UserRow[]> =>
  filtered(db, f)
    .selectAll()
    .orderBy('active', 'asc')
    .orderBy('username')
    .limit(page.perPage)
    .offset(offsetOf(page))
    .execute();

export const countMatching = async (db: Db, f: UserFilter) =>
  Number(
    (
      await filtered(db, f)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** id + display fields of every active user, for pickers (managers, assignees). */
/** The names of these accounts, active or not. */
export const findNamesByIds = (db: Db, ids: number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('users')
        .select(['id', 'username', 'firstName', 'lastName'])
        .where('id', 'in', ids)
        .execute();

export const listForPicker = (db: Db) =>
  db
    .selectFrom('users')
    .select(['id', 'username', 'firstName', 'lastName'])
    .where('active', '=', 1)
    .orderBy('lastName')
    .orderBy('firstName')
    .execute();
