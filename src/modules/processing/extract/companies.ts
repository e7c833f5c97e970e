/**
 * Company names in a call text. Strongest first: a Russian legal form with its quoted name (`ООО «Ромашка»`,
 * nested quotes too) or an individual entrepreneur (`ИП Кузнецов Андрей`, whose name is also the person's);
 * a Latin legal form after or before the capitalised name (`Globex LLC`, `Initech, Inc.`, `SAS DataVert`);
 * a Russian quoted name (`из компании «Вектор»`, `клиники «Здоровье+»`, `из «Медиагруппы Восток»` put back in
 * the nominative); a capitalised name after a company word (`société`, `cabinet d'avocats`, `call to`); last, a
 * capitalised name after words that also introduce people (`from`, `at`, `de`). Each candidate has a rank and a
 * place; `pickCompany` takes the strongest that is not the caller's own name.
 */
import type { Language } from './language.js';
import { isRussianTitleWord } from './positions.js';
import { cueThen, NAME_WORD } from './text.js';

export interface FoundCompany {
  name: string;
  start: number;
  end: number;
  rank: number;
  /** The owner's name when the company is an individual entrepreneur (ИП). */
  person?: string;
}

const RU_FORMS = 'ООО|ОАО|ЗАО|ПАО|НАО|АО|НКО|АНО|ФГУП|ГУП|МУП|ТОО|ГК|НПО|НПП|ТД|ФГБУ|ГБУ|МБУ|МКУ';
const SUFFIX_FORMS = String.raw`SARL|SASU|SAS|SA|EURL|SNC|SCI|SCOP|LLC|L\.L\.C\.|LLP|PLLC|Inc\.?|Ltd\.?|Limited|Corp\.?|Corporation|GmbH|AG|PLC|plc|Pte\.?\s+Ltd\.?|Co\.|BV|B\.V\.|NV|S\.A\.|S\.p\.A\.|SpA`;
const PREFIX_FORMS = 'SARL|SASU|SAS|EURL|SNC|SCI|SCOP';

/** A word of a company name: capitalised or an acronym, with inner capitals, digits, apostrophes, hyphens. */
const WORD = String.raw`(?:\p{Lu}[\p{L}\p{N}'’-]*|\d+\p{L}[\p{L}\p{N}-]*)`;
const JOIN = String.raw`(?:\s+(?:&|and|de|du|des|of|la|le|les|et)\s+|\s+)`;
const RUN = `${WORD}(?:${JOIN}${WORD}){0,4}`;

/** Capitalised words that start a sentence or a role, never a company's name. */
const NOT_A_NAME = new Set(
  `i i'm we je я мы hi hello this the call notes note client contact caller meeting inbound quick voicemail good mr mrs ms dr m mme mlle
  cto ceo cfo coo cio cmo cdo vp head chief dsi drh daf pdg dg bonjour allô appel ici compte rendu interlocuteur
  january february march april may june july august september october november december monday tuesday wednesday
  thursday friday saturday sunday`.split(/\s+/),
);
const CONNECTORS = new Set(['&', 'and', 'de', 'du', 'des', 'of', 'la', 'le', 'les', 'et']);

/** Drops leading words that are a role, greeting or connector (`CTO of Skynet Robotics` → `Skynet Robotics`). */
function trimLeading(words: string[]): string[] {
  let i = 0;
  while (
    i < words.length &&
    (NOT_A_NAME.has(words[i]!.toLowerCase().replace(/\.$/, '')) || CONNECTORS.has(words[i]!))
  )
    i++;
  return words.slice(i);
}

/** The end of a balanced «…» (or "…", “…”) quotation starting at `from`, or -1. */
function quoteEnd(text: string, from: number): number {
  const open = text[from];
  if (open === '«') {
    let depth = 0;
    for (let i = from; i < text.length; i++) {
      if (text[i] === '«') depth++;
      else if (text[i] === '»' && --depth === 0) return i + 1;
    }
    return -1;
  }
  const close = open === '“' ? '”' : open === '„' ? '“' : '"';
  const end = text.indexOf(close, from + 1);
  return end > from + 1 ? end + 1 : -1;
}

/** A genitive company word back in the nominative: `Медиагруппы` → `Медиагруппа`, `Снабжения` → `Снабжение`. */
const GENITIVE_ENDINGS: [RegExp, string][] = [
  [/([еa])ния$/u, '$1ние'],
  [/ании$/u, 'ания'],
  [/([кгхжшчщ])и$/u, '$1а'],
  [/([^аеёиоуыэюя])ы$/u, '$1а'],
  [/([аеоу])я$/u, '$1й'],
  [/([бвдзлмнпрстфц])а$/u, '$1'],
];

function nominativeOf(word: string): string {
  return word
    .split('-')
    .map((part) => {
      const rule = GENITIVE_ENDINGS.find(([re]) => re.test(part));
      return rule ? part.replace(rule[0], rule[1]) : part;
    })
    .join('-');
}

const RU_FORM_QUOTED = new RegExp(`(?<![\\p{L}])(${RU_FORMS})\\s*(?=[«"“„])`, 'gu');
const RU_FORM_NAMED = new RegExp(`(?<![\\p{L}])(${RU_FORMS})\\s+(${NAME_WORD}(?:\\s+${NAME_WORD})?)`, 'gu');
const RU_FORM_BEFORE = new RegExp(`(?:${RU_FORMS})\\s*$`, 'u');
const ENTREPRENEUR = new RegExp(`(?<![\\p{L}])ИП\\s+(${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})`, 'gu');

function russianForms(text: string, out: FoundCompany[]) {
  for (const m of text.matchAll(RU_FORM_QUOTED)) {
    const q = m.index + m[0].length;
    const end = quoteEnd(text, q);
    if (end > 0) out.push({ name: `${m[1]} ${text.slice(q, end)}`, start: m.index, end, rank: 1 });
  }
  for (const m of text.matchAll(RU_FORM_NAMED))
    out.push({ name: `${m[1]} ${m[2]}`, start: m.index, end: m.index + m[0].length, rank: 1 });
  for (const m of text.matchAll(ENTREPRENEUR))
    out.push({ name: `ИП ${m[1]}`, start: m.index, end: m.index + m[0].length, rank: 1, person: m[1]! });
}

const LATIN_FORM = new RegExp(`(?<![\\p{L}])(?:${SUFFIX_FORMS})(?![\\p{L}])`, 'gu');
const NAME_BEFORE_FORM = new RegExp(`(${RUN})((?:\\s+&)?,?\\s+)$`, 'u');
const PREFIX_FORM = new RegExp(`^(?:${PREFIX_FORMS})$`, 'u');
const NAME_AFTER_FORM = new RegExp(`^\\s+(${RUN})`, 'u');

function latinForms(text: string, out: FoundCompany[]) {
  for (const m of text.matchAll(LATIN_FORM)) {
    const form = m[0];
    const head = NAME_BEFORE_FORM.exec(text.slice(Math.max(0, m.index - 120), m.index));
    const words = head ? trimLeading(head[1]!.split(/\s+/)) : [];
    if (words.length > 0) {
      const join = head![2]!.includes('&') ? ' & ' : head![2]!.startsWith(',') ? ', ' : ' ';
      const name = `${words.join(' ')}${join}${form}`;
      out.push({
        name,
        start: m.index - words.join(' ').length - head![2]!.length,
        end: m.index + form.length,
        rank: 2,
      });
      continue;
    }
    if (!PREFIX_FORM.test(form)) continue;
    const tail = NAME_AFTER_FORM.exec(text.slice(m.index + form.length));
    if (tail) {
      const end = m.index + form.length + tail[0].length;
      out.push({ name: `${form} ${tail[1]}`, start: m.index, end, rank: 2 });
    }
  }
}

/** A Russian name in quotes is an organisation's: after a company word as it is, after `из`/`от` in the genitive. */
function russianQuoted(text: string, out: FoundCompany[]) {
  const cue = /(?:компани[яиюей]|фирм[аыуе]|организаци[яиюей]|предприяти[ея]|клиент)\s*[:—–-]?\s*$/iu;
  const genitive = /(?:^|\s)(?:из|от|у|для)\s+$/iu;
  for (const m of text.matchAll(/[«"“„]/gu)) {
    const end = quoteEnd(text, m.index);
    if (end < 0) continue;
    const inner = text.slice(m.index + 1, end - 1);
    if (!/^\p{Lu}/u.test(inner) || inner.length > 60) continue;
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    if (RU_FORM_BEFORE.test(before)) continue;
    const named = cue.test(before);
    const words = inner.split(' ');
    // After a preposition or a title (`директор «Геостроя»`) the name is in the genitive.
    const titleBefore = /(\p{L}+)\s*$/u.exec(before)?.[1];
    if (!named && (genitive.test(before) || (titleBefore && isRussianTitleWord(titleBefore))))
      words[0] = nominativeOf(words[0]!);
    out.push({ name: words.join(' '), start: m.index, end, rank: 3 });
  }
}

/** Words that introduce a company (rank 4), and ones that introduce a company or a person (rank 5). */
const COMPANY_CUES =
  'chez|de chez|société|cabinet|groupe|start-up|startup|entreprise|agence|association|fondation|company|компания|компании|фирма|call to|appel vers|appel sortant vers|appel à';
const SHARED_CUES = 'from|at|on behalf of';
/** Cue words that are also the first word of the name when capitalised (`Groupe Soleil`, `Cabinet Roche`). */
const NAME_NOUNS = /^(?:Groupe|Cabinet|Agence|Association|Fondation|Maison|Société)$/u;
const INTRO = new RegExp(`(?<![\\p{L}])(?:(${COMPANY_CUES})|${SHARED_CUES})\\s*:?\\s+`, 'giu');
/** What follows a cue, case-sensitive: the name's words must really be capitalised; `cabinet d'avocats X`. */
const INTRO_NAME = new RegExp(`(?:(?:d['’]|de\\s+)\\p{Ll}+\\s+|l['’]|the\\s+)?(${RUN})`, 'uy');
/** A company named right after a person or a title: `Julie de Bloom Studio`, `IT manager, Harbor Partners`. */
const FOLLOWING = new RegExp(
  `^\\s*(?:,\\s*|\\(\\s*|\\s+(?:de|from|at|of|with|chez|из)\\s+)(?:l['’]|the\\s+)?(${RUN})`,
  'u',
);
/**
 * Names ending in an organisation word (`Westfield Council`, `Glenmore Institute`) or starting with one in French
 * (`Pharmacie Robin`, `Office de Tourisme de Nice`).
 */
const ORG_SUFFIX = new RegExp(
  `(?<![\\p{L}])(${WORD}(?:\\s+${WORD}){0,3})\\s+(?:Council|Institute|University|Foundation|Association|Agency|Group|Partners|Clinic|Hospital|Studios?|Labs?|Bank)(?![\\p{L}])`,
  'gu',
);
const ORG_PREFIX = new RegExp(
  `(?<![\\p{L}])(?:Office|Pharmacie|Clinique|Institut|Université|Centre|Conseil|Région|Département|Hôtel|Restaurant|Boulangerie|Garage|Laboratoire)(?:\\s+(?:de|du|des|de la|d['’])?\\s*${WORD}){1,4}`,
  'gu',
);

function pushNamed(out: FoundCompany[], raw: string, at: number, rank: number) {
  const words = trimLeading(raw.split(/\s+/));
  while (words.length > 0 && CONNECTORS.has(words.at(-1)!)) words.pop();
  if (words.length === 0 || !/^\p{Lu}/u.test(words[0]!)) return;
  const name = words.join(' ');
  const start = at + raw.indexOf(words[0]!);
  out.push({ name, start, end: start + name.length, rank });
}

/** The company named right after `index` (the end of a person's name or of a job title), if any. */
export function companyAfter(text: string, index: number): FoundCompany | undefined {
  const m = FOLLOWING.exec(text.slice(index));
  if (!m) return undefined;
  const out: FoundCompany[] = [];
  pushNamed(out, m[1]!, index + m[0].length - m[1]!.length, 5);
  return out[0];
}

/** Public bodies named by their place: `mairie de Saint-Aubin`, `City of Springfield`. */
const PLACE =
  /(?<![\p{L}])(?:mairie|commune|ville|clinique|hôpital|université|city|town|county|university)\s+(?:de\s+|d['’]|of\s+)/giu;
const PLACE_NAME = /\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)?/uy;

function introducedNames(text: string, out: FoundCompany[]) {
  for (const { cue, follow, at } of cueThen(text, INTRO, INTRO_NAME)) {
    const run = follow[1]!;
    const end = at + follow[0].length;
    const own = cue[1] && NAME_NOUNS.test(cue[1]) ? cue[1] : undefined;
    if (own) out.push({ name: `${own} ${run}`, start: cue.index, end, rank: 4 });
    else pushNamed(out, run, end - run.length, cue[1] ? 4 : 5);
  }
  for (const m of text.matchAll(ORG_SUFFIX)) pushNamed(out, m[0], m.index, 3);
  for (const m of text.matchAll(ORG_PREFIX))
    out.push({ name: m[0], start: m.index, end: m.index + m[0].length, rank: 3 });
  for (const { cue, follow, at } of cueThen(text, PLACE, PLACE_NAME))
    out.push({ name: cue[0] + follow[0], start: cue.index, end: at + follow[0].length, rank: 4 });
}

/** Every company candidate in `text`. */
export function findCompanies(text: string, language: Language): FoundCompany[] {
  const out: FoundCompany[] = [];
  russianForms(text, out);
  latinForms(text, out);
  if (language === 'ru') russianQuoted(text, out);
  introducedNames(text, out);
  return out;
}

/**
 * The strongest candidate (earliest among equals) that does not overlap the caller's name, unless it is the
 * caller's own business (ИП).
 */
export function pickCompany(
  found: readonly FoundCompany[],
  personSpan?: { start: number; end: number },
): FoundCompany | undefined {
  const free = found.filter(
    (c) => !personSpan || c.person || c.end <= personSpan.start || c.start >= personSpan.end,
  );
  return free.sort((a, b) => a.rank - b.rank || a.start - b.start)[0];
}
