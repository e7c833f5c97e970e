/**
 * The call campaigns' contract: what creating and changing a campaign take, the queue's filters (one vocabulary
 * for the page and /api/v1, the page's `q` kept as an alias of `search`), and campaigns, targets and locks as the
 * API shows them, each with its one mapper.
 */
import { z } from 'zod';
import { PageQuery } from '../../platform/http/api.js';
import { pageRequest, type Query, queryEnum, queryString } from '../../platform/http/query.js';
import { formatScore } from '../companies/internal.js';
import type { CampaignSummary } from './call-campaigns.service.js';
import { TARGET_STATES } from './call-campaigns.table.js';

const name = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000);

export const CampaignInput = z.object({ name, description: description.default('') });
export type CampaignInput = z.infer<typeof CampaignInput>;

/** A change of a campaign: only the fields sent; `archived` moves it out of (or back into) the operators' list. */
export const CampaignPatch = z.object({
  name: name.optional(),
  description: description.optional().meta({ default: '' }),
  archived: z.boolean().optional(),
});
export type CampaignPatch = z.infer<typeof CampaignPatch>;

/** The campaigns list: active ones, or the archived. */
export const CampaignListQuery = z.object({ archived: z.coerce.boolean().default(false) });

/** The queue's filters and page, as /api/v1 names them. */
export const TargetListQuery = PageQuery.omit({ order: true }).extend({
  per_page: z.coerce.number().int().min(1).max(100).default(50),
  state: z.enum(TARGET_STATES).optional(),
  search: z.string().max(200).optional(),
});
export type TargetListQuery = z.infer<typeof TargetListQuery>;

/** The same from the queue page's query string, forgiving of junk (`q` is `search` there). */
export const targetListQueryOf = (q: Query): TargetListQuery => {
  const page = pageRequest(q, 50);
  return {
    page: page.page,
    per_page: page.perPage,
    state: queryEnum(q, 'state', TARGET_STATES),
    search: queryString(q, 'search') ?? queryString(q, 'q'),
  };
};

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

export const toCampaignResponse = (c: CampaignSummary): z.infer<typeof CampaignResponse> => ({
  id: c.id,
  name: c.name,
  description: c.description,
  archived: c.archivedAt !== null,
  targets: { ...c.counts },
  created_at: c.createdAt,
});

export const LockResponse = z.object({
  target: TargetResponse,
  lock_expires_at: z.string(),
  heartbeat_seconds: z.number().int().describe('Send a heartbeat at least this often to keep the lock'),
});

/** How often an open call form beats to keep its lock: a third of the lock's life, at least 5 s. */
export const heartbeatSeconds = (lockSeconds: number) => Math.max(5, Math.floor(lockSeconds / 3));

export const toLockResponse = (
  l: { target: TargetView; expiresAt: string },
  lockSeconds: number,
): z.infer<typeof LockResponse> => ({
  target: toTargetResponse(l.target),
  lock_expires_at: l.expiresAt,
  heartbeat_seconds: heartbeatSeconds(lockSeconds),
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
