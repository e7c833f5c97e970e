/** Seed date shapes in the company's time zone, and reading dates people type into spreadsheets. */
import { describe, expect, it } from 'vitest';
import { formatDotted, formatIsoMinute, formatRussianLong, parseLocalDateTime } from './dates.js';

/** An independent oracle: Canadian English writes dates in ISO order ("2024-10-27, 02:59"). */
const isoOrder = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' });

describe('dates', () => {
  it('prints seed 001 shapes in the time zone', () => {
    expect(formatDotted('2024-12-17T18:00:00.000Z', 'Europe/Moscow')).toBe('17.12.2024 21:00');
    expect(formatDotted('2024-01-05T23:07:00.000Z', 'Europe/Paris')).toBe('06.01.2024 00:07');
    expect(formatRussianLong('2024-12-17T18:00:00.000Z', 'Europe/Moscow')).toBe(
      '17 декабря 2024 года, 21:00',
    );
  });

  it('prints local minutes exactly as Intl does, across daylight saving and half-hour zones', () => {
    const zones = [
      'Europe/Moscow',
      'Europe/Paris',
      'America/New_York',
      'America/St_Johns',
      'Australia/Adelaide',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Pacific/Chatham',
      'UTC',
    ];
    // Every 31 minutes 7 seconds over two years: lands inside every changing hour of these zones.
    const step = 31 * 60_000 + 7_000;
    for (const timeZone of zones) {
      const intl = isoOrder(timeZone);
      let wrong = 0;
      for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2026, 0, 1); t += step) {
        const iso = new Date(t).toISOString();
        if (formatIsoMinute(iso, timeZone) !== intl.format(t).replace(', ', ' ')) wrong++;
      }
      expect({ timeZone, wrong }).toEqual({ timeZone, wrong: 0 });
    }
    expect(formatIsoMinute('2024-10-27T00:59:59.999Z', 'Europe/Paris')).toBe('2024-10-27 02:59');
    expect(formatIsoMinute('2024-10-27T01:00:00.000Z', 'Europe/Paris')).toBe('2024-10-27 02:00');
  });

  it('prints dates of any century as Date does (leap years, 1900 and 2100 not leap, 2000 leap)', () => {
    const wrong: string[] = [];
    const pad = (n: number) => String(n).padStart(2, '0');
    // Every 9 days 13 hours 7 minutes from 1899 to 2101: every month and weekday, both sides of 1970.
    for (let t = Date.UTC(1899, 0, 1); t < Date.UTC(2101, 11, 31); t += ((9 * 24 + 13) * 60 + 7) * 60_000) {
      const d = new Date(t);
      const expected = `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
      const printed = formatDotted(d.toISOString(), 'UTC');
      if (printed !== expected) wrong.push(`${d.toISOString()} → ${printed}`);
    }
    for (const day of ['1900-02-28', '1900-03-01', '2000-02-29', '2100-02-28', '2100-03-01', '1969-12-31']) {
      const [y, m, dd] = day.split('-');
      expect(formatDotted(`${day}T12:34:00.000Z`, 'UTC')).toBe(`${dd}.${m}.${y} 12:34`);
    }
    expect(wrong).toEqual([]);
  });

  it('reads local dates in the time zone, across daylight saving, and refuses impossible ones', () => {
    expect(parseLocalDateTime('17.12.2024 21:00', 'Europe/Moscow')).toBe('2024-12-17T18:00:00.000Z');
    expect(parseLocalDateTime('2024-07-01 12:30', 'Europe/Paris')).toBe('2024-07-01T10:30:00.000Z');
    expect(parseLocalDateTime('2024-01-01', 'Europe/Paris')).toBe('2023-12-31T23:00:00.000Z');
    expect(parseLocalDateTime('2024-07-01T12:30:00Z', 'Europe/Paris')).toBe('2024-07-01T12:30:00.000Z');
    expect(parseLocalDateTime('31.02.2024', 'Europe/Paris')).toBeNull();
    expect(parseLocalDateTime('yesterday', 'Europe/Paris')).toBeNull();
  });

  it('refuses moments that do not exist instead of rolling them over into another day', () => {
    for (const text of [
      '2026-02-30T10:00:00Z',
      '2026-02-29T10:00:00.000+03:00',
      '2026-12-01T24:00:00Z',
      '2026-12-01 10:75',
      '2026-12-01 10:30:61',
      '31.04.2026 09:00',
      '2026-13-01',
    ])
      expect(parseLocalDateTime(text, 'Europe/Paris'), text).toBeNull();
    expect(parseLocalDateTime('2028-02-29T10:00:00Z', 'Europe/Paris')).toBe('2028-02-29T10:00:00.000Z');
  });

  it('prints a stored value that is no date as it is, instead of throwing or moving it to another day', () => {
    for (const bad of ['9999-99-99', '2026-02-31T10:00:00.000Z', 'soon'])
      for (const format of [formatDotted, formatIsoMinute, formatRussianLong])
        expect(format(bad, 'Europe/Moscow')).toBe(bad);
  });

  it('reads back every local minute Intl prints, across daylight saving and half-hour zones', () => {
    for (const timeZone of ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
      const intl = isoOrder(timeZone);
      let wrong = 0;
      // Every 47 minutes over two years: local times that exist, including the repeated hour of each autumn.
      for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2026, 0, 1); t += 47 * 60_000) {
        const local = intl.format(t).replace(', ', ' ');
        const read = parseLocalDateTime(local, timeZone);
        if (!read || intl.format(Date.parse(read)).replace(', ', ' ') !== local) wrong++;
      }
      expect({ timeZone, wrong }).toEqual({ timeZone, wrong: 0 });
    }
    // The hour skipped in spring reads as the instant an hour on (as the two passes always did).
    expect(parseLocalDateTime('2024-03-31 02:30', 'Europe/Paris')).toBe('2024-03-31T01:30:00.000Z');
  });
});
