import type { Kysely } from 'kysely';

/**
 * Row versions: every table a user edits gets a `version`, raised by one with each change of its data, so a
 * write can be refused when the row is no longer the one the writer read (`If-Match`, the forms' hidden
 * field) and an UPDATE can be guarded by the version it read. Existing rows start at 1. The activity log
 * notes the version a change produced (`entity_version`), which tells a stale form who changed what since.
 */
const TABLES = ['contacts', 'orders', 'calls', 'campaign_targets', 'call_campaigns', 'users', 'departments'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    // A constant default: PostgreSQL (11+) and SQLite add it without rewriting the table.
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  }
  await db.schema.alterTable('activity_log').addColumn('entity_version', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('activity_log').dropColumn('entity_version').execute();
  for (const table of TABLES) await db.schema.alterTable(table).dropColumn('version').execute();
}
