/**
 * Phone numbers in a call text, as E.164 through libphonenumber (`normalisePhone`). A number written without
 * `+` is read in the default country and must start the way that country dials at home (`8` in Russia, `0` in
 * France or Britain), so a sum, a date or a registration number that happens to fit a numbering plan is not
 * taken for a phone; neither is a number right after a label such as ИНН, SIRET, order or invoice, nor one the
 * caller says not to call.
 */
import { type CountryCode, normalisePhone } from '../../../platform/phones.js';
import type { Language } from './language.js';

export interface FoundPhone {
  phone: string;
  start: number;
  end: number;
}

export const DEFAULT_COUNTRY: Record<Language, CountryCode | undefined> = {
  ru: 'RU',
  fr: 'FR',
  en: undefined,
};

/** Countries whose numbers are dialled at home without a trunk prefix (or with 1, the NANP's). */
const NO_TRUNK_PREFIX = new Set<CountryCode>(['US', 'CA', 'IT', 'ES', 'PT', 'DK', 'NO', 'GR', 'LU']);
const TRUNK_EIGHT = new Set<CountryCode>(['RU', 'KZ', 'BY']);

const CANDIDATE = /(?<![\p{L}\p{N}_/#№.,-])\+?\(?\d[\d \u00a0\u202f().\-–]{5,24}\d(?!\p{N})/gu;
const LABEL_BEFORE =
  /(?:инн|кпп|огрн(?:ип)?|окпо|бик|р\/с|к\/с|сч[её]т\w*|заказ\w*|заявк\w*|договор\w*|siret|siren|tva|iban|commande|devis|facture|réf\w*|ref\w*|order|invoice|reference|rfp|tender|capital|n°|№|#)(?:\s+\p{L}+){0,2}[\s:№#.-]*$/iu;
const DO_NOT_CALL =
  /^[^.!?]{0,40}?(?:не\s+звон|не\s+беспоко|ne\s+pas\s+appeler|n'appelez\s+pas|do\s+not\s+call|don't\s+call)/iu;

function dialledAtHome(digits: string, country: CountryCode): boolean {
  if (NO_TRUNK_PREFIX.has(country)) return true;
  if (TRUNK_EIGHT.has(country)) return /^[78]\d{10}$/.test(digits) || /^9\d{9}$/.test(digits);
  return digits.startsWith('0');
}

/** Every valid phone number in `text`, in order, with its place in the text. */
export function findPhones(text: string, country: CountryCode | undefined): FoundPhone[] {
  const out: FoundPhone[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    if (LABEL_BEFORE.test(text.slice(Math.max(0, start - 40), start))) continue;
    const digits = raw.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    const international = raw.startsWith('+') || digits.startsWith('00');
    if (!international && (!country || !dialledAtHome(digits, country))) continue;
    const phone = normalisePhone(raw.replace(/[()]/g, ' '), country ?? 'US');
    if (phone) out.push({ phone, start, end });
  }
  return out;
}

/** The caller's number: the first one in the text that they do not ask us to keep off. */
export function pickPhone(text: string, found: readonly FoundPhone[]): FoundPhone | undefined {
  return found.find((p) => !DO_NOT_CALL.test(text.slice(p.end, p.end + 60))) ?? found[0];
}
