/**
 * The next step agreed in a call (`перезвонить в пятницу`, `rappeler lundi`, `send the proposal next Tuesday`)
 * and its day. The step is the first sentence with an action word that names a day, else the last sentence with
 * an action word; its day comes from chrono-node's Russian, French or English parser, plus day-first numeric
 * dates (`16.03`) and English ordinals (`on the 20th`), which chrono leaves out. Phone numbers are blanked first
 * (`8 985 000 11 22 в среду` is no 22 o'clock). A vague time (`на следующей неделе`, `this week`) gives no date;
 * a weekday said on that same weekday means the next one.
 */
import * as chrono from 'chrono-node';
import { localTime } from '../../../platform/dates.js';
import type { Language } from './language.js';
import { anyOf, type Sentence } from './text.js';

export interface NextStep {
  text: string;
  /** The local day, YYYY-MM-DD, when the text names one. */
  date?: string;
  /** The local time, HH:MM, when the text names one. */
  time?: string;
}

export interface Clock {
  now: Date;
  timeZone: string;
}

/** Words of an action still to come. Past tenses (`перезвонил клиенту`, `a rappelé`) report what happened. */
const ACTIONS: Record<Language, RegExp> = {
  ru: anyOf(`
    перезвон(?!ил)
    позвон(?!ил)
    созвон
    набер
    отправ
    присл
    пришл
    выслать
    вышл
    встреч
    следующий (?:шаг|контакт)
    выстав(?:ить|им|лю)
    жду
    жд[её]м
    подготов
    соглас(?:овать|уем)
    решени
    повтор`),
  fr: anyOf(String.raw`
    (?<!\ba\s)rappel
    relanc
    r?envoy
    rendez-vous
    \brdv\b
    réunion
    prochaine étape
    prochain point
    se voir
    confirmer
    signer
    recevoir
    attend
    transmettre
    rencontr
    proposition
    un devis
    décid
    décision`),
  en: anyOf(String.raw`
    call(?:ing)? (?:me|him|her|them|us|back)
    call ?back(?! number)
    please call
    intro call
    check (?:again|back|in)\b
    \bnext\s*:
    deep[- ]dive
    do(?:n't| not) call
    (?:ring|phone) (?:me|him|her|them|us|back)
    give (?:me|us|him|her) a (?:call|ring)
    follow[- ]?up
    \b(?:re)?send\b
    e-?mail (?:me|us|him|her)\b
    please e-?mail
    \bmeet\b
    \ba meeting\b
    \bdemo\b
    \btalk\b
    \bspeak\b
    schedul
    kick-?off
    \bsign\b
    next step
    get back to
    try again
    \bproposal\b
    \bdecide
    \bdecision`),
};
const LABEL = /^(?:следующий шаг|next step|prochaine étape)\s*[:—–-]\s*/iu;
const PARSERS = { ru: chrono.ru, fr: chrono.fr, en: chrono.en };
const VAGUE =
  /(?<![\p{L}])(?:недел|месяц|дн(?:я|ей)|год|лет|час|(?:weeks?|months?|days?|years?|hours?|semaines?|mois|jours?|ans|heures?)(?![\p{L}]))/iu;
const TODAY =
  /today|tonight|this (?:morning|afternoon|evening)|aujourd|ce (?:matin|soir)|cet après-midi|сегодня/iu;
const WEEKDAY =
  /понедельн|вторник|сред[аус]|четверг|пятниц|суббот|воскресен|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday/iu;
const PHONE_LIKE = /\+?\(?\d[\d\s().-]{6,}\d/gu;
const DAY_FIRST = /(?<![\d.,])(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?(?![\d])/gu;
const ORDINAL = /\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b/giu;
/** `lundi 16`: a weekday with a day of the month and no month, which chrono leaves out. */
const WEEKDAY_DAY =
  /(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(\d{1,2})(?![\d./:h])(?!\s*(?:\p{L}))/giu;

interface Day {
  year: number;
  month: number;
  day: number;
  index: number;
  time?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: { year: number; month: number; day: number }) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

function today(clock: Clock) {
  const t = localTime(clock.now.toISOString(), clock.timeZone);
  const offset =
    (Date.UTC(t.year, Number(t.month) - 1, Number(t.day), Number(t.hour), Number(t.minute)) -
      Math.floor(clock.now.getTime() / 60_000) * 60_000) /
    60_000;
  return { year: t.year, month: Number(t.month), day: Number(t.day), offset };
}

/** Days a sentence names, in order of appearance. */
function daysIn(sentence: string, language: Language, clock: Clock): Day[] {
  const text = sentence.replace(PHONE_LIKE, (m) =>
    m.replace(/\D/g, '').length >= 9 ? ' '.repeat(m.length) : m,
  );
  const now = today(clock);
  const days: Day[] = [];
  const times: { index: number; time: string }[] = [];
  for (const r of PARSERS[language].parse(
    text,
    { instant: clock.now, timezone: now.offset },
    { forwardDate: true },
  )) {
    const s = r.start;
    const time = s.isCertain('hour') ? `${pad(s.get('hour')!)}:${pad(s.get('minute') ?? 0)}` : undefined;
    // A time alone (`в 10:00`, `morning`) names no day (unless it is today's: `this afternoon`); it may complete a
    // numeric date next to it.
    if (!s.isCertain('day') && !s.isCertain('weekday') && !TODAY.test(r.text)) {
      if (time) times.push({ index: r.index, time });
      continue;
    }
    if (VAGUE.test(r.text) && !WEEKDAY.test(r.text)) continue;
    const day: Day = { year: s.get('year')!, month: s.get('month')!, day: s.get('day')!, index: r.index };
    if (time) day.time = time;
    // "в среду" said on a Wednesday is next week's: today would be "сегодня".
    if (s.isCertain('weekday') && !s.isCertain('day') && iso(day) === iso(now)) {
      const next = new Date(Date.UTC(day.year, day.month - 1, day.day + 7));
      Object.assign(day, {
        year: next.getUTCFullYear(),
        month: next.getUTCMonth() + 1,
        day: next.getUTCDate(),
      });
    }
    days.push(day);
  }
  if (language !== 'en') {
    for (const m of text.matchAll(DAY_FIRST)) {
      const day = Number(m[1]);
      const month = Number(m[2]);
      const year = m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : now.year;
      if (day < 1 || day > 31 || month < 1 || month > 12) continue;
      const time = times.find((t) => t.index > m.index && t.index - m.index <= m[0].length + 4)?.time;
      days.push({ year, month, day, index: m.index, ...(time ? { time } : {}) });
    }
  }
  for (const m of text.matchAll(WEEKDAY_DAY)) {
    const day = Number(m[1]);
    const month = day >= now.day ? now.month : (now.month % 12) + 1;
    const year = month < now.month ? now.year + 1 : now.year;
    if (day >= 1 && day <= 31) days.push({ year, month, day, index: m.index });
  }
  if (language === 'en') {
    for (const m of text.matchAll(ORDINAL)) {
      const day = Number(m[1]);
      const month = day >= now.day ? now.month : (now.month % 12) + 1;
      const year = month < now.month ? now.year + 1 : now.year;
      if (day >= 1 && day <= 31) days.push({ year, month, day, index: m.index });
    }
  }
  return days.filter((d) => iso(d) >= iso(now)).sort((a, b) => a.index - b.index);
}

/** The next step of a call, or undefined when no sentence asks for one. */
export function findNextStep(
  sentences: readonly Sentence[],
  language: Language,
  clock: Clock,
): NextStep | undefined {
  const actions = sentences.filter((s) => ACTIONS[language].test(s.text));
  if (actions.length === 0) return undefined;
  for (const s of actions) {
    const days = daysIn(s.text, language, clock);
    const last = days.at(-1);
    if (last) return { text: stepText(s.text), date: iso(last), ...(last.time ? { time: last.time } : {}) };
  }
  return { text: stepText(actions.at(-1)!.text) };
}

const stepText = (sentence: string) => sentence.replace(LABEL, '').slice(0, 300);
