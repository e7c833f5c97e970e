/** Rendering pages: builds the ViewContext from the request and sends escaped HTML. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { AppError, type FieldErrors } from '../errors.js';
import type { AssetUrls, NavItem, ViewContext } from '../views/layout.js';
import { takeFlash } from './flash.js';

let navigation: NavItem[] = [];
/** app.ts sets the navigation once, from the modules it registers. */
export const setNavigation = (items: NavItem[]) => {
  navigation = items;
};

let assets: AssetUrls = {
  script: '/assets/app.js',
  stylesheet: '/assets/app.css',
  icon: '/assets/favicon.svg',
};
/** app.ts sets the browser assets' URLs once, from the build's manifest (their names carry a content hash). */
export const setAssets = (urls: AssetUrls) => {
  assets = urls;
};

export function viewContext(request: FastifyRequest, reply: FastifyReply): ViewContext {
  const theme = request.cookies.sova_theme;
  return {
    t: request.t,
    actor: request.actor,
    csrf: request.csrfToken,
    path: request.url.split('?')[0] ?? '/',
    url: request.url,
    // A live region's refresh (htmx) shows none of the page's flash: the page the user lands on keeps it.
    flash: isHtmx(request) ? undefined : takeFlash(request, reply),
    nav: navigation,
    assets,
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

/** A piece of a page for htmx to swap in (no doctype, never cached). */
export function sendFragment(reply: FastifyReply, node: VNode, status = 200) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(render(node));
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

/**
 * `to` as a header may carry it: every character outside printable ASCII percent-encoded as UTF-8 (a lone
 * surrogate as U+FFFD), what is already encoded left as it is. Node refuses a header holding a character above
 * U+00FF, so a `next` of `/Я` was a 500.
 */
export const headerSafeUrl = (to: string) =>
  to.replace(/[^\x21-\x7e]/gu, (c) =>
    c.length === 1 && /[\ud800-\udfff]/.test(c) ? '%EF%BF%BD' : encodeURIComponent(c),
  );

/**
 * The one way pages redirect: 303 (or `status`), or HX-Redirect for htmx requests (which do not follow 3xx);
 * the target is made header-safe whatever its characters.
 */
export function redirect(request: FastifyRequest, reply: FastifyReply, to: string, status = 303) {
  const location = headerSafeUrl(to);
  if (isHtmx(request)) return reply.header('hx-redirect', location).code(204).send();
  return reply.code(status).redirect(location);
}

/** Only same-site relative paths are followed after login, never another host. */
export const safeNext = (next: unknown, fallback = '/welcome') =>
  typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : fallback;

/** A submitted form's values to re-render it: never echo passwords or the CSRF token back into the page. */
export function formValues(body: unknown): Record<string, unknown> {
  // A body that is no form (plain text, a JSON list) re-renders as an empty one.
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const {
    password: _p,
    password2: _p2,
    current_password: _c,
    _csrf,
    ...rest
  } = body as Record<string, unknown>;
  return rest;
}
