/** Sending a streamed table (CSV / XLSX) as a download. */
import type { FastifyReply } from 'fastify';
import type { TableFormat } from '../tabular/read.js';
import { type Cell, CONTENT_TYPE, exportFileName, tableStream } from '../tabular/write.js';

export function sendTable(
  reply: FastifyReply,
  t: {
    format: TableFormat;
    name: string;
    /** The download's name without extension (default `name-yyyy-mm-dd`). */
    fileName?: string;
    header: string[];
    rows: AsyncIterable<Cell[]>;
    now: Date;
  },
) {
  return reply
    .type(CONTENT_TYPE[t.format])
    .header(
      'content-disposition',
      `attachment; filename="${t.fileName ? `${t.fileName}.${t.format}` : exportFileName(t.name, t.format, t.now)}"`,
    )
    .header('cache-control', 'no-store')
    .send(tableStream(t.format, t.name, t.header, t.rows));
}
