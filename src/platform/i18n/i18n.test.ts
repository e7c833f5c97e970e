import { describe, expect, it } from 'vitest';
import { catalogsForTests, createTranslate, messageKeys, negotiateLocale } from './index.js';

describe('i18n', () => {
  it('translates every message into Russian and French', () => {
    for (const locale of ['ru', 'fr'] as const) {
      const catalog = catalogsForTests[locale];
      expect(Object.keys(catalog).sort()).toEqual([...messageKeys].sort());
      const blank = messageKeys.filter((k) => !catalog[k]?.trim());
      expect(blank, locale).toEqual([]);
      // Placeholders must survive translation.
      for (const key of messageKeys) {
        const wanted = (catalogsForTests.en[key].match(/\{\w+\}/g) ?? []).sort();
        expect((catalog[key].match(/\{\w+\}/g) ?? []).sort(), `${locale} ${key}`).toEqual(wanted);
      }
    }
  });

  it('keeps Russian and French texts different from English except names and symbols', () => {
    const same = messageKeys.filter(
      (k) => catalogsForTests.ru[k] === catalogsForTests.en[k] && /[a-z]{4,}/i.test(catalogsForTests.en[k]),
    );
    expect(same.filter((k) => !['app.name', 'app.footer'].includes(k))).toEqual([]);
  });

  it('picks the best language from Accept-Language', () => {
    expect(negotiateLocale('ru-RU,ru;q=0.9,en;q=0.8', 'en')).toBe('ru');
    expect(negotiateLocale('de-DE,fr;q=0.5', 'en')).toBe('fr');
    expect(negotiateLocale('de', 'en')).toBe('en');
    expect(negotiateLocale(undefined, 'fr')).toBe('fr');
  });

  it('interpolates and formats per locale', () => {
    const t = createTranslate('ru');
    expect(t('welcome.greeting', { name: 'Иван' })).toBe('Здравствуйте, Иван!');
    expect(t.number(1234567.5)).toMatch(/1\s234\s567,5/);
  });

  it('writes money per locale from cents, exactly', () => {
    const spaces = (s: string) => s.replace(/\s/g, ' ');
    const en = createTranslate('en');
    const ru = createTranslate('ru');
    const fr = createTranslate('fr');
    expect(en.money(325050)).toBe('3,250.50');
    expect(spaces(ru.money(325050))).toBe('3 250,50');
    expect(spaces(fr.money(325050))).toBe('3 250,50');
    expect(en.money(5)).toBe('0.05');
    expect(en.money(0)).toBe('0.00');
    expect(en.money(-1999)).toBe('-19.99');
    expect(en.money(1_559_664_851_301)).toBe('15,596,648,513.01');
    expect(en.money(900_719_925_474_099)).toBe('9,007,199,254,740.99');
    expect(en.money(1_000_000.4)).toBe('10,000.00');
    expect(en.compact(26_000)).toBe('26K');
    expect(en.compact(401_888_970)).toBe('401.9M');
    expect(spaces(ru.compact(26_000))).toBe('26 тыс.');
    expect(en.dayMonth('2026-11-18')).toBe('Nov 18');
    expect(ru.dayMonth('2026-11-18T23:59:00.000Z')).toBe('18 нояб.');
  });
});
