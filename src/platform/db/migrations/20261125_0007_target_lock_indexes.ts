import { type Kysely, sql } from 'kysely';

/**
 * The lock and callback indexes of campaign targets become partial: only the few targets that are (or were)
 * locked, or wait for a callback, have entries. An import of 100,000 pending targets no longer writes three
 * index entries per row that nothing reads, and every lock or release touches smaller indexes. Each query that
 * used them implies the predicate (`lock_user_id = ?`, `lock_expires_at > ?`, `state = 'callback'` as literal
 * SQL), so both databases still pick them.
 */
const PARTIAL = [
  ['campaign_targets_holder', ['lock_user_id', 'lock_expires_at'], 'lock_user_id is not null'],
  ['campaign_targets_locks', ['campaign_id', 'lock_expires_at'], 'lock_expires_at is not null'],
  ['campaign_targets_callbacks', ['campaign_id', 'callback_at'], "state = 'callback'"],
] as const;

const FULL = [
  ['campaign_targets_holder', ['lock_user_id', 'lock_expires_at']],
  ['campaign_targets_locks', ['campaign_id', 'lock_expires_at']],
  ['campaign_targets_callbacks', ['campaign_id', 'state', 'callback_at']],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, columns, predicate] of PARTIAL) {
    await db.schema.dropIndex(name).execute();
    await sql
      .raw(`create index ${name} on campaign_targets (${columns.join(', ')}) where ${predicate}`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of FULL) {
    await db.schema.dropIndex(name).execute();
    await db.schema
      .createIndex(name)
      .on('campaign_targets')
      .columns([...columns])
      .execute();
  }
}
