/**
 * The call log's contract: what logging and changing a call take, the list's filters (one vocabulary for the
 * pages and /api/v1, the pages' short names kept as aliases), and what a call looks like in the API — with the
 * one mapping of a call's logged fields that the API, the form and the change history share.
 */
import { z } from 'zod';
import { instant as isoInstant, recordId } from '../../platform/fields.js';
import { QueryDate, QueryId } from '../../platform/http/api.js';
import { type Query, queryDate, queryEnum, queryInt, queryString } from '../../platform/http/query.js';
import { type CountryCode, normalisePhone } from '../../platform/phones.js';
import { formatMoney, money } from '../orders/internal.js';
import {
  CALL_SOURCES,
  CALL_STATUSES,
  type CallRow,
  LEAD_RESULTS,
  LEVELS,
  NUMBER_STATUSES,
  type RecordingRow,
} from './calls.table.js';

const text = (max: number) => z.string().trim().max(max).default('');
const optionalId = z.preprocess((v) => (v === '' || v === null ? undefined : v), recordId.optional());
const optionalMoney = z.preprocess((v) => (v === '' || v === null ? undefined : v), money.optional());
const PHONE = 'Any common notation (without +: dialled in DEFAULT_COUNTRY); stored as E.164';

/**
 * A call logged (or edited) by hand: seed 000's "touch". `called_at` is local time in the app's zone or ISO. A
 * company name is required unless a contact or a company is linked (whose name it then takes).
 */
export const CallLogInput = z.object({
  company_name: z
    .string()
    .trim()
    .max(200)
    .default('')
    .describe('Required unless the call names a contact or a company (whose name it then takes)'),
  phone: z.string().trim().max(40).default('').describe(PHONE),
  person_name: text(200),
  position: text(200),
  responsibility: text(200),
  description: text(5000),
  data_type: text(200),
  amount: text(100),
  price_per_month: optionalMoney,
  price_per_file: optionalMoney,
  lead_result: z.enum(LEAD_RESULTS).default('none'),
  fail_reason: text(500),
  area: text(200),
  next_step: text(1000),
  called_at: z.string().trim().max(40).optional(),
  contact_id: optionalId,
  company_id: optionalId,
});
export type CallLogInput = z.infer<typeof CallLogInput>;

type WithoutDefaults<S extends z.ZodRawShape> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer I extends z.ZodType> ? I : S[K]>;
};
/**
 * A change of a call: only the fields sent (their defaults are documented, never filled in, so a field left out
 * keeps its value).
 */
export const CallLogPatch = z.object(
  Object.fromEntries(
    Object.entries(CallLogInput.shape).map(([key, field]) => [
      key,
      field instanceof z.ZodDefault
        ? field.unwrap().optional().meta({ default: field.def.defaultValue, description: field.description })
        : field.optional(),
    ]),
  ) as WithoutDefaults<typeof CallLogInput.shape>,
);
export type CallLogPatch = z.infer<typeof CallLogPatch>;

/**
 * A phone as the app stores it: any common notation in `country`, E.164 after; `stored` (the call's phone now,
 * which may predate the rule) is kept as it is.
 */
export function checkPhone(phone: string, country: CountryCode, stored?: string): string | null {
  if (phone === '' || phone === stored) return phone;
  return normalisePhone(phone, country);
}

const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';

/**
 * `CallLogInput` as a form or a client sends it in `country` (`stored`: the call's phone now): the phone checked
 * and stored E.164, and a company name required when the call names neither a contact nor a company — every
 * field's problem reported at once.
 */
export const callLogInput = (country: CountryCode, stored?: string) =>
  CallLogInput.extend({
    phone: CallLogInput.shape.phone.transform((v, issue) => {
      const phone = checkPhone(v, country, stored);
      if (phone === null) issue.addIssue({ code: 'custom', message: 'invalid_phone', input: v });
      return phone ?? v;
    }),
  }).refine((v) => !blank(v.company_name) || !blank(v.contact_id) || !blank(v.company_id), {
    message: 'required',
    path: ['company_name'],
    when: () => true,
  });

/* ---------- the campaign call form's outcome fields ---------- */

const level = z.preprocess((v) => (v === null ? '' : v), z.enum(['', ...LEVELS]).default(''));
const instant = z.preprocess((v) => (v === '' || v === null ? undefined : v), isoInstant.optional());

/**
 * The guided call form (seed 004). `recording` says whether the microphone was started (`mic`) or the
 * operator chose to go on without (`none`); the seed's rules are checked in the service so every transport
 * gets its messages.
 */
export const CampaignCallInput = z.object({
  recording: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['mic', 'none']).optional()),
  number_status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(NUMBER_STATUSES).optional()),
  call_status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(CALL_STATUSES).optional()),
  presentation_level: level,
  free_questions_level: level,
  guided_questions_level: level,
  callback_at: z.string().trim().max(40).optional(),
  person_name: text(200),
  description: text(5000),
  status_marked_at: instant,
  recording_started_at: instant,
  recording_stopped_at: instant,
});
export type CampaignCallInput = z.infer<typeof CampaignCallInput>;

export type SurveyStatus = 'incomplete' | 'partial' | 'complete';
type Levels = Pick<
  CallRow,
  'callStatus' | 'presentationLevel' | 'freeQuestionsLevel' | 'guidedQuestionsLevel'
>;

/** Seed 004: not accepted → Incomplet; accepted with all three levels complete → Complet; else Partiel. */
export function surveyStatus(c: Levels): SurveyStatus {
  if (c.callStatus !== 'accepted') return 'incomplete';
  return [c.presentationLevel, c.freeQuestionsLevel, c.guidedQuestionsLevel].every((l) => l === 'complete')
    ? 'complete'
    : 'partial';
}

/** Seed 004's scoring: accepted with all three levels filled → 2 points; any other call → 1. */
export const callPoints = (c: Levels) =>
  c.callStatus === 'accepted' && c.presentationLevel && c.freeQuestionsLevel && c.guidedQuestionsLevel
    ? 2
    : 1;

/* ---------- the list ---------- */

/** The call log's filters, as /api/v1 names them. */
export const CallListFilters = z.object({
  mine: z.coerce.boolean().optional().describe('Only the caller’s own calls'),
  user_id: QueryId.optional().describe('Calls of this operator'),
  from: QueryDate.optional().describe('yyyy-mm-dd, inclusive (UTC)'),
  to: QueryDate.optional().describe('yyyy-mm-dd, inclusive (UTC)'),
  lead_result: z.enum(LEAD_RESULTS).optional(),
  campaign_id: QueryId.optional(),
  area: z.string().max(200).optional(),
  search: z.string().max(200).optional().describe('Words over company, person, description, phone'),
});
export type CallListFilters = z.infer<typeof CallListFilters>;

/**
 * The same filters from a page's query string, forgiving of junk (junk means no filter): the API's names, or the
 * pages' short ones (`user`, `lead`, `campaign`, `q`; `mine=1`).
 */
export const callListFiltersOf = (q: Query): CallListFilters => ({
  mine: q.mine === '1',
  user_id: queryInt(q, 'user_id') ?? queryInt(q, 'user'),
  from: queryString(q, 'from', 10),
  to: queryString(q, 'to', 10),
  lead_result: queryEnum(q, 'lead_result', LEAD_RESULTS) ?? queryEnum(q, 'lead', LEAD_RESULTS),
  campaign_id: queryInt(q, 'campaign_id') ?? queryInt(q, 'campaign'),
  area: queryString(q, 'area'),
  search: queryString(q, 'search') ?? queryString(q, 'q'),
});

/** The filters as the service takes them; dates are days in `timeZone` (the reader's on pages, UTC in the API). */
export const callFilterOf = (q: CallListFilters, timeZone: string) => ({
  mine: q.mine,
  userId: q.mine ? undefined : q.user_id,
  from: queryDate(q, 'from', timeZone),
  to: queryDate(q, 'to', timeZone, true),
  leadResult: q.lead_result,
  campaignId: q.campaign_id,
  area: q.area,
  search: q.search,
});

/* ---------- responses ---------- */

export const RecordingResponse = z.object({
  id: z.number().int(),
  mime_type: z.string(),
  duration_seconds: z.number().nullable().describe('Measured from the stored file'),
  size: z.number().int(),
  url: z.string().describe('Streams the audio; honours Range for seeking'),
});

export const CallResponse = z
  .object({
    id: z.number().int(),
    source: z.enum(CALL_SOURCES),
    user_id: z.number().int().nullable(),
    operator: z.string().nullable(),
    campaign_id: z.number().int().nullable(),
    target_id: z.number().int().nullable(),
    company_id: z.number().int().nullable(),
    contact_id: z.number().int().nullable(),
    number_status: z.enum(NUMBER_STATUSES).nullable(),
    call_status: z.enum(CALL_STATUSES).nullable(),
    presentation_level: z.string(),
    free_questions_level: z.string(),
    guided_questions_level: z.string(),
    survey_status: z.enum(['incomplete', 'partial', 'complete']),
    callback_at: z.string().nullable(),
    company_name: z.string(),
    phone: z.string(),
    person_name: z.string(),
    position: z.string(),
    responsibility: z.string(),
    description: z.string(),
    data_type: z.string(),
    amount: z.string(),
    price_per_month: z.string().nullable(),
    price_per_file: z.string().nullable(),
    lead_result: z.enum(LEAD_RESULTS),
    fail_reason: z.string(),
    area: z.string(),
    next_step: z.string(),
    called_at: z.string(),
    status_marked_at: z.string().nullable(),
    recording_started_at: z.string().nullable(),
    recording_stopped_at: z.string().nullable(),
    recording: RecordingResponse.nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Call' });
export type CallResponse = z.infer<typeof CallResponse>;

export type CallWithNames = CallRow & {
  operatorFirstName: string | null;
  operatorLastName: string | null;
  operatorUsername: string | null;
  recordingId: number | null;
  recordingMime: string | null;
  recordingDurationMs: number | null;
  recordingSize: number | null;
};

export const operatorName = (
  c: Pick<CallWithNames, 'operatorFirstName' | 'operatorLastName' | 'operatorUsername'>,
) =>
  c.operatorUsername === null
    ? null
    : [c.operatorFirstName, c.operatorLastName].filter(Boolean).join(' ') || c.operatorUsername;

export const recordingUrl = (callId: number) => `/api/v1/calls/${callId}/recording`;

export const moneyOrNone = (cents: number | null) => (cents === null ? null : formatMoney(cents));

/**
 * A call's logged fields as the API, the form and the change history name them (money as "1500.50", none as
 * null): the one mapping of these columns to their names.
 */
export const callLogFields = (c: CallRow) => ({
  company_name: c.companyName,
  phone: c.phone,
  person_name: c.personName,
  position: c.position,
  responsibility: c.responsibility,
  description: c.description,
  data_type: c.dataType,
  amount: c.amount,
  price_per_month: moneyOrNone(c.pricePerMonthCents),
  price_per_file: moneyOrNone(c.pricePerFileCents),
  lead_result: c.leadResult,
  fail_reason: c.failReason,
  area: c.area,
  next_step: c.nextStep,
  called_at: c.calledAt,
  contact_id: c.contactId,
  company_id: c.companyId,
});

/** A call's logged fields as its edit form shows them (nothing as ''). */
export const callLogValues = (c: CallRow): Record<string, string | number> => {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(callLogFields(c))) values[name] = value ?? '';
  return values;
};

export const toCallResponse = (c: CallWithNames): CallResponse => ({
  id: c.id,
  source: c.source,
  user_id: c.userId,
  operator: operatorName(c),
  campaign_id: c.campaignId,
  target_id: c.targetId,
  number_status: c.numberStatus,
  call_status: c.callStatus,
  presentation_level: c.presentationLevel,
  free_questions_level: c.freeQuestionsLevel,
  guided_questions_level: c.guidedQuestionsLevel,
  survey_status: surveyStatus(c),
  callback_at: c.callbackAt,
  ...callLogFields(c),
  status_marked_at: c.statusMarkedAt,
  recording_started_at: c.recordingStartedAt,
  recording_stopped_at: c.recordingStoppedAt,
  recording:
    c.recordingId === null
      ? null
      : {
          id: c.recordingId,
          mime_type: c.recordingMime ?? 'audio/webm',
          duration_seconds: c.recordingDurationMs === null ? null : c.recordingDurationMs / 1000,
          size: c.recordingSize ?? 0,
          url: recordingUrl(c.id),
        },
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

export type { RecordingRow };
