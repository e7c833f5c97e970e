/** Dialect helpers for migrations only: migrations never import app code, so they get their own. */
import { type CreateTableBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

export const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Adds an auto-incrementing integer primary key `id` that works on both databases. */
export function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>) {
  return isPostgres(db)
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * Substring search an index can serve over each table's `search_text`: a pg_trgm GIN index on PostgreSQL, a
 * trigram FTS5 table `<table>_fts` kept by triggers on SQLite (rowid = the row's id). For migrations after 0003,
 * which wrote the same by hand.
 */
export async function addTrigramSearch(db: Kysely<any>, tables: string[]): Promise<void> {
  for (const table of tables) {
    if (isPostgres(db)) {
      await sql
        .raw(`create index ${table}_search_trgm on ${table} using gin (search_text gin_trgm_ops)`)
        .execute(db);
      continue;
    }
    const fts = `${table}_fts`;
    const statements = [
      `create virtual table ${fts} using fts5(search_text, content='${table}', content_rowid='id', tokenize='trigram')`,
      `create trigger ${fts}_ai after insert on ${table} begin
         insert into ${fts}(rowid, search_text) values (new.id, new.search_text); end`,
      `create trigger ${fts}_ad after delete on ${table} begin
         insert into ${fts}(${fts}, rowid, search_text) values ('delete', old.id, old.search_text); end`,
      `create trigger ${fts}_au after update of search_text on ${table} begin
         insert into ${fts}(${fts}, rowid, search_text) values ('delete', old.id, old.search_text);
         insert into ${fts}(rowid, search_text) values (new.id, new.search_text); end`,
    ];
    for (const statement of statements) await sql.raw(statement).execute(db);
  }
}
