import type { Kysely } from 'kysely';
import { withId } from './util.js';

/**
 * What a deletion of records removed (the rows and their children, as JSON), kept for a short while so the user
 * who deleted them can undo it; the nightly cleanup drops them once expired (the activity log keeps what was
 * removed).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('deletions'))
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    /** How many of each kind went, e.g. {"contacts":3,"orders":12,"notes":5}. */
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('restored_at', 'text')
    .execute();
  await db.schema.createIndex('deletions_expires').on('deletions').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deletions').execute();
}
