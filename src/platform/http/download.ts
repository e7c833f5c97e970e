/** Sending a streamed table (CSV / XLSX) as a download, written for its reader (their zone and language). */
import type { FastifyReply } from 'fastify';
import type { Translate } from '../i18n/index.js';
import { spreadsheetMoneyFormat } from '../money.js';
import type { TableFormat } from '../tabular/read.js';
import {
  type Cell,
  CONTENT_TYPE,
  type Column,
  exportFileName,
  type TableReader,
  type TableSheet,
  workbookStream,
} from '../tabular/write.js';

/** What every export's API documentation says of its file. */
export const EXPORT_DESCRIPTION =
  'Headers, statuses and names in the caller’s language; dates and times in their time zone (real date cells ' +
  'in Excel, `YYYY-MM-DD HH:MM` in CSV); money as numbers (the currency’s number format in Excel, plain ' +
  'decimals in CSV). In CSV, text starting with = + - @ is prefixed with an apostrophe so spreadsheets never ' +
  'run it.';

/** Whose file it is: times in the reader's zone, money in `currency` as their language writes it. */
export const tableReaderOf = (t: Translate, currency: string): TableReader => ({
  timeZone: t.timeZone,
  moneyFormat: spreadsheetMoneyFormat(currency, t.locale),
});

/** A `content-disposition` naming the download (ASCII names as they are, others RFC 5987-encoded too). */
export const attachment = (fileName: string) =>
  /^[\x20-\x7e]+$/.test(fileName) && !/["\\]/.test(fileName)
    ? `attachment; filename="${fileName}"`
    : `attachment; filename="download"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export function sendTable(
  reply: FastifyReply,
  t: {
    format: TableFormat;
    name: string;
    /** The download's name without extension (default `name-yyyy-mm-dd`, the reader's today). */
    fileName?: string;
    columns: (Column | string)[];
    rows: AsyncIterable<Cell[]>;
    now: Date;
    reader: TableReader;
  },
) {
  return sendWorkbook(reply, {
    format: t.format,
    fileName: t.fileName
      ? `${t.fileName}.${t.format}`
      : exportFileName(t.name, t.format, t.now, t.reader.timeZone),
    sheets: [{ name: t.name, columns: t.columns, rows: t.rows }],
    reader: t.reader,
  });
}

/** Sends sheets as one .xlsx (a CSV holds the first only) named `fileName`. */
export function sendWorkbook(
  reply: FastifyReply,
  w: { format: TableFormat; fileName: string; sheets: TableSheet[]; reader: TableReader },
) {
  return reply
    .type(CONTENT_TYPE[w.format])
    .header('content-disposition', attachment(w.fileName))
    .header('cache-control', 'no-store')
    .send(workbookStream(w.format, w.sheets, w.reader));
}
