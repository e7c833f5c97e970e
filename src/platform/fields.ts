/**
 * Input fields every module takes the same way, checked once at the boundary: calendar dates that exist, ids a
 * row can have, and text without the control characters that PostgreSQL cannot store (NUL) or that make XML,
 * spreadsheets and terminals misread it. Every schema and query that takes one of these uses the rule here, so
 * both databases and every transport answer the same field error.
 */
import { z } from 'zod';

/** The largest id a row can have (ids are 32-bit serials on PostgreSQL). */
export const MAX_ID = 2_147_483_647;

/** True when `n` could be a row's id: a whole number from 1 to MAX_ID. */
export const isRowId = (n: unknown): n is number =>
  Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_ID;

/** A row id in a body or query: a JSON number, or digits from a form or query string. */
export const recordId = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d{1,15}\s*$/.test(v) ? Number(v) : v),
  z.number().int().min(1).max(MAX_ID),
);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** True for a day that exists, written `yyyy-mm-dd` (`2026-02-31` and `9999-99-99` do not). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= (mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1]!);
}

/**
 * A day as `yyyy-mm-dd` that exists in the calendar: `invalid_date` for another shape, `impossible_date` for
 * a day no calendar has.
 */
export const calendarDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date')
  .refine(isCalendarDate, 'impossible_date');

/** An optional day from a form or JSON: empty, null or missing mean none. */
export const optionalCalendarDate = z.preprocess(
  (v) => (v === '' || v === null || v === undefined ? null : v),
  calendarDate.nullable(),
);

/** An instant with its offset (`2026-12-01T09:30:00Z`, `…+03:00`), its day and time checked as real. */
export const instant = z.iso.datetime({ offset: true });

/**
 * Control characters no text field takes: C0 controls other than tab, line feed and carriage return. NUL cannot
 * be stored by PostgreSQL (SQLite would keep it, so both refuse it alike); the others are invalid in XML (.xlsx)
 * and only ever arrive by accident or by attack.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/**
 * The fields of `input` (nested, `a.b.0`) whose text holds a control character. Walks at most `limit` values,
 * so a huge body costs what its size allows and no more.
 */
export function fieldsWithControlCharacters(input: unknown, prefix = '', limit = 10_000): string[] {
  const found: string[] = [];
  let seen = 0;
  const walk = (v: unknown, path: string, depth: number) => {
    if (++seen > limit || found.length >= 20) return;
    if (typeof v === 'string') {
      if (CONTROL_CHARACTER.test(v)) found.push(path || '_');
    } else if (v !== null && typeof v === 'object' && depth < 8) {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, depth + 1);
    }
  };
  walk(input, prefix, 0);
  return found;
}
