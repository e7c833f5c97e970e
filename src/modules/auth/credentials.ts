/** What the auth service and its actor-free helpers (internal.ts) share: the actor a user acts as, failure memory. */
import type { Actor } from '../../platform/auth/roles.js';

/** Failed sign-ins are forgotten after a day. */
export const FAILURE_MEMORY_MS = 24 * 3600_000;

/** The actor of a signed-in account (`via` what it signed in with; an API token's scopes). */
export function toActor(
  user: Pick<
    Actor,
    'id' | 'username' | 'firstName' | 'lastName' | 'email' | 'roles' | 'locale' | 'timeZone' | 'departmentId'
  >,
  via: Actor['via'],
  scopes?: Actor['scopes'],
): Actor {
  return {
    id: user.id,
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    roles: user.roles,
    locale: user.locale,
    timeZone: user.timeZone,
    departmentId: user.departmentId,
    via,
    ...(scopes ? { scopes } : {}),
  };
}
