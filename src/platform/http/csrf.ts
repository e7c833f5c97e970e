/**
 * CSRF protection for cookie-authenticated requests: a random token in an httpOnly SameSite=Lax cookie must be
 * echoed in the form field `_csrf` or the `X-CSRF-Token` header. Another site can neither read the cookie nor
 * the page that carries the token, so it cannot forge the pair.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken, safeEqual } from '../auth/crypto.js';

export const CSRF_COOKIE = 'sova_csrf';

export function ensureCsrfCookie(request: FastifyRequest, reply: FastifyReply) {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && /^[\w-]{32,64}$/.test(existing)) {
    request.csrfToken = existing;
    return;
  }
  request.csrfToken = randomToken(24);
  reply.setCookie(CSRF_COOKIE, request.csrfToken, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  });
}

export function csrfValid(request: FastifyRequest): boolean {
  const cookie = request.cookies[CSRF_COOKIE];
  const body = request.body as Record<string, unknown> | undefined;
  const sent = request.headers['x-csrf-token'] ?? (body && typeof body === 'object' ? body._csrf : undefined);
  return (
    typeof cookie === 'string' && typeof sent === 'string' && cookie.length > 0 && safeEqual(cookie, sent)
  );
}
