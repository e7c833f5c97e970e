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
});
