/**
 * Numbers said in words, as speech-to-text writes them: `восемь девятьсот три сто двадцать` (a phone read in
 * groups), `zéro six, quarante-cinq`, `two thousand dollars`. `spellDigits` rewrites each run of two or more
 * number words as digit groups (`8 903 120`), keeping every other character in place, so the phone and money
 * readers see digits. A single word (`un`, `one`, `один`) is left alone: it is far more often an article.
 */
import type { Language } from './language.js';

type Kind = 'zero' | 'unit' | 'teen' | 'ten' | 'hundreds' | 'hundred' | 'thousand' | 'million';
interface NumberWord {
  value: number;
  kind: Kind;
}

function lexicon(entries: Record<string, [number, Kind]>): Map<string, NumberWord> {
  return new Map(Object.entries(entries).map(([word, [value, kind]]) => [word, { value, kind }]));
}

const units = (words: string[], from = 1) =>
  Object.fromEntries(words.map((w, i) => [w, [from + i, 'unit'] as [number, Kind]]));
const teens = (words: string[]) =>
  Object.fromEntries(words.map((w, i) => [w, [10 + i, 'teen'] as [number, Kind]]));
const tens = (words: string[]) =>
  Object.fromEntries(words.map((w, i) => [w, [20 + 10 * i, 'ten'] as [number, Kind]]));

const WORDS: Record<Language, Map<string, NumberWord>> = {
  ru: lexicon({
    ноль: [0, 'zero'],
    нуль: [0, 'zero'],
    один: [1, 'unit'],
    одна: [1, 'unit'],
    одно: [1, 'unit'],
    две: [2, 'unit'],
    ...units(['два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'], 2),
    ...teens([
      'десять',
      'одиннадцать',
      'двенадцать',
      'тринадцать',
      'четырнадцать',
      'пятнадцать',
      'шестнадцать',
      'семнадцать',
      'восемнадцать',
      'девятнадцать',
    ]),
    ...tens([
      'двадцать',
      'тридцать',
      'сорок',
      'пятьдесят',
      'шестьдесят',
      'семьдесят',
      'восемьдесят',
      'девяносто',
    ]),
    ...Object.fromEntries(
      [
        'сто',
        'двести',
        'триста',
        'четыреста',
        'пятьсот',
        'шестьсот',
        'семьсот',
        'восемьсот',
        'девятьсот',
      ].map((w, i) => [w, [100 * (i + 1), 'hundreds'] as [number, Kind]]),
    ),
    тысяча: [1000, 'thousand'],
    тысячи: [1000, 'thousand'],
    тысяч: [1000, 'thousand'],
    миллион: [1e6, 'million'],
    миллиона: [1e6, 'million'],
    миллионов: [1e6, 'million'],
  }),
  fr: lexicon({
    zéro: [0, 'zero'],
    zero: [0, 'zero'],
    un: [1, 'unit'],
    une: [1, 'unit'],
    ...units(['deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf'], 2),
    ...teens(['dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize']),
    ...tens(['vingt', 'trente', 'quarante', 'cinquante', 'soixante']),
    vingts: [20, 'ten'],
    cent: [100, 'hundred'],
    cents: [100, 'hundred'],
    mille: [1000, 'thousand'],
    million: [1e6, 'million'],
    millions: [1e6, 'million'],
  }),
  en: lexicon({
    zero: [0, 'zero'],
    ...units(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']),
    ...teens([
      'ten',
      'eleven',
      'twelve',
      'thirteen',
      'fourteen',
      'fifteen',
      'sixteen',
      'seventeen',
      'eighteen',
      'nineteen',
    ]),
    ...tens(['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']),
    hundred: [100, 'hundred'],
    thousand: [1000, 'thousand'],
    million: [1e6, 'million'],
  }),
};

const CONNECTORS: Record<Language, string> = { ru: '', fr: 'et', en: 'and' };

/**
 * Groups a run of number words into the numbers a listener hears: a word that cannot continue the number
 * being built (a unit after a unit, hundreds after tens…) starts the next one.
 */
export function groupNumberWords(words: readonly (NumberWord | null)[], language: Language): number[] {
  const out: number[] = [];
  let big = 0;
  let small = 0;
  let last: NumberWord | undefined;
  const flush = () => {
    if (last) out.push(big + small);
    big = 0;
    small = 0;
    last = undefined;
  };
  for (const w of words) {
    // null: a comma between two words, where a reader pauses between two numbers.
    if (w === null) {
      flush();
      continue;
    }
    let fits = false;
    if (last?.kind === 'zero' || (last && w.kind === 'zero')) fits = false;
    else if (!last) fits = true;
    else if (w.kind === 'unit')
      fits = small % 10 === 0 && last.kind !== 'unit' && (last.kind !== 'teen' || last.value === 10);
    else if (w.kind === 'teen')
      fits =
        (small % 100 === 0 && last.kind !== 'unit' && last.kind !== 'teen') ||
        (language === 'fr' && last.kind === 'ten' && (small % 100 === 60 || small % 100 === 80));
    else if (w.kind === 'ten')
      fits =
        (small % 100 === 0 && last.kind !== 'unit' && last.kind !== 'teen') ||
        (language === 'fr' && w.value === 20 && last.kind === 'unit' && last.value === 4);
    else if (w.kind === 'hundreds')
      fits = small === 0 && (last.kind === 'thousand' || last.kind === 'million');
    else if (w.kind === 'hundred') fits = small < 10 && last.kind !== 'hundred';
    else fits = last.kind !== 'million' && (w.kind === 'million' || last.kind !== 'thousand');
    if (!fits) flush();
    if (w.kind === 'hundred') small = Math.max(small, 1) * 100;
    else if (w.kind === 'thousand' || w.kind === 'million') {
      big += Math.max(small, 1) * w.value;
      small = 0;
    } else if (
      language === 'fr' &&
      w.kind === 'ten' &&
      w.value === 20 &&
      last?.kind === 'unit' &&
      last.value === 4
    )
      small += 76;
    else small += w.value;
    last = w;
  }
  flush();
  return out;
}

/** `text` with every run of two or more number words replaced by its digit groups separated by spaces. */
export function spellDigits(text: string, language: Language): string {
  const words = WORDS[language];
  const connector = CONNECTORS[language];
  const tokens = [...text.matchAll(/\p{L}+/gu)];
  const runs: { start: number; end: number; words: (NumberWord | null)[] }[] = [];
  const joins = new RegExp(String.raw`^[\s,\-–]*${connector ? `(?:${connector}\\s+)?` : ''}$`);
  let run: (typeof runs)[number] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const lower = t[0].toLowerCase();
    const word = words.get(lower);
    const gap = run ? text.slice(run.end, t.index) : '';
    if (word && run && joins.test(gap)) {
      if (gap.includes(',')) run.words.push(null);
      run.words.push(word);
      run.end = t.index + t[0].length;
      continue;
    }
    const next = tokens[i + 1];
    if (
      run &&
      lower === connector &&
      /^\s+$/.test(gap) &&
      next &&
      words.has(next[0].toLowerCase()) &&
      /^\s+$/.test(text.slice(t.index + t[0].length, next.index))
    )
      continue;
    if (run && run.words.length > 1) runs.push(run);
    run = word ? { start: t.index, end: t.index + t[0].length, words: [word] } : undefined;
  }
  if (run && run.words.length > 1) runs.push(run);
  let out = text;
  for (const r of runs.reverse()) {
    const first = r.words[0];
    // Russian puts the scale first to say "about": `тысяч пятьдесят` is about 50 000.
    const inverted = language === 'ru' && first && (first.kind === 'thousand' || first.kind === 'million');
    const groups = inverted
      ? groupNumberWords(r.words.slice(1), language).map((n, i) => (i === 0 ? n * first.value : n))
      : groupNumberWords(r.words, language);
    const digits = groups.join(' ');
    out = out.slice(0, r.start) + digits + out.slice(r.end);
  }
  return out;
}
