/**
 * Writing tables as CSV (UTF-8 with BOM, so spreadsheet programs read Cyrillic right) or a real .xlsx, streamed
 * row by row into any writable (an HTTP response, a file). Text that a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, tab or carriage return) is written with a leading `'`, so an exported name
 * like `=HYPERLINK(…)` stays text.
 */
import { PassThrough, type Readable } from 'node:stream';
import type { TableFormat } from './read.js';

export type Cell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell made safe for spreadsheets (numbers stay numbers). */
export const neutralise = (v: Cell): Cell => (typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : v);

/** Undoes `neutralise` on import, so an exported file re-imports to the same values. */
export const unneutralise = (v: string) => (/^'[=+\-@]/.test(v) ? v.slice(1) : v);

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
  const out = new PassThrough();
  const write = async () => {
    if (format === 'csv') {
      const { stringify } = await import('csv-stringify');
      const csv = stringify({ bom: true, record_delimiter: '\r\n' });
      csv.on('error', (err) => out.destroy(err));
      csv.pipe(out);
      const push = (cells: Cell[]) =>
        csv.write(cells.map((c) => neutralise(c ?? '')))
          ? Promise.resolve()
          : new Promise<void>((resolve) => csv.once('drain', resolve));
      await push(header);
      for await (const row of rows) await push(row);
      csv.end();
      return;
    }
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = header.map((h) => ({ header: h, width: Math.max(10, Math.min(40, h.length + 4)) }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for await (const row of rows) {
      ws.addRow(row.map((c) => neutralise(c ?? null))).commit();
      // Let the response drain when the client reads slower than we produce.
      if (out.writableNeedDrain) await new Promise<void>((resolve) => out.once('drain', resolve));
    }
    ws.commit();
    await wb.commit();
  };
  write().catch((err) => out.destroy(err as Error));
  return out;
}

/** `name-2026-11-24.csv`: a download's file name. */
export const exportFileName = (name: string, format: TableFormat, now: Date) =>
  `${name}-${now.toISOString().slice(0, 10)}.${format}`;
