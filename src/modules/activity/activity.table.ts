import type { Generated, Insertable, Selectable } from 'kysely';

export interface ActivityLogTable {
  id: Generated<number>;
  actorId: number | null;
  action: string;
  entityType: string | null;
  entityId: number | null;
  summary: string;
  /** JSON object with what changed (never secrets). */
  details: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  /** The version of the entity this change produced (versioned rows only): what a stale form was not shown. */
  entityVersion: number | null;
}
export type ActivityRow = Selectable<ActivityLogTable>;
export type NewActivityRow = Insertable<ActivityLogTable>;
/** A log entry to write, every column given (but the entity's version, which only edits of versioned rows know). */
export type ActivityEntry = Required<Omit<NewActivityRow, 'id' | 'entityVersion'>> & {
  entityVersion?: number | null;
};

declare module '../../database.js' {
  interface Database {
    activityLog: ActivityLogTable;
  }
}
