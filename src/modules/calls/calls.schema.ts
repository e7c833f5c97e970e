import { z } from 'zod';
import { instant as isoInstant, recordId } from '../../platform/fields.js';
import { type CountryCode, phoneField } from '../../platform/phones.js';
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

/**
 * A call logged (or edited) by hand: seed 000's "touch". `called_at` is local time in the app's zone or ISO. The
 * service requires a company name unless a contact or a company is linked.
 */
export const CallLogBody = z.object({
  company_name: z
    .string()
    .trim()
    .max(200)
    .default('')
    .describe('Required unless the call names a contact or a company (whose name it then takes)'),
  phone: z
    .string()
    .max(40)
    .default('')
    .describe('Any common notation (without +: dialled in DEFAULT_COUNTRY); stored as E.164'),
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
export type CallLogBody = z.infer<typeof CallLogBody>;

/**
 * `CallLogBody` as the service reads it: the phone as dialled in `country`, stored E.164 (`storedPhone`, the
 * call's phone now, is kept as it is unless changed).
 */
export const callLogBody = (country: CountryCode, storedPhone?: string) => {
  if (storedPhone !== undefined) return withPhone(country, storedPhone);
  let schema = callBodies.get(country);
  if (!schema) {
    schema = withPhone(country);
    callBodies.set(country, schema);
  }
  return schema;
};
const withPhone = (country: CountryCode, storedPhone?: string) =>
  CallLogBody.extend({ phone: phoneField(country, storedPhone).default('') });
const callBodies = new Map<CountryCode, ReturnType<typeof withPhone>>();

const level = z.preprocess((v) => (v === null ? '' : v), z.enum(['', ...LEVELS]).default(''));
const instant = z.preprocess((v) => (v === '' || v === null ? undefined : v), isoInstant.optional());

/**
 * The guided call form (seed 004). `recording` says whether the microphone was started (`mic`) or the
 * operator chose to go on without (`none`); the seed's rules are checked in the service so every transport
 * gets its messages.
 */
export const CampaignCallBody = z.object({
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
export type CampaignCallBody = z.infer<typeof CampaignCallBody>;

export type SurveyStatus = 'incomplete' | 'partial' | 'complete';

/** Seed 004: not accepted → Incomplet; accepted with all three levels complete → Complet; else Partiel. */
export function surveyStatus(
  c: Pick<CallRow, 'callStatus' | 'presentationLevel' | 'freeQuestionsLevel' | 'guidedQuestionsLevel'>,
): SurveyStatus {
  if (c.callStatus !== 'accepted') return 'incomplete';
  return [c.presentationLevel, c.freeQuestionsLevel, c.guidedQuestionsLevel].every((l) => l === 'complete')
    ? 'complete'
    : 'partial';
}

/** Seed 004's scoring: accepted with all three levels filled → 2 points; any other call → 1. */
export const callPoints = (
  c: Pick<CallRow, 'callStatus' | 'presentationLevel' | 'freeQuestionsLevel' | 'guidedQuestionsLevel'>,
) =>
  c.callStatus === 'accepted' && c.presentationLevel && c.freeQuestionsLevel && c.guidedQuestionsLevel
    ? 2
    : 1;

/* ---------- API ---------- */

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

export type CallWithNames = CallRow & {
  operatorFirstName: string | null;
  operatorLastName: string | null;
  operatorUsername: string | null;
  recordingId: number | null;
  recordingMime: string | null;
  recordingDurationMs: number | null;
  recordingSize: number | null;
};

export const operatorName = (c: CallWithNames) =>
  c.operatorUsername === null
    ? null
    : [c.operatorFirstName, c.operatorLastName].filter(Boolean).join(' ') || c.operatorUsername;

export const recordingUrl = (callId: number) => `/api/v1/calls/${callId}/recording`;

export const toCallResponse = (c: CallWithNames): z.infer<typeof CallResponse> => ({
  id: c.id,
  source: c.source,
  user_id: c.userId,
  operator: operatorName(c),
  campaign_id: c.campaignId,
  target_id: c.targetId,
  company_id: c.companyId,
  contact_id: c.contactId,
  number_status: c.numberStatus,
  call_status: c.callStatus,
  presentation_level: c.presentationLevel,
  free_questions_level: c.freeQuestionsLevel,
  guided_questions_level: c.guidedQuestionsLevel,
  survey_status: surveyStatus(c),
  callback_at: c.callbackAt,
  company_name: c.companyName,
  phone: c.phone,
  person_name: c.personName,
  position: c.position,
  responsibility: c.responsibility,
  description: c.description,
  data_type: c.dataType,
  amount: c.amount,
  price_per_month: c.pricePerMonthCents === null ? null : formatMoney(c.pricePerMonthCents),
  price_per_file: c.pricePerFileCents === null ? null : formatMoney(c.pricePerFileCents),
  lead_result: c.leadResult,
  fail_reason: c.failReason,
  area: c.area,
  next_step: c.nextStep,
  called_at: c.calledAt,
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
