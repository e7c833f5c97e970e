import type { Kysely } from 'kysely';

/**
 * Failed sign-ins per account (or per unknown sign-in name), shared by every instance: after a few, the account
 * is locked for a time that doubles with each further failure. `key` is `user:<id>`, or `name:<sha256>` of a name
 * that matches no account (so guessing behaves alike for both, and no typed-in name is kept).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_guards')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_guards_updated').on('sign_in_guards').column('updated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_guards').execute();
}
