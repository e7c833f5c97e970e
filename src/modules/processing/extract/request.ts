/**
 * What the caller asks for: the request's sentence (`Нам нужна разметка аудиозаписей…`, `Nous avons besoin
 * de…`, `We need…`) and the kind of data it is about, one of a fixed list, from weighted keywords of the three
 * languages (a word naming the data, `видео`, `images`, counts more than one naming the work, `transcrire`).
 */
import type { Language } from './language.js';
import { anyOf, fold, type Sentence } from './text.js';

export const DATA_TYPES = ['audio', 'video', 'image', 'text', 'document', 'table'] as const;
export type DataType = (typeof DATA_TYPES)[number];

/** Words of a request: a need, a wish, a question about a service, a complaint. */
const REQUEST: Record<Language, RegExp> = {
  ru: anyOf(`
    нужн
    нужен
    надо
    нам бы
    потребност
    хот(?:им|ел|ят)
    хоч(?:у|ет)
    интересу(?:ет|ется|ют)
    интересовал
    прос(?:ят|ит|ил)
    спрашива
    ищ(?:ем|ут)
    требуется
    запрос
    задача
    заказать
    занимаетесь
    делаете
    можете
    планируем
    по поводу
    претензи
    жалоб
    не получил`),
  fr: anyOf(String.raw`
    besoin
    souhait
    voudr
    aimerai
    cherch
    recherch
    demande
    projet\s*(?::|d['’]|de\s)
    veu(?:lent|t)
    voulais savoir
    vous faites
    faites-vous
    pouvez-vous
    intéress
    au sujet d
    contest
    réclam
    pas reçu
    (?:on a|nous avons|j'ai|il a|elle a|ils ont)\b[^.?!]*(?<![\p{L}])à\s+\p{L}+(?:er|ir|re)(?![\p{L}])`),
  en: anyOf(String.raw`
    \bneeds?\b
    \bwants?\b
    looking (?:for|to)
    searching for
    we're after
    interested in
    \brequire
    would like
    'd like
    asked (?:whether|about|if|for)
    evaluating
    calling about
    regarding
    do you (?:guys )?\w+
    can you \w+
    \bplan(?:ning)? to
    complain
    dispute
    not received`),
};
/** `им пока ничего не нужно`: a sentence that says there is no request. */
const NO_REQUEST =
  /(?:не нужн|ничего не|не интерес|pas besoin|pas intéress|no need|not interested|don't need|do not need)/iu;
const LABEL = /^(?:запрос|задача|besoin|projet|request|needs?)\s*[:—–-]\s*/iu;

/**
 * Word starts per data type with their weight: 2 names the data itself, 1 the work done on it. A trailing `$`
 * makes a whole word (`voice`, not `voicemail`).
 */
const KEYWORDS: [DataType, number, string][] = [
  [
    'audio',
    2,
    'аудио audio podcast подкаст speech речь речи голос voix voice$ voices enregistrements recording enregistrement',
  ],
  ['audio', 1, 'транскриб расшифров transcri интервью entretiens calls minutes'],
  ['video', 2, 'видео vidéo video ролик footage'],
  ['video', 1, 'субтитр sous-titr subtitl surveillance'],
  ['image', 2, 'фото изображен снимк image photo picture картин screenshot скриншот'],
  ['image', 1, 'bounding'],
  ['text', 2, 'текст texte text диалог chats$ chat\\s+transcripts chat\\s+logs'],
  [
    'text',
    1,
    'chat$ чат отзыв reviews clinical\\s+notes meeting\\s+notes sentiment анкет emails$ e-mails$ courriels писем tickets',
  ],
  ['document', 2, 'документ document скан scan pdf ocr'],
  [
    'document',
    1,
    'счетов-фактур счета-фактур factures invoices оцифр numéris digitis digitiz paper бумаж registres архив archive cv forms страниц pages рукопис handwrit manuscrit bons\\s+de saisie data\\s+entry',
  ],
  ['table', 2, 'таблиц табличн excel эксель csv spreadsheet'],
  [
    'table',
    1,
    'строк rows lignes выгрузк базу базы база base$ database crm транзакци телеметри capteur sensor logs séries датчик',
  ],
];
const PATTERNS = KEYWORDS.map(
  ([type, weight, stems]) =>
    [
      type,
      weight,
      new RegExp(`(?<![\\p{L}])(?:${stems.replace(/\$/g, '(?![\\p{L}])').split(/\s+/).join('|')})`, 'gu'),
    ] as const,
);

/** The first sentence that asks for something, without a leading label (`Запрос:`), or undefined. */
export function findDescription(sentences: readonly Sentence[], language: Language): string | undefined {
  const s = sentences.find((x) => REQUEST[language].test(x.text) && !NO_REQUEST.test(x.text));
  return s ? s.text.replace(LABEL, '').slice(0, 300) : undefined;
}

/**
 * The data type with the most keyword weight, or undefined; among equals the one whose data is named (not only
 * its work), then the earliest mentioned.
 */
export function findDataType(text: string): DataType | undefined {
  const folded = fold(text);
  const score = new Map<DataType, { weight: number; first: number }>();
  for (const [type, weight, re] of PATTERNS) {
    for (const m of folded.matchAll(re)) {
      const s = score.get(type) ?? { weight: 0, first: m.index };
      // Half a point for a word naming the data itself, once: it settles a tie with work words.
      s.weight += weight + (weight === 2 && s.weight % 1 === 0 ? 0.5 : 0);
      s.first = Math.min(s.first, m.index);
      score.set(type, s);
    }
  }
  let best: [DataType, { weight: number; first: number }] | undefined;
  for (const entry of score)
    if (
      !best ||
      entry[1].weight > best[1].weight ||
      (entry[1].weight === best[1].weight && entry[1].first < best[1].first)
    )
      best = entry;
  return best?.[0];
}
