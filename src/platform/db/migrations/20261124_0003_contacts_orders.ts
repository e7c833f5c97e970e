import { type Kysely, sql } from 'kysely';
import { isPostgres, withId } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);

  await withId(db, db.schema.createTable('contacts'))
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('middle_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mobile_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('lead', 'active', 'inactive', 'closed')`),
    )
    .addColumn('assigned_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('next_interaction_on', 'text')
    /** Folded "last first middle email phone" for case/diacritics-insensitive substring search. */
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index contacts_email_lower on contacts (lower(email))`.execute(db);
  await db.schema.createIndex('contacts_phone').on('contacts').column('mobile_phone').execute();
  await db.schema.createIndex('contacts_created').on('contacts').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('contacts_status').on('contacts').columns(['status', 'id']).execute();
  await db.schema
    .createIndex('contacts_assigned')
    .on('contacts')
    .columns(['assigned_user_id', 'id'])
    .execute();
  await db.schema
    .createIndex('contacts_last_name')
    .on('contacts')
    .columns(['last_name', 'first_name'])
    .execute();

  await withId(db, db.schema.createTable('contact_notes'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contact_notes_contact')
    .on('contact_notes')
    .columns(['contact_id', 'created_at'])
    .execute();

  await withId(db, db.schema.createTable('orders'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 1`))
    .addColumn('unit_price_cents', 'bigint', (c) => c.notNull().check(sql`unit_price_cents >= 0`))
    .addColumn('total_cents', 'bigint', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('Pending', 'Completed', 'Cancelled')`),
    )
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('orders_created').on('orders').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('orders_status').on('orders').columns(['status', 'id']).execute();
  await db.schema.createIndex('orders_contact').on('orders').columns(['contact_id', 'id']).execute();

  await withId(db, db.schema.createTable('reports'))
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period in ('week', 'month', 'year')`))
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    .addColumn('new_orders_count', 'integer', (c) => c.notNull())
    .addColumn('new_clients_count', 'integer', (c) => c.notNull())
    .addColumn('total_orders_cents', 'bigint', (c) => c.notNull())
    .addColumn('avg_order_cents', 'bigint', (c) => c.notNull())
    .addColumn('completed_orders_count', 'integer', (c) => c.notNull())
    /** Orders and revenue per day over the window, for the chart: [{ day, orders, cents }]. */
    .addColumn('daily', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_created').on('reports').columns(['created_at', 'id']).execute();

  // Substring search that an index can serve: trigrams (FTS5 on SQLite, pg_trgm on PostgreSQL).
  if (pg) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index contacts_search_trgm on contacts using gin (search_text gin_trgm_ops)`.execute(db);
    await sql`create index orders_search_trgm on orders using gin (search_text gin_trgm_ops)`.execute(db);
  } else {
    for (const table of ['contacts', 'orders']) {
      await sql
        .raw(
          `create virtual table ${table}_fts using fts5(search_text, content='${table}', content_rowid='id', tokenize='trigram')`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_fts_ai after insert on ${table} begin
             insert into ${table}_fts(rowid, search_text) values (new.id, new.search_text); end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_fts_ad after delete on ${table} begin
             insert into ${table}_fts(${table}_fts, rowid, search_text) values ('delete', old.id, old.search_text); end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_fts_au after update of search_text on ${table} begin
             insert into ${table}_fts(${table}_fts, rowid, search_text) values ('delete', old.id, old.search_text);
             insert into ${table}_fts(rowid, search_text) values (new.id, new.search_text); end`,
        )
        .execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) {
    for (const t of ['contacts', 'orders']) await sql.raw(`drop table if exists ${t}_fts`).execute(db);
  }
  for (const t of ['reports', 'orders', 'contact_notes', 'contacts']) await db.schema.dropTable(t).execute();
}
