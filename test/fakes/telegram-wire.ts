/** How the fake Bot API reads parameters and writes errors, as Telegram does on the wire. */
import { type Part, parseMultipart } from './http.js';

/** A Bot API error answer: `{ok:false,error_code,description,parameters?}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number },
  ) {
    super(description);
  }
}

export const bad = (what: string) => new ApiError(400, `Bad Request: ${what}`);
export const num = (v: unknown) => (v === undefined || v === '' ? undefined : Number(v));
export const bool = (v: unknown) => v === true || v === 'true';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden: bot was blocked by the user',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

/** The error a queued failure answers: 429 with `retry_after` reads "Too Many Requests: retry after N". */
export function failureError(f: { status: number; description?: string; retry_after?: number }): ApiError {
  const retry = f.retry_after;
  const description =
    f.description ??
    (retry === undefined ? (DESCRIPTIONS[f.status] ?? 'Error') : `Too Many Requests: retry after ${retry}`);
  return new ApiError(f.status, description, retry === undefined ? undefined : { retry_after: retry });
}

export const errorBody = (err: ApiError) => ({
  ok: false,
  error_code: err.status,
  description: err.description,
  ...(err.parameters ? { parameters: err.parameters } : {}),
});

const TEXT_KEYS = new Set(['text', 'caption']);

/**
 * A call's parameters from the query string and a JSON, urlencoded or multipart body. In form bodies, values that
 * are JSON objects or arrays (`reply_markup`, `allowed_updates`…) are parsed, texts and captions never; parts with
 * a filename are files.
 */
export function readParams(url: URL, contentType: string, body: Buffer) {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: Record<string, Part> = {};
  const field = (key: string, value: string) => {
    const looksJson = !TEXT_KEYS.has(key) && /^\s*[[{]/.test(value);
    try {
      params[key] = looksJson ? JSON.parse(value) : value;
    } catch {
      params[key] = value;
    }
  };
  if (body.length === 0) return { params, files };
  if (contentType.startsWith('application/json')) {
    try {
      Object.assign(params, JSON.parse(body.toString('utf8')));
    } catch {
      throw bad("can't parse JSON object");
    }
  } else if (contentType.startsWith('multipart/form-data')) {
    for (const part of parseMultipart(body, contentType)) {
      if (part.filename === undefined) field(part.name, part.data.toString('utf8'));
      else files[part.name] = part;
    }
  } else {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) field(k, v);
  }
  return { params, files };
}
