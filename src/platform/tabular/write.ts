/**
 * Writing tables as CSV (UTF-8 with BOM, so spreadsheet programs read Cyrillic right) or a real .xlsx, streamed
 * row by row into any writable (an HTTP response, a file). Columns say what they hold, so each format writes it as
 * a spreadsheet user wants it: dates and times in the reader's zone (real date cells in .xlsx, `YYYY-MM-DD HH:MM`
 * in CSV), money as numbers (the currency's number format in .xlsx, plain decimals in CSV), everything else as is.
 *
 * Formulas: a CSV cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
 * carriage return) is written with a leading `'`, so an exported name like `=HYPERLINK(…)` stays text. The same
 * holds wherever a spreadsheet may start a cell: our separator is a comma, but Russian and French spreadsheets
 * split lines on `;` (others on tab), and such a split starts a cell after any of them, even inside our quotes —
 * so `Dde;=cmd` is written `Dde;'=cmd`. An .xlsx string cell is never a formula: it is written as it is (a phone
 * `+7 900…` shows no apostrophe), styled to stay text if someone retypes it.
 */
import { Readable } from 'node:stream';
import { formatIsoMinute, isReadableDate, localTime } from '../dates.js';
import { isCalendarDate } from '../fields.js';
import { formatCents } from '../money.js';
import type { TableFormat } from './read.js';
import { PLAIN_MONEY_FORMAT, SLICE_CHARS, type XlsxCell, xlsxStream } from './xlsx.js';

export type Cell = string | number | null | undefined;

/**
 * What a column holds: `text` and `number` (the default: values as given), `money` (integer cents), `date`
 * (`yyyy-mm-dd`), `datetime` (an ISO instant, shown in the reader's zone).
 */
export type ColumnKind = 'text' | 'number' | 'money' | 'date' | 'datetime';

export interface Column {
  title: string;
  kind?: ColumnKind;
}

/** Whose file it is: the zone its times are shown in, and the number format of its money in .xlsx. */
export interface TableReader {
  timeZone: string;
  moneyFormat?: string;
}

export interface TableSheet {
  name: string;
  columns: (Column | string)[];
  rows: AsyncIterable<Cell[]>;
}

const FORMULA_START = /^[=+\-@\t\r]/;
/** A negative amount as written (`-0.05`): read as a number by every spreadsheet, never as a formula. */
const PLAIN_NUMBER = /^-\d+(\.\d+)?$/;

/** A cell made safe for spreadsheets (numbers, and negative amounts as text, stay numbers). */
export const neutralise = (v: Cell): Cell =>
  typeof v === 'string' && FORMULA_START.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v;

/** A separator some spreadsheet splits on, then spaces and quotes, before a formula character. */
const INNER_FORMULA = /([,;\t][\s"]*)(?=[=+\-@])/g;
const INNER_NEUTRALISED = /([,;\t][\s"]*)'(?=[=+\-@])/g;

/** A CSV cell made safe for a spreadsheet splitting the line on `,`, `;` or tab. */
const neutraliseCsv = (v: Cell): Cell => {
  const s = neutralise(v);
  return typeof s === 'string' ? s.replace(INNER_FORMULA, "$1'") : s;
};

/** Undoes `neutralise` (and its CSV form) on import, so an exported file re-imports to the same values. */
export const unneutralise = (v: string) =>
  (/^'[=+\-@]/.test(v) ? v.slice(1) : v).replace(INNER_NEUTRALISED, '$1');

export const CONTENT_TYPE: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const columnOf = (c: Column | string): Column => (typeof c === 'string' ? { title: c } : c);

/** Days from 1899-12-30 to 1970-01-01: an Excel serial day is this plus the days since the Unix epoch. */
const EXCEL_EPOCH_DAYS = 25_569;

/** An instant as an Excel serial date-time of its wall-clock minute in `timeZone`. */
function serialOfInstant(iso: string, timeZone: string): number {
  const l = localTime(iso, timeZone);
  return (
    Date.UTC(l.year, Number(l.month) - 1, Number(l.day), Number(l.hour), Number(l.minute)) / 86_400_000 +
    EXCEL_EPOCH_DAYS
  );
}

/** How a column's value goes into each format; a value that is not what the column says is written as it is. */
function csvValue(kind: ColumnKind | undefined, v: Cell, timeZone: string): Cell {
  if (typeof v === 'number' && kind === 'money') return formatCents(v);
  if (typeof v === 'string' && kind === 'datetime' && isReadableDate(v) && !isCalendarDate(v))
    return formatIsoMinute(v, timeZone);
  return v;
}

function xlsxValue(kind: ColumnKind | undefined, v: Cell, timeZone: string): XlsxCell {
  if (typeof v === 'number' && kind === 'money') return v / 100;
  if (typeof v === 'string') {
    if (kind === 'date' && isCalendarDate(v))
      return Date.parse(`${v}T00:00:00Z`) / 86_400_000 + EXCEL_EPOCH_DAYS;
    if (kind === 'datetime' && isReadableDate(v))
      return isCalendarDate(v)
        ? Date.parse(`${v}T00:00:00Z`) / 86_400_000 + EXCEL_EPOCH_DAYS
        : serialOfInstant(v, timeZone);
  }
  return v;
}

const CONVERTED: ReadonlySet<ColumnKind | undefined> = new Set(['money', 'date', 'datetime']);

/**
 * `rows` with the cells of money and date columns converted (in a copy of the row: a source may yield the same
 * array twice), the others untouched: a 100,000-row export converts only the cells that need it.
 */
async function* converted(
  rows: AsyncIterable<Cell[]>,
  columns: Column[],
  convert: (kind: ColumnKind | undefined, v: Cell) => Cell,
): AsyncGenerator<Cell[]> {
  const at: number[] = [];
  columns.forEach((c, i) => {
    if (CONVERTED.has(c.kind)) at.push(i);
  });
  for await (const row of rows) {
    if (at.length === 0) {
      yield row;
      continue;
    }
    const out = row.slice();
    for (const i of at) if (i < out.length) out[i] = convert(columns[i]!.kind, out[i]);
    yield out;
  }
}

/**
 * Streams a workbook of `sheets` (.xlsx; CSV holds one table, so only the first sheet is written) for `reader`.
 * Rows are pulled as the reader consumes, so a slow client slows the database reads instead of filling memory.
 */
export function workbookStream(format: TableFormat, sheets: TableSheet[], reader: TableReader): Readable {
  const { timeZone } = reader;
  if (format === 'xlsx') {
    return xlsxStream(
      sheets.map((sheet) => {
        const columns = sheet.columns.map(columnOf);
        return {
          name: sheet.name,
          columns: columns.map((c) => ({ title: c.title, style: c.kind })),
          rows: converted(sheet.rows, columns, (kind, v) => xlsxValue(kind, v, timeZone)),
        };
      }),
      { moneyFormat: reader.moneyFormat ?? PLAIN_MONEY_FORMAT },
    );
  }
  const sheet = sheets[0]!;
  const columns = sheet.columns.map(columnOf);
  return Readable.from(
    csvChunks(
      columns.map((c) => c.title),
      converted(sheet.rows, columns, (kind, v) => csvValue(kind, v, timeZone)),
    ),
    { objectMode: false },
  );
}

/** Streams one table (after its header) as CSV or .xlsx: see `workbookStream`. */
export function tableStream(
  format: TableFormat,
  sheetName: string,
  columns: (Column | string)[],
  rows: AsyncIterable<Cell[]>,
  reader: TableReader = { timeZone: 'UTC' },
): Readable {
  return workbookStream(format, [{ name: sheetName, columns, rows }], reader);
}

const CSV_QUOTE = /[",\r\n]/;
const csvField = (v: Cell) => {
  const s = String(neutraliseCsv(v ?? ''));
  return CSV_QUOTE.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const csvLine = (cells: Cell[]) => `${cells.map(csvField).join(',')}\r\n`;

/** CSV text (BOM, comma, CRLF, quotes only where needed) in slices, like the .xlsx writer. */
async function* csvChunks(header: string[], rows: AsyncIterable<Cell[]>): AsyncGenerator<Buffer> {
  let out = `\ufeff${csvLine(header)}`;
  for await (const row of rows) {
    out += csvLine(row);
    if (out.length >= SLICE_CHARS) {
      yield Buffer.from(out, 'utf8');
      out = '';
    }
  }
  yield Buffer.from(out, 'utf8');
}

/** `name-2026-11-24.csv`: a download's file name, dated the reader's today. */
export const exportFileName = (name: string, format: TableFormat, now: Date, timeZone: string) =>
  `${name}-${formatIsoMinute(now.toISOString(), timeZone).slice(0, 10)}.${format}`;
