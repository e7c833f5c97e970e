import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { spreadsheetMoneyFormat } from '../money.js';
import { readRows } from './read.js';
import { type Cell, type Column, tableStream, unneutralise, workbookStream } from './write.js';
import { columnName, sheetTitle } from './xlsx.js';

async function* rowsOf(rows: Cell[][]) {
  for (const row of rows) yield row;
}

const bytes = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

const tricky: Cell[][] = [
  ['Иван Петров', 1500.5, '=HYPERLINK("http://x")', null],
  ['  spaces kept  ', 0, 'a & b < c > "d"', 'line\nbreak'],
  ['control\u0001char', -3, '+7 900 123', '@sum'],
];

describe('xlsx writer', () => {
  it('writes a workbook that exceljs and unzip read back: values, text never a formula, bold frozen header', async () => {
    const data = await bytes(
      tableStream('xlsx', 'Calls: [export]/2026', ['Name', 'Amount', 'Note', 'Extra'], rowsOf(tricky)),
    );
    const dir = mkdtempSync(join(tmpdir(), 'sova-xlsx-'));
    try {
      const file = join(dir, 't.xlsx');
      writeFileSync(file, data);
      // The zip is valid: every CRC and size in the data descriptors matches (unzip -t checks them).
      expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Calls   export  2026');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getRow(2).getCell(1).font?.bold).toBeFalsy();
    const values = [2, 3, 4].map((r) => [1, 2, 3, 4].map((c) => ws.getRow(r).getCell(c).value));
    // A string cell is text whatever it starts with: no apostrophe is written into it.
    expect(values).toEqual([
      ['Иван Петров', 1500.5, '=HYPERLINK("http://x")', null],
      ['  spaces kept  ', 0, 'a & b < c > "d"', 'line\nbreak'],
      ['controlchar', -3, '+7 900 123', '@sum'],
    ]);
    expect(ws.getRow(2).getCell(3).type).toBe(ExcelJS.ValueType.String);
    // Fitted to the longest text of the column (15 characters) and its header, plus a margin.
    expect(ws.getColumn(1).width).toBe(17);
  });

  it('streams many rows through the same reader Sova imports with', async () => {
    const many = Array.from({ length: 5000 }, (_, i): Cell[] => [
      `Компания ${i}`,
      i,
      i % 7 === 0 ? '' : `x${i}`,
    ]);
    const data = await bytes(tableStream('xlsx', 'Big', ['A', 'B', 'C'], rowsOf(many)));
    const read: string[][] = [];
    for await (const row of readRows(Readable.from(data), {
      format: 'xlsx',
      encoding: 'utf-8',
      delimiter: ',',
    })) {
      read.push(row);
    }
    expect(read).toHaveLength(5001);
    expect(read[0]).toEqual(['A', 'B', 'C']);
    expect(read[4001]?.slice(0, 2)).toEqual(['Компания 4000', '4000']);
    expect(read[7 + 1]?.[2] ?? '').toBe('');
  });

  it('stops reading rows when the reader goes away', async () => {
    let pulled = 0;
    let closed = false;
    async function* endless() {
      try {
        for (;;) {
          pulled++;
          yield [`row ${pulled}`, 'x'.repeat(200)];
        }
      } finally {
        closed = true;
      }
    }
    const stream = tableStream('xlsx', 'S', ['a', 'b'], endless());
    let got = 0;
    for await (const chunk of stream) {
      got += (chunk as Buffer).length;
      if (got > 200_000) break;
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(100_000);
  });

  it('writes times as date cells of the reader’s clock, money as numbers in the currency’s format, one sheet per table', async () => {
    const columns: Column[] = [
      { title: 'When', kind: 'datetime' },
      { title: 'Day', kind: 'date' },
      { title: 'Amount', kind: 'money' },
      { title: 'Phone' },
    ];
    const rows: Cell[][] = [
      ['2026-03-10T15:08:00.000Z', '2026-12-01', 150050, '+79001112244'],
      [null, 'not a day', -5, ''],
    ];
    const reader = { timeZone: 'Asia/Vladivostok', moneyFormat: spreadsheetMoneyFormat('RUB', 'ru') };
    const data = await bytes(
      workbookStream(
        'xlsx',
        [
          { name: 'Calls', columns, rows: rowsOf(rows) },
          { name: 'Days', columns: [{ title: 'Day', kind: 'date' }], rows: rowsOf([['2026-12-02']]) },
        ],
        reader,
      ),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Calls', 'Days']);
    const ws = wb.worksheets[0]!;
    const [when, day, amount, phone] = [1, 2, 3, 4].map((c) => ws.getRow(2).getCell(c));
    // Excel keeps wall-clock times: 15:08 UTC is 01:08 the next day in Vladivostok.
    expect(when!.value).toEqual(new Date('2026-03-11T01:08:00.000Z'));
    expect(when!.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(day!.value).toEqual(new Date('2026-12-01T00:00:00.000Z'));
    expect(day!.numFmt).toBe('yyyy-mm-dd');
    expect(amount!.value).toBe(1500.5);
    expect(amount!.type).toBe(ExcelJS.ValueType.Number);
    expect(amount!.numFmt).toBe('#,##0.00" ₽"');
    expect(phone!.value).toBe('+79001112244');
    expect(ws.getRow(3).getCell(2).value).toBe('not a day');
    expect(ws.getRow(3).getCell(3).value).toBe(-0.05);
    expect(ws.getColumn(1).width).toBe(18);
    expect(wb.worksheets[1]!.getRow(2).getCell(1).value).toEqual(new Date('2026-12-02T00:00:00.000Z'));

    const csv = (await bytes(workbookStream('csv', [{ name: 'x', columns, rows: rowsOf(rows) }], reader)))
      .toString('utf8')
      .split('\r\n');
    expect(csv.slice(0, 3)).toEqual([
      '\ufeffWhen,Day,Amount,Phone',
      "2026-03-11 01:08,2026-12-01,1500.50,'+79001112244",
      ',not a day,-0.05,',
    ]);
    expect(spreadsheetMoneyFormat('EUR', 'en')).toBe('"€"#,##0.00');
  });

  it('names columns and sheets as Excel wants', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(sheetTitle('x'.repeat(40))).toHaveLength(31);
    expect(sheetTitle('[]')).toBe('Sheet1');
  });
});

describe('csv writer', () => {
  it('writes a BOM, CRLF, quotes only where needed and neutralises formulas', async () => {
    const csv = (
      await bytes(tableStream('csv', 'x', ['Name', 'Amount', 'Note', 'Extra'], rowsOf(tricky)))
    ).toString('utf8');
    expect(csv.split('\r\n')).toEqual([
      '\ufeffName,Amount,Note,Extra',
      `Иван Петров,1500.5,"'=HYPERLINK(""http://x"")",`,
      '  spaces kept  ,0,"a & b < c > ""d""","line\nbreak"',
      "control\u0001char,-3,'+7 900 123,'@sum",
      '',
    ]);
  });

  it('leaves no formula for a spreadsheet that splits the line on ; , or tab, and re-imports the same values', async () => {
    const cells = [
      "Dde;=cmd|' /C calc'!A0",
      'a,+1',
      'x\t-2',
      'note; @SUM(A1)',
      'ok;"=1+1"',
      'Paris; -20 %',
      '=SUM(A1);=A2',
      'plain; text, and\tthat',
    ];
    const csv = (await bytes(tableStream('csv', 'x', ['Cell'], rowsOf(cells.map((c) => [c]))))).toString(
      'utf8',
    );
    const lines = csv.slice(1).split('\r\n').slice(1, -1);
    expect(lines).toHaveLength(cells.length);
    // A spreadsheet with another separator than ours starts a cell after every one of its separators, quoted or
    // not: no such piece may begin (past spaces and quotes) with a formula character.
    for (const separator of [',', ';', '\t'])
      for (const line of lines)
        for (const piece of line.split(separator))
          expect(piece.replace(/^[\s"]*/, ''), `${JSON.stringify(separator)} in ${line}`).not.toMatch(
            /^[=+\-@]/,
          );
    const back: string[] = [];
    for await (const row of readRows(Readable.from(Buffer.from(csv)), {
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ',',
    }))
      back.push(unneutralise(row[0] ?? ''));
    expect(back.slice(1)).toEqual(cells);
  });
});
