/**
 * One error type for every rule a service enforces. Services throw these with a stable dotted code; only
 * platform/http maps a kind to an HTTP status, and compat adapters map them to their seed's shapes.
 *
 * A code is declared by its message: code `contacts.not_found` exists because the contacts module's strings
 * hold `error.contacts.not_found` in English, Russian and French. `AppError` takes declared codes only, so an
 * error without a text in every language fails the type check; the API's problem+json and the pages read the
 * same text (`Translate.error`).
 */
import { hasMessage, type MessageKey } from './i18n/index.js';

type CodeOf<K> = K extends `error.${infer C}` ? C : never;
/** Every declared error code: the message keys under `error.`, without that prefix. */
export type ErrorCode = CodeOf<MessageKey>;
type EntityOf<C, Suffix extends string> = C extends `${infer E}.${Suffix}` ? E : never;
/** Entities with a declared `<entity>.not_found`. */
export type MissingEntity = EntityOf<ErrorCode, 'not_found'>;
/** Entities with a declared `<entity>.changed_meanwhile`. */
export type VersionedEntity = EntityOf<ErrorCode, 'changed_meanwhile'>;

export type ErrorKind =
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'forbidden'
  | 'unauthenticated'
  | 'rate_limited'
  | 'unavailable'
  /** The row changed since the writer read it (another version than the one its write was based on). */
  | 'stale'
  | 'too_large'
  | 'unsupported';

/** A problem with one input field: a message code (translated by the transport) and its parameters. */
export interface FieldError {
  code: ErrorCode;
  params?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldError>;

/** `text` when it is a declared code (a refinement's message, a code read back from storage), else `fallback`. */
export const declaredCode = (text: string, fallback: ErrorCode = 'invalid'): ErrorCode =>
  hasMessage(`error.${text}`) ? (text as ErrorCode) : fallback;

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: ErrorCode,
    readonly fields: FieldErrors = {},
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = (entity: MissingEntity, id?: string | number) =>
  new AppError('not_found', `${entity}.not_found`, {}, id === undefined ? {} : { id });
export const conflict = (code: ErrorCode, fields: FieldErrors = {}) => new AppError('conflict', code, fields);
export const invalid = (code: ErrorCode, fields: FieldErrors = {}) => new AppError('invalid', code, fields);
export const forbidden = (code: ErrorCode = 'auth.forbidden') => new AppError('forbidden', code);
export const unauthenticated = (code: ErrorCode = 'auth.required') => new AppError('unauthenticated', code);
/** Too many tries: `params.seconds`, when given, is how long to wait (the transport's Retry-After). */
export const rateLimited = (code: ErrorCode = 'auth.rate_limited', params: { seconds?: number } = {}) =>
  new AppError('rate_limited', code, {}, params);
export const unavailable = (code: ErrorCode) => new AppError('unavailable', code);

/**
 * `<entity>.changed_meanwhile`: the row is at `version`, no longer at the one the write was based on (`since`,
 * when the writer said which).
 */
export const changedMeanwhile = (entity: VersionedEntity, version: number, since?: number) =>
  new AppError(
    'stale',
    `${entity}.changed_meanwhile`,
    {},
    since === undefined ? { version } : { version, since },
  );

export const tooLarge = (code: ErrorCode, params: Record<string, string | number> = {}) =>
  new AppError('too_large', code, {}, params);
export const unsupported = (code: ErrorCode, params: Record<string, string | number> = {}) =>
  new AppError('unsupported', code, {}, params);

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;

/** For `.catch()`: a `not_found` becomes undefined, anything else is thrown on. */
export const ignoreNotFound = (err: unknown): undefined => {
  if (err instanceof AppError && err.kind === 'not_found') return undefined;
  throw err;
};

/**
 * A database refusing a value the boundary should have refused first: a foreign id that names no row (or a
 * row still referred to), or a value the column cannot hold (NUL in text, a number out of range, a date that is
 * no date, a failed CHECK). `reference` for the former, `value` for the latter, undefined for anything else.
 * PostgreSQL gives SQLSTATEs (node-postgres and postgres.js alike), better-sqlite3 extended result codes.
 */
export function refusedByDatabase(err: unknown): 'reference' | 'value' | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'reference';
  if (/^22(001|003|007|008|021|P02|P05)$/.test(code) || code === '23514') return 'value';
  if (code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_TOOBIG' || code === 'SQLITE_MISMATCH')
    return 'value';
  return undefined;
}

/** PostgreSQL's SQLSTATEs of a lost or refused connection: class 08, a server shutting down or starting. */
const CONNECTION_STATES = /^(08...|57P0[123])$/;
/** What the drivers and Node call a connection that failed, was cut or could not be made. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
// node-postgres says it in words only.
const CONNECTION_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/**
 * True when work failed because a server could not be reached: PostgreSQL restarting, object storage or the
 * network down. The request may succeed if tried again, so it is answered 503, not 500.
 */
export function isConnectionFailure(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (CONNECTION_STATES.test(e.code) || CONNECTION_CODES.has(e.code)))
    return true;
  return typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message);
}
