import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export const NUMBER_STATUSES = ['invalid', 'no_answer', 'voicemail', 'answered'] as const;
export type NumberStatus = (typeof NUMBER_STATUSES)[number];
export const CALL_STATUSES = ['bad_number', 'not_transformer', 'callback', 'refused', 'accepted'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export const LEVELS = ['partial', 'complete'] as const;
export type Level = (typeof LEVELS)[number];
export const LEAD_RESULTS = ['success', 'fail', 'hesitant', 'none'] as const;
export type LeadResult = (typeof LEAD_RESULTS)[number];
export const CALL_SOURCES = ['campaign', 'manual', 'upload'] as const;
export type CallSource = (typeof CALL_SOURCES)[number];

export interface CallsTable {
  id: Generated<number>;
  userId: number | null;
  source: CallSource;
  campaignId: number | null;
  targetId: number | null;
  companyId: number | null;
  contactId: number | null;
  numberStatus: NumberStatus | null;
  callStatus: CallStatus | null;
  /** '' | partial | complete (seed 004's questionnaire levels; cleared unless accepted). */
  presentationLevel: Generated<string>;
  freeQuestionsLevel: Generated<string>;
  guidedQuestionsLevel: Generated<string>;
  callbackAt: string | null;
  companyName: Generated<string>;
  phone: Generated<string>;
  personName: Generated<string>;
  position: Generated<string>;
  responsibility: Generated<string>;
  description: Generated<string>;
  dataType: Generated<string>;
  amount: Generated<string>;
  pricePerMonthCents: number | null;
  pricePerFileCents: number | null;
  leadResult: Generated<LeadResult>;
  failReason: Generated<string>;
  area: Generated<string>;
  nextStep: Generated<string>;
  calledAt: string;
  statusMarkedAt: string | null;
  recordingStartedAt: string | null;
  recordingStoppedAt: string | null;
  searchText: string;
  createdAt: string;
  updatedAt: string;
  /** Raised by every change of the call's data, its recording included (`platform/db/versioned.ts`). */
  version: Generated<number>;
}
export type CallRow = Selectable<CallsTable>;
export type NewCallRow = Insertable<CallsTable>;
export type CallRowUpdate = Updateable<CallsTable>;

export interface RecordingsTable {
  id: Generated<number>;
  callId: number;
  fileId: number;
  mimeType: string;
  durationMs: number | null;
  size: number;
  createdAt: string;
}
export type RecordingRow = Selectable<RecordingsTable>;

declare module '../../database.js' {
  interface Database {
    calls: CallsTable;
    recordings: RecordingsTable;
  }
}
