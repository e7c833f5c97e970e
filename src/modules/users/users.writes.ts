/**
 * How the users service writes accounts (this module's own; other modules go through the service or internal.ts):
 * uniqueness of sign-in names, inserts, the last-admin check and versioned changes with their log entries.
 */
import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { hashPassword } from '../../platform/auth/crypto.js';
import type { Role } from '../../platform/auth/roles.js';
import { isUniqueViolation } from '../../platform/db/sql.js';
import { changeDetails, updateVersioned, writeVersioned } from '../../platform/db/versioned.js';
import { conflict, type FieldErrors } from '../../platform/errors.js';
import { recordActivity } from '../activity/internal.js';
import { revokeUserSessions } from '../auth/internal.js';
import * as usersRepo from './users.repo.js';
import type { UserRow } from './users.table.js';

/**
 * A username and an email are both sign-in names, so each must be free as either: no other account may have
 * this username (case-insensitively) or this email, nor have the one as the other (`username_taken`,
 * `email_taken`). Usernames cannot hold `@` today; older ones may, hence the cross checks.
 */
export async function assertUnique(ctx: Ctx, names: { username?: string; email: string }, exceptId?: number) {
  const username = names.username?.toLowerCase();
  const email = names.email.toLowerCase();
  const fields: FieldErrors = {};
  const others = (
    await usersRepo.findBySignInNames(ctx.db, username === undefined ? [email] : [username, email])
  ).filter((u) => u.id !== exceptId);
  for (const other of others) {
    const taken = [other.username.toLowerCase(), other.email];
    if (username !== undefined && taken.includes(username)) fields.username = { code: 'username_taken' };
    if (taken.includes(email)) fields.email = { code: 'email_taken' };
  }
  if (Object.keys(fields).length > 0) throw conflict('user.taken', fields);
}

/** Two racing inserts both pass assertUnique; the index catches the loser, reported the same way. */
export async function uniqueGuard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict('user.taken', { username: { code: 'username_taken' }, email: { code: 'email_taken' } });
    }
    throw err;
  }
}

export interface NewUser {
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  position: string;
  password: string;
  active: boolean;
  roles: Role[];
  department_id?: number | null;
  locale?: string | null;
}

export async function insertUser(ctx: Ctx, u: NewUser): Promise<number> {
  const passwordHash = await hashPassword(u.password);
  return inTransaction(ctx, async (tx) => {
    await assertUnique(tx, u);
    const now = nowIso(tx);
    const id = await uniqueGuard(() =>
      usersRepo.insert(tx.db, {
        username: u.username,
        email: u.email,
        firstName: u.first_name,
        lastName: u.last_name,
        position: u.position,
        passwordHash,
        active: u.active ? 1 : 0,
        locale: u.locale ?? null,
        departmentId: u.department_id ?? null,
        telegramId: null,
        lastLoginAt: null,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await usersRepo.replaceRoles(tx.db, id, u.roles);
    return id;
  });
}

/**
 * A check that an active admin remains once a change that may take admin rights away is written: the active
 * admins are read locked *before* the user's row (every such change locks them first, in id order, so two
 * cannot deadlock), and two admins taking each other's rights at once cannot both pass: PostgreSQL re-reads a
 * locked row once its writer commits; SQLite runs one writer at a time. The check itself (`users.last_admin`)
 * runs on the user as locked.
 */
export async function lockAdmins(ctx: Ctx, mayRemoveAdmin: boolean) {
  const admins = mayRemoveAdmin ? await usersRepo.lockActiveWithRole(ctx.db, 'admin') : [];
  return (user: { id: number; active: number }) => {
    if (mayRemoveAdmin && user.active && admins.some((a) => a.id === user.id) && admins.length <= 1)
      throw conflict('users.last_admin');
  };
}

/** The user's columns as the log and the forms name its fields. */
export const LOGGED_FIELDS = {
  username: 'username',
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  position: 'position',
  departmentId: 'department_id',
  locale: 'locale',
  timeZone: 'time_zone',
} as const;

/**
 * Writes a change of a user's own fields, roles and active flag (`set` and `roles` worked out from the user as
 * locked), raising the version when any of them changes, and logs it; a deactivation signs the user out.
 */
export async function writeUserChange(
  tx: Ctx,
  id: number,
  expectedVersion: number | undefined,
  next: (user: UserRow) => Promise<{ set: Partial<UserRow>; roles?: Role[] }>,
): Promise<void> {
  const now = nowIso(tx);
  let roles: { from: Role[]; to: Role[] } | undefined;
  const result = await uniqueGuard(() =>
    updateVersioned(tx.db, {
      table: 'users',
      entity: 'user',
      id,
      expectedVersion,
      stamp: { updatedAt: now },
      change: async (user) => {
        const wanted = await next(user);
        if (wanted.roles) {
          const from = await usersRepo.rolesOf(tx.db, id);
          const to = [...new Set(wanted.roles)].sort();
          if (from.join(',') !== to.join(',')) roles = { from, to };
        }
        return wanted.set;
      },
    }),
  );
  const { row, changed } = result;
  let { version } = result;
  if (roles) {
    // Roles live in their own table: a change of them alone still makes the user a new version.
    if (version === row.version)
      version = await writeVersioned(tx.db, 'users', 'user', row, { updatedAt: now });
    await usersRepo.replaceRoles(tx.db, id, roles.to);
  }
  const summary = changed.username ?? row.username;
  const details = changeDetails(row, changed, LOGGED_FIELDS);
  if (Object.keys(details).length > 0)
    await recordActivity(tx, 'user.updated', { entityType: 'user', entityId: id, summary, details, version });
  if (roles)
    await recordActivity(tx, 'user.roles_changed', {
      entityType: 'user',
      entityId: id,
      summary,
      details: roles,
      version,
    });
  if (changed.active !== undefined) {
    await recordActivity(tx, changed.active ? 'user.activated' : 'user.deactivated', {
      entityType: 'user',
      entityId: id,
      summary,
      version,
    });
    if (!changed.active) await revokeUserSessions(tx, id);
  }
}
