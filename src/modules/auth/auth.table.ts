import type { Selectable } from 'kysely';

export interface SessionsTable {
  /** sha256 of the cookie value: a stolen database does not yield live sessions. */
  id: string;
  userId: number;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
}
export interface RefreshTokensTable {
  jti: string;
  userId: number;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}
export type SessionRow = Selectable<SessionsTable>;
