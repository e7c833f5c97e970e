/**
 * CSRF protection for cookie-authenticated requests: the token a page carries must come back in the form field
 * `_csrf` or the `X-CSRF-Token` header. Before sign-in it is a random value also kept in an httpOnly SameSite=Lax
 * cookie; once signed in it is derived from the session (a keyed hash of its id), so a token planted in the
 * cookie jar — by a sibling subdomain, or a Set-Cookie injected over plain HTTP — is worth nothing. Another site
 * can neither read the page that carries the token nor compute it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hmac, randomToken, safeEqual } from '../auth/crypto.js';

export const CSRF_COOKIE = 'sova_csrf';

/** The token of a signed-in session (`sessionId` is the stored hash of its cookie). */
export const sessionCsrfToken = (secret: string, sessionId: string) => hmac(secret, `csrf:${sessionId}`);

/**
 * Sets the token this request's pages carry and checks: `bound` (the session's) when signed in, else the
 * cookie's (made when missing). The cookie follows, so a browser keeps one value to send.
 */
export function ensureCsrfToken(request: FastifyRequest, reply: FastifyReply | null, bound?: string) {
  const existing = request.cookies[CSRF_COOKIE];
  const usable = existing && /^[\w-]{32,64}$/.test(existing) ? existing : undefined;
  request.csrfToken = bound ?? usable ?? randomToken(24);
  if (reply && request.csrfToken !== existing) {
    reply.setCookie(CSRF_COOKIE, request.csrfToken, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
    });
  }
}

/** Forms' tokens, read before validation: a route's body schema may drop the `_csrf` field it does not declare. */
const formTokens = new WeakMap<FastifyRequest, string>();

/** Keeps the `_csrf` field of a parsed form body for the check (called before the body is validated). */
export function keepFormToken(request: FastifyRequest): void {
  const body: unknown = request.body;
  if (body !== null && typeof body === 'object' && '_csrf' in body && typeof body._csrf === 'string')
    formTokens.set(request, body._csrf);
}

export function csrfValid(request: FastifyRequest): boolean {
  const expected = request.csrfToken;
  const sent = request.headers['x-csrf-token'] ?? formTokens.get(request);
  return typeof sent === 'string' && expected.length > 0 && safeEqual(expected, sent);
}
