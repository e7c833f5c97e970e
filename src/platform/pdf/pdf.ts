/**
 * PDF documents (reports now, contracts later): pdfkit with the DejaVu fonts, so Cyrillic and French text render
 * with real glyphs. pdfkit is loaded on first use; a document streams out as it is drawn.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type PdfDoc = PDFKit.PDFDocument;

const FONT_DIR = dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json'));
export const FONTS = {
  regular: join(FONT_DIR, 'ttf', 'DejaVuSans.ttf'),
  bold: join(FONT_DIR, 'ttf', 'DejaVuSans-Bold.ttf'),
  mono: join(FONT_DIR, 'ttf', 'DejaVuSansMono.ttf'),
} as const;

/** An A4 document with the fonts registered as `regular`, `bold` and `mono`; the caller draws and calls `end()`. */
export async function createPdf(info: { title: string; author?: string }): Promise<PdfDoc> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: info.title, Author: info.author ?? 'Sova', Creator: 'Sova CRM' },
  });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, file);
  doc.font('regular');
  return doc;
}

/** Draws a two-column key/value table at the current position. */
export function keyValueTable(doc: PdfDoc, rows: [string, string][], opts: { labelWidth?: number } = {}) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const labelWidth = opts.labelWidth ?? width * 0.6;
  let y = doc.y;
  rows.forEach(([label, value], i) => {
    if (i % 2 === 0) doc.rect(left, y - 3, width, 20).fill('#f2f4f7');
    doc
      .fillColor('#333')
      .font('regular')
      .fontSize(11)
      .text(label, left + 6, y, { width: labelWidth - 6 });
    doc
      .fillColor('#000')
      .font('bold')
      .text(value, left + labelWidth, y, { width: width - labelWidth - 6, align: 'right' });
    y += 20;
  });
  doc.font('regular').fillColor('#000');
  doc.x = left;
  doc.y = y + 8;
}

/** Bars (one per point, left axis) with a line over them (right axis) — the daily chart of report pages. */
export function barLineChart(
  doc: PdfDoc,
  points: { label: string; bar: number; line: number }[],
  opts: {
    height?: number;
    barLabel: string;
    lineLabel: string;
    /** The scales' top values (the bars' on the left, the line's on the right), written short. */
    formatBar?: (n: number) => string;
    formatLine: (n: number) => string;
  },
) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const height = opts.height ?? 180;
  const top = doc.y + 10;
  const pad = { l: 40, r: 60, b: 18 };
  const innerW = width - pad.l - pad.r;
  const innerH = height - pad.b;
  const maxBar = Math.max(1, ...points.map((p) => p.bar));
  const maxLine = Math.max(1, ...points.map((p) => p.line));
  const step = innerW / Math.max(1, points.length);
  const barW = Math.max(0.5, step * 0.7);
  const x0 = left + pad.l;
  const base = top + innerH;
  doc.fontSize(8).fillColor('#666');
  doc.text((opts.formatBar ?? String)(maxBar), left, top - 4, { width: pad.l - 4, align: 'right' });
  doc.text(opts.formatLine(maxLine), x0 + innerW + 4, top - 4, { width: pad.r - 4 });
  doc
    .moveTo(x0, base)
    .lineTo(x0 + innerW, base)
    .lineWidth(0.5)
    .strokeColor('#999')
    .stroke();
  points.forEach((p, i) => {
    const h = (p.bar / maxBar) * innerH;
    if (h > 0) doc.rect(x0 + i * step + (step - barW) / 2, base - h, barW, h).fill('#4f6bed');
  });
  if (points.length > 1) {
    points.forEach((p, i) => {
      const x = x0 + i * step + step / 2;
      const y = base - (p.line / maxLine) * innerH;
      if (i === 0) doc.moveTo(x, y);
      else doc.lineTo(x, y);
    });
    doc.lineWidth(1.5).strokeColor('#e0457b').stroke();
  }
  const every = Math.ceil(points.length / 8);
  doc.fontSize(7).fillColor('#666');
  points.forEach((p, i) => {
    if (i % every === 0)
      doc.text(p.label, x0 + i * step - 10, base + 4, { width: step + 20, align: 'center' });
  });
  const legendY = top + height + 6;
  doc.rect(x0, legendY + 2, 8, 8).fill('#4f6bed');
  doc
    .fillColor('#333')
    .fontSize(9)
    .text(opts.barLabel, x0 + 12, legendY, { lineBreak: false });
  doc.rect(x0 + 180, legendY + 5, 12, 2).fill('#e0457b');
  doc.fillColor('#333').text(opts.lineLabel, x0 + 196, legendY, { lineBreak: false });
  doc.fillColor('#000');
  doc.x = left;
  doc.y = legendY + 24;
}
