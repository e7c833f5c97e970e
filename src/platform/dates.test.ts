/** Seed date shapes in the company's time zone, and reading dates people type into spreadsheets. */
import { describe, expect, it } from 'vitest';
import { formatDotted, formatRussianLong, parseLocalDateTime } from './dates.js';

describe('dates', () => {
  it('prints seed 001 shapes in the time zone', () => {
    expect(formatDotted('2024-12-17T18:00:00.000Z', 'Europe/Moscow')).toBe('17.12.2024 21:00');
    expect(formatDotted('2024-01-05T23:07:00.000Z', 'Europe/Paris')).toBe('06.01.2024 00:07');
    expect(formatRussianLong('2024-12-17T18:00:00.000Z', 'Europe/Moscow')).toBe(
      '17 декабря 2024 года, 21:00',
    );
  });

  it('reads local dates in the time zone, across daylight saving, and refuses impossible ones', () => {
    expect(parseLocalDateTime('17.12.2024 21:00', 'Europe/Moscow')).toBe('2024-12-17T18:00:00.000Z');
    expect(parseLocalDateTime('2024-07-01 12:30', 'Europe/Paris')).toBe('2024-07-01T10:30:00.000Z');
    expect(parseLocalDateTime('2024-01-01', 'Europe/Paris')).toBe('2023-12-31T23:00:00.000Z');
    expect(parseLocalDateTime('2024-07-01T12:30:00Z', 'Europe/Paris')).toBe('2024-07-01T12:30:00.000Z');
    expect(parseLocalDateTime('31.02.2024', 'Europe/Paris')).toBeNull();
    expect(parseLocalDateTime('yesterday', 'Europe/Paris')).toBeNull();
  });
});
