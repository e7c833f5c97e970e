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
  for (const t of ['recordings', 'calls', 'campaign_targets', 'call_campaigns', 'companies'])
    await db.schema.dropTable(t).execute();
}
