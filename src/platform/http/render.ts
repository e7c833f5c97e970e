/** Rendering pages: builds the ViewContext from the request and sends escaped HTML. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { AppError, type FieldErrors } from '../errors.js';
import type { NavItem, ViewContext } from '../views/layout.js';
import { takeFlash } from './flash.js';

let navigation: NavItem[] = [];
/** app.ts sets the navigation once, from the modules it registers. */
export const setNavigation = (items: NavItem[]) => {
  navigation = items;
};

export function viewContext(request: FastifyRequest, reply: FastifyReply): ViewContext {
  const theme = request.cookies.sova_theme;
  return {
    t: request.t,
    actor: request.actor,
    csrf: request.csrfToken,
    path: request.url.split('?')[0] ?? '/',
    url: request.url,
    flash: takeFlash(request, reply),
    nav: navigation,
    theme: theme === 'dark' || theme === 'light' ? theme : null,
  };
}

export function sendHtml(reply: FastifyReply, node: VNode, status = 200) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${render(node)}`);
}

export const isHtmx = (request: FastifyRequest) => request.headers['hx-request'] === 'true';

/** A form refused because its row changed since the form was read: the row's version now, and the form's. */
export interface StaleForm {
  version: number;
  since: number;
}

/**
 * Runs a form submission; a validation or conflict error becomes field errors for re-rendering the form, a
 * row changed meanwhile (`stale`) a general error with the versions (anything else propagates to the error
 * handler).
 */
export async function submitForm<T>(
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; errors: FieldErrors; stale?: StaleForm }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof AppError && (err.kind === 'invalid' || err.kind === 'conflict')) {
      const errors = Object.keys(err.fields).length > 0 ? err.fields : { _: { code: err.code } };
      return { ok: false, errors };
    }
    if (err instanceof AppError && err.kind === 'stale') {
      const { version, since } = err.params;
      return {
        ok: false,
        errors: { _: { code: err.code } },
        stale: { version: Number(version), since: Number(since ?? 0) },
      };
    }
    throw err;
  }
}

/** The version a form was read at, from its hidden `version` field; undefined when it has none (an old page). */
export const formVersion = (body: Record<string, unknown>): number | undefined =>
  typeof body.version === 'string' && /^\d{1,9}$/.test(body.version) ? Number(body.version) : undefined;

/** A redirect that also works for htmx requests (which follow HX-Redirect instead of 3xx). */
export function redirect(request: FastifyRequest, reply: FastifyReply, to: string) {
  if (isHtmx(request)) return reply.header('hx-redirect', to).code(204).send();
  return reply.code(303).redirect(to);
}

/** Only same-site relative paths are followed after login, never another host. */
export const safeNext = (next: unknown, fallback = '/welcome') =>
  typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : fallback;

/** A submitted form's values to re-render it: never echo passwords or the CSRF token back into the page. */
export function formValues(body: Record<string, unknown>): Record<string, unknown> {
  const { password: _p, password2: _p2, current_password: _c, _csrf, ...rest } = body;
  return rest;
}
