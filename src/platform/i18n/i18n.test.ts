import { describe, expect, it } from 'vitest';
import { messageKeys as allKeys, catalogsForTests, createTranslate, negotiateLocale } from './index.js';

const messageKeys = allKeys();

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
    // Names, and the punctuation around a label (only French sets its colon apart).
    const alike = ['app.name', 'app.footer', 'common.label', 'common.label_value'];
    expect(same.filter((k) => !alike.includes(k))).toEqual([]);
  });

  it("chooses plural forms by the language's rules", () => {
    const t = { en: createTranslate('en'), ru: createTranslate('ru'), fr: createTranslate('fr') };
    const preview = (l: keyof typeof t, n: number) => t[l]('imports.preview_note', { n }).split(/[;,]/)[0];
    expect(preview('ru', 1)).toBe('Показана и проверена первая 1 строка');
    expect(preview('ru', 2)).toBe('Показаны и проверены первые 2 строки');
    expect(preview('ru', 5)).toBe('Показаны и проверены первые 5 строк');
    expect(preview('ru', 21)).toBe('Показана и проверена первая 21 строка');
    expect(preview('en', 1)).toBe('The first row is shown and checked');
    expect(preview('en', 20)).toBe('The first 20 rows are shown and checked');
    expect(t.en('call_targets.calls_so_far', { n: 1 })).toBe('1 call so far');
    expect(t.en('call_targets.calls_so_far', { n: 3 })).toBe('3 calls so far');
    expect(t.ru('call_targets.calls_so_far', { n: 3 })).toBe('Уже 3 звонка');
    expect(t.ru('call_targets.calls_so_far', { n: 11 })).toBe('Уже 11 звонков');
    expect(t.fr('call_targets.calls_so_far', { n: 0 })).toBe('Aucun appel jusqu’ici');
    expect(t.fr('call_targets.calls_so_far', { n: 1 })).toBe('1 appel jusqu’ici');
    expect(t.fr('call_targets.calls_so_far', { n: 2 })).toBe('2 appels jusqu’ici');
    // `#` is the number as the language writes it; a flash's count arrives as text.
    expect(t.ru('contacts.bulk_updated', { n: '1234' }).replace(/\s/g, ' ')).toBe(
      'Обновлено 1 234 контакта.',
    );
  });

  it('gives every plural message each form its language needs, and never a "(s)"', () => {
    for (const locale of ['en', 'ru', 'fr'] as const) {
      const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const key of messageKeys) {
        const text = catalogsForTests[locale][key];
        expect(text, `${locale} ${key}`).not.toMatch(/\(s\)|\(e?s\)|\(и\)|\(ов\)/);
        const en = catalogsForTests.en[key].match(/\{(\w+), plural,/g) ?? [];
        expect(text.match(/\{(\w+), plural,/g) ?? [], `${locale} ${key}: plural arguments`).toEqual(en);
        if (!text.includes(', plural,')) continue;
        for (const category of needed)
          expect(text, `${locale} ${key}: plural form "${category}"`).toMatch(
            new RegExp(`\\b${category} \\{`),
          );
      }
    }
  });

  it('calls a contact a contact in every language (one name per thing)', () => {
    const other = { en: /\bclients?\b/i, ru: /клиент/i, fr: /\bclients?\b/i } as const;
    for (const locale of ['en', 'ru', 'fr'] as const)
      expect(
        messageKeys.filter((k) => other[locale].test(catalogsForTests[locale][k])),
        locale,
      ).toEqual([]);
  });

  it('sets French punctuation apart with a narrow no-break space (before : ; ! ? and inside « »)', () => {
    const wrong: string[] = [];
    for (const key of messageKeys) {
      // Placeholders and plural branches are not prose; times (06:00) and URLs (https://) are not punctuation.
      const text = catalogsForTests.fr[key].replace(/\{\w+\}/g, 'X').replace(/\d:\d|:\/\//g, '');
      if (/[^\u202f][:;!?]|«[^\u202f]|[^\u202f]»/.test(text)) wrong.push(`${key}: ${text}`);
    }
    expect(wrong).toEqual([]);
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

  it('writes money per locale from cents, exactly, with the currency', () => {
    const spaces = (s: string) => s.replace(/\s/g, ' ');
    const en = createTranslate('en');
    const ru = createTranslate('ru');
    const fr = createTranslate('fr');
    expect(en.money(325050)).toBe('₽3,250.50');
    expect(spaces(ru.money(325050))).toBe('3 250,50 ₽');
    expect(spaces(fr.money(325050))).toBe('3 250,50 ₽');
    expect(en.money(5)).toBe('₽0.05');
    expect(en.money(0)).toBe('₽0.00');
    expect(en.money(-1999)).toBe('-₽19.99');
    expect(spaces(ru.money(-1999))).toBe('-19,99 ₽');
    expect(en.money(1_559_664_851_301)).toBe('₽15,596,648,513.01');
    expect(en.money(900_719_925_474_099)).toBe('₽9,007,199,254,740.99');
    expect(en.money(1_000_000.4)).toBe('₽10,000.00');
    expect(createTranslate('en', { currency: 'EUR' }).money(150)).toBe('€1.50');
    expect(spaces(createTranslate('fr', { currency: 'EUR' }).money(150))).toBe('1,50 €');
    expect(createTranslate('en', { currency: 'USD' }).money(150)).toBe('$1.50');
    expect(en.compact(26_000)).toBe('26K');
    expect(en.compact(401_888_970)).toBe('401.9M');
    expect(spaces(ru.compact(26_000))).toBe('26 тыс.');
    expect(en.dayMonth('2026-11-18')).toBe('Nov 18');
    expect(ru.dayMonth('2026-11-18T23:59:00.000Z')).toBe('18 нояб.');
  });
});
