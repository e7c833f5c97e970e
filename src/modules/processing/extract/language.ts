/**
 * The language of a call text: Russian when Cyrillic letters dominate, otherwise French or English by their
 * common short words and French accents. A text with no clue at all counts as English.
 */
export const LANGUAGES = ['ru', 'fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const FRENCH_WORDS = new Set(
  `le la les des du de un une et est je nous vous on pour avec chez au aux sur pas ne qui que dans mon ma mes notre nos
  votre vos bonjour merci oui ici il elle sont avons avez suis cette ce ces moi toi lui leur mais ou donc car très
  demain lundi mardi mercredi jeudi vendredi rappelez rappeler appel madame monsieur`.split(/\s+/),
);
const ENGLISH_WORDS = new Set(
  `the a an and is are was we you i to of for with at from this that our your my it it's hi hello please thanks
  yes he she they be have has will can would could me us him her them back call on in by not about just get send
  need want next tomorrow monday tuesday wednesday thursday friday`.split(/\s+/),
);

export function detectLanguage(text: string): Language {
  const cyrillic = text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (cyrillic > 0 && cyrillic >= latin * 0.5) return 'ru';
  let fr = (text.match(/[éèêàçùâîôûœ]/giu) ?? []).length;
  let en = 0;
  for (const word of text.toLowerCase().match(/[\p{L}']+/gu) ?? []) {
    if (FRENCH_WORDS.has(word) || /^[cdjlmnst]'/.test(word)) fr++;
    if (ENGLISH_WORDS.has(word)) en++;
  }
  return fr > en ? 'fr' : 'en';
}
