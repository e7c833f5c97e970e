/** Phones in call texts: spoken and written forms, and the numbers that only look like phones. */
import { describe, expect, it } from 'vitest';
import { spellDigits } from './number-words.js';
import { findPhones, pickPhone } from './phones.js';

const phonesIn = (text: string, country: 'RU' | 'FR' | 'US' | 'GB' | undefined) =>
  findPhones(text, country).map((p) => p.phone);

describe('phones in call texts', () => {
  it('reads Russian numbers dialled with 8, +7 or no prefix, in any grouping', () => {
    for (const text of [
      'Мой телефон 8 999 123-45-67.',
      'тел. +7 (999) 123-45-67, спасибо',
      'номер 89991234567',
      'мобильный 999 123 45 67',
      'звоните 8-999-123-45-67 (после обеда)',
    ])
      expect(phonesIn(text, 'RU'), text).toEqual(['+79991234567']);
  });

  it('reads French numbers in pairs and foreign numbers with their own +', () => {
    expect(phonesIn('Vous pouvez me joindre au 06 12 34 56 78.', 'FR')).toEqual(['+33612345678']);
    expect(phonesIn('Tél. : +33 6 12 34 56 78', 'RU')).toEqual(['+33612345678']);
    expect(phonesIn('Il est à Montréal : +1 514 555 0199.', 'FR')).toEqual(['+15145550199']);
    expect(phonesIn('Call (212) 555-0147 or 415.555.0134.', 'US')).toEqual(['+12125550147', '+14155550134']);
  });

  it('reads a number said in words once it is spelled as digits', () => {
    const ru = spellDigits('номер восемь девятьсот три, сто двадцать, сорок пять, шестьдесят семь', 'ru');
    expect(phonesIn(ru, 'RU')).toEqual(['+79031204567']);
    const fr = spellDigits('zéro six, quarante-cinq, douze, trente-trois, quatre-vingt-dix-huit', 'fr');
    expect(phonesIn(fr, 'FR')).toEqual(['+33645123398']);
  });

  it('takes no registration, order or invoice number, sum or date for a phone', () => {
    for (const text of [
      'ИНН 7728168971, КПП 772801001.',
      'ИНН компании 7810567342, если нужно.',
      'SIRET 812 345 678 00014.',
      'Заказ № 58213 от 02.03.2026',
      'Сумма 150 000 000 руб.',
      'Budget 150 000 000 €',
      'Order #88213, reference 2026-0412, RFP-2026-117.',
    ])
      expect([...phonesIn(text, 'RU'), ...phonesIn(text, 'FR')], text).toEqual([]);
  });

  it('needs a default country, or a +, to read a national number', () => {
    expect(phonesIn('My number is 020 7946 0018.', undefined)).toEqual([]);
    expect(phonesIn('My number is 020 7946 0018.', 'GB')).toEqual(['+442079460018']);
  });

  it('skips a number the caller says not to call', () => {
    const text = 'Связаться: 8-800-555-35-35 (горячая линия, не звонить), прямой +7 903 765 43 21.';
    expect(pickPhone(text, findPhones(text, 'RU'))?.phone).toBe('+79037654321');
  });
});
