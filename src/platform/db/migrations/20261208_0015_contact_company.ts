import type { Kysely } from 'kysely';

/**
 * A contact may belong to a company (the organisation they work for): the company's page lists its people, their
 * orders and its calls, and the contacts list filters by company. Deleting a company leaves its contacts without
 * one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('contacts')
    .addColumn('company_id', 'integer', (c) => c.references('companies.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('contacts_company').on('contacts').columns(['company_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('contacts_company').execute();
  await db.schema.alterTable('contacts').dropColumn('company_id').execute();
}
