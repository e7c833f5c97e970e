import { type Kysely, sql } from 'kysely';
import { withId } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('imports'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('file_id', 'integer', (c) => c.references('files.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    /** How to read the file: { format, encoding, delimiter } (detected, changeable in the preview). */
    .addColumn('options', 'text', (c) => c.notNull())
    /** Target field per column ('' = ignored), as chosen in the preview. */
    .addColumn('mapping', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('draft', 'queued', 'running', 'done', 'failed')`),
    )
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    /** How far into the file the import has read, for the progress bar. */
    .addColumn('bytes_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('file_size', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    /** The first rows that failed: [{ line, errors: { field: code } }]. */
    .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
    /** Why the whole import stopped (unreadable file), when it did. */
    .addColumn('failure', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('imports_created').on('imports').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('imports').execute();
}
