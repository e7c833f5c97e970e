/**
 * Who is calling, on every request: the language (user setting, cookie, Accept-Language), the identity
 * (session cookie or `Authorization: Bearer`), the access rule (everything needs sign-in unless the route
 * is marked public), API token scopes, and CSRF for cookie-authenticated writes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { type Deps, systemCtx, timeZoneOf } from '../../deps.js';
import type { Actor } from '../../platform/auth/roles.js';
import { forbidden, unauthenticated } from '../../platform/errors.js';
import { csrfValid, ensureCsrfToken, sessionCsrfToken } from '../../platform/http/csrf.js';
import { isApiRequest } from '../../platform/http/error-handler.js';
import { getTranslate, isLocale, negotiateLocale } from '../../platform/i18n/index.js';
import { countUsers } from '../users/internal.js';
import { resolveBearer, resolveSession } from './internal.js';

export const SESSION_COOKIE = 'sova_session';
/** Names the account this browser last signed in to (signed): such a browser is not held by the account lock. */
export const DEVICE_COOKIE = 'sova_device';
const DEVICE_COOKIE_DAYS = 365;
/** Token refreshes are not password guesses: their own per-address limit, high enough for many phones behind
 * one address (each refreshes every JWT_ACCESS_TTL_SECONDS). */
export const REFRESH_RATE_LIMIT = { max: 300, timeWindow: '1 minute' };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieOptions(request: FastifyRequest, maxAgeSeconds: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: request.protocol === 'https',
    maxAge: maxAgeSeconds,
  };
}

/** Remembers, in a signed cookie, that this browser signed in to `userId`. */
export function rememberDevice(request: FastifyRequest, reply: FastifyReply, userId: number) {
  reply.setCookie(DEVICE_COOKIE, String(userId), {
    ...sessionCookieOptions(request, DEVICE_COOKIE_DAYS * 86400),
    signed: true,
  });
}

/** The account this browser signed in to before, if its cookie carries a valid signature. */
export function knownDeviceOf(request: FastifyRequest): number | undefined {
  const raw = request.cookies[DEVICE_COOKIE];
  if (!raw) return undefined;
  const { valid, value } = request.unsignCookie(raw);
  return valid && value && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

export function installAuth(app: FastifyInstance, deps: Deps) {
  // Every endpoint that checks a password counts in one bucket per client address.
  app.decorate(
    'sovaPasswordLimit',
    app.rateLimit({ max: deps.config.loginRateLimit, timeWindow: '1 minute' }),
  );

  let usersExist = false;
  /** Memoised once true: an installation never goes back to having no users. */
  const hasUsers = async () => {
    if (!usersExist) usersExist = (await countUsers(systemCtx(deps))) > 0;
    return usersExist;
  };
  app.decorate('sovaHasUsers', hasUsers);

  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', '');

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const cookieLang = request.cookies.sova_lang;
    const locale = isLocale(cookieLang)
      ? cookieLang
      : negotiateLocale(request.headers['accept-language'], deps.config.defaultLocale);
    request.locale = locale;
    request.t = getTranslate(locale, deps.config.timeZone, deps.config.currency);
    const api = isApiRequest(request);

    const config = request.routeOptions.config;
    let actor: Actor | undefined;
    const authorization = request.headers.authorization;
    if (authorization?.toLowerCase().startsWith('bearer ')) {
      actor = await resolveBearer(deps, authorization.slice(7).trim());
      if (!actor && !config?.public) throw unauthenticated('auth.token_invalid');
    } else {
      const sessionToken = request.cookies[SESSION_COOKIE];
      if (sessionToken) {
        actor = await resolveSession(deps, sessionToken);
        if (!actor) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }
    request.actor = actor ?? null;
    // Pages get the CSRF cookie; API calls made with the session cookie (the call form's scripts) need the
    // session's token too.
    const bound = actor?.sessionId ? sessionCsrfToken(deps.config.secret, actor.sessionId) : undefined;
    if (!api || bound) ensureCsrfToken(request, api ? null : reply, bound);
    if (actor?.locale && isLocale(actor.locale)) request.locale = actor.locale;
    // The reader's language and clock: every date a page prints goes through this translator.
    if (actor)
      request.t = getTranslate(
        request.locale,
        timeZoneOf({ actor, config: deps.config }),
        deps.config.currency,
      );

    if (!request.routeOptions.url) return;
    // A token's scopes bound it on every route, public ones included: a public route (the live-update stream,
    // say) still serves whoever the request proves to be.
    if (actor?.via === 'token') {
      const scopes = actor.scopes ?? [];
      const needed = config?.scope ?? (SAFE_METHODS.has(request.method) ? 'read' : 'write');
      const ok = scopes.includes(needed) || (needed === 'read' && scopes.includes('write'));
      if (!ok) throw forbidden('auth.scope');
    }
    if (config?.public || actor) return;
    if (api) throw unauthenticated();
    if (!(await hasUsers())) return reply.code(303).redirect('/setup');
    return reply.code(303).redirect(`/login?next=${encodeURIComponent(request.url)}`);
  });

  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (SAFE_METHODS.has(request.method)) return;
    // Bearer-authenticated API calls carry no ambient credentials, so CSRF cannot apply to them.
    const cookieBased = !isApiRequest(request) || request.actor?.via === 'session';
    if (cookieBased && !csrfValid(request)) throw forbidden('auth.csrf');
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    sovaHasUsers(): Promise<boolean>;
    /** The per-address limit shared by sign-in, token and password-change endpoints (an onRequest hook). */
    sovaPasswordLimit: onRequestAsyncHookHandler;
  }
}
