import type { Generated } from 'kysely';

/** The embedded driver's queue (see embedded.ts). */
export interface JobsTable {
  id: Generated<number>;
  name: string;
  payload: string;
  state: string;
  attempts: number;
  maxAttempts: number;
  timeoutSeconds: number;
  runAt: string;
  lockedUntil: string | null;
  dedupeKey: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
