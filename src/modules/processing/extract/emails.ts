/**
 * E-mail addresses in a call text, lower-cased: written ones (`Anna.K@example.ru`) and ones a transcript spells
 * out (`tom at redwood dot com`, `ivan собака mail точка ru`, `jean arobase exemple point fr`).
 */
const WRITTEN = /[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/giu;
const DOT = String.raw`\s+(?:dot|точка|point)\s+`;
const AT = String.raw`\s+(?:at|собака|arobase)\s+`;
const PART = '[a-z0-9][a-z0-9_-]*';
const SPOKEN = new RegExp(
  String.raw`(?<![\p{L}\d])(${PART}(?:${DOT}${PART})*)${AT}(${PART}(?:${DOT}${PART})+)(?![\p{L}\d])`,
  'giu',
);
const SPOKEN_DOT = new RegExp(DOT, 'giu');

export interface FoundEmail {
  email: string;
  start: number;
}

/** Every address in `text` in order of appearance. */
export function findEmails(text: string): FoundEmail[] {
  const out: FoundEmail[] = [];
  for (const m of text.matchAll(WRITTEN)) {
    out.push({ email: m[0].replace(/[.-]+$/, '').toLowerCase(), start: m.index });
  }
  for (const m of text.matchAll(SPOKEN)) {
    const local = m[1]!.replace(SPOKEN_DOT, '.');
    const domain = m[2]!.replace(SPOKEN_DOT, '.');
    out.push({ email: `${local}@${domain}`.toLowerCase(), start: m.index });
  }
  return out.sort((a, b) => a.start - b.start);
}
