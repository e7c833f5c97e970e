import { type Kysely, sql } from 'kysely';
import { isPostgres } from './util.js';

/**
 * PostgreSQL: a second search index on contacts, by id band, for the first page of a search in id order.
 *
 * A search ordered by id wants its first 50 matches. pg_trgm's index answers "which rows match" for the whole
 * table, so a word found in 1 % of 100,000 contacts costs 1,000 row reads and a sort; walking the primary key
 * instead stops after 50 matches but reads 5,000 rows. The planner picks between the two on estimates, and for
 * such words it was both slow and unstable (756–1,000 req/s for "иван петров").
 *
 * This index holds, per row, one key per three-character window of each word of `search_text`, made unique to
 * the row's band of 1,024 ids: the band (id >> 10) in the high 32 bits, `hashtext` of the window in the low 32.
 * A query asks one band at a time for the rows holding every window of its terms, so it reads only that band's
 * matches and stops at the band that completes its page (`bandedSearch` in sql.ts, where the band width is
 * written too). A hash collision only lets a row through that the query's LIKE then drops. `hashtext` is the
 * function hash indexes on text are built with; PostgreSQL keeps it stable across versions for them.
 *
 * - Windows within words only: search terms never hold a space, so windows across words would never be asked
 *   for; leaving them out is 17 % fewer keys.
 * - An expression index, not a column: the keys (about 60 per contact) live only in the index, so the rows
 *   every list reads stay as narrow as before.
 * - The same two functions make a row's keys and a query's: windows of words, then the band.
 * - PL/pgSQL, not SQL: a SQL function with a subquery cannot be inlined, and PostgreSQL parsed and planned its
 *   body again for every statement that called it. A single-row insert cost 134 µs more with the index that
 *   way, 45–65 µs as PL/pgSQL (which keeps its compiled code per connection).
 * - IMMUTABLE, as an index expression must be. `search_band_keys` is also PARALLEL UNSAFE on purpose: any
 *   statement using it then runs on one process, and the banded search's stages must run in order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`
    create function search_window_hashes(words text[]) returns int8[]
    language plpgsql immutable strict parallel safe as $$
    declare
      hashes int8[] := '{}';
      word text;
    begin
      foreach word in array words loop
        for i in 1 .. length(word) - 2 loop
          hashes := hashes || (hashtext(substr(word, i, 3))::int8 & 4294967295);
        end loop;
      end loop;
      return hashes;
    end $$`.execute(db);
  await sql`
    create function search_band_keys(band integer, hashes int8[]) returns int8[]
    language plpgsql immutable strict parallel unsafe as $$
    declare
      keys int8[] := hashes;
      high int8 := band::int8 << 32;
    begin
      for i in 1 .. coalesce(array_length(keys, 1), 0) loop
        keys[i] := high | keys[i];
      end loop;
      return keys;
    end $$`.execute(db);
  await sql`create index contacts_search_bands on contacts
    using gin (search_band_keys(id >> 10, search_window_hashes(string_to_array(search_text, ' '))))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop index contacts_search_bands`.execute(db);
  await sql`drop function search_band_keys(integer, int8[])`.execute(db);
  await sql`drop function search_window_hashes(text[])`.execute(db);
}
