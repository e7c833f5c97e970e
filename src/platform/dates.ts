/** Dates in the shapes the seed systems print them, in the company's time zone. */

function parts(iso: string, timeZone: string) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('ru-RU', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return p as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;
}

/** "17.12.2024 21:00" (seed 001 order dates). */
export function formatDotted(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}

/** "17 декабря 2024 года, 21:00" (seed 001 report dates). */
export function formatRussianLong(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  const month = new Intl.DateTimeFormat('ru-RU', { timeZone, day: 'numeric', month: 'long' })
    .formatToParts(new Date(iso))
    .find((x) => x.type === 'month')!.value;
  return `${Number(p.day)} ${month} ${p.year} года, ${p.hour}:${p.minute}`;
}
