/**
 * The caller's name, from the phrases people introduce themselves or are noted with: `меня зовут Иван
 * Петров`, `это Мария Сидорова`, `je suis Claire Dubois`, `this is John Smith`, `Laura Chen here`, `M. Martin`,
 * `ФИО: Гусев Олег Петрович`, `говорил с Сергеем Волковым` (put back in the nominative), a name next to a job
 * title (`директор Иванов`, `Anna Schmidt, data engineer`) or before a company (`Пётр из «…»`, `Olivia
 * Wilson from Evergreen`). The earliest such name wins: notes and calls open with who is speaking.
 */
import type { Language } from './language.js';
import { type FoundPosition, isRussianTitleWord } from './positions.js';
import { type RussianCase, russianNominative, russianTitleNominative } from './russian-names.js';
import { cueThen, NAME_WORD } from './text.js';

export interface FoundPerson {
  name: string;
  start: number;
  end: number;
  /** Introduced by a phrase (`меня зовут`, `this is`), not only standing next to a title or a company. */
  strong: boolean;
  /** A title said with the name in another case (`с финансовым директором Олегом Титовым`). */
  position?: FoundPosition;
}

const TITLE = String.raw`(?:M\.|Mme|Mlle|Monsieur|Madame|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|г-н|г-жа|господин|госпожа)`;
const NAME = `(?:${TITLE}\\s+)?(${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})`;

/** Capitalised words that open a sentence or name a thing, never a person. */
const NOT_A_PERSON = new Set(
  `я мы вы он она они это компания клиент контакт звонок бюджет телефон почта нам нас входящий исходящий
  je nous vous il elle on bonjour merci client contact appel société message note sortant entrant
  i we you he she they hi hello thanks client contact call notes meeting quick inbound budget phone email
  voicemail message cold follow-up summary
  monday tuesday wednesday thursday friday january february march april may june july august september october
  november december lundi mardi mercredi jeudi vendredi понедельник вторник среда четверг пятница`.split(
    /\s+/,
  ),
);

/** Cue phrases before a name, per language, with the grammatical case the name then takes. */
const CUES: Record<Language, [string, RussianCase][]> = {
  ru: [
    [
      'меня зовут|зовут|это|я|вас беспокоит|беспокоит|на связи|с вами говорит|трубку взял|трубку взяла',
      'nom',
    ],
    ['фио|контакт|контактное лицо|собеседник|собеседница|звонил|звонила|моя фамилия|фамилия', 'nom'],
    ['говорил с|говорила с|разговаривал с|разговаривала с|общался с|общалась с|беседа с|разговор с', 'ins'],
    ['соединил с|соединила с|соединили с', 'ins'],
    ['представился|представилась|представилось', 'ins'],
    ['звонок от|заявка от|сообщение от|письмо от|входящий от|входящий звонок от|обращение от', 'gen'],
    ['звонок|позвонил|позвонила|дозвонился|дозвонилась', 'dat'],
  ],
  fr: [
    [
      "je m'appelle|je suis|c'est|ici|moi c'est|mon nom est|appel de la part de|de la part de|appel entrant de|appel de|relance de|message de|message vocal de|mail de|interlocuteur|interlocutrice|contact|échange avec|entretien avec",
      'nom',
    ],
  ],
  en: [
    [
      "this is|my name is|my name's|i'm|i am|it's|spoke with|spoke to|talked to|talked with|call with|call from|voicemail from|message from|email from|e-mail from|note from|text from|caller|contact|reached|speaking with|name",
      'nom',
    ],
  ],
};
const GREETING: Record<Language, string> = {
  ru: '(?:алло[!,.]?\\s*)?(?:добрый день|добрый вечер|доброе утро|здравствуйте)',
  fr: '(?:allô[^.]*?[.!]\\s*)?(?:bonjour|bonsoir)(?:\\s+(?:madame|monsieur))?',
  en: '(?:hi|hello|good morning|good afternoon|good evening)(?:\\s+there)?',
};
const BEFORE_COMPANY = '(?:из|from|de chez|chez|de|at)\\s+(?:компании\\s+)?';
/** Lower-case words between an instrumental cue and the name: a title in that case (`с финансовым директором`). */
const TITLE_WORDS = '(?:(\\p{Ll}+(?:\\s+\\p{Ll}+){0,2}),?\\s+)?';

const FOLLOW_NAME = new RegExp(NAME, 'uy');
const FOLLOW_TITLED_NAME = new RegExp(`${TITLE_WORDS}${NAME}`, 'uy');
const FOLLOW_GREETED = new RegExp(`${NAME}\\s*(?:,|here|speaking)`, 'uy');

function compile(language: Language) {
  const cues = CUES[language].map(
    ([words, c]) =>
      [new RegExp(`(?<![\\p{L}])(?:${words})(?![\\p{L}])\\s*[:—–-]?\\s*`, 'giu'), c] as [RegExp, RussianCase],
  );
  return {
    cues,
    greeting: new RegExp(`(?:^|[.!?—–]\\s*)${GREETING[language]}[!,.]?\\s+`, 'giu'),
    trailing: new RegExp(`(?<![\\p{L}])${NAME}\\s+(?:here|speaking|à l'appareil)(?![\\p{L}])`, 'gu'),
    beforeCompany: new RegExp(`(?:^|[.:;!?—–(]\\s*)${NAME}(?:\\s+${BEFORE_COMPANY}|\\s*\\(\\s*)`, 'gu'),
    // `меня Ольга Викторовна зовут`: spoken Russian puts the name in the middle.
    inverted: language === 'ru' ? new RegExp(`(?<![\\p{L}])[мМ]еня\\s+${NAME}\\s+зовут`, 'gu') : undefined,
    titled: new RegExp(`(?<![\\p{L}])${TITLE}\\s+(${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})`, 'gu'),
  };
}
const PATTERNS = { ru: compile('ru'), fr: compile('fr'), en: compile('en') };

/** Single cue words (`Звонил`, `Ici`, `Caller`) open sentences too: they are no part of a name either. */
for (const cues of Object.values(CUES))
  for (const [words] of cues) for (const w of words.split('|')) if (!w.includes(' ')) NOT_A_PERSON.add(w);

/** The name words of a match, without leading words that are no name and cut at the next one. */
function nameWords(raw: string): string[] {
  const words = raw.split(/\s+/);
  let from = 0;
  while (from < words.length && NOT_A_PERSON.has(words[from]!.toLowerCase())) from++;
  const stop = words.findIndex((w, i) => i >= from && NOT_A_PERSON.has(w.toLowerCase()));
  return words.slice(from, stop < 0 ? undefined : stop);
}

interface Span {
  start: number;
  end: number;
}

const AFTER_TITLE = new RegExp(`^\\s*:?\\s+${NAME}`, 'u');
const BEFORE_TITLE = new RegExp(`(?<![\\p{L}])${NAME}\\s*[,(]\\s*$`, 'u');

/**
 * Every name the text introduces, in order. `positions` are job titles found in the text; `blocked` are spans
 * (company names) a person's name may not overlap; `companyStarts` are where company names begin, so that
 * `Пётр из «…»` or `Olivia Wilson from Evergreen` is read as a name before a company.
 */
export function findPeople(
  text: string,
  language: Language,
  positions: readonly Span[],
  blocked: readonly Span[],
  companyStarts: ReadonlySet<number>,
): FoundPerson[] {
  const p = PATTERNS[language];
  const out: FoundPerson[] = [];
  const add = (raw: string, at: number, strong: boolean, grammaticalCase: RussianCase = 'nom') => {
    let words = nameWords(raw);
    if (words.length === 0) return undefined;
    const start = at + raw.indexOf(words[0]!);
    const end = start + words.join(' ').length;
    if (blocked.some((b) => start < b.end && end > b.start)) return undefined;
    if (language === 'ru') words = russianNominative(words, grammaticalCase);
    const person: FoundPerson = { name: words.join(' '), start, end, strong };
    out.push(person);
    return person;
  };
  const addMatch = (m: RegExpMatchArray, strong: boolean, c?: RussianCase) => {
    const raw = m.at(-1)!;
    return add(raw, m.index! + m[0].lastIndexOf(raw), strong, c);
  };
  for (const [re, c] of p.cues)
    for (const { follow: m, at } of cueThen(text, re, c === 'ins' ? FOLLOW_TITLED_NAME : FOLLOW_NAME)) {
      const raw = m.at(-1)!;
      const person = add(raw, at + m[0].lastIndexOf(raw), true, c);
      const title = c === 'ins' && m[1] !== undefined && m[2] !== undefined ? m[1] : undefined;
      if (person && title) {
        const words = russianTitleNominative(title.split(/\s+/));
        if (isRussianTitleWord(words.at(-1)!)) {
          const from = at + m[0].indexOf(title);
          person.position = { title: words.join(' '), start: from, end: from + title.length };
        }
      }
    }
  for (const { follow: m, at } of cueThen(text, p.greeting, FOLLOW_GREETED))
    add(m[1]!, at + m[0].indexOf(m[1]!), true);
  for (const m of text.matchAll(p.trailing)) addMatch(m, true);
  for (const m of text.matchAll(p.titled)) addMatch(m, true);
  if (p.inverted) for (const m of text.matchAll(p.inverted)) addMatch(m, true);
  for (const m of text.matchAll(p.beforeCompany))
    if (companyStarts.has(m.index + m[0].length) || /[«"“]/.test(text[m.index + m[0].length] ?? ''))
      addMatch(m, false);
  for (const pos of positions) {
    const after = AFTER_TITLE.exec(text.slice(pos.end));
    if (after) add(after[1]!, pos.end + after[0].length - after[1]!.length, false);
    const from = Math.max(0, pos.start - 80);
    const before = BEFORE_TITLE.exec(text.slice(from, pos.start));
    if (before) add(before[1]!, from + before.index + before[0].indexOf(before[1]!), false);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The caller: the first name a phrase introduces, else the first name next to a title or a company. */
export const pickPerson = (found: readonly FoundPerson[]) => found.find((x) => x.strong) ?? found[0];
