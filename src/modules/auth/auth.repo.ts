import type { Db } from '../../database.js';
import { type Params, prepared } from '../../platform/db/prepared.js';
import type { SessionsTable } from './auth.table.js';

export const insertSession = (db: Db, row: SessionsTable) => db.insertInto('sessions').values(row).execute();

/** A session by its hashed token (hot path: every signed-in page; the user comes from the actor cache). */
const sessionById = prepared((db, p: Params<{ id: string }>) =>
  db.selectFrom('sessions').select(['userId', 'expiresAt', 'lastSeenAt']).where('id', '=', p.id),
);
export const findSession = (db: Db, id: string) => sessionById.executeTakeFirst(db, { id });

export const touchSession = (db: Db, id: string, lastSeenAt: string, expiresAt: string) =>
  db.updateTable('sessions').set({ lastSeenAt, expiresAt }).where('id', '=', id).execute();

export const deleteSession = (db: Db, id: string) => db.deleteFrom('sessions').where('id', '=', id).execute();

export const deleteUserSessions = (db: Db, userId: number, exceptId?: string) => {
  let q = db.deleteFrom('sessions').where('userId', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.execute();
};

export const deleteExpiredSessions = (db: Db, now: string) =>
  db.deleteFrom('sessions').where('expiresAt', '<', now).execute();

export const deleteExpiredRefreshTokens = (db: Db, now: string) =>
  db.deleteFrom('refreshTokens').where('expiresAt', '<', now).execute();

export const insertRefreshToken = (
  db: Db,
  row: { jti: string; userId: number; createdAt: string; expiresAt: string },
) =>
  db
    .insertInto('refreshTokens')
    .values({ ...row, revokedAt: null })
    .execute();

export const findRefreshToken = (db: Db, jti: string) =>
  db.selectFrom('refreshTokens').selectAll().where('jti', '=', jti).executeTakeFirst();

/** Revokes one token if still live; returns true when this call revoked it (so only one refresh wins a race). */
export const revokeRefreshToken = async (db: Db, jti: string, now: string) =>
  Number(
    (
      await db
        .updateTable('refreshTokens')
        .set({ revokedAt: now })
        .where('jti', '=', jti)
        .where('revokedAt', 'is', null)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

export const revokeUserRefreshTokens = (db: Db, userId: number, now: string) =>
  db
    .updateTable('refreshTokens')
    .set({ revokedAt: now })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .execute();

export const findSignInGuard = (db: Db, key: string) =>
  db.selectFrom('signInGuards').select(['failures', 'lockedUntil']).where('key', '=', key).executeTakeFirst();

/**
 * Counts one more failed sign-in for `key` and returns the count, in one statement (instances may race): a
 * count whose last failure is older than `staleBefore` starts again at 1.
 */
export const countSignInFailure = async (db: Db, key: string, now: string, staleBefore: string) =>
  (
    await db
      .insertInto('signInGuards')
      .values({ key, failures: 1, lockedUntil: null, updatedAt: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          failures: eb
            .case()
            .when('signInGuards.updatedAt', '<', staleBefore)
            .then(1)
            .else(eb('signInGuards.failures', '+', 1))
            .end(),
          updatedAt: now,
        })),
      )
      .returning('failures')
      .executeTakeFirstOrThrow()
  ).failures;

export const lockSignIn = (db: Db, key: string, until: string) =>
  db.updateTable('signInGuards').set({ lockedUntil: until }).where('key', '=', key).execute();

export const clearSignInGuard = (db: Db, key: string) =>
  db.deleteFrom('signInGuards').where('key', '=', key).execute();

/** Forgets failures nobody has added to for a day, once any lock of theirs is over. */
export const deleteStaleSignInGuards = (db: Db, before: string, now: string) =>
  db
    .deleteFrom('signInGuards')
    .where('updatedAt', '<', before)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)]))
    .execute();
