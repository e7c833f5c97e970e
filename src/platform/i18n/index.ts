/**
 * Message lookup and locale choice. Keys are typed, so a string missing from ru or fr fails the type check.
 * A translator is made for one language and one time zone (the reader's): every date it prints, and every
 * date-time it writes into a form field, is in that zone, so a page cannot show another clock by accident.
 */
import { isReadableDate, localTime } from '../dates.js';
import { formatCents } from '../money.js';
import { en, type MessageKey } from './en.js';
import { fr } from './fr.js';
import { ru } from './ru.js';

export const LOCALES = ['en', 'ru', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ru: 'Русский', fr: 'Français' };
export type { MessageKey };

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, ru, fr };

export type Translate = ((key: MessageKey, params?: Record<string, string | number>) => string) & {
  locale: Locale;
  /** The IANA zone every date and time is shown in. */
  timeZone: string;
  /** Looks up a key built at run time (an error or activity code); falls back to `fallback`. */
  dynamic(key: string, params?: Record<string, string | number>, fallback?: string): string;
  /** A day (`yyyy-mm-dd`, shown as that calendar day) or an instant's day in the zone. */
  date(iso: string | null | undefined): string;
  /** An instant's day and minute in the zone. */
  dateTime(iso: string | null | undefined): string;
  /** An instant as a `datetime-local` field's value in the zone (`2026-12-01T21:08`); '' for none. */
  dateTimeInput(iso: string | null | undefined): string;
  number(n: number): string;
  /** An amount in cents as the locale writes money (`1,500.00`, `1 500,00`), exactly: no float rounding. */
  money(cents: number): string;
  /** A number shortened for an axis or a badge (`26K`, `26 тыс.`, `402 M`). */
  compact(n: number): string;
  /** A day (`YYYY-MM-DD…`) as day and short month, for chart axes (`Nov 18`, `18 нояб.`). */
  dayMonth(day: string): string;
};

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

const interpolate = (text: string, params?: Record<string, string | number>) =>
  params
    ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
    : text;

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, withTime: boolean, timeZone: string) {
  const key = `${locale}:${withTime}:${timeZone}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone,
    });
    dateFormats.set(key, f);
  }
  return f;
}

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A translator for `locale` whose dates are in `timeZone` (UTC unless given: tests and the command line). */
export function createTranslate(locale: Locale, timeZone = 'UTC'): Translate {
  const catalog = catalogs[locale];
  const t = ((key: MessageKey, params?: Record<string, string | number>) =>
    interpolate(catalog[key] ?? en[key] ?? key, params)) as Translate;
  t.locale = locale;
  t.timeZone = timeZone;
  t.dynamic = (key, params, fallback) => {
    const text = (catalog as Record<string, string>)[key];
    return text === undefined ? (fallback ?? key) : interpolate(text, params);
  };
  // A stored value that is no date (written before dates were checked) is shown as it is, never thrown on.
  const readable = isReadableDate;
  // A day is the same day everywhere (read at UTC midnight, shown in UTC); an instant's day is the zone's.
  t.date = (iso) =>
    !iso
      ? '—'
      : !readable(iso)
        ? iso
        : formatter(locale, false, CALENDAR_DAY.test(iso) ? 'UTC' : timeZone).format(new Date(iso));
  // Lists print dozens of times per page and Intl costs µs each: results are kept per UTC minute (what the
  // short time style shows) for stored instants (`…Z`, 24 characters).
  const minutes = new Map<string, string>();
  t.dateTime = (iso) => {
    if (!iso) return '—';
    if (!readable(iso)) return iso;
    if (iso.length !== 24 || !iso.endsWith('Z'))
      return formatter(locale, true, timeZone).format(new Date(iso));
    const minute = iso.slice(0, 16);
    let text = minutes.get(minute);
    if (text === undefined) {
      text = formatter(locale, true, timeZone).format(new Date(iso));
      if (minutes.size >= 20_000) minutes.clear();
      minutes.set(minute, text);
    }
    return text;
  };
  t.dateTimeInput = (iso) => {
    if (!iso || !readable(iso) || CALENDAR_DAY.test(iso)) return '';
    const l = localTime(iso, timeZone);
    return `${l.year}-${l.month}-${l.day}T${l.hour}:${l.minute}`;
  };
  const numbers = new Intl.NumberFormat(locale);
  t.number = (n) => numbers.format(n);
  // The units grouped by Intl, the cents written from the integer (`formatCents`).
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const groupUnits = (units: number) => whole.format(units);
  const decimal = numbers.formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  t.money = (cents) => formatCents(cents, groupUnits, decimal);
  const dayMonth = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  t.dayMonth = (day) => {
    const d = `${day.slice(0, 10)}T00:00:00Z`;
    return isReadableDate(d) ? dayMonth.format(new Date(d)) : day;
  };
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  t.compact = (n) => compact.format(n);
  return t;
}

/** One translator per language and zone in use (a few hundred zones at most, each made on first use). */
const translators = new Map<string, Translate>();

/**
 * The translator of a reader: their language and their time zone. The zone is not optional: whoever prints
 * dates for someone says whose clock they are in.
 */
export function getTranslate(locale: Locale, timeZone: string): Translate {
  const key = `${locale} ${timeZone}`;
  let t = translators.get(key);
  if (!t) {
    t = createTranslate(locale, timeZone);
    translators.set(key, t);
  }
  return t;
}

/** Picks the best supported locale from an Accept-Language header. */
export function negotiateLocale(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return {
        lang: tag.trim().toLowerCase().split('-')[0] ?? '',
        q: q ? Number(q.trim().slice(2)) || 0 : 1,
      };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked.find((x) => isLocale(x.lang))?.lang as Locale | undefined) ?? fallback;
}

export const messageKeys = Object.keys(en) as MessageKey[];
export const catalogsForTests = catalogs;
