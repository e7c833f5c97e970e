/**
 * Message lookup and locale choice. Keys are typed, so a string missing from ru or fr fails the type check.
 * A translator is made for one language and one time zone (the reader's): every date it prints, and every
 * date-time it writes into a form field, is in that zone, so a page cannot show another clock by accident.
 */
import { isReadableDate, localTime } from '../dates.js';
import { formatCents } from '../money.js';
import { en, type PlatformKey } from './en.js';
import { fr } from './fr.js';
import { ru } from './ru.js';

export const LOCALES = ['en', 'ru', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ru: 'Русский', fr: 'Français' };

/**
 * Every module's English strings, gathered by declaration merging: a module's `i18n/index.ts` declares
 * `interface ModuleMessages extends English {}`, so its keys are known to the type checker wherever they are used.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the modules' declarations
export interface ModuleMessages {}

/** A message key of the platform or of any module: a key missing from every catalog fails the type check. */
export type MessageKey = PlatformKey | (keyof ModuleMessages & string);

/** A module's strings in every UI language (ru and fr typed against en by the module). */
export type Catalogs = Record<Locale, Record<string, string>>;

const catalogs: Record<Locale, Record<string, string>> = { en: { ...en }, ru: { ...ru }, fr: { ...fr } };
const owners = new Map<string, string>(Object.keys(en).map((k) => [k, 'platform']));

/**
 * Adds a module's strings to the product's catalogs (the module list does it for every manifest). A key may
 * belong to one owner only: a second claim is a mistake that would silently change someone else's text.
 */
export function addMessages(owner: string, messages: Catalogs): void {
  for (const key of Object.keys(messages.en)) {
    const holder = owners.get(key);
    if (holder !== undefined && holder !== owner)
      throw new Error(`message key ${key} of ${owner} is already defined by ${holder}`);
    owners.set(key, owner);
  }
  for (const locale of LOCALES) Object.assign(catalogs[locale], messages[locale]);
}

export type Translate = ((key: MessageKey, params?: Record<string, string | number>) => string) & {
  locale: Locale;
  /** The IANA zone every date and time is shown in. */
  timeZone: string;
  /** The ISO 4217 code `money` writes amounts in. */
  currency: string;
  /**
   * The text of an error code (`contacts.not_found` → its `error.contacts.not_found` message): the one lookup
   * the API's problem+json and the pages share. A code with no text (read back from old stored data) gives
   * `fallback`, else the code itself.
   */
  error(code: string, params?: Record<string, string | number>, fallback?: string): string;
  /** Looks up a key built at run time (an error or activity code); falls back to `fallback`. */
  dynamic(key: string, params?: Record<string, string | number>, fallback?: string): string;
  /** A day (`yyyy-mm-dd`, shown as that calendar day) or an instant's day in the zone. */
  date(iso: string | null | undefined): string;
  /** An instant's day and minute in the zone. */
  dateTime(iso: string | null | undefined): string;
  /** An instant as a `datetime-local` field's value in the zone (`2026-12-01T21:08`); '' for none. */
  dateTimeInput(iso: string | null | undefined): string;
  number(n: number): string;
  /** An amount in cents as the locale writes money, with the currency (`₽1,500.00`, `1 500,00 ₽`), exactly: no
   * float rounding. */
  money(cents: number): string;
  /** A number shortened for an axis or a badge (`26K`, `26 тыс.`, `402 M`). */
  compact(n: number): string;
  /** A day (`YYYY-MM-DD…`) as day and short month, for chart axes (`Nov 18`, `18 нояб.`). */
  dayMonth(day: string): string;
};

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

type Params = Record<string, string | number>;

const interpolate = (text: string, params?: Params) =>
  params
    ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
    : text;

/** Where the `{` at `start` is closed, or -1. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Fills a message's `{name}` placeholders and chooses the branch of each ICU plural argument by the locale's
 * plural rules (`{n, plural, one {# строка} few {# строки} many {# строк} other {# строки}}`): an exact `=N`
 * branch first, then the number's category, else `other`; `#` is the number as the locale writes it.
 */
function formatMessage(
  text: string,
  params: Params | undefined,
  plurals: Intl.PluralRules,
  number: (n: number) => string,
): string {
  if (!text.includes(', plural,')) return interpolate(text, params);
  let out = '';
  let i = 0;
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', i)) {
    const end = closingBrace(text, start);
    if (end < 0) break;
    out += text.slice(i, start);
    const argument = /^(\w+), plural,(.*)$/s.exec(text.slice(start + 1, end));
    if (argument) {
      const [, name = '', branches = ''] = argument;
      const value = Number(params?.[name]);
      const options = new Map<string, string>();
      for (let j = 0; j < branches.length; ) {
        const head = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(branches.slice(j));
        if (!head) break;
        const open = j + head[0].length - 1;
        const close = closingBrace(branches, open);
        if (close < 0) break;
        options.set(head[1] ?? '', branches.slice(open + 1, close));
        j = close + 1;
      }
      const chosen =
        (Number.isFinite(value) && (options.get(`=${value}`) ?? options.get(plurals.select(value)))) ||
        options.get('other') ||
        '';
      const shown = Number.isFinite(value) ? number(value) : String(params?.[name] ?? '');
      out += formatMessage(chosen.replaceAll('#', shown), params, plurals, number);
    } else out += interpolate(text.slice(start, end + 1), params);
    i = end + 1;
  }
  return out + interpolate(text.slice(i), params);
}

/** The ISO 4217 code pages write money in when none is configured (the `CURRENCY` setting). */
export const DEFAULT_CURRENCY = 'RUB';

/**
 * How the locale places a currency around an amount (`₽1.00`, `1,00 ₽`): the text before and after the number.
 * The symbol is the narrow one (₽, €, $), which every language reads.
 */
function currencyAround(locale: Locale, currency: string) {
  const parts = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
  }).formatToParts(1);
  const numeric = new Set(['integer', 'group', 'decimal', 'fraction']);
  const first = parts.findIndex((p) => numeric.has(p.type));
  const last = parts.findLastIndex((p) => numeric.has(p.type));
  const text = (ps: Intl.NumberFormatPart[]) => ps.map((p) => p.value).join('');
  return { before: text(parts.slice(0, first)), after: text(parts.slice(last + 1)) };
}

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

export interface TranslateOptions {
  /** The IANA zone dates are shown in (UTC unless given: tests and the command line). */
  timeZone?: string;
  /** ISO 4217 code money is written in (default RUB). */
  currency?: string;
}

/** A translator for `locale` whose dates are in `options.timeZone` and money in `options.currency`. */
export function createTranslate(locale: Locale, options: TranslateOptions = {}): Translate {
  const timeZone = options.timeZone ?? 'UTC';
  const catalog = catalogs[locale];
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const format = (text: string, params?: Params) =>
    formatMessage(text, params, plurals, (n) => numbers.format(n));
  const english = catalogs.en;
  const t = ((key: MessageKey, params?: Params) =>
    format(catalog[key] ?? english[key] ?? key, params)) as Translate;
  t.locale = locale;
  t.timeZone = timeZone;
  t.currency = options.currency ?? DEFAULT_CURRENCY;
  t.error = (code, params, fallback) => {
    const key = `error.${code}`;
    const text = catalog[key] ?? english[key];
    return text === undefined ? (fallback ?? code) : format(text, params);
  };
  t.dynamic = (key, params, fallback) => {
    const text = (catalog as Record<string, string>)[key];
    return text === undefined ? (fallback ?? key) : format(text, params);
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
  t.number = (n) => numbers.format(n);
  // The units grouped by Intl, the cents written from the integer (`formatCents`).
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const groupUnits = (units: number) => whole.format(units);
  const decimal = numbers.formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  const { before, after } = currencyAround(locale, t.currency);
  t.money = (cents) => {
    const amount = formatCents(Math.abs(cents), groupUnits, decimal);
    return `${cents < 0 && Math.round(cents) !== 0 ? '-' : ''}${before}${amount}${after}`;
  };
  const dayMonth = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  t.dayMonth = (day) => {
    const d = `${day.slice(0, 10)}T00:00:00Z`;
    return isReadableDate(d) ? dayMonth.format(new Date(d)) : day;
  };
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  t.compact = (n) => compact.format(n);
  return t;
}

/** One translator per language, zone and currency in use (a few hundred zones at most, each made on first use). */
const translators = new Map<string, Translate>();

/**
 * The translator of a reader: their language, their time zone and the company's currency. The zone is not
 * optional: whoever prints dates for someone says whose clock they are in.
 */
export function getTranslate(locale: Locale, timeZone: string, currency = DEFAULT_CURRENCY): Translate {
  const key = `${locale} ${timeZone} ${currency}`;
  let t = translators.get(key);
  if (!t) {
    t = createTranslate(locale, { timeZone, currency });
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

/** True when `key` has a text (in English, hence in every language). */
export const hasMessage = (key: string): key is MessageKey => Object.hasOwn(catalogs.en, key);

/** Every key known now (the platform's and those of the modules added so far). */
export const messageKeys = (): MessageKey[] => Object.keys(catalogs.en) as MessageKey[];
/** Which module owns a key ('platform' for the platform's own). */
export const ownerOf = (key: string) => owners.get(key);
export const catalogsForTests = catalogs as Record<Locale, Record<MessageKey, string>>;
