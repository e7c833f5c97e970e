/**
 * The app's hot SQL texts: those of its prepared queries (prepared.ts marks each once it is compiled). Both
 * PostgreSQL paths treat them apart: the pool sends them as named statements (db.ts), and outside a transaction
 * they are pipelined (pg-driver.ts). A module of its own so that neither driver file imports the other.
 *
 * PostgreSQL plans a query on every execution unless it is a named prepared statement; the queue page's window
 * plans in ~1.8 ms and runs in ~0.7 ms. A named statement is planned once per connection (or re-planned per call
 * while a custom plan is clearly better: PostgreSQL's own choice). Other SQL is sent unnamed, as Kysely does.
 */
const statementNames = new Map<string, string>();

/**
 * A query text starting with this comment wants its rows as arrays of column values (prepared.ts `rowKeys`):
 * better-sqlite3's raw mode or pg's array row mode. Being part of the text, it also keeps such a statement apart
 * from the same query read as objects.
 */
export const ROWS_AS_ARRAYS = '/* rows as arrays */ ';

export function markHotSql(text: string): void {
  if (!statementNames.has(text)) statementNames.set(text, `sova_${statementNames.size + 1}`);
}

/** Whether a query text is one of the app's prepared queries. */
export const isHotSql = (text: string): boolean => statementNames.has(text);

/** The statement name a hot text is prepared under on the pool's connections. */
export const statementNameOf = (text: string): string | undefined => statementNames.get(text);
