import { type Kysely, sql } from 'kysely';
import { addTrigramSearch, isPostgres, withId } from './util.js';

/**
 * Companies (the organisations campaigns call), call campaigns with their targets and server-side lock, the call
 * log (seed 004's call records and seed 000's "touches" in one table) and call recordings. Imports gain the
 * record they write into (a campaign).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('companies'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    /** The phone's digits only: how imports recognise a company they already know. */
    .addColumn('phone_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('product', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('activity', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('legal_form', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('niu', 'text', (c) => c.notNull().defaultTo(''))
    /** Tenths (seed 004 keeps one decimal): 73 = 7.3. */
    .addColumn('validity_score_tenths', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('companies_phone_key').on('companies').column('phone_key').execute();

  await withId(db, db.schema.createTable('call_campaigns'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('archived_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index call_campaigns_name_lower on call_campaigns (lower(name))`.execute(db);

  await withId(db, db.schema.createTable('campaign_targets'))
    .addColumn('campaign_id', 'integer', (c) =>
      c.notNull().references('call_campaigns.id').onDelete('cascade'),
    )
    .addColumn('company_id', 'integer', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    /** in_progress is not stored: a target is in progress while its lock is held (lock_expires_at > now). */
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'callback', 'done')`))
    /** When a callback is due (null = as soon as possible). */
    .addColumn('callback_at', 'text')
    .addColumn('lock_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('lock_expires_at', 'text')
    .addColumn('calls_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_call_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('campaign_targets_company')
    .on('campaign_targets')
    .columns(['campaign_id', 'company_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('campaign_targets_queue')
    .on('campaign_targets')
    .columns(['campaign_id', 'state', 'id'])
    .execute();
  await db.schema
    .createIndex('campaign_targets_callbacks')
    .on('campaign_targets')
    .columns(['campaign_id', 'state', 'callback_at'])
    .execute();
  await db.schema
    .createIndex('campaign_targets_holder')
    .on('campaign_targets')
    .columns(['lock_user_id', 'lock_expires_at'])
    .execute();
  await db.schema
    .createIndex('campaign_targets_of_company')
    .on('campaign_targets')
    .column('company_id')
    .execute();
  await db.schema
    .createIndex('campaign_targets_list')
    .on('campaign_targets')
    .columns(['campaign_id', 'id'])
    .execute();
  await db.schema
    .createIndex('campaign_targets_locks')
    .on('campaign_targets')
    .columns(['campaign_id', 'lock_expires_at'])
    .execute();

  // Targets per campaign and stored state, kept by triggers: the queue and the campaign list show counts on
  // every view, which would otherwise count 100,000 rows each time.
  await db.schema
    .createTable('campaign_target_counts')
    .addColumn('campaign_id', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_target_counts_pk', ['campaign_id', 'state'])
    .execute();
  if (isPostgres(db)) {
    // Statement-level triggers over transition tables: an import of 100,000 rows updates the counts once.
    await sql`
      create function campaign_target_counts_apply() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          update campaign_target_counts c set n = c.n - o.n
          from (select campaign_id, state, count(*) n from old_rows group by campaign_id, state) o
          where c.campaign_id = o.campaign_id and c.state = o.state;
        end if;
        if tg_op in ('UPDATE', 'INSERT') then
          insert into campaign_target_counts (campaign_id, state, n)
          select campaign_id, state, count(*) from new_rows group by campaign_id, state
          on conflict (campaign_id, state) do update set n = campaign_target_counts.n + excluded.n;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger campaign_targets_counts_ins after insert on campaign_targets
      referencing new table as new_rows for each statement execute function campaign_target_counts_apply()`.execute(
      db,
    );
    await sql`create trigger campaign_targets_counts_del after delete on campaign_targets
      referencing old table as old_rows for each statement execute function campaign_target_counts_apply()`.execute(
      db,
    );
    await sql`create trigger campaign_targets_counts_upd after update on campaign_targets
      referencing old table as old_rows new table as new_rows
      for each statement execute function campaign_target_counts_apply()`.execute(db);
  } else {
    const add = `insert into campaign_target_counts (campaign_id, state, n) values (new.campaign_id, new.state, 1)
      on conflict (campaign_id, state) do update set n = n + 1;`;
    const remove = `update campaign_target_counts set n = n - 1
      where campaign_id = old.campaign_id and state = old.state;`;
    await sql
      .raw(`create trigger campaign_targets_counts_ins after insert on campaign_targets begin ${add} end`)
      .execute(db);
    await sql
      .raw(`create trigger campaign_targets_counts_del after delete on campaign_targets begin ${remove} end`)
      .execute(db);
    await sql
      .raw(
        `create trigger campaign_targets_counts_upd after update of state, campaign_id on campaign_targets
         when old.state <> new.state or old.campaign_id <> new.campaign_id begin ${remove} ${add} end`,
      )
      .execute(db);
  }

  await withId(db, db.schema.createTable('calls'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('campaign', 'manual', 'upload')`))
    .addColumn('campaign_id', 'integer', (c) => c.references('call_campaigns.id').onDelete('set null'))
    .addColumn('target_id', 'integer', (c) => c.references('campaign_targets.id').onDelete('set null'))
    .addColumn('company_id', 'integer', (c) => c.references('companies.id').onDelete('set null'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('number_status', 'text', (c) =>
      c.check(sql`number_status in ('invalid', 'no_answer', 'voicemail', 'answered')`),
    )
    .addColumn('call_status', 'text', (c) =>
      c.check(sql`call_status in ('bad_number', 'not_transformer', 'callback', 'refused', 'accepted')`),
    )
    .addColumn('presentation_level', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('free_questions_level', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('guided_questions_level', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('callback_at', 'text')
    .addColumn('company_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('person_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('responsibility', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('data_type', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('amount', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('price_per_month_cents', 'bigint')
    .addColumn('price_per_file_cents', 'bigint')
    .addColumn('lead_result', 'text', (c) =>
      c.notNull().defaultTo('none').check(sql`lead_result in ('success', 'fail', 'hesitant', 'none')`),
    )
    .addColumn('fail_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('area', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_step', 'text', (c) => c.notNull().defaultTo(''))
    /** When the call happened (the log's date). */
    .addColumn('called_at', 'text', (c) => c.notNull())
    .addColumn('status_marked_at', 'text')
    .addColumn('recording_started_at', 'text')
    .addColumn('recording_stopped_at', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  for (const [name, cols] of [
    ['calls_called', ['called_at', 'id']],
    ['calls_user', ['user_id', 'called_at']],
    ['calls_campaign', ['campaign_id', 'called_at']],
    ['calls_company', ['company_id', 'called_at']],
    ['calls_contact', ['contact_id', 'called_at']],
    ['calls_target', ['target_id']],
    ['calls_area', ['area']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('calls')
      .columns([...cols])
      .execute();
  }

  await withId(db, db.schema.createTable('recordings'))
    .addColumn('call_id', 'integer', (c) => c.notNull().unique().references('calls.id').onDelete('cascade'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
    .addColumn('mime_type', 'text', (c) => c.notNull())
    /** Measured from the stored file (null when its format does not tell). */
    .addColumn('duration_ms', 'integer')
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('imports').addColumn('scope_id', 'integer').execute();

  await addTrigramSearch(db, ['companies', 'calls']);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) {
    for (const t of ['companies', 'calls']) await sql.raw(`drop table if exists ${t}_fts`).execute(db);
  }
  await db.schema.alterTable('imports').dropColumn('scope_id').execute();
  if (isPostgres(db)) {
    for (const t of ['ins', 'del', 'upd'])
      await sql.raw(`drop trigger if exists campaign_targets_counts_${t} on campaign_targets`).execute(db);
    await sql`drop function if exists campaign_target_counts_apply()`.execute(db);
  }
  for (const t of [
    'campaign_target_counts',
    'recordings',
    'calls',
    'campaign_targets',
    'call_campaigns',
    'companies',
  ])
    await db.schema.dropTable(t).execute();
}
