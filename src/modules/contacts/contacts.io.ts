/** Contacts in and out of spreadsheets: the importer (fields, header names in three languages) and the export. */
import type { Ctx } from '../../deps.js';
import { can } from '../../platform/auth/policy.js';
import { type FieldErrors, forbidden } from '../../platform/errors.js';
import type { Translate } from '../../platform/i18n/index.js';
import { enumReader, type Importer, type RowError } from '../../platform/tabular/importer.js';
import type { Cell, Column } from '../../platform/tabular/write.js';
import { checkInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/activity.service.js';
import { resolveCompanies } from '../companies/companies.service.js';
import { userNamesOf } from '../users/users.service.js';
import { type ContactInput, contactInput } from './contacts.contract.js';
import { type ContactQuery, importContacts, streamContacts } from './contacts.service.js';
import { CONTACT_STATUSES } from './contacts.table.js';
import { announceContactsChanged } from './internal.js';

const readStatus = enumReader(CONTACT_STATUSES, (s) => `contacts.status.${s}`);

/** A spreadsheet row → the service's input; "Петров Иван Сергеевич" in a single name column is split. */
function toInput(values: Record<string, string>) {
  const input: Record<string, unknown> = {};
  const given = new Set<string>();
  for (const key of [
    'first_name',
    'last_name',
    'middle_name',
    'email',
    'mobile_phone',
    'next_interaction_on',
  ]) {
    if (values[key] !== undefined && values[key] !== '') {
      input[key] = values[key];
      given.add(key);
    }
  }
  if (values.full_name && !input.last_name && !input.first_name) {
    const [last = '', first = '', ...middle] = values.full_name.split(/\s+/).filter(Boolean);
    Object.assign(input, { last_name: last, first_name: first, middle_name: middle.join(' ') });
    for (const k of ['last_name', 'first_name', 'middle_name']) given.add(k);
  }
  const status = readStatus(values.status);
  if (status !== undefined) {
    input.status = status;
    given.add('status');
  }
  return { input, given };
}

/** Field errors of a full name are reported on the column the user mapped. */
const onFullName = (fields: FieldErrors, values: Record<string, string>): FieldErrors => {
  if (values.full_name === undefined) return fields;
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(fields))
    out[k === 'last_name' || k === 'first_name' ? 'full_name' : k] = v;
  return out;
};

const companyIdOf = (v: string | undefined) => (v && /^\d{1,9}$/.test(v.trim()) ? Number(v) : undefined);

/**
 * The company a row names, by id (`company_id`) or by name (`company`, any case): its id, none when the row
 * names none, or the field error when it names one Sova does not know.
 */
function companyOf(
  values: Record<string, string>,
  known: Awaited<ReturnType<typeof resolveCompanies>>,
): { id?: number; fields?: FieldErrors } {
  const byId = companyIdOf(values.company_id);
  if (values.company_id?.trim()) {
    return byId !== undefined && known.ids.has(byId)
      ? { id: byId }
      : { fields: { company_id: { code: 'company_not_found' } } };
  }
  const name = values.company?.trim();
  if (!name) return {};
  const id = known.byName.get(name.toLowerCase());
  return id === undefined ? { fields: { company: { code: 'company_not_found' } } } : { id };
}

export const contactsImporter: Importer = {
  entity: 'contacts',
  announce: (ctx) => announceContactsChanged(ctx),
  tables: ['contacts'],
  fields: [
    { key: 'last_name', aliases: ['lastname', 'surname', 'фамилия', 'nom', 'nom de famille'] },
    { key: 'first_name', aliases: ['firstname', 'given name', 'имя', 'prénom', 'prenom'] },
    { key: 'middle_name', aliases: ['middlename', 'patronymic', 'отчество', 'deuxième prénom'] },
    { key: 'full_name', aliases: ['name', 'fullname', 'фио', 'клиент', 'контакт', 'nom complet', 'client'] },
    { key: 'email', aliases: ['e-mail', 'mail', 'почта', 'эл. почта', 'электронная почта', 'courriel'] },
    {
      key: 'mobile_phone',
      aliases: ['phone', 'mobile', 'tel', 'телефон', 'мобильный', 'téléphone', 'portable', 'numéro'],
    },
    { key: 'status', aliases: ['статус', 'statut', 'state'] },
    { key: 'next_interaction_on', aliases: ['next interaction', 'следующий контакт', 'prochain contact'] },
    {
      key: 'company',
      aliases: ['company name', 'компания', 'организация', 'entreprise', 'société', 'societe'],
    },
    { key: 'company_id', aliases: ['id компании', 'id entreprise'] },
  ],
  modes: ['upsert', 'create'],
  required: [
    ['email', 'last_name', 'first_name'],
    ['email', 'full_name'],
  ],
  allowed: (ctx) => can(ctx.actor, 'contacts.transfer'),
  check(ctx, values) {
    // The preview checks the row's own values; whether its company exists is checked on import.
    const r = checkInput(contactInput(ctx.config.defaultCountry), toInput(values).input);
    const fields = r.ok ? {} : onFullName(r.fields, values);
    if (values.company_id && companyIdOf(values.company_id) === undefined)
      fields.company_id = { code: 'invalid_format' };
    return Object.keys(fields).length ? fields : null;
  },
  async writeBatch(tx, lines, mode, seen) {
    const companies = await resolveCompanies(
      tx,
      lines.map((l) => l.values.company ?? '').filter((n) => n.trim() !== ''),
      lines.map((l) => companyIdOf(l.values.company_id)).filter((id): id is number => id !== undefined),
    );
    const errors: RowError[] = [];
    const valid: { line: number; body: ContactInput; given: Set<string> }[] = [];
    for (const l of lines) {
      const { input, given } = toInput(l.values);
      const company = companyOf(l.values, companies);
      if (company.fields) {
        errors.push({ line: l.line, fields: company.fields });
        continue;
      }
      if (company.id !== undefined) {
        input.company_id = company.id;
        given.add('company_id');
      }
      const r = checkInput(contactInput(tx.config.defaultCountry), input);
      if (r.ok) valid.push({ line: l.line, body: r.value, given });
      else errors.push({ line: l.line, fields: onFullName(r.fields, l.values) });
    }
    const result = await importContacts(tx, valid, mode === 'create' ? 'create' : 'upsert', seen);
    for (const line of result.duplicates) {
      errors.push({ line, fields: { email: { code: 'duplicate_in_file' } } });
    }
    errors.sort((a, b) => a.line - b.line);
    return { created: result.created, updated: result.updated, skipped: result.skipped, errors };
  },
};

/**
 * The export's columns in the reader's language. Importable ones are titled as the import names its fields, so
 * an exported file goes back in with every column recognised.
 */
const exportColumns = (t: Translate): Column[] => [
  { title: t('common.id'), kind: 'number' },
  { title: t('imports.field.contacts.last_name') },
  { title: t('imports.field.contacts.first_name') },
  { title: t('imports.field.contacts.middle_name') },
  { title: t('imports.field.contacts.email') },
  { title: t('imports.field.contacts.mobile_phone') },
  { title: t('imports.field.contacts.status') },
  { title: t('contacts.assigned') },
  { title: t('imports.field.contacts.next_interaction_on'), kind: 'date' },
  { title: t('common.created_at'), kind: 'datetime' },
  { title: t('common.updated_at'), kind: 'datetime' },
];

async function* rowsOf(ctx: Ctx, q: ContactQuery, t: Translate): AsyncGenerator<Cell[]> {
  for await (const batch of streamContacts(ctx, q)) {
    const names = await userNamesOf(
      ctx,
      batch.flatMap((c) => (c.assignedUserId === null ? [] : [c.assignedUserId])),
    );
    for (const c of batch)
      yield [
        c.id,
        c.lastName,
        c.firstName,
        c.middleName,
        c.email,
        c.mobilePhone,
        t.dynamic(`contacts.status.${c.status}`, {}, c.status),
        c.assignedUserId === null ? '' : (names.get(c.assignedUserId) ?? ''),
        c.nextInteractionOn,
        c.createdAt,
        c.updatedAt,
      ];
  }
}

/**
 * A contacts export (same filters as the list) for its reader `t` (their language), for admins and managers:
 * checked and recorded now, rows pulled from the database a batch at a time as the download is read.
 */
export async function exportContacts(ctx: Ctx, q: ContactQuery, format: string, t: Translate) {
  if (!can(ctx.actor, 'contacts.transfer')) throw forbidden();
  await recordActivity(ctx, 'export.downloaded', {
    entityType: 'contact',
    summary: `contacts.${format}`,
    details: { ...q },
  });
  return { columns: exportColumns(t), rows: rowsOf(ctx, q, t) };
}
