import { z } from 'zod';
import { formatScore } from '../companies/companies.service.js';
import { TARGET_STATES } from './call-campaigns.table.js';

export const CampaignBody = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
});
export type CampaignBody = z.infer<typeof CampaignBody>;

export const CampaignResponse = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string(),
    archived: z.boolean(),
    targets: z.object({
      pending: z.number().int(),
      in_progress: z.number().int(),
      callback: z.number().int(),
      done: z.number().int(),
      total: z.number().int(),
    }),
    created_at: z.string(),
  })
  .meta({ id: 'CallCampaign' });

export const TargetResponse = z
  .object({
    id: z.number().int(),
    campaign_id: z.number().int(),
    state: z.enum(TARGET_STATES),
    callback_at: z.string().nullable(),
    locked_by: z
      .object({ user_id: z.number().int(), name: z.string(), until: z.string() })
      .nullable()
      .describe('Who is calling this target right now'),
    calls_count: z.number().int(),
    last_call_at: z.string().nullable(),
    company: z.object({
      id: z.number().int(),
      name: z.string(),
      phone: z.string(),
      product: z.string(),
      activity: z.string(),
      location: z.string(),
      legal_form: z.string(),
      niu: z.string(),
      validity_score: z.string().describe('One decimal, e.g. "7.3"'),
    }),
  })
  .meta({ id: 'CallTarget' });

export const LockResponse = z.object({
  target: TargetResponse,
  lock_expires_at: z.string(),
  heartbeat_seconds: z.number().int().describe('Send a heartbeat at least this often to keep the lock'),
});

export interface TargetView {
  id: number;
  campaignId: number;
  companyId: number;
  state: (typeof TARGET_STATES)[number];
  callbackAt: string | null;
  lockUserId: number | null;
  lockExpiresAt: string | null;
  callsCount: number;
  lastCallAt: string | null;
  holder: string | null;
  name: string;
  phone: string;
  product: string;
  activity: string;
  location: string;
  legalForm: string;
  niu: string;
  validityScoreTenths: number;
}

export const toTargetResponse = (t: TargetView): z.infer<typeof TargetResponse> => ({
  id: t.id,
  campaign_id: t.campaignId,
  state: t.state,
  callback_at: t.callbackAt,
  locked_by:
    t.state === 'in_progress' && t.lockUserId !== null && t.lockExpiresAt
      ? { user_id: t.lockUserId, name: t.holder ?? '', until: t.lockExpiresAt }
      : null,
  calls_count: t.callsCount,
  last_call_at: t.lastCallAt,
  company: {
    id: t.companyId,
    name: t.name,
    phone: t.phone,
    product: t.product,
    activity: t.activity,
    location: t.location,
    legal_form: t.legalForm,
    niu: t.niu,
    validity_score: formatScore(t.validityScoreTenths),
  },
});
