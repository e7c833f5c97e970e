/**
 * Dates in the shapes the seed systems print them, in the company's time zone. A stored value that is not an
 * instant (written before dates were checked, or by hand) is printed as it is: a formatter never throws.
 */
import { isCalendarDate } from './fields.js';

/** Formatters are costly to build (tens of µs) and lists format dozens of dates: one per zone and shape. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, shape: 'parts' | 'month') {
  const key = `${shape} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      shape === 'parts'
        ? new Intl.DateTimeFormat('ru-RU', {
            timeZone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          })
        : new Intl.DateTimeFormat('ru-RU', { timeZone, day: 'numeric', month: 'long' });
    formatters.set(key, f);
  }
  return f;
}

function parts(iso: string, timeZone: string) {
  const p = Object.fromEntries(
    formatter(timeZone, 'parts')
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return p as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;
}

/**
 * Offsets of a zone per UTC hour: an offset that is the same at both ends of an hour holds throughout it, so
 * lists and exports turn instants into local times with arithmetic instead of an Intl call per date (about 1.5 µs
 * each, the biggest cost of a 50-order window). An hour with a change in it is left to Intl. One map per zone,
 * keyed by the hour's number: a key string built per date (`${zone} ${hour}`) cost more than the rest of the
 * formatting (70 → 30 µs for 50 dates).
 */
const hourOffsets = new Map<string, Map<number, number | null>>();

function offsetInHour(t: number, timeZone: string): number {
  let zone = hourOffsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    hourOffsets.set(timeZone, zone);
  }
  const hour = Math.floor(t / 3_600_000);
  let offset = zone.get(hour);
  if (offset === undefined) {
    const start = offsetMs(hour * 3_600_000, timeZone);
    offset = start === offsetMs(hour * 3_600_000 + 3_599_999, timeZone) ? start : null;
    if (zone.size >= 100_000) zone.clear();
    zone.set(hour, offset);
  }
  return offset ?? offsetMs(t, timeZone);
}

/** "00".."59": a lookup instead of a string built per field. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/**
 * The proleptic Gregorian date of a day counted from 1970-01-01, by integer arithmetic (the civil-from-days
 * algorithm): a third of the cost of a Date object's five getters, which a 50-order window paid for every date.
 */
function civilDate(days: number) {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const m = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  const day = dayOfYear - Math.floor((153 * m + 2) / 5) + 1;
  const month = m < 10 ? m + 3 : m - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The wall-clock date and minute of `iso` in `timeZone`. */
export function localTime(iso: string, timeZone: string) {
  const t = Date.parse(iso);
  const minutes = Math.floor((t + offsetInHour(t, timeZone)) / 60_000);
  const days = Math.floor(minutes / 1440);
  const minuteOfDay = minutes - days * 1440;
  const { year, month, day } = civilDate(days);
  return {
    year,
    month: TWO_DIGITS[month] as string,
    day: TWO_DIGITS[day] as string,
    hour: TWO_DIGITS[Math.floor(minuteOfDay / 60)] as string,
    minute: TWO_DIGITS[minuteOfDay % 60] as string,
  };
}

/**
 * True when `text` is a date or instant that names a real day (`Date.parse` alone takes `2026-02-31` for
 * 3 March): what a formatter may print as a date; anything else it prints as it is.
 */
export const isReadableDate = (text: string) =>
  !Number.isNaN(Date.parse(text)) && (!/^\d{4}-\d{2}-\d{2}/.test(text) || isCalendarDate(text.slice(0, 10)));
const unreadable = (iso: string) => !isReadableDate(iso);

/** "17.12.2024 21:00" (seed 001 order dates). */
export function formatDotted(iso: string, timeZone: string): string {
  if (unreadable(iso)) return iso;
  const l = localTime(iso, timeZone);
  return `${l.day}.${l.month}.${l.year} ${l.hour}:${l.minute}`;
}

/** "2024-12-17 21:00" (seed 004 exports). */
export function formatIsoMinute(iso: string, timeZone: string): string {
  if (unreadable(iso)) return iso;
  const l = localTime(iso, timeZone);
  return `${l.year}-${l.month}-${l.day} ${l.hour}:${l.minute}`;
}

/** "17 декабря 2024 года, 21:00" (seed 001 report dates). */
export function formatRussianLong(iso: string, timeZone: string): string {
  if (unreadable(iso)) return iso;
  const l = localTime(iso, timeZone);
  const month = formatter(timeZone, 'month')
    .formatToParts(new Date(iso))
    .find((x) => x.type === 'month')!.value;
  return `${Number(l.day)} ${month} ${l.year} года, ${l.hour}:${l.minute}`;
}

/** Hours 0–23, minutes and seconds 0–59 (each optional). */
const realTime = (h?: string, min?: string, s?: string) =>
  Number(h ?? 0) <= 23 && Number(min ?? 0) <= 59 && Number(s ?? 0) <= 59;

/** Offset of `timeZone` from UTC at instant `t` (ms). */
function offsetMs(t: number, timeZone: string): number {
  const p = parts(new Date(t).toISOString(), timeZone);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
  return asUtc - Math.floor(t / 60_000) * 60_000;
}

/**
 * A date or date-time as people type it into spreadsheets — `2024-12-17`, `2024-12-17 21:00`, `17.12.2024`,
 * `17.12.2024 21:00`, or a full ISO instant — as an ISO instant; local times are in `timeZone`. Null if unreadable
 * or not a real moment (`2026-02-30`, `25:00`, `10:75`): Date would roll those over into another day silently.
 */
export function parseLocalDateTime(text: string, timeZone: string): string | null {
  const v = text.trim();
  const instant = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(v);
  if (instant) {
    if (!isCalendarDate(instant[1]!) || !realTime(instant[2], instant[3], instant[4])) return null;
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v) ??
    /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
  if (!m) return null;
  const [y, mo, d] = v.includes('.') ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
  const day = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  if (!isCalendarDate(day) || !realTime(m[4], m[5], m[6])) return null;
  const local = Date.UTC(+y!, +mo! - 1, +d!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  // Two passes settle the offset across a daylight-saving change (offsets from the per-hour cache: an Intl call
  // per pass cost a 100,000-row import 11 % of its time).
  let t = local - offsetInHour(local, timeZone);
  t = local - offsetInHour(t, timeZone);
  return new Date(t).toISOString();
}
