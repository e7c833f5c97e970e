/**
 * Precision and recall of the extractor per field on a labelled set of call texts (test/fixtures/extract), as
 * `npm run bench -- --only extract` prints them and quality.test.ts holds them to. A field is right when it
 * equals the label after normalisation: phones E.164, e-mails lower case, money by cents and currency, company
 * names without quotes, dots and commas, person names case- and order-insensitive, a next step when it holds the
 * labelled word (and its day, when the label has one), a description when it holds the labelled word. A wrong
 * value counts once as a false positive and once as a miss.
 */
import type { CountryCode } from '../../../platform/phones.js';
import {
  type ExtractedFields,
  type Extraction,
  extractFields,
  type Language,
  type Money,
} from './extract.js';
import { fold } from './text.js';

/** A text's labels: the extractor's fields, with a word the next step must hold instead of its whole text. */
export type Expected = Omit<ExtractedFields, 'nextStep' | 'dataType'> & {
  nextStep?: { includes: string; date?: string };
  dataType?: string;
};

export interface ExtractCase {
  id: string;
  language: Language;
  text: string;
  options?: { defaultCountry?: string };
  expected: Expected;
}

export interface CaseFile {
  now: string;
  timeZones: Record<Language, string>;
  cases: ExtractCase[];
}

export const SCORED_FIELDS = [
  'phone',
  'email',
  'amount',
  'company',
  'person',
  'position',
  'pricePerMonth',
  'pricePerFile',
  'nextStep',
  'nextStepDate',
  'description',
  'dataType',
] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

export interface FieldScore {
  field: ScoredField;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface Miss {
  id: string;
  field: ScoredField;
  expected: unknown;
  actual: unknown;
}

const companyKey = (s: string) =>
  fold(s)
    .replace(/[«»"“”„'’.,;]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
const personKey = (s: string) => fold(s).replace(/[.,]/g, '').split(' ').sort().join(' ');
const sameMoney = (a: Money, b: Money) => a.cents === b.cents && a.currency === b.currency;

/** The labelled value and the extracted one of `field`, and whether they agree. */
function compare(field: ScoredField, e: Expected, f: ExtractedFields): [unknown, unknown, boolean] {
  switch (field) {
    case 'company':
      return [
        e.company,
        f.company,
        !!e.company && !!f.company && companyKey(e.company) === companyKey(f.company),
      ];
    case 'person':
      return [e.person, f.person, !!e.person && !!f.person && personKey(e.person) === personKey(f.person)];
    case 'position':
      return [e.position, f.position, !!e.position && !!f.position && fold(e.position) === fold(f.position)];
    case 'phone':
    case 'email':
    case 'dataType':
      return [e[field], f[field], !!e[field] && e[field] === f[field]];
    case 'amount':
    case 'pricePerMonth':
    case 'pricePerFile': {
      const a = e[field];
      const b = f[field];
      return [a, b, !!a && !!b && sameMoney(a, b)];
    }
    case 'nextStep': {
      const a = e.nextStep;
      const b = f.nextStep;
      const ok = !!a && !!b && fold(b.text).includes(fold(a.includes)) && (!a.date || a.date === b.date);
      return [a, b, ok];
    }
    case 'nextStepDate':
      return [e.nextStep?.date, f.nextStep?.date, !!e.nextStep?.date && e.nextStep.date === f.nextStep?.date];
    case 'description':
      return [
        e.description,
        f.description,
        !!e.description && !!f.description && fold(f.description).includes(fold(e.description)),
      ];
  }
}

/** Runs the extractor over the set as its labels' clock and countries say. */
export function extractCase(file: CaseFile, c: ExtractCase): Extraction {
  return extractFields(c.text, {
    now: new Date(file.now),
    timeZone: file.timeZones[c.language],
    ...(c.options?.defaultCountry ? { defaultCountry: c.options.defaultCountry as CountryCode } : {}),
  });
}

export function scoreCases(file: CaseFile) {
  const counts = new Map(SCORED_FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }]));
  const misses: Miss[] = [];
  let languageRight = 0;
  for (const c of file.cases) {
    const result = extractCase(file, c);
    if (result.language === c.language) languageRight++;
    for (const field of SCORED_FIELDS) {
      const [expected, actual, ok] = compare(field, c.expected, result.fields);
      const n = counts.get(field)!;
      if (ok) n.tp++;
      else {
        if (actual !== undefined) n.fp++;
        if (expected !== undefined) n.fn++;
        if (actual !== undefined || expected !== undefined)
          misses.push({ id: c.id, field, expected, actual });
      }
    }
  }
  const fields: FieldScore[] = SCORED_FIELDS.map((field) => {
    const { tp, fp, fn } = counts.get(field)!;
    return {
      field,
      tp,
      fp,
      fn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    };
  });
  return { fields, misses, languageAccuracy: languageRight / file.cases.length };
}
