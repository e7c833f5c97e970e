import type { Kysely } from 'kysely';

/**
 * Heartbeats of running pg-boss jobs (scale mode). pg-boss 10 knows a job's expiry only (set to its timeout, an
 * hour for an import), so a job whose worker died stayed `active` that long. Each run now writes here every few
 * seconds, and a watchdog in every worker gives back a job whose beats stopped. The row names the try (pg-boss's
 * retry count) it belongs to, so a beat from a run whose job was taken back matches nothing. SQLite's embedded
 * queue renews its own `jobs.locked_until` instead and leaves this table empty.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job_heartbeats')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('beat_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_heartbeats').execute();
}
