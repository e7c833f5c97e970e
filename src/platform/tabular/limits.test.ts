/**
 * What a table may hold: rows wider than 200 columns and cells longer than Excel's 32,767 characters are
 * refused, in CSV and .xlsx alike, and an .xlsx is checked before it is read — a small file that unpacks into a
 * huge cell (a zip bomb), sizes that lie, bytes hidden between the parts — while real workbooks pass.
 */
import { Readable } from 'node:stream';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readRows, TABLE_LIMITS, type TableOptions } from './read.js';
import { tableStream } from './write.js';
import { checkXlsx } from './xlsx-guard.js';

const CSV: TableOptions = { format: 'csv', encoding: 'utf-8', delimiter: ',' };
const XLSX: TableOptions = { format: 'xlsx', encoding: 'utf-8', delimiter: ',' };

async function rowsOf(data: Buffer, options: TableOptions) {
  const rows: string[][] = [];
  for await (const row of readRows(Readable.from([data]), options)) rows.push(row);
  return rows;
}

async function workbook(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('S');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Checks an in-memory .xlsx as the importer checks a stored one (through byte ranges). */
const check = (data: Buffer) =>
  checkXlsx(data.length, async (start, end) => Readable.from([data.subarray(start, end + 1)]));

interface Part {
  name: string;
  data: Buffer;
  /** The uncompressed size the zip claims (the real one unless a test lies). */
  claims?: number;
}

/** A zip of deflated parts with sizes in their headers; `gap` bytes are slipped in before the second part. */
function zipOf(parts: Part[], gap: Buffer = Buffer.alloc(0)): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  parts.forEach((p, i) => {
    if (i === 1 && gap.length) {
      locals.push(gap);
      offset += gap.length;
    }
    const name = Buffer.from(p.name);
    const packed = deflateRawSync(p.data);
    const size = p.claims ?? p.data.length;
    // Local and central headers share these fields (version, flags, deflate, time, date, CRC, sizes, name).
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at);
      header.writeUInt16LE(8, at + 4);
      header.writeUInt32LE(crc32(p.data) >>> 0, at + 10);
      header.writeUInt32LE(packed.length, at + 14);
      header.writeUInt32LE(size, at + 18);
      header.writeUInt16LE(name.length, at + 22);
      return header;
    };
    const local = fields(Buffer.alloc(30), 4);
    local.writeUInt32LE(0x04034b50, 0);
    const central = fields(Buffer.alloc(46), 6);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  });
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('table limits', () => {
  it('refuses a CSV row wider than 200 columns, ignoring empty cells at its end', async () => {
    const wide = `${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n`;
    await expect(rowsOf(Buffer.from(wide), CSV)).rejects.toMatchObject({
      code: 'table_too_wide',
      params: { max: TABLE_LIMITS.columns, row: 1, columns: 100_000 },
    });
    const trailing = `a,b${','.repeat(5000)}\n1,2\n`;
    expect(await rowsOf(Buffer.from(trailing), CSV)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses a cell longer than 32,767 characters, in CSV and .xlsx', async () => {
    const long = 'x'.repeat(TABLE_LIMITS.cellChars + 1);
    await expect(rowsOf(Buffer.from(`a,b\n1,${long}\n`), CSV)).rejects.toMatchObject({
      code: 'cell_too_long',
      params: { row: 2, column: 2 },
    });
    await expect(
      rowsOf(
        await workbook([
          ['a', 'b'],
          ['1', long],
        ]),
        XLSX,
      ),
    ).rejects.toMatchObject({
      code: 'cell_too_long',
      params: { row: 2, column: 2 },
    });
  });

  it('refuses a small .xlsx that unpacks into a huge cell, before reading it', async () => {
    const bomb = await workbook([['email'], ['x'.repeat(20 * 1024 * 1024)]]);
    expect(bomb.length).toBeLessThan(200_000);
    await expect(check(bomb)).rejects.toMatchObject({ code: 'xlsx_cell_too_long' });
  });

  it('refuses an .xlsx whose parts unpack past the limit or past the size they claim', async () => {
    const sheet = Buffer.from('<worksheet><sheetData/></worksheet>');
    await expect(
      check(
        zipOf([
          { name: 'xl/worksheets/sheet1.xml', data: sheet, claims: TABLE_LIMITS.xlsxUnpackedBytes + 1 },
        ]),
      ),
    ).rejects.toMatchObject({ code: 'xlsx_too_large' });
    await expect(
      check(zipOf([{ name: 'xl/worksheets/sheet1.xml', data: sheet, claims: 10 }])),
    ).rejects.toMatchObject({
      code: 'xlsx_malformed',
    });
  });

  it('refuses an .xlsx with bytes hidden between its parts', async () => {
    const parts = [
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    ];
    await expect(check(zipOf(parts))).resolves.toBeUndefined();
    const hidden = zipOf([{ name: 'xl/sharedStrings.xml', data: Buffer.from('<sst/>') }]).subarray(0, -22);
    await expect(check(zipOf(parts, hidden))).rejects.toMatchObject({ code: 'xlsx_malformed' });
  });

  it('passes real workbooks: exceljs’ and Sova’s own exports (sizes after the data)', async () => {
    await expect(
      check(
        await workbook([
          ['a', 'b'],
          ['Иван', 'x'.repeat(30_000)],
        ]),
      ),
    ).resolves.toBeUndefined();
    const chunks: Buffer[] = [];
    async function* rows() {
      for (let i = 0; i < 2000; i++) yield [`row ${i}`, i, 'a & b < c'];
    }
    for await (const c of tableStream('xlsx', 'S', ['a', 'b', 'c'], rows())) chunks.push(c as Buffer);
    await expect(check(Buffer.concat(chunks))).resolves.toBeUndefined();
  });
});
