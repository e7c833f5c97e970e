/**
 * Job titles in a call text, as written: `главный бухгалтер`, `руководитель отдела закупок`, `HR-директор`,
 * `directrice commerciale`, `responsable des achats`, `head of procurement`, `Chief Data Officer`. A title is
 * found by its head word (nominative only, so `с руководителем` is not the caller's title), widened by the
 * words a language puts around it: adjectives before a Russian head, complements after Russian and French
 * heads, modifiers before an English head and `of …` after a few (`head of`, `VP of`).
 */
import type { Language } from './language.js';

export interface FoundPosition {
  title: string;
  start: number;
  end: number;
}

const RU_HEADS = new Set(
  `директор руководитель менеджер бухгалтер аналитик юрист юрисконсульт секретарь инженер начальник заместитель
  специалист администратор владелец основатель учредитель помощник ассистент экономист маркетолог программист
  разработчик председатель президент консультант закупщик снабженец технолог логист рекрутер эколог журналист
  редактор дизайнер продюсер исследователь преподаватель врач архитектор агент представитель супервайзер
  координатор оператор кассир товаровед главбух фотограф заведующий заведующая ceo cto cfo coo cio cmo`.split(
    /\s+/,
  ),
);
const FR_HEADS = new Set(
  `directeur directrice responsable gérant gérante assistant assistante comptable acheteur acheteuse chef cheffe
  chargé chargée président présidente fondateur fondatrice cofondateur cofondatrice ingénieur ingénieure juriste
  avocat avocate secrétaire consultant consultante analyste stagiaire technicien technicienne adjoint adjointe
  journaliste rédacteur rédactrice designer producteur productrice chercheur chercheuse professeur médecin
  architecte agent représentant représentante coordinateur coordinatrice superviseur opérateur opératrice délégué
  déléguée trésorier trésorière vendeur vendeuse associé associée étudiant étudiante photographe dsi drh daf pdg dg
  ceo cto cfo coo`.split(/\s+/),
);
const EN_HEADS = new Set(
  `director manager officer head vp president founder co-founder cofounder owner engineer lawyer attorney
  receptionist assistant lead analyst accountant partner buyer consultant specialist coordinator administrator
  scientist developer secretary controller journalist editor writer designer producer researcher professor teacher
  architect agent representative executive supervisor technician clerk treasurer recruiter broker auditor
  economist marketer planner strategist physician nurse pharmacist paralegal counsel chair chairman chairwoman
  principal superintendent ceo cto cfo coo cio cmo cdo`.split(/\s+/),
);
/** Titles that are whole words of two: `data scientist` in French. */
const FR_PAIRS = new Set([
  'data scientist',
  'data analyst',
  'office manager',
  'product manager',
  'data engineer',
]);
/** English heads that take `of …` (`head of procurement`), and ones that need a modifier (`research lead`). */
const EN_OF = new Set(['head', 'vp', 'director', 'president', 'chief']);
const EN_NEEDS_MODIFIER = new Set(['lead', 'partner', 'head']);

const RU_STOP = new Set(
  `в во из с со на у к и а но да не что это от для компании компания организации фирмы который которая мы я он она`.split(
    /\s+/,
  ),
);
const FR_STOP = new Set(
  `chez pour à au aux dans ou qui que sur avec société groupe cabinet start-up startup mairie entreprise il elle on
  nous je est a pas souhaite veut demande m mme association fondation agence région ville commune`.split(
    /\s+/,
  ),
);
const EN_STOP = new Set(
  `the a an i i'm im is am are was were my our your his her their and or as with at of from to for in on here
  speaking this it's its that be been who he she we they you me us them please call`.split(/\s+/),
);
const LEGAL_FORMS =
  /^(?:ООО|ОАО|ЗАО|ПАО|АО|ИП|SARL|SAS|SASU|SA|EURL|SCI|SNC|LLC|LLP|PLLC|INC|LTD|GMBH|AG|PLC)$/;
/** Verb endings (`сказал`, `просит`, `хотят`): a title's complement is never a verb. */
const RU_VERB = /(?:ал|ала|али|ял|яла|яли|ил|ила|или|ет|ит|ют|ят|ать|ять|ить|еть|ться|тся|ешь|ишь)$/u;
const ACRONYM = /^\p{Lu}{2,4}$/u;

interface Token {
  word: string;
  start: number;
  end: number;
  /** Only spaces between this token and the previous one. */
  joined: boolean;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let lastEnd = -1;
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)) {
    out.push({
      word: m[0],
      start: m.index,
      end: m.index + m[0].length,
      joined: lastEnd >= 0 && /^ +$/.test(text.slice(lastEnd, m.index)),
    });
    lastEnd = m.index + m[0].length;
  }
  return out;
}

/** A Russian job title's head word in the nominative (`директор`, `офис-менеджер`, `HR-директор`, `CTO`). */
export const isRussianTitleWord = (word: string) =>
  word
    .toLowerCase()
    .split('-')
    .some((p) => RU_HEADS.has(p));

/** Starts lower-case and holds no capital after an elision (`d'études` yes, `d'Optimo` no). */
const isLower = (w: string) => /^\p{Ll}/u.test(w) && !/['’]\p{Lu}/u.test(w);
const span = (text: string, tokens: Token[], from: number, to: number): FoundPosition => {
  const start = tokens[from]!.start;
  const end = tokens[to]!.end;
  return { title: text.slice(start, end), start, end };
};

function russian(text: string, tokens: Token[], i: number): FoundPosition | undefined {
  const t = tokens[i]!;
  if (!isRussianTitleWord(t.word)) return undefined;
  const acronym = /^[A-Z]{2,3}$/.test(t.word);
  if (
    /^\p{Lu}/u.test(t.word) &&
    !acronym &&
    !/^[A-Z]{2,3}-/.test(t.word) &&
    !/:\s*$/.test(text.slice(0, t.start))
  )
    return undefined;
  if (acronym) return span(text, tokens, i, i);
  let from = i;
  while (from > i - 2 && from > 0 && tokens[from]!.joined) {
    const prev = tokens[from - 1]!.word;
    if (!isLower(prev) || !/(?:ый|ий|ой|ая|яя)$/u.test(prev)) break;
    from--;
  }
  let to = i;
  while (to < i + 3 && tokens[to + 1]?.joined) {
    const next = tokens[to + 1]!.word;
    const ok =
      (isLower(next) || /^[A-Z]{2,3}-\p{Ll}/u.test(next)) && !RU_STOP.has(next) && !RU_VERB.test(next);
    if (!ok) break;
    to++;
  }
  while (to > i && tokens[to]!.word === 'по') to--;
  return span(text, tokens, from, to);
}

function french(text: string, tokens: Token[], i: number): FoundPosition | undefined {
  const t = tokens[i]!;
  const next = tokens[i + 1];
  const pair = next?.joined && FR_PAIRS.has(`${t.word} ${next.word}`.toLowerCase());
  const acronym = ACRONYM.test(t.word) && FR_HEADS.has(t.word.toLowerCase());
  if (!pair && !acronym && !(isLower(t.word) && FR_HEADS.has(t.word))) return undefined;
  let to = pair ? i + 1 : i;
  const limit = to + 4;
  while (to < limit && tokens[to + 1]?.joined) {
    const w = tokens[to + 1]!.word;
    const ok =
      (isLower(w) && !FR_STOP.has(w.replace(/^[ld]['’]/u, ''))) || (ACRONYM.test(w) && !LEGAL_FORMS.test(w));
    if (!ok) break;
    to++;
  }
  while (to > i && /^(?:de|des|du|d|la|le|les|l|et|en)$/.test(tokens[to]!.word)) to--;
  return span(text, tokens, i, to);
}

function english(
  text: string,
  tokens: Token[],
  i: number,
  companyStarts: Set<number>,
): FoundPosition | undefined {
  const t = tokens[i]!;
  const head = t.word.toLowerCase();
  if (!EN_HEADS.has(head) && !(head === 'vice' && tokens[i + 1]?.word.toLowerCase() === 'president'))
    return undefined;
  const title = /^\p{Lu}/u.test(t.word);
  let from = i;
  while (from > i - 3 && from > 0 && tokens[from]!.joined) {
    const prev = tokens[from - 1]!.word;
    const ok =
      !EN_STOP.has(prev.toLowerCase()) &&
      !LEGAL_FORMS.test(prev.toUpperCase()) &&
      (isLower(prev) || ACRONYM.test(prev) || (title && /^\p{Lu}\p{Ll}+$/u.test(prev)));
    if (!ok || companyStarts.has(tokens[from - 1]!.start)) break;
    from--;
  }
  let to = head === 'vice' ? i + 1 : i;
  // `VP Engineering`, `Founder & CEO`: a department after VP, a second title after `&`.
  if (head === 'vp' && tokens[to + 1]?.joined && /^\p{Lu}\p{Ll}+$/u.test(tokens[to + 1]!.word)) to++;
  if (
    /^\s*&\s*$/.test(text.slice(tokens[to]!.end, tokens[to + 1]?.start)) &&
    EN_HEADS.has(tokens[to + 1]?.word.toLowerCase() ?? '')
  )
    to++;
  if (EN_OF.has(head) && tokens[to + 1]?.word.toLowerCase() === 'of' && tokens[to + 1]!.joined) {
    let k = to + 2;
    while (k <= to + 4 && tokens[k]?.joined && !EN_STOP.has(tokens[k]!.word.toLowerCase())) {
      if (companyStarts.has(tokens[k]!.start) || LEGAL_FORMS.test(tokens[k]!.word.toUpperCase())) break;
      k++;
    }
    if (k > to + 2) to = k - 1;
  }
  if (EN_NEEDS_MODIFIER.has(head) && from === i && to === i) return undefined;
  if (/^\s*:/.test(text.slice(tokens[to]!.end))) return undefined;
  return span(text, tokens, from, to);
}

/** Every job title in `text`; `companyStarts` (where company names begin) bounds an English title's words. */
export function findPositions(text: string, language: Language, companyStarts: Set<number>): FoundPosition[] {
  const tokens = tokenize(text);
  const out: FoundPosition[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const found =
      language === 'ru'
        ? russian(text, tokens, i)
        : language === 'fr'
          ? french(text, tokens, i)
          : english(text, tokens, i, companyStarts);
    if (found) {
      out.push(found);
      while (i + 1 < tokens.length && tokens[i + 1]!.start < found.end) i++;
    }
  }
  return out;
}
