/**
 * Reading spreadsheets people bring — CSV in whatever encoding and separator their program wrote, or a real
 * .xlsx — as a stream of rows of strings. Nothing is held in memory beyond the current chunk (and, for .xlsx,
 * the workbook's shared strings).
 */
import type { Readable } from 'node:stream';
import { Transform, type TransformCallback } from 'node:stream';

export type TableFormat = 'csv' | 'xlsx';
export const ENCODINGS = ['utf-8', 'windows-1251', 'windows-1252', 'utf-16le', 'utf-16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface TableOptions {
  format: TableFormat;
  encoding: Encoding;
  delimiter: Delimiter;
  /** Whether the first row names the columns (absent = yes). */
  header?: boolean;
}

/** Longest accepted CSV record, so a file without line breaks cannot exhaust memory. */
const MAX_RECORD_BYTES = 1024 * 1024;

/**
 * What a table may hold; more is refused with a TableLimitError rather than read (a CSV of 100,000 columns made
 * a 66 MB import preview). No import has a use for more.
 */
export const TABLE_LIMITS = {
  /** Columns of a row, trailing empty cells aside. */
  columns: 200,
  /** Characters in a cell: Excel's own maximum. */
  cellChars: 32_767,
  /** What all the parts of an .xlsx may unpack to (xlsx-guard.ts). */
  xlsxUnpackedBytes: 512 * 1024 * 1024,
} as const;

export type TableLimitCode =
  | 'table_too_wide'
  | 'cell_too_long'
  | 'xlsx_cell_too_long'
  | 'xlsx_too_large'
  | 'xlsx_malformed';

/** A table past one of TABLE_LIMITS (or an .xlsx that is not a plain zip); `code` and `params` say which. */
export class TableLimitError extends Error {
  constructor(
    readonly code: TableLimitCode,
    readonly params: Record<string, string | number>,
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'TableLimitError';
  }
}

/** The row's cells without trailing empty ones, checked against TABLE_LIMITS (`row` counts from 1). */
function checkedRow(cells: string[], row: number): string[] {
  let width = cells.length;
  while (width > 0 && cells[width - 1] === '') width--;
  if (width > TABLE_LIMITS.columns)
    throw new TableLimitError('table_too_wide', { max: TABLE_LIMITS.columns, row, columns: width });
  for (let i = 0; i < width; i++) {
    if (cells[i]!.length > TABLE_LIMITS.cellChars)
      throw new TableLimitError('cell_too_long', { max: TABLE_LIMITS.cellChars, row, column: i + 1 });
  }
  return width === cells.length ? cells : cells.slice(0, width);
}

/** Zip local-file header: every .xlsx starts with it. */
export const isZip = (head: Buffer) => head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;

/**
 * Guesses the encoding of a CSV from its first bytes: a BOM if there is one; UTF-8 if the bytes are valid
 * UTF-8; otherwise Windows-1251 when most letters are high bytes (Cyrillic text), else Windows-1252 (Western).
 */
export function detectEncoding(head: Buffer): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    let high = 0;
    let letters = 0;
    for (const b of head) {
      if (b >= 0xc0) high++;
      if (b >= 0xc0 || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) letters++;
    }
    return letters > 0 && high / letters > 0.3 ? 'windows-1251' : 'windows-1252';
  }
}

/** The separator used most on the first line, outside quotes (`,` when there is no contest). */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch as Delimiter))
      counts.set(ch as Delimiter, counts.get(ch as Delimiter)! + 1);
  }
  let best: Delimiter = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** Detects the options of a file from its first bytes (up to 64 KB is plenty). */
export function detectOptions(head: Buffer): TableOptions {
  if (isZip(head)) return { format: 'xlsx', encoding: 'utf-8', delimiter: ',' };
  const encoding = detectEncoding(head);
  const text = new TextDecoder(encoding).decode(head, { stream: true });
  return { format: 'csv', encoding, delimiter: detectDelimiter(text.replace(/^\ufeff/, '')) };
}

/** Bytes in `encoding` → UTF-8 text chunks, split characters carried over between chunks. */
function decoder(encoding: Encoding) {
  const d = new TextDecoder(encoding);
  return new Transform({
    decodeStrings: true,
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      cb(null, d.decode(chunk, { stream: true }));
    },
    flush(cb) {
      cb(null, d.decode());
    },
  });
}

/** An Excel cell value as the text a person sees. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: string; result?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return String(o.text);
    if ('result' in o) return cellText(o.result);
    if (o.error) return '';
    return '';
  }
  return String(v);
}

/**
 * The rows of a table, each an array of cell strings (the header row included, as the first), without trailing
 * empty cells. Throws TableLimitError at a row past TABLE_LIMITS. An .xlsx must have passed `checkXlsx` first.
 */
export async function* readRows(stream: Readable, options: TableOptions): AsyncGenerator<string[]> {
  let row = 0;
  for await (const cells of rawRows(stream, options)) yield checkedRow(cells, ++row);
}

async function* rawRows(stream: Readable, options: TableOptions): AsyncGenerator<string[]> {
  if (options.format === 'xlsx') {
    const { default: ExcelJS } = await import('exceljs');
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const { values, number } = row as { values: unknown[]; number: number };
        // Empty cells at the end (formatted, say) are not columns; too many real ones are refused unread.
        let last = values.length - 1;
        while (last > 0 && cellText(values[last]) === '') last--;
        if (last > TABLE_LIMITS.columns)
          throw new TableLimitError('table_too_wide', {
            max: TABLE_LIMITS.columns,
            row: number,
            columns: last,
          });
        const cells: string[] = [];
        for (let i = 1; i <= last; i++) cells.push(cellText(values[i]).trim());
        yield cells;
      }
      return; // the first worksheet only
    }
    return;
  }
  const { parse } = await import('csv-parse');
  const parser = stream.pipe(decoder(options.encoding)).pipe(
    parse({
      delimiter: options.delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  stream.on('error', (err) => parser.destroy(err));
  for await (const record of parser) yield (record as string[]).map((c) => c.trim());
}

/** True for rows with nothing in them (spreadsheets often end with some). */
export const isBlankRow = (row: string[]) => row.every((c) => c === '');
