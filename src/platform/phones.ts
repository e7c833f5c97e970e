/**
 * Phone numbers as Sova stores them: E.164 (`+79001112244`), read with libphonenumber from any common notation.
 * A number written without `+` is read as dialled in the default country (`DEFAULT_COUNTRY`): in Russia
 * `89001112244` and `8 (900) 111-22-44` are `+79001112244`; a number written with `+` keeps its own country.
 * A number no country's plan allows is refused (`invalid_phone`). Every path that stores a phone (contact forms
 * and APIs, seed 001's API, imports, calls) goes through `phoneField` or `normalisePhone`.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';

export type { CountryCode };

/**
 * Reading a number costs 5–10 µs and an import reads each row's a few times (preview, check, write): the last
 * answers are kept, per country.
 */
const recent = new Map<string, string | null>();

/** `text` as stored: E.164, '' when empty, null when it is no valid phone number. */
export function normalisePhone(text: string, country: CountryCode): string | null {
  const v = text.trim();
  if (v === '') return '';
  const key = `${country}${v}`;
  const known = recent.get(key);
  if (known !== undefined) return known;
  // A leading 00 is how much of the world dials out: the same as +.
  const parsed = parsePhoneNumberFromString(v.replace(/^00(?=[1-9])/, '+'), country);
  const phone = parsed?.isValid() ? parsed.number : null;
  if (recent.size >= 10_000) recent.clear();
  recent.set(key, phone);
  return phone;
}

/**
 * A phone field of a form or JSON body: trimmed, at most 40 characters, stored as E.164; empty means none.
 * `stored` (the row's phone now) passes as it is: a number saved before this rule still lets the rest of its
 * record be edited.
 */
export const phoneField = (country: CountryCode, stored?: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : v),
    z
      .string()
      .max(40, 'too_long')
      .transform((v, issue) => {
        if (stored !== undefined && v === stored) return v;
        const phone = normalisePhone(v, country);
        if (phone === null) issue.addIssue({ code: 'custom', message: 'invalid_phone', input: v });
        return phone ?? v;
      }),
  );

/**
 * A search box that holds a whole phone number, as its E.164 digits (`8 900 111-22-44` → `79001112244`), so a
 * search finds the stored form; undefined for anything else.
 */
export function phoneSearchDigits(query: string, country: CountryCode): string | undefined {
  if (!/^[\d\s()+.-]+$/.test(query.trim())) return undefined;
  const phone = normalisePhone(query, country);
  return phone ? phone.slice(1) : undefined;
}
