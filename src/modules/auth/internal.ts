/**
 * What the app's request hooks and other modules may use of auth WITHOUT an actor check: each takes the
 * process's dependencies or a transaction, never a request's signed-in user. The guarded operations (sign-in,
 * sign-out, token pairs) are in auth.service.ts.
 */
import { type Ctx, type Deps, nowIso } from '../../deps.js';
import { sha256 } from '../../platform/auth/crypto.js';
import { verifyJwt } from '../../platform/auth/jwt.js';
import type { Actor } from '../../platform/auth/roles.js';
import { verifyApiToken } from '../api-tokens/internal.js';
import { loadActiveUser } from '../users/internal.js';
import * as authRepo from './auth.repo.js';
import { FAILURE_MEMORY_MS, toActor } from './credentials.js';

/**
 * Still exported by auth.service.ts too, for the modules and tests that import it from there (orders' tests,
 * the job worker fixture). Import it from here.
 */
export { actorForJob } from './auth.service.js';

const TOUCH_EVERY_MS = 5 * 60 * 1000;

/** The actor behind a session cookie, or undefined when it is unknown, expired or the account inactive. */
export async function resolveSession(deps: Deps, token: string): Promise<Actor | undefined> {
  const id = sha256(token);
  const session = await authRepo.findSession(deps.db, id);
  const now = deps.clock.now();
  if (!session || session.expiresAt <= now.toISOString()) return undefined;
  // The account comes from the few-seconds actor cache (deactivation and sign-out delete the session rows, so
  // they take effect at once); a page view costs one primary-key read.
  const user = await loadActiveUser(deps, session.userId);
  if (!user) return undefined;
  // Sliding expiry, written at most every few minutes so page views stay read-only.
  if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
    const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3600_000).toISOString();
    await authRepo.touchSession(deps.db, id, now.toISOString(), expiresAt);
  }
  return { ...toActor(user, 'session'), sessionId: id };
}

/** Ends every session and refresh token of a user (deactivation, password change). */
export async function revokeUserSessions(ctx: Ctx, userId: number, exceptSessionId?: string): Promise<void> {
  await authRepo.deleteUserSessions(ctx.db, userId, exceptSessionId);
  await authRepo.revokeUserRefreshTokens(ctx.db, userId, nowIso(ctx));
}

/** The actor behind `Authorization: Bearer …`: a JWT access token or a Sova API token. */
export async function resolveBearer(deps: Deps, token: string): Promise<Actor | undefined> {
  if (token.startsWith('sova_')) {
    const found = await verifyApiToken(deps, token);
    if (!found) return undefined;
    const user = await loadActiveUser(deps, found.userId);
    return user && toActor(user, 'token', found.scopes);
  }
  const claims = await verifyJwt(deps.config.secret, token, 'access', deps.clock.now());
  if (!claims) return undefined;
  const user = await loadActiveUser(deps, claims.userId);
  return user && toActor(user, 'jwt');
}

/** Deletes expired sessions and refresh tokens, and failed sign-ins a day old (the nightly maintenance job). */
export async function purgeExpiredCredentials(ctx: Ctx): Promise<void> {
  const now = nowIso(ctx);
  await authRepo.deleteExpiredSessions(ctx.db, now);
  await authRepo.deleteExpiredRefreshTokens(ctx.db, now);
  await authRepo.deleteStaleSignInGuards(
    ctx.db,
    new Date(ctx.clock.now().getTime() - FAILURE_MEMORY_MS).toISOString(),
    now,
  );
}
