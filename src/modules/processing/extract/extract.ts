/**
 * The built-in, offline field extractor for call texts (seed 000's processing): from a short transcript or typed
 * note in Russian, French or English it reads the call's company, person, position, phone, e-mail, amount,
 * monthly and per-file prices, next step with its day, request description and data type. Pure and fast (well
 * under a millisecond a text): no I/O, no model, only patterns, libphonenumber and chrono-node. A field it
 * cannot read is left out rather than guessed.
 */
import type { CountryCode } from '../../../platform/phones.js';
import { findMoney, type Money, pickMoney } from './amounts.js';
import { companyAfter, findCompanies, pickCompany } from './companies.js';
import { findEmails } from './emails.js';
import { detectLanguage, type Language } from './language.js';
import { findNextStep, type NextStep } from './next-step.js';
import { spellDigits } from './number-words.js';
import { findPeople, pickPerson } from './people.js';
import { DEFAULT_COUNTRY, findPhones, pickPhone } from './phones.js';
import { findPositions } from './positions.js';
import { type DataType, findDataType, findDescription } from './request.js';
import { blankOut, splitSentences } from './text.js';

export type { DataType, Language, Money, NextStep };

export interface ExtractOptions {
  /** The country a number without `+` is dialled in; by default the language's (ru → RU, fr → FR, en → none). */
  defaultCountry?: CountryCode;
  /** The moment of the call, for "tomorrow" and "on Friday" (default: now). */
  now?: Date;
  /** The IANA zone the caller's days are counted in (default UTC). */
  timeZone?: string;
  /** Skips language detection. */
  language?: Language;
}

export interface ExtractedFields {
  company?: string;
  person?: string;
  position?: string;
  /** E.164. */
  phone?: string;
  /** Lower case. */
  email?: string;
  /** The deal, budget or invoice sum. */
  amount?: Money;
  pricePerMonth?: Money;
  pricePerFile?: Money;
  nextStep?: NextStep;
  description?: string;
  dataType?: DataType;
}

export interface Extraction {
  language: Language;
  fields: ExtractedFields;
}

/** Reads the call's fields out of `text`; every field is optional. */
export function extractFields(text: string, options: ExtractOptions = {}): Extraction {
  const language = options.language ?? detectLanguage(text);
  const fields: ExtractedFields = {};

  // Phones, e-mails and sums are read where spoken numbers are written as digits.
  const spelled = spellDigits(text, language);
  const phones = findPhones(spelled, options.defaultCountry ?? DEFAULT_COUNTRY[language]);
  const phone = pickPhone(spelled, phones);
  if (phone) fields.phone = phone.phone;
  const emails = findEmails(spelled);
  if (emails[0]) fields.email = emails[0].email;
  const emailSpans = emails.map((e) => ({ start: e.start, end: e.start + e.email.length }));
  const money = pickMoney(findMoney(blankOut(spelled, [...phones, ...emailSpans]), language));
  if (money.amount) fields.amount = money.amount;
  if (money.pricePerMonth) fields.pricePerMonth = money.pricePerMonth;
  if (money.pricePerFile) fields.pricePerFile = money.pricePerFile;

  const companies = findCompanies(text, language);
  const companyStarts = new Set(companies.map((c) => c.start));
  const positions = findPositions(text, language, companyStarts);
  // Words inside a name that a legal form or a company word introduces belong to the company, not to a person.
  const blocked = companies.filter((c) => c.rank <= 4 && !c.person);
  const people = findPeople(text, language, positions, blocked, companyStarts);
  // An individual entrepreneur's company is their own name (ИП Кузнецов).
  for (const c of companies)
    if (c.person) people.push({ name: c.person, start: c.start + 3, end: c.end, strong: true });
  const person = pickPerson(people.sort((a, b) => a.start - b.start));
  if (person) fields.person = person.name;
  const titles = person?.position
    ? [...positions, person.position].sort((a, b) => a.start - b.start)
    : positions;
  if (titles[0]) fields.position = titles[0].title;
  // A company may also be named right after the caller's name or title (`Julie de Bloom Studio`).
  for (const at of [person?.end, titles[0]?.end]) {
    const next = at === undefined ? undefined : companyAfter(text, at);
    if (next) companies.push(next);
  }
  const company = pickCompany(companies, person);
  if (company) fields.company = company.name;

  const nextStep = findNextStep(splitSentences(spelled), language, {
    now: options.now ?? new Date(),
    timeZone: options.timeZone ?? 'UTC',
  });
  if (nextStep) fields.nextStep = nextStep;
  const description = findDescription(splitSentences(text), language);
  if (description) fields.description = description;
  const dataType = findDataType(text);
  if (dataType) fields.dataType = dataType;
  return { language, fields };
}
