/**
 * A streaming .xlsx writer: one worksheet of inline strings and numbers, a bold frozen header row and column
 * widths, zipped on the fly (deflate, sizes in data descriptors, CRC computed while streaming). Memory stays flat
 * whatever the row count: rows are turned into XML in ~64 KB slices and compressed as the reader pulls.
 *
 * Why not exceljs' stream writer: it builds an object model per cell and row (100,000 × 17 cells took 7.4 s and
 * +145 MB); this writes the same file in well under a second of CPU. exceljs stays the reader.
 */
import { pipeline, Readable } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

export type XlsxCell = string | number | null | undefined;

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Excel refuses longer cell texts. */
const MAX_CELL_CHARS = 32_767;
/** Text is turned into bytes and handed on in slices of about this many characters. */
export const SLICE_CHARS = 64 * 1024;

// Characters XML 1.0 cannot hold (control characters other than tab, LF, CR) and the markup ones.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML cannot hold
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML cannot hold
const ESCAPES = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const escapeChar = (c: string) =>
  c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '';

export const xmlText = (s: string) => (NEEDS_ESCAPE.test(s) ? s.replace(ESCAPES, escapeChar) : s);

/** `A`, `B`, … `Z`, `AA`, …: the column letters of a 0-based index. */
export function columnName(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    name = String.fromCharCode(65 + rem) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

/** A valid worksheet name: at most 31 characters, none of `[]:*?/\`. */
export const sheetTitle = (name: string) =>
  name
    .replace(/[[\]:*?/\\]/g, ' ')
    .slice(0, 31)
    .trim() || 'Sheet1';

function cellXml(ref: string, value: XlsxCell, style: string): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return `<c r="${ref}"${style}><v>${value}</v></c>`;
    value = String(value);
  }
  const text = value.length > MAX_CELL_CHARS ? value.slice(0, MAX_CELL_CHARS) : value;
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`;
}

async function* sheetXml(
  header: string[],
  widths: number[],
  rows: AsyncIterable<XlsxCell[]>,
): AsyncGenerator<Buffer> {
  const letters = header.map((_, i) => columnName(i));
  const cols = widths
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  let out =
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}"><sheetViews><sheetView workbookViewId="0">` +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `${cols ? `<cols>${cols}</cols>` : ''}<sheetData><row r="1">`;
  for (let i = 0; i < header.length; i++) out += cellXml(`${letters[i]}1`, header[i], ' s="1"');
  out += '</row>';
  let r = 1;
  for await (const row of rows) {
    r++;
    out += `<row r="${r}">`;
    for (let i = 0; i < row.length; i++) {
      out += cellXml((letters[i] ?? columnName(i)) + r, row[i], '');
    }
    out += '</row>';
    if (out.length >= SLICE_CHARS) {
      yield Buffer.from(out, 'utf8');
      out = '';
    }
  }
  yield Buffer.from(`${out}</sheetData></worksheet>`, 'utf8');
}

const STATIC_PARTS = (sheetName: string): [string, string][] => [
  [
    '[Content_Types].xml',
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '</Types>',
  ],
  [
    '_rels/.rels',
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ],
  [
    'xl/workbook.xml',
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>` +
      `<sheet name="${xmlText(sheetTitle(sheetName))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  ],
  [
    'xl/_rels/workbook.xml.rels',
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
      `<Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`,
  ],
  [
    'xl/styles.xml',
    `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
      '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
  ],
];

interface ZipEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** MS-DOS time and date of `now` (zip's modification time fields). */
function dosDateTime(now: Date): [number, number] {
  const time = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
  const date =
    ((Math.max(now.getFullYear(), 1980) - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  return [time, date];
}

const FLAGS = 0x0008 | 0x0800; // sizes in a data descriptor; UTF-8 names

/**
 * The fields local and central headers share (version needed, flags, deflate, time, date, CRC, sizes, name
 * length); a local header carries zeros for CRC and sizes, which follow the data in its descriptor.
 */
function writeEntryFields(
  buf: Buffer,
  at: number,
  e: Pick<ZipEntry, 'name' | 'crc' | 'compressed' | 'size'>,
  time: number,
  date: number,
) {
  buf.writeUInt16LE(20, at);
  buf.writeUInt16LE(FLAGS, at + 2);
  buf.writeUInt16LE(8, at + 4);
  buf.writeUInt16LE(time, at + 6);
  buf.writeUInt16LE(date, at + 8);
  buf.writeUInt32LE(e.crc >>> 0, at + 10);
  buf.writeUInt32LE(e.compressed, at + 14);
  buf.writeUInt32LE(e.size, at + 18);
  buf.writeUInt16LE(e.name.length, at + 22);
}

/** Deflates `source`, yielding compressed chunks; `meter` sees every uncompressed chunk (CRC, size). */
async function* deflated(
  source: AsyncIterable<Buffer>,
  meter: (chunk: Buffer) => void,
): AsyncGenerator<Buffer> {
  const z = createDeflateRaw({ level: 6 });
  const metered = async function* () {
    for await (const chunk of source) {
      meter(chunk);
      yield chunk;
    }
  };
  // pipeline ends the source (and so the database reads) when the reader stops or anything fails.
  pipeline(Readable.from(metered()), z, () => {});
  for await (const chunk of z) yield chunk as Buffer;
}

async function* zipped(
  files: AsyncIterable<[string, AsyncIterable<Buffer>]>,
  now: Date,
): AsyncGenerator<Buffer> {
  const [time, date] = dosDateTime(now);
  const entries: ZipEntry[] = [];
  let offset = 0;
  for await (const [fileName, content] of files) {
    const name = Buffer.from(fileName, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, { name, crc: 0, compressed: 0, size: 0 }, time, date);
    const entry: ZipEntry = { name, crc: 0, compressed: 0, size: 0, offset };
    yield local;
    yield name;
    offset += local.length + name.length;
    for await (const chunk of deflated(content, (c) => {
      entry.crc = crc32(c, entry.crc);
      entry.size += c.length;
    })) {
      entry.compressed += chunk.length;
      yield chunk;
    }
    if (entry.size > 0xffffffff || entry.compressed > 0xffffffff) throw new Error('xlsx part over 4 GB');
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc >>> 0, 4);
    descriptor.writeUInt32LE(entry.compressed, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    yield descriptor;
    offset += entry.compressed + descriptor.length;
    entries.push(entry);
  }
  const start = offset;
  for (const e of entries) {
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: zip 2.0
    writeEntryFields(central, 6, e, time, date);
    central.writeUInt32LE(e.offset, 42);
    yield central;
    yield e.name;
    offset += central.length + e.name.length;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(offset - start, 12);
  end.writeUInt32LE(start, 16);
  yield end;
}

async function* once(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text, 'utf8');
}

/**
 * The bytes of an .xlsx with `header` (bold, frozen) then `rows`, pulled as the returned readable is read.
 * Column widths follow the header texts (10–40 characters).
 */
export function xlsxStream(
  sheetName: string,
  header: string[],
  rows: AsyncIterable<XlsxCell[]>,
  now = new Date(),
): Readable {
  const widths = header.map((h) => Math.max(10, Math.min(40, h.length + 4)));
  async function* files(): AsyncGenerator<[string, AsyncIterable<Buffer>]> {
    for (const [name, text] of STATIC_PARTS(sheetName)) yield [name, once(text)];
    yield ['xl/worksheets/sheet1.xml', sheetXml(header, widths, rows)];
  }
  return Readable.from(zipped(files(), now), { objectMode: false });
}
