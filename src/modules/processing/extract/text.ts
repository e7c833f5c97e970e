/**
 * Small text helpers shared by the field readers: sentences, name-like words, comparison forms.
 */

/** Words after which a full stop does not end a sentence (`тыс. руб.`, `M. Martin`, `Inc. They`). */
const ABBREVIATIONS = new Set(
  'тыс руб р тел г ул д стр доб им т e.g i.e m mm mme mr mrs ms dr st no tél tel ext inc ltd co corp pte n° ref réf p'.split(
    ' ',
  ),
);

export interface Sentence {
  text: string;
  start: number;
}

/** Splits at `.`, `!`, `?`, `…` (or a line break) followed by a space and a capital, a dash or a quote. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const boundary = /([.!?…]+)\s+(?=[\p{Lu}\d«"—–-])|\n+/gu;
  for (const m of text.matchAll(boundary)) {
    const end = m.index + (m[1]?.length ?? 0);
    if (m[1] === '.') {
      const word =
        /([\p{L}°.]+)$/u.exec(text.slice(Math.max(start, m.index - 12), m.index))?.[1]?.toLowerCase() ?? '';
      if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word)) continue;
    }
    pushSentence(out, text, start, end);
    start = m.index + m[0].length;
  }
  pushSentence(out, text, start, text.length);
  return out;
}

function pushSentence(out: Sentence[], text: string, from: number, to: number) {
  const raw = text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed) out.push({ text: trimmed, start: from + lead });
}

/** A capitalised word as names are written: `Иван`, `Pierre-Yves`, `O'Brien`, `McAllister`, `Королёва`. */
export const NAME_WORD = String.raw`(?:\p{Lu}['’]\p{Lu}\p{Ll}+|\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)?)`;

/** One case-insensitive pattern matching any of `words` (each itself a pattern), one word per line in the source. */
export const anyOf = (words: string) =>
  new RegExp(
    `(?:${words
      .trim()
      .split(/\s*\n\s*/)
      .join('|')})`,
    'iu',
  );

/** Lower case, ё as е, typographic apostrophes plain, spaces collapsed: the form words are compared in. */
export function fold(text: string): string {
  return text.toLowerCase().replaceAll('ё', 'е').replaceAll('’', "'").replace(/\s+/g, ' ').trim();
}

/** `text` with its first letter upper-cased. */
export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Blanks out `[start, end)` ranges (keeping offsets) so later readers skip what an earlier one consumed. */
export function blankOut(text: string, ranges: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const r of ranges) out = out.slice(0, r.start) + ' '.repeat(r.end - r.start) + out.slice(r.end);
  return out;
}

/**
 * Each place where `cue` (a global, case-insensitive pattern of words like `this is`, `chez`) is followed by what
 * `follow` (a sticky, case-sensitive pattern: a name's capitals must be real) matches there.
 */
export function* cueThen(text: string, cue: RegExp, follow: RegExp) {
  for (const c of text.matchAll(cue)) {
    follow.lastIndex = c.index + c[0].length;
    const f = follow.exec(text);
    if (f) yield { cue: c, follow: f, at: follow.lastIndex - f[0].length };
  }
}
