/**
 * Authentication: password login, browser sessions (opaque cookie, hashed at rest), JWT pairs for the seed 001
 * mobile app (refresh tokens rotate; a reused refresh token revokes the whole family) and bearer lookups for
 * the API. Every sign-in, sign-out and failure lands in the activity log.
 */
import { type Ctx, type Deps, inTransaction, nowIso } from '../../deps.js';
import { randomToken, sha256, verifyPassword } from '../../platform/auth/crypto.js';
import { signJwt, verifyJwt } from '../../platform/auth/jwt.js';
import type { Actor } from '../../platform/auth/roles.js';
import { forbidden, rateLimited, unauthenticated } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/internal.js';
import { findUserForLogin, loadActiveUser, markLoggedIn } from '../users/internal.js';
import { LoginBody } from './auth.contract.js';
import * as authRepo from './auth.repo.js';
import { FAILURE_MEMORY_MS, toActor } from './credentials.js';

/**
 * The per-account limit on password guesses, kept in the database so that every instance counts together: an
 * account (or a name matching none, so that both answer alike) gets a few failures free, then is locked for a
 * time that doubles with each further failure, up to a cap; failures a day old are forgotten, a success clears
 * them. A browser that signed in to the account before (its known-device cookie) is not held by this limit,
 * so an attacker cannot lock the real user out; the per-address limit still applies to it.
 */
const FREE_FAILURES = 5;
const FIRST_LOCK_SECONDS = 15;
const MAX_LOCK_SECONDS = 15 * 60;

/** How long an account is locked after its `failures`-th failure in a row (0: not yet). */
export const lockSecondsAfter = (failures: number) =>
  failures < FREE_FAILURES
    ? 0
    : Math.min(FIRST_LOCK_SECONDS * 2 ** (failures - FREE_FAILURES), MAX_LOCK_SECONDS);

export interface SignInOptions {
  /** The account this browser signed in to before (its signed known-device cookie). */
  knownDeviceUserId?: number;
  /** The browser's time zone, sent by the sign-in page's script: the account's zone if it has none yet. */
  browserTimeZone?: unknown;
}

const guardKey = (user: { id: number } | undefined, login: string) =>
  user ? `user:${user.id}` : `name:${sha256(login.trim().toLowerCase())}`;

/** `auth.account_locked` (rate limited, with the seconds left) while the account is locked. */
async function refuseWhileLocked(ctx: Ctx, key: string) {
  const guard = await authRepo.findSignInGuard(ctx.db, key);
  const left = guard?.lockedUntil ? Date.parse(guard.lockedUntil) - ctx.clock.now().getTime() : 0;
  if (left > 0) throw rateLimited('auth.account_locked', { seconds: Math.ceil(left / 1000) });
}

/** Counts a failure; the one that crosses the limit locks the account, and the activity log says so. */
async function countFailure(ctx: Ctx, key: string, userId: number | null, login: string) {
  const now = ctx.clock.now();
  const failures = await authRepo.countSignInFailure(
    ctx.db,
    key,
    now.toISOString(),
    new Date(now.getTime() - FAILURE_MEMORY_MS).toISOString(),
  );
  const seconds = lockSecondsAfter(failures);
  if (seconds === 0) return;
  await authRepo.lockSignIn(ctx.db, key, new Date(now.getTime() + seconds * 1000).toISOString());
  await recordActivity(ctx, 'auth.account_locked', {
    actorId: userId,
    summary: login.slice(0, 100),
    details: { failures, seconds },
  });
}

/**
 * Checks a username-or-email and password. Throws `auth.account_locked` (rate limited) while the account is
 * locked after repeated failures (unless `opts` names it as this browser's), `auth.invalid_credentials`
 * (unauthenticated) for a wrong pair and `auth.inactive` (forbidden) for an account awaiting activation — only
 * after the password matched, so the difference reveals nothing to someone guessing.
 */
export async function checkCredentials(ctx: Ctx, input: unknown, opts: SignInOptions = {}) {
  const body = parseInput(LoginBody, input);
  const user = await findUserForLogin(ctx, body.login);
  const key = guardKey(user, body.login);
  const guarded = !user || opts.knownDeviceUserId !== user.id;
  if (guarded) await refuseWhileLocked(ctx, key);
  const ok = await verifyPassword(user?.passwordHash, body.password);
  if (!user || !ok) {
    await recordActivity(ctx, 'auth.login_failed', {
      actorId: user?.id ?? null,
      summary: body.login.slice(0, 100),
      details: { reason: user ? 'password' : 'unknown_user' },
    });
    if (guarded) await countFailure(ctx, key, user?.id ?? null, body.login);
    throw unauthenticated('auth.invalid_credentials');
  }
  await authRepo.clearSignInGuard(ctx.db, key);
  if (!user.active) {
    await recordActivity(ctx, 'auth.login_failed', {
      actorId: user.id,
      summary: user.username,
      details: { reason: 'inactive' },
    });
    throw forbidden('auth.inactive');
  }
  return user;
}

/** Signs in with a password and opens a browser session; returns the cookie value and the session's id. */
export async function loginWithPassword(
  ctx: Ctx,
  input: unknown,
  opts: SignInOptions = {},
): Promise<{ token: string; sessionId: string; userId: number }> {
  const user = await checkCredentials(ctx, input, opts);
  const token = randomToken(32);
  const sessionId = sha256(token);
  const now = ctx.clock.now();
  await inTransaction(ctx, async (tx) => {
    await authRepo.insertSession(tx.db, {
      id: sessionId,
      userId: user.id,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ctx.config.sessionTtlHours * 3600_000).toISOString(),
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 500) ?? null,
    });
    await markLoggedIn(tx, user.id, opts.browserTimeZone);
    await recordActivity(tx, 'auth.login', {
      actorId: user.id,
      summary: user.username,
      details: { via: 'password' },
    });
  });
  return { token, sessionId, userId: user.id };
}

/** Ends the current browser session. */
export async function logout(ctx: Ctx): Promise<void> {
  const actor = ctx.actor;
  if (!actor?.sessionId) return;
  await inTransaction(ctx, async (tx) => {
    await authRepo.deleteSession(tx.db, actor.sessionId!);
    await recordActivity(tx, 'auth.logout', { summary: actor.username });
  });
}

async function issuePair(ctx: Ctx, userId: number) {
  const now = ctx.clock.now();
  const access = await signJwt(ctx.config.secret, userId, 'access', ctx.config.jwt.accessTtlSeconds, now);
  const refresh = await signJwt(ctx.config.secret, userId, 'refresh', ctx.config.jwt.refreshTtlSeconds, now);
  await authRepo.insertRefreshToken(ctx.db, {
    jti: refresh.jti,
    userId,
    createdAt: now.toISOString(),
    expiresAt: refresh.expiresAt.toISOString(),
  });
  return { access: access.token, refresh: refresh.token };
}

/** Seed 001 `POST /api/token/`: username (or email) + password → access and refresh JWTs. */
export async function obtainTokenPair(
  ctx: Ctx,
  input: { username: string; password: string },
  opts: SignInOptions = {},
) {
  const user = await checkCredentials(ctx, { login: input.username, password: input.password }, opts);
  return inTransaction(ctx, async (tx) => {
    const pair = await issuePair(tx, user.id);
    await markLoggedIn(tx, user.id);
    await recordActivity(tx, 'auth.token_issued', {
      actorId: user.id,
      summary: user.username,
      details: { via: 'jwt' },
    });
    return pair;
  });
}

/**
 * Seed 001 `POST /api/token/refresh/`: a live refresh token → a new pair; the old refresh token is revoked.
 * Presenting a revoked one means it leaked or was replayed, so all of that user's refresh tokens are revoked.
 * Throws `auth.token_invalid`.
 */
export async function refreshTokenPair(ctx: Ctx, refreshToken: string) {
  const claims = await verifyJwt(ctx.config.secret, refreshToken, 'refresh', ctx.clock.now());
  if (!claims) throw unauthenticated('auth.token_invalid');
  const stored = await authRepo.findRefreshToken(ctx.db, claims.jti);
  if (!stored || stored.userId !== claims.userId) throw unauthenticated('auth.token_invalid');
  if (stored.revokedAt) {
    await authRepo.revokeUserRefreshTokens(ctx.db, claims.userId, nowIso(ctx));
    throw unauthenticated('auth.token_invalid');
  }
  return inTransaction(ctx, async (tx) => {
    // Two refreshes racing with one token: only the one that revokes it gets a new pair.
    if (!(await authRepo.revokeRefreshToken(tx.db, claims.jti, nowIso(tx)))) {
      throw unauthenticated('auth.token_invalid');
    }
    if (!(await loadActiveUser(tx, claims.userId))) throw unauthenticated('auth.token_invalid');
    return issuePair(tx, claims.userId);
  });
}

/** The actor a background job acts as (the user who asked for the work), or undefined if they are gone. */
export async function actorForJob(deps: Deps, userId: number): Promise<Actor | undefined> {
  const user = await loadActiveUser(deps, userId);
  return user && toActor(user, 'job');
}
