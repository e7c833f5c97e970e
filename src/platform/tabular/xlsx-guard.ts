/**
 * Checks an .xlsx before exceljs reads it, so that a small file cannot unpack into gigabytes (a zip bomb): a
 * 307 KB workbook holding one 300 MB cell took the import preview to 1.7 GB of memory. exceljs inflates parts
 * as they stream past and keeps every shared string, and an XML parser keeps a whole text node, so the check
 * comes first and looks at what the parts really inflate to, not only at the sizes the zip declares:
 * - the zip's directory is read from its end; its declared sizes must stay under the limit;
 * - the parts must follow each other with nothing hidden between them (a streaming reader such as exceljs'
 *   walks the local headers, and must meet exactly the parts checked here);
 * - each part is inflated (in slices, nothing kept) and counted against its declared size and the limit, and
 *   in XML parts the longest run without `<` — the bound of any text, hence of any cell — is measured.
 */
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { TABLE_LIMITS, TableLimitError } from './read.js';

/** Opens the bytes `start`..`end` (inclusive) of the file. */
export type ReadRange = (start: number, end: number) => Promise<Readable>;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const MAX_ENTRIES = 10_000;
/** A cell of `cellChars` characters as XML bytes, at worst (`&amp;` for each). */
const MAX_TEXT_RUN = TABLE_LIMITS.cellChars * 5 + 1024;

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

const malformed = (why: string) => new TableLimitError('xlsx_malformed', { reason: why });
const tooLarge = () =>
  new TableLimitError('xlsx_too_large', { max_mb: Math.round(TABLE_LIMITS.xlsxUnpackedBytes / 1024 / 1024) });

async function bytesOf(read: ReadRange, start: number, end: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await read(start, end)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The entries listed in the zip's central directory, and where that directory starts. */
async function directory(size: number, read: ReadRange): Promise<{ entries: Entry[]; start: number }> {
  const tailStart = Math.max(0, size - 22 - 0xffff);
  const tail = await bytesOf(read, tailStart, size - 1);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw malformed('no zip directory');
  const count = tail.readUInt16LE(at + 10);
  const length = tail.readUInt32LE(at + 12);
  const start = tail.readUInt32LE(at + 16);
  // ZIP64 (parts over 4 GB, or more than 65,535 of them) is never a spreadsheet worth importing.
  if (count === 0xffff || length === 0xffffffff || start === 0xffffffff) throw tooLarge();
  if (count > MAX_ENTRIES) throw malformed('too many parts');
  if (start + length !== tailStart + at) throw malformed('zip directory out of place');
  const cd = await bytesOf(read, start, start + length - 1);
  const entries: Entry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw malformed('broken zip directory');
    const nameLength = cd.readUInt16LE(p + 28);
    entries.push({
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      compressed: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      offset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
  }
  return { entries, start };
}

/** Inflates one part, counting its bytes and (XML) its longest run without `<`; returns the bytes. */
async function inflated(stream: Readable, entry: Entry, budget: number): Promise<number> {
  const xml = /\.(xml|rels)$/i.test(entry.name);
  const out = entry.method === 8 ? stream.pipe(createInflateRaw()) : stream;
  stream.on('error', (err) => out.destroy(err));
  let total = 0;
  let run = 0;
  try {
    for await (const chunk of out as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > budget) throw tooLarge();
      if (total > entry.size) throw malformed(`${entry.name} is larger than it says`);
      if (!xml) continue;
      let from = 0;
      for (let lt = chunk.indexOf(0x3c); lt !== -1; lt = chunk.indexOf(0x3c, from)) {
        if (run + (lt - from) > MAX_TEXT_RUN) break;
        run = 0;
        from = lt + 1;
      }
      run += chunk.length - from;
      if (run > MAX_TEXT_RUN)
        throw new TableLimitError('xlsx_cell_too_long', { max: TABLE_LIMITS.cellChars });
    }
  } finally {
    out.destroy();
    stream.destroy();
  }
  return total;
}

/**
 * Throws TableLimitError when the .xlsx of `size` bytes would unpack past the limit, holds a text longer than
 * a cell may be, or is not a plain zip whose parts follow each other.
 */
export async function checkXlsx(size: number, read: ReadRange): Promise<void> {
  const { entries, start } = await directory(size, read);
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > TABLE_LIMITS.xlsxUnpackedBytes) throw tooLarge();
  const ordered = [...entries].sort((a, b) => a.offset - b.offset);
  let expected = 0;
  let budget = TABLE_LIMITS.xlsxUnpackedBytes;
  for (const entry of ordered) {
    if (entry.offset !== expected) throw malformed('bytes between the parts');
    if (entry.method !== 0 && entry.method !== 8)
      throw malformed(`${entry.name}: compression ${entry.method}`);
    const local = await bytesOf(read, entry.offset, Math.min(size, entry.offset + 30) - 1);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw malformed('broken part header');
    const dataStart = entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    let end = dataStart + entry.compressed;
    if (end > start) throw malformed('a part runs into the zip directory');
    if (entry.compressed > 0) {
      budget -= await inflated(await read(dataStart, end - 1), entry, budget);
    } else if (entry.size > 0) {
      throw malformed(`${entry.name} has no data`);
    }
    if (entry.flags & 0x08) {
      // Sizes follow the data in a descriptor, with or without its signature.
      const head = end + 4 <= start ? await bytesOf(read, end, end + 3) : Buffer.alloc(0);
      end += head.length === 4 && head.readUInt32LE(0) === DESCRIPTOR ? 16 : 12;
    }
    expected = end;
  }
  if (expected !== start) throw malformed('bytes between the parts and the zip directory');
}
