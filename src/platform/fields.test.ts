/** The input fields every module shares: calendar days that exist, row ids, text without control characters. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calendarDate, fieldsWithControlCharacters, isCalendarDate } from './fields.js';
import { checkInput } from './validation.js';

describe('shared input fields', () => {
  it('tells days that exist from days no calendar has, leap years included', () => {
    for (const day of ['2026-01-31', '2026-02-28', '2028-02-29', '2000-02-29', '2026-12-31', '0001-01-01'])
      expect(isCalendarDate(day), day).toBe(true);
    for (const day of [
      '2026-02-31',
      '9999-99-99',
      '0000-00-00',
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-1-1',
      '+275760-09-13',
    ])
      expect(isCalendarDate(day), day).toBe(false);
  });

  it('answers a wrong shape and an impossible day with their own field messages', () => {
    expect(checkInput(calendarDate, '2026-02-31')).toEqual({
      ok: false,
      fields: { _: { code: 'impossible_date' } },
    });
    expect(checkInput(calendarDate, '31.02.2026')).toEqual({
      ok: false,
      fields: { _: { code: 'invalid_date' } },
    });
    expect(checkInput(calendarDate, ' 2026-12-01 ')).toEqual({ ok: true, value: '2026-12-01' });
  });

  it('refuses text holding a control character in whatever a service validates, imports included', () => {
    const schema = z.object({ name: z.string(), lines: z.array(z.string()).optional() });
    expect(checkInput(schema, { name: 'a\u0000b' })).toEqual({
      ok: false,
      fields: { name: { code: 'control_characters' } },
    });
    expect(checkInput(schema, { name: 'ok', lines: ['x', 'y\u001bz'] })).toEqual({
      ok: false,
      fields: { 'lines.1': { code: 'control_characters' } },
    });
    // Tab, line feed and carriage return are text.
    expect(checkInput(schema, { name: 'a\tb\r\nc' })).toEqual({ ok: true, value: { name: 'a\tb\r\nc' } });
    expect(fieldsWithControlCharacters({ a: { b: ['\u0007'] } })).toEqual(['a.b.0']);
  });
});
