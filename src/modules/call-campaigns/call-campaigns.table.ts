import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface CallCampaignsTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  archivedAt: string | null;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  /** Raised by every change of the campaign (`platform/db/versioned.ts`). */
  version: Generated<number>;
}
export type CallCampaignRow = Selectable<CallCampaignsTable>;

/** What is stored; `in_progress` is shown while a lock is held. */
export const STORED_TARGET_STATES = ['pending', 'callback', 'done'] as const;
export type StoredTargetState = (typeof STORED_TARGET_STATES)[number];
export const TARGET_STATES = ['pending', 'in_progress', 'callback', 'done'] as const;
export type TargetState = (typeof TARGET_STATES)[number];

export interface CampaignTargetsTable {
  id: Generated<number>;
  campaignId: number;
  companyId: number;
  state: StoredTargetState;
  callbackAt: string | null;
  lockUserId: number | null;
  lockExpiresAt: string | null;
  callsCount: Generated<number>;
  lastCallAt: string | null;
  createdAt: string;
  updatedAt: string;
  /**
   * Raised when what a call form is based on changes: state, callback, calls, campaign, company. Taking,
   * keeping and releasing the lock leave it alone, or every heartbeat would make the open form stale.
   */
  version: Generated<number>;
}
export type CampaignTargetRow = Selectable<CampaignTargetsTable>;
export type NewCampaignTargetRow = Insertable<CampaignTargetsTable>;
export type CampaignTargetRowUpdate = Updateable<CampaignTargetsTable>;

/** Targets per campaign and stored state, kept by database triggers (read-only for the app). */
export interface CampaignTargetCountsTable {
  campaignId: number;
  state: StoredTargetState;
  n: number;
}

declare module '../../database.js' {
  interface Database {
    callCampaigns: CallCampaignsTable;
    campaignTargets: CampaignTargetsTable;
    campaignTargetCounts: CampaignTargetCountsTable;
  }
}
