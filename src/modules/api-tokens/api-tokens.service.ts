/**
 * API tokens let scripts and other systems call Sova without a password: personal tokens act as their owner,
 * integration tokens (admins only) serve systems such as lead forms. Only a sha256 of a token is stored; the
 * token is shown once at creation. Scopes: read, write (includes read), leads (lead ingest only).
 */

import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { randomToken, sha256 } from '../../platform/auth/crypto.js';
import { can, requireAllowed } from '../../platform/auth/policy.js';
import { type ApiScope, requireActor } from '../../platform/auth/roles.js';
import { fromJson, toJson } from '../../platform/db/sql.js';
import { notFound } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/internal.js';
import { TokenCreateBody } from './api-tokens.contract.js';
import * as tokensRepo from './api-tokens.repo.js';

export type TokenKind = 'personal' | 'integration';

function requireKindAccess(ctx: Ctx, kind: TokenKind) {
  return kind === 'integration' ? requireAllowed(ctx.actor, 'tokens.integration') : requireActor(ctx.actor);
}

/** Creates a token and returns it in clear text — the only time it can be seen. */
export async function createApiToken(ctx: Ctx, kind: TokenKind, input: unknown) {
  const actor = requireKindAccess(ctx, kind);
  const body = parseInput(TokenCreateBody, input);
  const token = `sova_${randomToken(32)}`;
  const id = await inTransaction(ctx, async (tx) => {
    const id = await tokensRepo.insert(tx.db, {
      userId: actor.id,
      name: body.name,
      kind,
      tokenHash: sha256(token),
      tokenPrefix: token.slice(0, 12),
      scopes: toJson([body.scope]),
      createdAt: nowIso(tx),
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });
    await recordActivity(tx, 'token.created', {
      entityType: 'api_token',
      entityId: id,
      summary: body.name,
      details: { kind, scope: body.scope },
    });
    return id;
  });
  return { id, token };
}

/** Personal tokens of the actor, or every integration token (admins). */
export async function listApiTokens(ctx: Ctx, kind: TokenKind) {
  const actor = requireKindAccess(ctx, kind);
  const rows = await tokensRepo.findMany(ctx.db, kind === 'personal' ? { kind, userId: actor.id } : { kind });
  return rows.map((r) => ({ ...r, scopes: fromJson<ApiScope[]>(r.scopes, []) }));
}

/** Revokes a token: its owner may revoke a personal one, admins any. */
export async function revokeApiToken(ctx: Ctx, id: number) {
  const actor = requireActor(ctx.actor);
  const row = await tokensRepo.findById(ctx.db, id);
  if (!row) throw notFound('api_token', id);
  const own = row.kind === 'personal' && row.userId === actor.id;
  if (!own && !can(actor, 'tokens.integration')) throw notFound('api_token', id);
  await inTransaction(ctx, async (tx) => {
    await tokensRepo.revoke(tx.db, id, nowIso(tx));
    await recordActivity(tx, 'token.revoked', { entityType: 'api_token', entityId: id, summary: row.name });
  });
  return row;
}
