/**
 * One error type for every rule a service enforces. Services throw these with a stable dotted code; only
 * platform/http maps a kind to an HTTP status, and compat adapters map them to their seed's shapes.
 */
export type ErrorKind =
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'forbidden'
  | 'unauthenticated'
  | 'rate_limited'
  | 'unavailable'
  | 'too_large'
  | 'unsupported';

/** A problem with one input field: a message code (translated by the transport) and its parameters. */
export interface FieldError {
  code: string;
  params?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldError>;

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly fields: FieldErrors = {},
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = (entity: string, id?: string | number) =>
  new AppError('not_found', `${entity}.not_found`, {}, id === undefined ? {} : { id });
export const conflict = (code: string, fields: FieldErrors = {}) => new AppError('conflict', code, fields);
export const invalid = (code: string, fields: FieldErrors = {}) => new AppError('invalid', code, fields);
export const forbidden = (code = 'auth.forbidden') => new AppError('forbidden', code);
export const unauthenticated = (code = 'auth.required') => new AppError('unauthenticated', code);
export const rateLimited = (code = 'auth.rate_limited') => new AppError('rate_limited', code);
export const unavailable = (code: string) => new AppError('unavailable', code);

export const tooLarge = (code: string, params: Record<string, string | number> = {}) =>
  new AppError('too_large', code, {}, params);
export const unsupported = (code: string, params: Record<string, string | number> = {}) =>
  new AppError('unsupported', code, {}, params);

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;
