import type { Kysely } from 'kysely';

/**
 * Each user's clock: the IANA zone their pages, forms and files use. Empty means the company's (`TIME_ZONE`);
 * the first sign-in from a browser fills it with the browser's zone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('time_zone', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('time_zone').execute();
}
