import type { Db } from '../../database.js';
import type { ApiTokensTable } from './api-tokens.table.js';

export const insert = async (db: Db, row: Omit<ApiTokensTable, 'id'>) =>
  (await db.insertInto('apiTokens').values(row).returning('id').executeTakeFirstOrThrow()).id;

export const findByHash = (db: Db, tokenHash: string) =>
  db.selectFrom('apiTokens').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();

export const findById = (db: Db, id: number) =>
  db.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirst();

export const findMany = (db: Db, filter: { kind: 'personal' | 'integration'; userId?: number }) => {
  let q = db
    .selectFrom('apiTokens as t')
    .innerJoin('users as u', 'u.id', 't.userId')
    .select([
      't.id',
      't.userId',
      't.name',
      't.kind',
      't.tokenPrefix',
      't.scopes',
      't.createdAt',
      't.lastUsedAt',
      't.revokedAt',
      't.expiresAt',
      'u.username as ownerUsername',
    ])
    .where('t.kind', '=', filter.kind);
  if (filter.userId !== undefined) q = q.where('t.userId', '=', filter.userId);
  return q.orderBy('t.revokedAt', 'desc').orderBy('t.createdAt', 'desc').limit(200).execute();
};

export const markUsed = (db: Db, id: number, at: string) =>
  db.updateTable('apiTokens').set({ lastUsedAt: at }).where('id', '=', id).execute();

export const revoke = (db: Db, id: number, at: string) =>
  db
    .updateTable('apiTokens')
    .set({ revokedAt: at })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .execute();
