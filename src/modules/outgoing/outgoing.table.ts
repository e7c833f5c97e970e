import type { Generated, Selectable } from 'kysely';

/** One try of one request to an external service. */
export interface HttpAttemptsTable {
  id: Generated<number>;
  purpose: string;
  method: string;
  url: string;
  /** HTTP status, or null when no answer came (timeout, refused connection). */
  status: number | null;
  durationMs: number;
  error: string | null;
  attempt: number;
  jobId: string | null;
  createdAt: string;
}
export type HttpAttemptRow = Selectable<HttpAttemptsTable>;

declare module '../../database.js' {
  interface Database {
    httpAttempts: HttpAttemptsTable;
  }
}
