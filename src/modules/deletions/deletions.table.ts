import type { Generated, Insertable, Selectable } from 'kysely';

/** A deletion kept for undo (migration 0017). */
export interface DeletionsTable {
  id: Generated<number>;
  /** What was deleted: `contacts`. */
  entityType: string;
  actorId: number | null;
  /** JSON: how many of each kind went. */
  counts: string;
  /** JSON: the rows removed, as their module reads and writes them back. */
  payload: string;
  createdAt: string;
  expiresAt: string;
  restoredAt: string | null;
}
export type DeletionRow = Selectable<DeletionsTable>;
export type NewDeletionRow = Insertable<DeletionsTable>;

declare module '../../database.js' {
  interface Database {
    deletions: DeletionsTable;
  }
}
