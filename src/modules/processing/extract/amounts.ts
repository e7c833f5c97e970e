/**
 * Sums of money in a call text, in minor units with an ISO currency: `1,5 млн рублей`, `450 000 ₽`,
 * `15 000 €`, `40 k€`, `$12,500`, `USD 9,500`, `12k EUR`, `£4,750`, `1,2 million d'euros`. Each sum is sorted
 * into what it is: a monthly price (`в месяц`, `par mois`, `per month`), a price per file, a price per some
 * other unit (`за минуту`, `le CV`, `per hour`: none of the call's fields) or a plain sum; the call's amount
 * is the plain sum a budget or total word points at, else the first one. A bare number counts as money only
 * with a word of scale and a budget word before it (`бюджет — 250 тысяч`), in the language's usual currency.
 */
import type { Language } from './language.js';

export interface Money {
  cents: number;
  currency: string;
}

export type MoneyKind = 'amount' | 'per_month' | 'per_file' | 'per_unit';

export interface FoundMoney extends Money {
  kind: MoneyKind;
  start: number;
  end: number;
  /** A budget, total or price word just before it. */
  cued: boolean;
}

const HOME_CURRENCY: Record<Language, string> = { ru: 'RUB', fr: 'EUR', en: 'USD' };

const CURRENCY_AFTER: [RegExp, string][] = [
  [/^(?:₽|руб(?:\.|лей|ля|ль)?|р\.|rub\b|рублей)/iu, 'RUB'],
  [/^(?:€|eur(?:os?)?\b|euros?\b)/iu, 'EUR'],
  [/^(?:\$|usd\b|dollars?\b|bucks\b)/iu, 'USD'],
  [/^(?:£|gbp\b|pounds?\b)/iu, 'GBP'],
];
const CURRENCY_BEFORE: [RegExp, string][] = [
  [/(?:us\$|\$|usd)\s?$/iu, 'USD'],
  [/(?:€|eur)\s?$/iu, 'EUR'],
  [/(?:£|gbp)\s?$/iu, 'GBP'],
  [/(?:₽|rub)\s?$/iu, 'RUB'],
];
const SCALES: [RegExp, number][] = [
  [/^(?:тыс\.?|тысяч[аи]?|thousand|mille|k|к)(?![\p{L}])/iu, 1e3],
  [/^(?:млн\.?|миллион(?:а|ов)?|millions?|mln|mn|m)(?![\p{L}])/iu, 1e6],
  [/^(?:млрд\.?|миллиард(?:а|ов)?|milliards?|billions?|bn)(?![\p{L}])/iu, 1e9],
];
/** `m`/`mn` means million only next to a currency sign (`$5m`); alone it may be metres or minutes. */
const SIGN_ONLY_SCALE = /^(?:m|mn)$/i;

const NUMBER: Record<Language, RegExp> = {
  // Russian and French group thousands with spaces and write decimals with a comma.
  ru: /(?<![\p{L}\p{N}.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?(?![\p{N}])/gu,
  fr: /(?<![\p{L}\p{N}.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?(?![\p{N}])/gu,
  // English groups with commas (or spaces) and writes decimals with a dot.
  en: /(?<![\p{L}\p{N}.,])(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:\.(\d+))?(?![\p{N}])/gu,
};

const PER_MONTH_AFTER =
  /^\s*(?:(?:HT|TTC|net|brut)\s*)?(?:в\s+месяц|в\s+мес\.?|\/\s*мес|ежемесячно|per\s+month|a\s+month|\/\s*mo(?:nth)?\b|monthly|par\s+mois|\/\s*mois|mensuel)/iu;
const PER_MONTH_BEFORE =
  /(?:абонентск\p{L}*|ежемесячн\p{L}*|monthly|mensuel\p{L}*|abonnement)(?:\s+\S+){0,3}\s*$/iu;
const PER_FILE_AFTER =
  /^\s*(?:(?:HT|TTC)\s*)?(?:за\s+(?:1\s+)?файл|per\s+file|a\s+file|each\s+file|par\s+fichier|\/\s*(?:файл|file|fichier))/iu;
/** `за минуту`, `per image`, `l'heure`, `le CV` — but not `за прошлый месяц` or `per year` (a yearly sum is a deal). */
const PER_UNIT_AFTER =
  /^\s*(?:(?:HT|TTC)\s*)?(?:за\s+(?:1\s+|один\s+|одну\s+|каждый\s+|каждую\s+)?(?!(?:прошл|эт[оиу]|текущ|весь|всю|все|год|месяц|квартал|период|работ|услуг|проект|пилот)\p{L}*)\p{L}+|per\s+(?!year|annum)\p{L}+|a\s+(?:page|piece|unit|minute|hour|word|line|image|item|file)|par\s+(?!an\b|année)\p{L}+|l[ea]\s+\p{L}+|l['’]\p{L}+|each|\/\s*\p{L}+)/iu;
const PER_UNIT_BEFORE = /(?:per|par|за)\s+\p{L}+(?:\s+\p{L}+)?\s*[:,—–-]?\s*$/iu;
const NOT_A_DEAL = /(?:capital|уставн\p{L}*)(?:\s+\S+){0,2}\s*$/iu;
const CUE =
  /(?:бюджет|сумм|стоимост|цен[аеуы]|итог|смет|потрат|стоит|budget|montant|total|prix|enveloppe|tarif|facture|contract|deal|value|invoice|spend|set\s+aside|quoted|quote|cost|price|soit)\p{L}*(?:\s+\S+){0,4}\s*$/iu;
/** A price word right before a sum said without its currency (`бюджет — 250 тысяч`, `платёж 200 тыс.`). */
const BARE_CUE =
  /(?:бюджет|budget|сумм|montant|стоимост|плат[её]ж|оплат|цен[аы]|payment|paiement|prix|price|тариф|tarif)\p{L}*\s*[—–:-]?\s*(?:\p{L}+\s+){0,2}$/iu;
const RANGE_JOIN = /^\s*(?:–|-|—|to|до|et|à|and)\s*(?:us\$|[$€£₽])?\s*$/iu;

function toNumber(whole: string, fraction: string | undefined, language: Language): number {
  const digits = language === 'en' ? whole.replace(/[,\s\u00a0\u202f]/g, '') : whole.replace(/\s/g, '');
  return Number(fraction ? `${digits}.${fraction}` : digits);
}

/** Every sum of money in `text`, sorted into its kind. */
export function findMoney(text: string, language: Language): FoundMoney[] {
  const raw: FoundMoney[] = [];
  for (const m of text.matchAll(NUMBER[language])) {
    let value = toNumber(m[1]!, m[2], language);
    const start = m.index;
    let end = start + m[0].length;
    let before = text.slice(Math.max(0, start - 60), start);
    const sign = CURRENCY_BEFORE.find(([re]) => re.test(before));
    let currency = sign?.[1];
    const signBefore = sign !== undefined;
    // The words before the sum, without its own currency sign (`per hour $90`).
    if (sign) before = before.replace(sign[0], '');
    let rest = text.slice(end);
    let lead = /^[\s\u00a0\u202f]*/.exec(rest)![0].length;
    const scale = SCALES.find(([re]) => re.test(rest.slice(lead)));
    let scaled = false;
    if (scale) {
      const word = scale[0].exec(rest.slice(lead))![0];
      if (!SIGN_ONLY_SCALE.test(word) || signBefore) {
        value *= scale[1];
        scaled = true;
        end += lead + word.length;
        rest = text.slice(end);
        lead = /^[\s\u00a0\u202f]*(?:d['’]\s*|de\s+|of\s+)?/iu.exec(rest)![0].length;
      }
    }
    if (!currency) {
      const after = CURRENCY_AFTER.find(([re]) => re.test(rest.slice(lead)));
      if (after) {
        currency = after[1];
        end += lead + after[0].exec(rest.slice(lead))![0].length;
      }
    }
    const cued = CUE.test(before);
    if (!currency) {
      // A bare number is money only when it is clearly a budget said without its currency.
      if (!scaled || !BARE_CUE.test(before)) continue;
      currency = HOME_CURRENCY[language];
    }
    if (NOT_A_DEAL.test(before)) continue;
    const after = text.slice(end, end + 40);
    let kind: MoneyKind = 'amount';
    if (PER_MONTH_AFTER.test(after) || PER_MONTH_BEFORE.test(before)) kind = 'per_month';
    else if (PER_FILE_AFTER.test(after)) kind = 'per_file';
    else if (PER_UNIT_AFTER.test(after) || PER_UNIT_BEFORE.test(before)) kind = 'per_unit';
    raw.push({ cents: Math.round(value * 100), currency, kind, start, end, cued });
  }
  // In a range (`от 100 до 200 тыс.`, `$20k–$30k`) the upper end stands for the sum.
  return raw.filter((m, i) => {
    const next = raw[i + 1];
    return !next || !RANGE_JOIN.test(text.slice(m.end, next.start));
  });
}

/** The call's amount, monthly price and price per file out of the sums found. */
export function pickMoney(found: readonly FoundMoney[]) {
  const plain = found.filter((m) => m.kind === 'amount');
  const pick = (kind: MoneyKind) => {
    const m = found.find((x) => x.kind === kind);
    return m ? { cents: m.cents, currency: m.currency } : undefined;
  };
  const amount = plain.find((m) => m.cued) ?? plain[0];
  return {
    amount: amount ? { cents: amount.cents, currency: amount.currency } : undefined,
    pricePerMonth: pick('per_month'),
    pricePerFile: pick('per_file'),
  };
}
