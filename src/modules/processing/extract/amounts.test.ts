/** Sums of money in call texts: notations, scales, currencies, and which sum is the call's amount. */
import { describe, expect, it } from 'vitest';
import { findMoney, pickMoney } from './amounts.js';
import type { Language } from './language.js';
import { spellDigits } from './number-words.js';

const money = (text: string, language: Language) =>
  pickMoney(findMoney(spellDigits(text, language), language));
const rub = (cents: number) => ({ cents, currency: 'RUB' });
const eur = (cents: number) => ({ cents, currency: 'EUR' });

describe('sums of money in call texts', () => {
  it('reads Russian notations with scale words and decimal commas', () => {
    expect(money('Бюджет около 1,5 млн рублей.', 'ru').amount).toEqual(rub(150_000_000));
    expect(money('Договорились на 450 000 ₽.', 'ru').amount).toEqual(rub(45_000_000));
    expect(money('Смета 95 000 руб. без НДС', 'ru').amount).toEqual(rub(9_500_000));
    expect(money('Бюджет 350 тыс. руб.', 'ru').amount).toEqual(rub(35_000_000));
    expect(money('Бюджет у нас тысяч пятьдесят рублей', 'ru').amount).toEqual(rub(5_000_000));
  });

  it('reads French and English notations, before or after the number', () => {
    expect(money('Notre budget est de 15 000 €.', 'fr').amount).toEqual(eur(1_500_000));
    expect(money('Le budget tourne autour de 40 k€.', 'fr').amount).toEqual(eur(4_000_000));
    expect(money('Enveloppe : 1,2 million d’euros.', 'fr').amount).toEqual(eur(120_000_000));
    expect(money('Our budget is $25,000.', 'en').amount).toEqual({ cents: 2_500_000, currency: 'USD' });
    expect(money('roughly USD 9,500', 'en').amount).toEqual({ cents: 950_000, currency: 'USD' });
    expect(money('Budget 12k EUR.', 'en').amount).toEqual(eur(1_200_000));
    expect(money('about £4,750 owed', 'en').amount).toEqual({ cents: 475_000, currency: 'GBP' });
    expect(money('1.2 million dollars', 'en').amount).toEqual({ cents: 120_000_000, currency: 'USD' });
    expect(money('Ballpark two thousand dollars?', 'en').amount).toEqual({ cents: 200_000, currency: 'USD' });
  });

  it('sorts monthly, per-file and per-unit prices away from the amount', () => {
    const ru = money(
      'Пилот за 450 000 ₽, дальше абонентская плата 80 000 ₽ в месяц, по 3 рубля за файл.',
      'ru',
    );
    expect(ru).toEqual({ amount: rub(45_000_000), pricePerMonth: rub(8_000_000), pricePerFile: rub(300) });
    const fr = money('0,50 € le CV, soit 4 000 € au total. Abonnement à 99 € par mois.', 'fr');
    expect(fr).toEqual({ amount: eur(400_000), pricePerMonth: eur(9_900), pricePerFile: undefined });
    expect(money('Price per hour $90, total about $27,000.', 'en').amount?.cents).toBe(2_700_000);
    expect(money('Цена 120 руб. за минуту.', 'ru').amount).toBeUndefined();
    // A period after the sum is no unit price: the invoice is for last month.
    expect(money('просит счёт на 18 500 рублей за прошлый месяц', 'ru').amount).toEqual(rub(1_850_000));
  });

  it('takes the upper end of a range and leaves out share capital and bare numbers', () => {
    expect(money('Budget : entre 20 000 et 30 000 €.', 'fr').amount).toEqual(eur(3_000_000));
    expect(money('Budget £200k-£250k.', 'en').amount).toEqual({ cents: 25_000_000, currency: 'GBP' });
    expect(money('Faure SAS (capital 1 000 000 €). Montant : 27 500 €.', 'fr').amount).toEqual(
      eur(2_750_000),
    );
    expect(money('Нужно 2 млн размеченных текстов, 5000 файлов.', 'ru').amount).toBeUndefined();
    // A bare sum with a scale counts after a budget word, in the language's currency.
    expect(money('Наш бюджет — 250 тысяч в месяц.', 'ru').pricePerMonth).toEqual(rub(25_000_000));
  });

  it('prefers the sum a budget or total word points at', () => {
    const text = 'В прошлом году заплатили 300 000 руб. Бюджет на этот год — 500 000 руб.';
    expect(money(text, 'ru').amount).toEqual(rub(50_000_000));
  });
});
