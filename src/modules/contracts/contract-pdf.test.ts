/**
 * The contract PDF read back as a person's PDF reader would (poppler's pdftotext): the facts in each language,
 * every section, "page N of M" on every page, long descriptions flowing onto further pages inside the margins,
 * and the same bytes for the same input.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Locale } from '../../platform/i18n/index.js';
import { REQUIRE_ALL } from '../../test/env.js';
import { type ContractPdfInput, contractPdfBuffer } from './contract-pdf.js';

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'sova-contract-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** The text of a PDF (or of one page), every run of spaces (no-break ones included) written as one space. */
function readPdf(pdf: Buffer, page?: number): string {
  const file = join(dir, `${++files}.pdf`);
  writeFileSync(file, pdf);
  const pages = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', [...pages, file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

/** Every word's box, page by page (pdftotext -bbox: points from the top-left corner). */
function wordsByPage(pdf: Buffer): { width: number; height: number; words: Word[] }[] {
  const file = join(dir, `${++files}.pdf`);
  writeFileSync(file, pdf);
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return html
    .split('<page ')
    .slice(1)
    .map((chunk) => {
      const size = /width="([\d.]+)" height="([\d.]+)"/.exec(chunk);
      const words = [
        ...chunk.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g),
      ].map((m) => ({
        x0: Number(m[1]),
        y0: Number(m[2]),
        x1: Number(m[3]),
        y1: Number(m[4]),
        text: m[5] ?? '',
      }));
      return { width: Number(size?.[1]), height: Number(size?.[2]), words };
    });
}

const pageCount = (pdf: Buffer) => wordsByPage(pdf).length;

const BASE: Omit<ContractPdfInput, 'locale'> = {
  number: 12,
  title: '#12 И. Иван - Разработка сайта',
  company: { name: 'ООО «Сова Софт»' },
  client: {
    lastName: 'Иванов',
    firstName: 'Иван',
    middleName: 'Иванович',
    email: 'ivan@example.ru',
    phone: '+79991234567',
  },
  service: {
    title: 'Разработка сайта',
    description: 'Проектирование, вёрстка и запуск корпоративного сайта.\nПоддержка в течение месяца.',
  },
  amountCents: 15_000_050,
  currency: 'RUB',
  signedOn: '2026-03-01',
  endsOn: '2026-11-22',
  timeZone: 'Europe/Moscow',
  version: 3,
  generatedAt: '2026-03-01T07:15:00.000Z',
};

/** What each language must print, written out by hand (not taken from the code under test). */
const EXPECTED: Record<
  Locale,
  {
    title: string;
    amount: string;
    signedOn: string;
    endsOn: string;
    headings: string[];
    footer: string;
    page: (n: number, of: number) => string;
  }
> = {
  en: {
    title: 'IT Services Agreement',
    amount: '₽150,000.50',
    signedOn: 'March 1, 2026',
    endsOn: 'November 22, 2026',
    headings: [
      '1. Subject of the Agreement',
      '2. Term of the Agreement',
      '3. Payment',
      '4. Confidentiality',
      '5. Liability',
      'Signatures of the Parties',
    ],
    footer: 'No. 12 · Version 3 · Generated Mar 1, 2026, 10:15 AM (Europe/Moscow)',
    page: (n, of) => `Page ${n} of ${of}`,
  },
  ru: {
    title: 'Договор на оказание IT-услуг',
    amount: '150 000,50 ₽',
    signedOn: '1 марта 2026 г.',
    endsOn: '22 ноября 2026 г.',
    headings: [
      '1. Предмет договора',
      '2. Срок действия договора',
      '3. Стоимость и порядок оплаты',
      '4. Конфиденциальность',
      '5. Ответственность сторон',
      'Подписи сторон',
    ],
    footer: '№ 12 · Версия 3 · Сформирован 1 мар. 2026 г., 10:15 (Europe/Moscow)',
    page: (n, of) => `Страница ${n} из ${of}`,
  },
  fr: {
    title: 'Contrat de prestation de services informatiques',
    amount: '150 000,50 ₽',
    signedOn: '1er mars 2026',
    endsOn: '22 novembre 2026',
    headings: [
      '1. Objet du contrat',
      '2. Durée du contrat',
      '3. Prix et modalités de paiement',
      '4. Confidentialité',
      '5. Responsabilité des parties',
      'Signatures des parties',
    ],
    footer: 'n° 12 · Version 3 · Généré le 1 mars 2026, 10:15 (Europe/Moscow)',
    page: (n, of) => `Page ${n} sur ${of}`,
  },
};

describe.skipIf(!hasPdftotext && !REQUIRE_ALL)('contract PDF', () => {
  for (const locale of ['en', 'ru', 'fr'] as const) {
    it(`prints the agreement in ${locale}: parties, amount, dates, every section and "page N of M" on each page`, async () => {
      const pdf = await contractPdfBuffer({ ...BASE, locale });
      const want = EXPECTED[locale];
      const text = readPdf(pdf);
      expect(text).toContain(want.title);
      expect(text).toContain('Иванов Иван Иванович');
      expect(text).toContain('ООО «Сова Софт»');
      // The service is named in the subtitle and in clause 1.1.
      expect(text.split('Разработка сайта').length).toBe(3);
      expect(text).toContain(want.amount);
      expect(text).toContain('(RUB)');
      expect(text).toContain(want.endsOn);
      expect(text).toContain(want.signedOn);
      expect(text).toContain('ivan@example.ru');
      expect(text).toContain('+79991234567');
      let at = -1;
      for (const h of want.headings) {
        const next = text.indexOf(h, at + 1);
        expect(next, h).toBeGreaterThan(at);
        at = next;
      }
      expect(pageCount(pdf)).toBe(2);
      for (const n of [1, 2]) {
        const page = readPdf(pdf, n);
        expect(page).toContain(want.page(n, 2));
        expect(page).toContain(want.footer);
      }
    });
  }

  it('leaves out the scope clause of a service without a description and numbers the clauses on', async () => {
    const pdf = await contractPdfBuffer({
      ...BASE,
      locale: 'en',
      client: { ...BASE.client, middleName: null, email: '', phone: '' },
      service: { title: 'Audit', description: ' \n ' },
    });
    const text = readPdf(pdf);
    expect(text).not.toContain('scope of the Services');
    expect(text).toContain('1.2 The Services are deemed rendered');
    expect(text).toContain('Иванов Иван (the “Client”)');
    expect(text).not.toContain('Email:');
  });

  it('flows a long service description onto further pages, indented, inside the margins, numbered on each page', async () => {
    const vocabulary = ['альфа', 'бета', 'гамма', 'дельта', 'эпсилон', 'дзета', 'эта', 'тета'];
    const stages = Array.from({ length: 60 }, (_, i) => {
      const words = Array.from({ length: 30 }, (_, k) => vocabulary[(i + k) % vocabulary.length]);
      return `Этап-${String(i + 1).padStart(2, '0')} ${words.join(' ')}`;
    });
    const pdf = await contractPdfBuffer({
      ...BASE,
      locale: 'ru',
      service: { ...BASE.service, description: stages.join('\n\n') },
    });
    const pages = wordsByPage(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const text = readPdf(pdf);
    let at = -1;
    for (const marker of [
      ...stages.map((s) => s.split(' ')[0] ?? ''),
      '1.3 Услуги считаются',
      '2. Срок действия',
    ]) {
      const next = text.indexOf(marker, at + 1);
      expect(next, marker).toBeGreaterThan(at);
      at = next;
    }
    const margin = 50;
    pages.forEach((page, i) => {
      expect(readPdf(pdf, i + 1)).toContain(`Страница ${i + 1} из ${pages.length}`);
      const bodyBottom = page.height - margin;
      for (const w of page.words) {
        expect(w.x0, w.text).toBeGreaterThanOrEqual(margin - 0.5);
        expect(w.x1, w.text).toBeLessThanOrEqual(page.width - margin + 0.5);
        expect(w.y0, w.text).toBeGreaterThanOrEqual(margin - 0.5);
        // A word is in the body or in the footer band under it, never across the line between them.
        expect(w.y1 <= bodyBottom + 0.5 || w.y0 >= bodyBottom, w.text).toBe(true);
      }
      // The description keeps its indent on every page it reaches, continued lines included.
      const described = page.words.filter((w) => vocabulary.includes(w.text) || w.text.startsWith('Этап-'));
      if (i > 0 && i < pages.length - 2) expect(described.length).toBeGreaterThan(0);
      for (const w of described) expect(w.x0, w.text).toBeGreaterThanOrEqual(margin + 52 - 0.5);
    });
  });

  it('gives the same bytes for the same input whatever the clock says, and dates the file at its generation', async () => {
    const input: ContractPdfInput = { ...BASE, locale: 'fr' };
    const first = await contractPdfBuffer(input);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-07-14T12:00:00Z') });
    try {
      const second = await contractPdfBuffer(input);
      expect(second.equals(first)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    const later = await contractPdfBuffer({ ...input, version: 4, generatedAt: '2026-04-02T09:30:00.000Z' });
    expect(later.equals(first)).toBe(false);
    const file = join(dir, `${++files}.pdf`);
    writeFileSync(file, first);
    const info = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
    expect(info).toMatch(/CreationDate:\s+2026-03-01T07:15:00Z/);
    expect(info).toMatch(/ModDate:\s+2026-03-01T07:15:00Z/);
  });
});

describe('contract PDF timing', () => {
  it('renders one contract in well under 200 ms (the median of ten, after a first render loads the fonts)', async () => {
    await contractPdfBuffer({ ...BASE, locale: 'ru' });
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const start = performance.now();
      await contractPdfBuffer({ ...BASE, locale: (['en', 'ru', 'fr'] as const)[i % 3] ?? 'en', number: i });
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    expect(times[5]).toBeLessThan(200);
  });
});
