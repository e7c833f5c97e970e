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
/** Failed sign-ins of one account or unknown name (see migration 0011). */
export interface SignInGuardsTable {
  key: string;
  failures: number;
  lockedUntil: string | null;
  updatedAt: string;
}
export type SessionRow = Selectable<SessionsTable>;

declare module '../../database.js' {
  interface Database {
    sessions: SessionsTable;
    refreshTokens: RefreshTokensTable;
    signInGuards: SignInGuardsTable;
  }
}
