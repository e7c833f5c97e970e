/**
 * The one place that maps errors to HTTP: AppError kinds and Fastify's own errors become problem+json for
 * `/api/` routes and an error page (or a redirect to sign-in) for pages. Unexpected errors are logged once with
 * the request id and answered with a generic 500 that reveals nothing.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { VNode } from 'preact';
import {
  AppError,
  declaredCode,
  type ErrorCode,
  type ErrorKind,
  type FieldErrors,
  isConnectionFailure,
  refusedByDatabase,
} from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { etagOf } from './api.js';
import { sendProblem } from './problem.js';
import { sendHtml } from './render.js';

export const STATUS_OF: Record<ErrorKind, number> = {
  not_found: 404,
  conflict: 409,
  invalid: 400,
  forbidden: 403,
  unauthenticated: 401,
  rate_limited: 429,
  unavailable: 503,
  stale: 412,
  too_large: 413,
  unsupported: 415,
};

/** The title of a problem or error page, per kind. */
const TITLE_OF: Record<ErrorKind, MessageKey> = {
  not_found: 'error.not_found.title',
  conflict: 'error.conflict.title',
  invalid: 'error.bad_request',
  forbidden: 'error.forbidden.title',
  unauthenticated: 'error.unauthenticated',
  rate_limited: 'error.rate_limited',
  unavailable: 'error.server.title',
  stale: 'error.changed_meanwhile.title',
  too_large: 'error.too_large',
  unsupported: 'error.unsupported_media',
};

export const isApiRequest = (request: FastifyRequest) => request.url.startsWith('/api/');

export type ErrorPageRenderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  e: { status: number; title: MessageKey; text: MessageKey },
) => VNode;

const VALIDATION_CODES: Record<string, ErrorCode> = {
  too_big: 'too_big',
  too_small: 'too_small',
  invalid_value: 'invalid_choice',
};

/** A message code for one schema failure; a refinement's message is its code (`impossible_date`). */
function validationCode(keyword: string, message: string): ErrorCode {
  if (keyword === 'custom' || keyword === 'invalid_format') {
    const code = declaredCode(message, 'validation');
    if (code !== 'validation') return code;
  }
  if (keyword === 'invalid_type' && /undefined|null/.test(message)) return 'required';
  return VALIDATION_CODES[keyword] ?? 'invalid';
}

function fieldErrorsFromValidation(err: FastifyError): FieldErrors {
  const fields: FieldErrors = {};
  if (!hasZodFastifySchemaValidationErrors(err)) return fields;
  for (const v of err.validation) {
    const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || '_';
    if (!fields[field]) fields[field] = { code: validationCode(v.keyword, v.message ?? '') };
  }
  return fields;
}

/** Classifies any thrown error into status + code + message key. */
export function classify(err: unknown): {
  status: number;
  code: string;
  title: MessageKey;
  fields?: FieldErrors;
  /** Parameters of the code's message (e.g. a size limit), shown as the problem's detail. */
  params?: Record<string, string | number>;
  expected: boolean;
} {
  if (err instanceof AppError) {
    const status = STATUS_OF[err.kind];
    const title = TITLE_OF[err.kind];
    // A refusal about the whole record names its parameters on its general field (`_`, e.g. the lock holder's
    // name): the detail, written from the same code, takes them from there too.
    const general = err.fields._?.code === err.code ? err.fields._.params : undefined;
    const params = general ? { ...general, ...err.params } : err.params;
    return { status, code: err.code, title, fields: err.fields, params, expected: true };
  }
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    return {
      status: 400,
      code: 'validation',
      title: 'error.bad_request',
      fields: fieldErrorsFromValidation(fe),
      expected: true,
    };
  }
  if (isConnectionFailure(err))
    return { status: 503, code: 'service.unavailable', title: 'error.server.title', expected: true };
  // A safety net: services check what they take, but a value the database refuses is the client's, not a 500.
  const refused = refusedByDatabase(err);
  if (refused === 'reference')
    return { status: 409, code: 'reference.missing', title: 'error.reference.missing', expected: true };
  if (refused === 'value')
    return { status: 400, code: 'request.bad_value', title: 'error.request.bad_value', expected: true };
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 413) return { status, code: 'request.too_large', title: 'error.too_large', expected: true };
  if (status === 415)
    return { status, code: 'request.unsupported_media', title: 'error.unsupported_media', expected: true };
  if (status === 429)
    return { status, code: 'auth.rate_limited', title: 'error.rate_limited', expected: true };
  if (status >= 400 && status < 500)
    return { status, code: 'request.bad', title: 'error.bad_request', expected: true };
  return { status: 500, code: 'internal', title: 'error.server.title', expected: false };
}

export function installErrorHandlers(app: FastifyInstance, renderErrorPage: ErrorPageRenderer) {
  app.setErrorHandler((err, request, reply) => {
    const c = classify(err);
    if (!c.expected) request.log.error({ err }, 'request failed');
    else if (c.code === 'reference.missing' || c.code === 'request.bad_value')
      request.log.warn({ code: c.code, reason: (err as Error).message }, 'database refused input');
    else if (c.status >= 500)
      request.log.warn({ code: c.code, reason: (err as Error).message }, 'request unavailable');
    // The rate limiter sets its own Retry-After; a locked account says how long it stays locked.
    if (c.status === 429 && !reply.hasHeader('retry-after'))
      reply.header('retry-after', String(c.params?.seconds ?? 60));
    if (c.code === 'service.unavailable') reply.header('retry-after', '5');
    // A row changed meanwhile: its version now, so the client can read it again and decide.
    if (c.status === 412 && typeof c.params?.version === 'number')
      reply.header('etag', etagOf(c.params.version));
    if (isApiRequest(request)) {
      return sendProblem(request, reply, {
        status: c.status,
        code: c.code,
        title: request.t(c.title),
        detail:
          (c.status === 412
            ? request.t('error.changed_meanwhile.detail')
            : request.t.error(c.code, c.params ?? {}, '')) || undefined,
        fields: c.fields,
      });
    }
    if (c.status === 401) return reply.code(303).redirect(`/login?next=${encodeURIComponent(request.url)}`);
    const text: MessageKey =
      c.status === 404
        ? 'error.not_found.text'
        : c.status === 403
          ? c.code === 'auth.csrf'
            ? 'error.csrf'
            : 'error.forbidden.text'
          : c.status >= 500
            ? 'error.server.text'
            : c.status === 412
              ? 'error.changed_meanwhile.detail'
              : c.title;
    return sendHtml(
      reply,
      renderErrorPage(request, reply, { status: c.status, title: c.title, text }),
      c.status,
    );
  });

  app.setNotFoundHandler((request, reply) => {
    if (isApiRequest(request)) {
      // Without credentials an unknown API path answers like a known one: which routes exist is not public.
      if (!request.actor) {
        return sendProblem(request, reply, {
          status: 401,
          code: 'auth.required',
          title: request.t('error.unauthenticated'),
        });
      }
      return sendProblem(request, reply, {
        status: 404,
        code: 'route.not_found',
        title: request.t('error.not_found.title'),
      });
    }
    // A missing asset (an old build's file, say) is a plain 404 for anyone, never a sign-in page.
    if (request.url.startsWith('/assets/'))
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send('not found\n');
    if (!request.actor) return reply.code(303).redirect(`/login?next=${encodeURIComponent(request.url)}`);
    return sendHtml(
      reply,
      renderErrorPage(request, reply, {
        status: 404,
        title: 'error.not_found.title',
        text: 'error.not_found.text',
      }),
      404,
    );
  });
}
