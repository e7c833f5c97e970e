/** Phone numbers read with libphonenumber: as dialled in the default country, or with their own `+`. */
import { describe, expect, it } from 'vitest';
import { searchTerms } from './db/sql.js';
import { normalisePhone, phoneField } from './phones.js';

describe('phones', () => {
  it('reads a number dialled at home in the default country, and keeps a foreign number’s country', () => {
    for (const typed of [
      '89001112244',
      '8 (900) 111-22-44',
      '+7 900 111 22 44',
      '9001112244',
      '007 900 111-22-44',
    ])
      expect(normalisePhone(typed, 'RU'), typed).toBe('+79001112244');
    expect(normalisePhone('+33 6 12 34 56 78', 'RU')).toBe('+33612345678');
    expect(normalisePhone('06 12 34 56 78', 'FR')).toBe('+33612345678');
    expect(normalisePhone('  ', 'RU')).toBe('');
  });

  it('refuses what no numbering plan allows, with a field message', () => {
    for (const bad of ['12', '+89001112244', '8 900 111', 'abc', '+7900123456'])
      expect(normalisePhone(bad, 'RU'), bad).toBeNull();
    const r = phoneField('RU').safeParse('+89001112244');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('invalid_phone');
    expect(phoneField('RU').parse('8 (900) 111-22-44')).toBe('+79001112244');
    // The number a record already has passes as it is: its other fields stay editable.
    expect(phoneField('RU', '+89001112244').parse('+89001112244')).toBe('+89001112244');
  });

  it('searches a whole number by the form it is stored in', () => {
    expect(searchTerms('8 900 111-22-44', 'RU')).toEqual(['79001112244']);
    expect(searchTerms('+7 900 111', 'RU')).toEqual(['7900111']);
    expect(searchTerms('8 900 111-22-44')).toEqual(['89001112244']);
  });
});
