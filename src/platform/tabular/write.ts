/**
 * Writing tables as CSV (UTF-8 with BOM, so spreadsheet programs read Cyrillic right) or a real .xlsx, streamed
 * row by row into any writable (an HTTP response, a file). Text that a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, tab or carriage return) is written with a leading `'`, so an exported name
 * like `=HYPERLINK(…)` stays text. In CSV the same holds wherever a spreadsheet may start a cell: our separator is
 * a comma, but Russian and French spreadsheets split lines on `;` (others on tab), and such a split starts a cell
 * after any of them, even inside our quotes — so `Dde;=cmd` is written `Dde;'=cmd`.
 */
import { Readable } from 'node:stream';
import type { TableFormat } from './read.js';
import { SLICE_CHARS, xlsxStream } from './xlsx.js';

export type Cell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell made safe for spreadsheets (numbers stay numbers). */
export const neutralise = (v: Cell): Cell => (typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : v);

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

/**
 * Streams `rows` (after the `header`) as a table. Returns the readable to send; rows are pulled as the reader
 * consumes, so a slow client slows the database reads instead of filling memory.
 */
export function tableStream(
  format: TableFormat,
  sheetName: string,
  header: string[],
  rows: AsyncIterable<Cell[]>,
): Readable {
  if (format === 'xlsx') {
    const neutralised = async function* () {
      for await (const row of rows) yield row.map(neutralise);
    };
    return xlsxStream(sheetName, header, neutralised());
  }
  return Readable.from(csvChunks(header, rows), { objectMode: false });
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

/** `name-2026-11-24.csv`: a download's file name. */
export const exportFileName = (name: string, format: TableFormat, now: Date) =>
  `${name}-${now.toISOString().slice(0, 10)}.${format}`;
