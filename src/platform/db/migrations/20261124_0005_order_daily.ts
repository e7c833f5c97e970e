import { type Kysely, sql } from 'kysely';
import { isPostgres } from './util.js';

/**
 * Orders per UTC day of creation (count, sum, completed), kept by triggers so every write path — forms, APIs,
 * imports, cascading deletes — keeps it exact. Reports read whole days here and only the two partial edge days
 * from `orders`, so a year over a million orders costs a few hundred rows instead of a million.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('order_daily')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('orders', 'integer', (c) => c.notNull())
    .addColumn('cents', 'bigint', (c) => c.notNull())
    .addColumn('completed', 'integer', (c) => c.notNull())
    .execute();
  // The edge days of a window are read from orders through this index alone.
  await db.schema
    .createIndex('orders_created_totals')
    .on('orders')
    .columns(['created_at', 'status', 'total_cents'])
    .execute();

  if (isPostgres(db)) {
    await sql`
      create function order_daily_apply() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          update order_daily set orders = orders - 1, cents = cents - old.total_cents,
            completed = completed - (old.status = 'Completed')::int
          where day = left(old.created_at, 10);
        end if;
        if tg_op in ('UPDATE', 'INSERT') then
          insert into order_daily (day, orders, cents, completed)
          values (left(new.created_at, 10), 1, new.total_cents, (new.status = 'Completed')::int)
          on conflict (day) do update set orders = order_daily.orders + 1,
            cents = order_daily.cents + excluded.cents, completed = order_daily.completed + excluded.completed;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger orders_daily_ins after insert on orders for each row execute function order_daily_apply()`.execute(
      db,
    );
    await sql`create trigger orders_daily_del after delete on orders for each row execute function order_daily_apply()`.execute(
      db,
    );
    await sql`create trigger orders_daily_upd after update of created_at, status, total_cents on orders
      for each row execute function order_daily_apply()`.execute(db);
  } else {
    const add = (r: string) => `insert into order_daily (day, orders, cents, completed)
      values (substr(${r}.created_at, 1, 10), 1, ${r}.total_cents, ${r}.status = 'Completed')
      on conflict (day) do update set orders = orders + 1, cents = cents + excluded.cents,
        completed = completed + excluded.completed;`;
    const remove = (
      r: string,
    ) => `update order_daily set orders = orders - 1, cents = cents - ${r}.total_cents,
      completed = completed - (${r}.status = 'Completed') where day = substr(${r}.created_at, 1, 10);`;
    await sql
      .raw(`create trigger orders_daily_ins after insert on orders begin ${add('new')} end`)
      .execute(db);
    await sql
      .raw(`create trigger orders_daily_del after delete on orders begin ${remove('old')} end`)
      .execute(db);
    await sql
      .raw(
        `create trigger orders_daily_upd after update of created_at, status, total_cents on orders begin
           ${remove('old')} ${add('new')} end`,
      )
      .execute(db);
  }
  // Orders written before this migration.
  await sql`
    insert into order_daily (day, orders, cents, completed)
    select substr(created_at, 1, 10), count(*), sum(total_cents), sum(case when status = 'Completed' then 1 else 0 end)
    from orders group by substr(created_at, 1, 10)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const t of ['orders_daily_ins', 'orders_daily_del', 'orders_daily_upd'])
      await sql.raw(`drop trigger if exists ${t} on orders`).execute(db);
    await sql`drop function if exists order_daily_apply()`.execute(db);
  } else {
    for (const t of ['orders_daily_ins', 'orders_daily_del', 'orders_daily_upd'])
      await sql.raw(`drop trigger if exists ${t}`).execute(db);
  }
  await db.schema.dropIndex('orders_created_totals').execute();
  await db.schema.dropTable('order_daily').execute();
}
