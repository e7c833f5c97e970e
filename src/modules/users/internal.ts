/**
 * What other modules (and the auth module's sign-in) may use of users WITHOUT an actor check: each takes a
 * transaction or a system context (`{ db }`), never decides who may do what. The guarded operations are in
 * users.service.ts.
 */
import { type Ctx, nowIso } from '../../deps.js';
import { timeZoneName } from '../../platform/time-zones.js';
import { forgetUser } from './actor-cache.js';
import * as usersRepo from './users.repo.js';

export { loadActiveUser } from './actor-cache.js';
/** Form fields other modules' contracts share (an optional id from a `<select>`). */
export { optionalId } from './users.contract.js';
/**
 * Still exported by users.service.ts too, for the modules that import them from there (contacts, calls, demo, the
 * CLI and tests); they take no actor. Import them from here.
 */
export { createSuperuser, listUsersForPicker, userExists, userNamesOf } from './users.service.js';

/** How many accounts exist (none: the installation still needs its first admin). */
export const countUsers = (ctx: Pick<Ctx, 'db'>) => usersRepo.count(ctx.db);

/**
 * For the auth module: the account behind a sign-in name, with roles. A name with `@` is an email and matches
 * emails only; without, usernames only. (A username with `@` from before that rule still signs in, unless the
 * name is someone's email: the email's owner comes first.)
 */
export async function findUserForLogin(ctx: Pick<Ctx, 'db'>, login: string) {
  const name = login.trim();
  const user = name.includes('@')
    ? ((await usersRepo.findByEmailForLogin(ctx.db, name)) ??
      (await usersRepo.findByUsernameForLogin(ctx.db, name)))
    : await usersRepo.findByUsernameForLogin(ctx.db, name);
  return user ? { ...user, roles: await usersRepo.rolesOf(ctx.db, user.id) } : undefined;
}

/**
 * Records a sign-in. `browserTimeZone` (what the sign-in page's script read from the browser) becomes the
 * account's zone if it has none yet: a user's first sign-in sets their clock, later ones never change it.
 */
export async function markLoggedIn(ctx: Pick<Ctx, 'db' | 'clock'>, id: number, browserTimeZone?: unknown) {
  const zone = timeZoneName(browserTimeZone);
  await usersRepo.markSignedIn(ctx.db, id, nowIso(ctx), zone ?? null);
  if (zone) forgetUser(id);
}
/** The signed-in user's own record as the API shows it (`/api/v1/me`, served by the auth module). */
export { ProfilePatch, toUserResponse, UserResponse } from './users.contract.js';
/** An account's fields as a "changed meanwhile" notice names them (the account page's form too). */
export { USER_FIELD_LABELS } from './views/parts.js';
