/**
 * Russian personal names back in the nominative, for notes that name the caller in another case: `говорил с
 * Сергеем Николаевичем Волковым` (instrumental), `звонок от Козлова Виктора` (genitive), `звонок Ивановой
 * Марине` (dative). Endings only, for the common patterns of first names, patronymics and -ов/-ин/-ский
 * surnames; a word that fits none is left as written.
 */
export type RussianCase = 'nom' | 'gen' | 'dat' | 'ins';

type Rules = [RegExp, string][];

const PATRONYMIC: Record<Exclude<RussianCase, 'nom'>, Rules> = {
  ins: [
    [/ичем$/u, 'ич'],
    [/(ов|ев)ной$/u, '$1на'],
    [/ичной$/u, 'ична'],
  ],
  gen: [
    [/ича$/u, 'ич'],
    [/(ов|ев)ны$/u, '$1на'],
    [/ичны$/u, 'ична'],
  ],
  dat: [
    [/ичу$/u, 'ич'],
    [/(ов|ев)не$/u, '$1на'],
    [/ичне$/u, 'ична'],
  ],
};

/** A woman's -ова/-ина/-ская surname ends the same in the genitive, dative and instrumental. */
const FEMALE_SURNAME: Rules = [
  [/(ов|ев|ёв|ин|ын)ой$/u, '$1а'],
  [/ской$/u, 'ская'],
];

const SURNAME: Record<Exclude<RussianCase, 'nom'>, { male: Rules; female: Rules }> = {
  ins: {
    male: [
      [/(ов|ев|ёв|ин|ын)ым$/u, '$1'],
      [/ским$/u, 'ский'],
    ],
    female: FEMALE_SURNAME,
  },
  gen: {
    male: [
      [/(ов|ев|ёв|ин|ын)а$/u, '$1'],
      [/ского$/u, 'ский'],
    ],
    female: FEMALE_SURNAME,
  },
  dat: {
    male: [
      [/(ов|ев|ёв|ин|ын)у$/u, '$1'],
      [/скому$/u, 'ский'],
    ],
    female: FEMALE_SURNAME,
  },
};

const FIRST_NAME: Record<Exclude<RussianCase, 'nom'>, Rules> = {
  ins: [
    [/ией$/u, 'ия'],
    [/ьей$/u, 'ья'],
    [/ем$/u, 'й'],
    [/ом$/u, ''],
    [/ой$/u, 'а'],
    [/ей$/u, 'я'],
  ],
  gen: [
    [/ии$/u, 'ия'],
    [/ьи$/u, 'ья'],
    [/([кгхжшчщ])и$/u, '$1а'],
    [/ы$/u, 'а'],
    [/([аеиоуыэюя])я$/u, '$1й'],
    [/([^аеиоуыэюяь])а$/u, '$1'],
  ],
  dat: [
    [/ии$/u, 'ия'],
    [/ье$/u, 'ья'],
    [/ю$/u, 'й'],
    [/у$/u, ''],
    [/е$/u, 'а'],
  ],
};

const applyFirst = (word: string, rules: Rules) => {
  for (const [re, to] of rules) if (re.test(word)) return word.replace(re, to);
  return undefined;
};

const isPatronymic = (w: string) => /(?:ович|евич|ич|овна|евна|ична|инична)$/u.test(w);
const looksFemale = (w: string) => /[ая]$/u.test(w) || /(?:овна|евна|ична)$/u.test(w);

/** `words` (a name in `grammaticalCase`) in the nominative. */
export function russianNominative(words: readonly string[], grammaticalCase: RussianCase): string[] {
  if (grammaticalCase === 'nom') return [...words];
  const c = grammaticalCase;
  const kinds = words.map((w) =>
    applyFirst(w, PATRONYMIC[c]) !== undefined
      ? 'patronymic'
      : SURNAME[c].male.some(([re]) => re.test(w)) || SURNAME[c].female.some(([re]) => re.test(w))
        ? 'surname'
        : 'first',
  );
  const firsts = words.map((w, i) =>
    kinds[i] === 'patronymic'
      ? applyFirst(w, PATRONYMIC[c])!
      : kinds[i] === 'first'
        ? (applyFirst(w, FIRST_NAME[c]) ?? w)
        : w,
  );
  const female = firsts.some(
    (w, i) => kinds[i] !== 'surname' && (looksFemale(w) || isPatronymic(w)) && /(?:а|я|на)$/u.test(w),
  );
  return firsts.map((w, i) => {
    if (kinds[i] !== 'surname') return w;
    const rules = female ? SURNAME[c].female : SURNAME[c].male;
    return applyFirst(w, rules) ?? applyFirst(w, female ? SURNAME[c].male : SURNAME[c].female) ?? w;
  });
}

/**
 * A job title said in the instrumental back in the nominative: `финансовым директором` → `финансовый директор`,
 * `техническим руководителем` → `технический руководитель`.
 */
export function russianTitleNominative(words: readonly string[]): string[] {
  return words.map((w) =>
    w
      .replace(/([кгхжшчщ])им$/u, '$1ий')
      .replace(/ним$/u, 'ний')
      .replace(/ым$/u, 'ый')
      .replace(/([^аеёиоуыэюя])ом$/u, '$1')
      .replace(/(?:ем|ём)$/u, 'ь'),
  );
}
