/**
 * The active accounts behind requests, kept a few seconds per database: every page and API request resolves its
 * user (session or token), so a busy client costs one query instead of three. Changes made by the users service
 * drop the entry at once (`forgetUser`); another instance of Sova (scale mode) sees a deactivation or a role change
 * within `ACTOR_TTL_MS` (a deactivation also deletes the user's sessions).
 */
import type { Ctx } from '../../deps.js';
import type { Role } from '../../platform/auth/roles.js';
import * as usersRepo from './users.repo.js';

const ACTOR_TTL_MS = 3000;
type ActiveUser = NonNullable<Awaited<ReturnType<typeof usersRepo.findById>>> & { roles: Role[] };
const actorCaches = new WeakMap<object, Map<number, { user: ActiveUser | undefined; until: number }>>();
const liveCaches = new Set<Map<number, unknown>>();

/** Drops the user's cached entry in every database's cache (after a change to the account). */
export const forgetUser = (id: number) => {
  for (const cache of liveCaches) cache.delete(id);
};

/** The active account with this id, with its roles (undefined when inactive or gone). */
export async function loadActiveUser(ctx: Pick<Ctx, 'db'>, id: number): Promise<ActiveUser | undefined> {
  let cache = actorCaches.get(ctx.db);
  if (!cache) {
    cache = new Map();
    actorCaches.set(ctx.db, cache);
    liveCaches.add(cache);
  }
  const hit = cache.get(id);
  if (hit && hit.until > Date.now()) return hit.user;
  const found = await usersRepo.findById(ctx.db, id);
  const user = found?.active ? { ...found, roles: await usersRepo.rolesOf(ctx.db, id) } : undefined;
  if (cache.size > 10_000) cache.clear();
  cache.set(id, { user, until: Date.now() + ACTOR_TTL_MS });
  return user;
}
