/**
 * What authentication uses of API tokens WITHOUT an actor check (it runs before anyone is signed in): takes the
 * process's dependencies. The guarded operations are in api-tokens.service.ts.
 */
import type { Deps } from '../../deps.js';
import { sha256 } from '../../platform/auth/crypto.js';
import type { ApiScope } from '../../platform/auth/roles.js';
import { fromJson } from '../../platform/db/sql.js';
import * as tokensRepo from './api-tokens.repo.js';

export { TokensPanel } from './views/tokens-panel.js';

const USE_MARK_EVERY_MS = 60_000;

/** For authentication: the owner and scopes of a live token, or undefined. */
export async function verifyApiToken(deps: Deps, token: string) {
  const row = await tokensRepo.findByHash(deps.db, sha256(token));
  const now = deps.clock.now();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now.toISOString())) return undefined;
  if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > USE_MARK_EVERY_MS) {
    await tokensRepo.markUsed(deps.db, row.id, now.toISOString());
  }
  return { id: row.id, userId: row.userId, scopes: fromJson<ApiScope[]>(row.scopes, []) };
}
