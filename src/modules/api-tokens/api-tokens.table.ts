import type { Generated, Selectable } from 'kysely';

export interface ApiTokensTable {
  id: Generated<number>;
  userId: number;
  name: string;
  kind: 'personal' | 'integration';
  /** sha256 of the token; the token itself is shown once and never stored. */
  tokenHash: string;
  tokenPrefix: string;
  /** JSON array of ApiScope. */
  scopes: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}
export type ApiTokenRow = Selectable<ApiTokensTable>;

declare module '../../database.js' {
  interface Database {
    apiTokens: ApiTokensTable;
  }
}
