/**
 * Money is stored in minor units (integer cents). `formatCents` writes it as a decimal from that integer, never
 * through a division by 100: the same amount prints the same digits in the seed API, a file or a page.
 * `whole` writes the units (a locale's grouping), `decimal` the mark before the cents: `1500.00` by default.
 */
export function formatCents(cents: number, whole: (units: number) => string = String, decimal = '.'): string {
  const abs = Math.abs(Math.round(cents));
  const text = `${whole(Math.floor(abs / 100))}${decimal}${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 && abs > 0 ? `-${text}` : text;
}

/**
 * The spreadsheet number format of amounts in `currency` as `locale` writes them: grouped, two decimals, the
 * currency's sign where that language puts it (`#,##0.00" ₽"` in Russian, `"€"#,##0.00` in English). The
 * spreadsheet program groups digits its own user's way.
 */
export function spreadsheetMoneyFormat(currency: string, locale: string): string {
  const parts = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
  }).formatToParts(1);
  const at = parts.findIndex((p) => p.type === 'currency');
  const sign = (parts[at]?.value ?? currency).replaceAll('"', '');
  return at >= 0 && at < parts.findIndex((p) => p.type === 'integer')
    ? `"${sign}"#,##0.00`
    : `#,##0.00" ${sign}"`;
}
