/**
 * The contract PDF of seed 002: an "IT Services Agreement" between the company (`COMPANY_NAME`) and the client,
 * in the reader's language — title, parties, sections 1–5, both parties' signature blocks, and on every page a
 * footer with the contract's number, version, generation time and "page N of M". The words are in
 * `contract-pdf.i18n.ts`; this file lays them out. The same input always gives the same bytes: the document's
 * dates and file ID come from the input, never from the clock.
 */
import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { getTranslate, type Locale, type Translate } from '../../platform/i18n/index.js';
import { createPdf, type PdfDoc } from '../../platform/pdf/pdf.js';
import { fullName } from '../contacts/internal.js';
import {
  CONTRACT_TEXT,
  type ContractFacts,
  type ContractSection,
  type ContractText,
} from './contract-pdf.i18n.js';

export interface ContractPdfInput {
  number: number | string;
  /** The contract's title as Sova lists it (`#12 I. Ivan - Website`), printed under the document's own title. */
  title: string;
  company: { name: string };
  client: {
    lastName: string;
    firstName: string;
    middleName: string | null;
    email: string;
    phone: string;
  };
  service: { title: string; description: string };
  amountCents: number;
  /** ISO 4217 code. */
  currency: string;
  /** Calendar days, `YYYY-MM-DD`. */
  signedOn: string;
  endsOn: string;
  locale: Locale;
  /** The zone the generation time is printed in. */
  timeZone: string;
  version: number;
  /** The instant this version was generated (ISO-8601): printed in the footer and written as the PDF's dates. */
  generatedAt: string;
}

const BODY = 10.5;
/** Room left of a clause for its number (`3.1`). */
const HANG = 26;
const MUTED = '#555';

/** The agreement as a PDF stream (already ended: pipe it to a reply or a file, or read it whole). */
export async function renderContractPdf(input: ContractPdfInput): Promise<PdfDoc> {
  const text = CONTRACT_TEXT[input.locale];
  const t = getTranslate(input.locale, input.timeZone, input.currency.toUpperCase());
  const facts = factsOf(input, t);
  const number = text.number(String(input.number));
  const doc = await openDocument(input, `${text.title} ${number}`);

  drawTitle(doc, text, number, input.title, facts.signedOn);
  paragraph(doc, text.preamble(facts));
  text.sections.forEach((section, i) => {
    drawSection(doc, section, i + 1, facts, input.service.description);
  });
  drawSignatures(doc, text, facts, input.client);
  const footer = [
    number,
    text.version(input.version),
    text.generated(`${t.dateTime(input.generatedAt)} (${input.timeZone})`),
  ];
  drawFooters(doc, text, footer.join(' · '));
  doc.end();
  return doc;
}

/** The agreement's bytes, for storage or a test. */
export async function contractPdfBuffer(input: ContractPdfInput): Promise<Buffer> {
  return buffer(await renderContractPdf(input));
}

/* ---------- facts ---------- */

const longDates = new Map<Locale, Intl.DateTimeFormat>();

/** A calendar day the way a contract writes it (`November 22, 2026`, `22 ноября 2026 г.`); anything else as it is. */
function longDate(day: string, locale: Locale): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  let f = longDates.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    longDates.set(locale, f);
  }
  const at = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return day;
  // French writes the first of a month as an ordinal (1er mars), which Intl leaves out.
  return f
    .formatToParts(at)
    .map((p) => (locale === 'fr' && p.type === 'day' && p.value === '1' ? '1er' : p.value))
    .join('');
}

function factsOf(input: ContractPdfInput, t: Translate): ContractFacts {
  const code = input.currency.toUpperCase();
  return {
    company: input.company.name,
    client: fullName({ ...input.client, middleName: input.client.middleName ?? '' }),
    service: input.service.title,
    amount: t.money(input.amountCents),
    currencyName: new Intl.DisplayNames(input.locale, { type: 'currency' }).of(code) ?? code,
    currencyCode: code,
    signedOn: longDate(input.signedOn, input.locale),
    endsOn: longDate(input.endsOn, input.locale),
  };
}

/* ---------- document ---------- */

async function openDocument(input: ContractPdfInput, title: string): Promise<PdfDoc> {
  const doc = await createPdf({ title, author: input.company.name });
  // The platform's document streams each page out as soon as the next begins; a contract keeps its pages until
  // the footers know how many there are. Set before a second page exists, so the first is kept too.
  doc.options.bufferPages = true;
  // pdfkit stamps the clock's time and a file ID made from it; one version of a contract must have one set of
  // bytes (a regenerated copy compares equal), so both come from the input.
  const at = new Date(input.generatedAt);
  doc.info.CreationDate = at;
  doc.info.ModDate = at;
  doc.info.Subject = input.title;
  (doc as unknown as { _id: Buffer })._id = createHash('md5').update(JSON.stringify(input)).digest();
  return doc;
}

const left = (doc: PdfDoc) => doc.page.margins.left;
const contentWidth = (doc: PdfDoc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: PdfDoc) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page unless `height` points still fit on this one (keeps a heading with its first lines). */
function ensureRoom(doc: PdfDoc, height: number) {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function paragraph(doc: PdfDoc, body: string, indent = 0) {
  doc
    .font('regular')
    .fontSize(BODY)
    .fillColor('#000')
    .text(body, left(doc) + indent, doc.y, { width: contentWidth(doc) - indent })
    .moveDown(0.5);
  doc.x = left(doc);
}

function drawTitle(doc: PdfDoc, text: ContractText, number: string, subtitle: string, signedOn: string) {
  const width = contentWidth(doc);
  doc.font('bold').fontSize(16).text(text.title, { width, align: 'center' });
  doc.font('regular').fontSize(12).text(number, { width, align: 'center' });
  doc.fontSize(9).fillColor(MUTED).text(subtitle, { width, align: 'center' });
  doc.moveDown(1).fillColor('#000').fontSize(BODY).text(text.signedOn(signedOn), { width, align: 'right' });
  doc.moveDown(1);
}

function heading(doc: PdfDoc, title: string) {
  doc.font('bold').fontSize(12);
  // A heading never ends a page: it keeps at least two lines of its section with it.
  ensureRoom(doc, doc.currentLineHeight(true) * 1.5 + 2 * BODY * 1.25);
  doc
    .moveDown(0.4)
    .text(title, left(doc), doc.y, { width: contentWidth(doc) })
    .moveDown(0.3);
}

/** A numbered clause: its number in the margin, its text beside it (continuing on the next page). */
function clause(doc: PdfDoc, label: string, body: string) {
  doc.font('regular').fontSize(BODY).fillColor('#000');
  ensureRoom(doc, doc.currentLineHeight(true));
  const y = doc.y;
  doc.text(label, left(doc), y, { lineBreak: false });
  doc.text(body, left(doc) + HANG, y, { width: contentWidth(doc) - HANG }).moveDown(0.4);
  doc.x = left(doc);
}

function drawSection(
  doc: PdfDoc,
  section: ContractSection,
  n: number,
  facts: ContractFacts,
  description: string,
) {
  heading(doc, section.heading);
  const scope = description
    .split(/\n\s*\n|\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  let k = 0;
  for (const item of section.clauses(facts)) {
    if (typeof item === 'string') {
      clause(doc, `${n}.${++k}`, item);
    } else if (scope.length > 0) {
      clause(doc, `${n}.${++k}`, item.scope);
      for (const p of scope) {
        doc.font('regular').fontSize(BODY);
        ensureRoom(doc, doc.currentLineHeight(true));
        paragraph(doc, p, HANG * 2);
      }
    }
  }
}

/* ---------- signatures ---------- */

type Line = { text: string; bold?: boolean };

function linesHeight(doc: PdfDoc, lines: Line[], width: number): number {
  return lines.reduce(
    (sum, l) => sum + doc.font(l.bold ? 'bold' : 'regular').heightOfString(l.text || ' ', { width }),
    0,
  );
}

function drawLines(doc: PdfDoc, lines: Line[], x: number, y: number, width: number): number {
  doc.y = y;
  for (const l of lines) doc.font(l.bold ? 'bold' : 'regular').text(l.text || ' ', x, doc.y, { width });
  return doc.y;
}

function drawSignatures(
  doc: PdfDoc,
  text: ContractText,
  facts: ContractFacts,
  client: ContractPdfInput['client'],
) {
  const gap = 24;
  const width = (contentWidth(doc) - gap) / 2;
  const columns: Line[][] = [
    [{ text: text.contractor, bold: true }, { text: facts.company }],
    [
      { text: text.client, bold: true },
      { text: facts.client },
      ...(client.email ? [{ text: `${text.email}: ${client.email}` }] : []),
      ...(client.phone ? [{ text: `${text.phone}: ${client.phone}` }] : []),
    ],
  ];
  const signing: Line[] = [
    { text: '' },
    { text: `${text.signature}: ______________________` },
    { text: `${text.date}: ${facts.signedOn}` },
  ];
  doc.fontSize(BODY);
  // The whole block (heading, closing sentence, both parties) stays on one page.
  const tallest = Math.max(...columns.map((c) => linesHeight(doc, [...c, ...signing], width)));
  const intro = doc.font('regular').heightOfString(text.copies, { width: contentWidth(doc) });
  ensureRoom(doc, 40 + intro + tallest);
  heading(doc, text.signatures);
  paragraph(doc, text.copies);
  doc.moveDown(0.5);
  const top = doc.y;
  const xs = [left(doc), left(doc) + width + gap];
  const below = Math.max(...columns.map((c, i) => drawLines(doc, c, xs[i] ?? 0, top, width)));
  const end = Math.max(...xs.map((x) => drawLines(doc, signing, x, below, width)));
  doc.x = left(doc);
  doc.y = end;
}

/* ---------- footers ---------- */

/** Every page's footer: a rule, the contract's line on the left, "page N of M" on the right. */
function drawFooters(doc: PdfDoc, text: ContractText, line: string) {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - margin + 14;
    const x = left(doc);
    const right = doc.page.width - doc.page.margins.right;
    doc
      .moveTo(x, y - 6)
      .lineTo(right, y - 6)
      .lineWidth(0.5)
      .strokeColor('#999')
      .stroke();
    const page = text.page(i - start + 1, count);
    doc.font('regular').fontSize(8).fillColor(MUTED);
    const pageWidth = doc.widthOfString(page);
    // One line: cut short with an ellipsis rather than run under the page number.
    doc.text(line, x, y, { width: right - x - pageWidth - 12, height: 10, ellipsis: true });
    doc.text(page, right - pageWidth, y, { lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.fillColor('#000');
}
