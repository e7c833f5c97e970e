/** Dates in the shapes the seed systems print them, in the company's time zone. */

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

/** "17.12.2024 21:00" (seed 001 order dates). */
export function formatDotted(iso: string, timeZone: string): string {
  const l = localTime(iso, timeZone);
  return `${l.day}.${l.month}.${l.year} ${l.hour}:${l.minute}`;
}

/** "2024-12-17 21:00" (seed 004 exports). */
export function formatIsoMinute(iso: string, timeZone: string): string {
  const l = localTime(iso, timeZone);
  return `${l.year}-${l.month}-${l.day} ${l.hour}:${l.minute}`;
}

/** "17 декабря 2024 года, 21:00" (seed 001 report dates). */
export function formatRussianLong(iso: string, timeZone: string): string {
  const l = localTime(iso, timeZone);
  const month = formatter(timeZone, 'month')
    .formatToParts(new Date(iso))
    .find((x) => x.type === 'month')!.value;
  return `${Number(l.day)} ${month} ${l.year} года, ${l.hour}:${l.minute}`;
}

/** Offset of `timeZone` from UTC at instant `t` (ms). */
function offsetMs(t: number, timeZone: string): number {
  const p = parts(new Date(t).toISOString(), timeZone);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
  return asUtc - Math.floor(t / 60_000) * 60_000;
}

/**
 * A date or date-time as people type it into spreadsheets — `2024-12-17`, `2024-12-17 21:00`, `17.12.2024`,
 * `17.12.2024 21:00`, or a full ISO instant — as an ISO instant; local times are in `timeZone`. Null if unreadable.
 */
export function parseLocalDateTime(text: string, timeZone: string): string | null {
  const v = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v) ??
    /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
  if (!m) return null;
  const [y, mo, d] = v.includes('.') ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
  const local = Date.UTC(+y!, +mo! - 1, +d!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  const check = new Date(local);
  if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +(m[4] ?? 0) > 23) return null;
  // Two passes settle the offset across a daylight-saving change (offsets from the per-hour cache: an Intl call
  // per pass cost a 100,000-row import 11 % of its time).
  let t = local - offsetInHour(local, timeZone);
  t = local - offsetInHour(t, timeZone);
  return new Date(t).toISOString();
}
