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
}
export type ActivityRow = Selectable<ActivityLogTable>;
export type NewActivityRow = Insertable<ActivityLogTable>;
/** A log entry to write, every column given. */
export type ActivityEntry = Required<Omit<NewActivityRow, 'id'>>;
