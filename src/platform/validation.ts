/**
 * Turns zod failures into field errors with message codes, so services validate once and every transport
 * (HTML form, JSON API, compat API) reports the same problems in the user's language.
 */
import type { z } from 'zod';
import { declaredCode, type ErrorCode, type FieldErrors, invalid } from './errors.js';
import { fieldsWithControlCharacters } from './fields.js';

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

export function toFieldErrors(error: z.ZodError, input: unknown): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || '_';
    if (fields[field]) continue;
    const value = valueAt(input, issue.path);
    switch (issue.code) {
      case 'invalid_type':
        fields[field] = { code: value === undefined || value === null ? 'required' : 'invalid_type' };
        break;
      case 'too_small':
        fields[field] =
          issue.origin === 'string' && Number(issue.minimum) === 1
            ? { code: 'required' }
            : issue.origin === 'string'
              ? { code: 'too_short', params: { min: Number(issue.minimum) } }
              : { code: 'too_small', params: { min: Number(issue.minimum) } };
        break;
      case 'too_big':
        fields[field] =
          issue.origin === 'string'
            ? { code: 'too_long', params: { max: Number(issue.maximum) } }
            : { code: 'too_big', params: { max: Number(issue.maximum) } };
        break;
      case 'invalid_format':
        fields[field] = {
          code: issue.format === 'email' ? 'invalid_email' : declaredCode(issue.message, 'invalid_format'),
        };
        break;
      case 'invalid_value':
        fields[field] = { code: 'invalid_choice' };
        break;
      case 'unrecognized_keys':
        break;
      default: {
        // Custom refinements carry their message code as the message, and its parameters as `params`.
        const params = (issue as { params?: Record<string, string | number> }).params;
        fields[field] = {
          code: declaredCode(issue.message),
          ...(params ? { params } : {}),
        };
      }
    }
  }
  return fields;
}

/**
 * Parses input with a schema, returning the field errors instead of throwing (for batch work such as imports).
 * Text holding a control character is refused whatever the schema says (the rule of platform/fields.ts).
 */
export function checkInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; fields: FieldErrors } {
  const result = schema.safeParse(input);
  const control = fieldsWithControlCharacters(input);
  if (result.success && !control.length) return { ok: true, value: result.data };
  const fields = result.success ? {} : toFieldErrors(result.error, input);
  for (const f of control) fields[f] = { code: 'control_characters' };
  return { ok: false, fields };
}

/** Parses input with a schema or throws AppError(invalid, `code`) carrying field errors. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  code: ErrorCode = 'validation',
): z.output<S> {
  const result = checkInput(schema, input);
  if (!result.ok) throw invalid(code, result.fields);
  return result.value;
}
