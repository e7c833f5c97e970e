/**
 * Orders in and out of spreadsheets. An imported order names its contact by email (or Sova id); dates may be
 * historical (`created_at` as 2024-12-17, 17.12.2024 21:00 or ISO, local times in the importing user's zone), so old sales show
 * up in reports.
 */
import { type Ctx, timeZoneOf } from '../../deps.js';
import { parseLocalDateTime } from '../../platform/dates.js';
import { type FieldErrors, forbidden } from '../../platform/errors.js';
import type { Translate } from '../../platform/i18n/index.js';
import { enumReader, type Importer, type RowError } from '../../platform/tabular/importer.js';
import type { Cell, Column } from '../../platform/tabular/write.js';
import { checkInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/activity.service.js';
import { fullName, resolveContacts } from '../contacts/internal.js';
import { announceOrdersChanged } from './internal.js';
import { OrderInput, type OrderQuery } from './orders.contract.js';
import { canTransferOrders } from './orders.policy.js';
import { insertOrdersBulk, type OrderWithContact, streamOrders } from './orders.service.js';
import { ORDER_STATUSES } from './orders.table.js';

const readStatus = enumReader(ORDER_STATUSES, (s) => `orders.status.${s}`);

function toInput(values: Record<string, string>, contactId: number | undefined) {
  const input: Record<string, unknown> = {};
  for (const key of ['product', 'quantity', 'price', 'description']) {
    if (values[key] !== undefined && values[key] !== '') input[key] = values[key];
  }
  const status = readStatus(values.status);
  if (status !== undefined) input.status = status;
  if (contactId !== undefined) input.contact_id = contactId;
  return input;
}

const contactIdOf = (v: string | undefined) => (v && /^\d+$/.test(v.trim()) ? Number(v) : undefined);

export const ordersImporter: Importer = {
  entity: 'orders',
  announce: (ctx) => announceOrdersChanged(ctx),
  tables: ['orders'],
  fields: [
    {
      key: 'contact_email',
      aliases: ['email', 'e-mail', 'client email', 'почта', 'email клиента', 'courriel'],
    },
    { key: 'contact_id', aliases: ['client', 'client_id', 'клиент', 'id клиента'] },
    { key: 'product', aliases: ['товар', 'продукт', 'produit', 'item'] },
    { key: 'quantity', aliases: ['qty', 'количество', 'кол-во', 'quantité', 'quantite'] },
    { key: 'price', aliases: ['unit price', 'цена', 'prix', 'prix unitaire'] },
    { key: 'description', aliases: ['описание', 'comment', 'комментарий', 'commentaire'] },
    { key: 'status', aliases: ['статус', 'statut'] },
    { key: 'created_at', aliases: ['date', 'created', 'дата', 'дата создания', 'date de création'] },
  ],
  modes: ['create'],
  required: [
    ['contact_email', 'product', 'price'],
    ['contact_id', 'product', 'price'],
  ],
  allowed: (ctx) => !!ctx.actor && canTransferOrders(ctx.actor),
  check(ctx, values) {
    // The preview checks the row's own values; whether the contact exists is checked on import.
    const r = checkInput(OrderInput, toInput(values, contactIdOf(values.contact_id) ?? 1));
    const fields: FieldErrors = r.ok ? {} : { ...r.fields };
    delete fields.contact_id;
    if (!values.contact_email && contactIdOf(values.contact_id) === undefined) {
      fields[values.contact_id !== undefined ? 'contact_id' : 'contact_email'] = { code: 'required' };
    }
    if (values.created_at && !parseLocalDateTime(values.created_at, timeZoneOf(ctx))) {
      fields.created_at = { code: 'invalid_date' };
    }
    return Object.keys(fields).length ? fields : null;
  },
  async writeBatch(tx, lines) {
    const contacts = await resolveContacts(
      tx,
      lines.map((l) => l.values.contact_email ?? '').filter(Boolean),
      lines.map((l) => contactIdOf(l.values.contact_id)).filter((id): id is number => id !== undefined),
    );
    const errors: RowError[] = [];
    const valid: { body: OrderInput; createdAt: string | null }[] = [];
    for (const l of lines) {
      const v = l.values;
      const byId = contactIdOf(v.contact_id);
      const contactId = v.contact_email
        ? contacts.byEmail.get(v.contact_email.toLowerCase())
        : byId !== undefined && contacts.ids.has(byId)
          ? byId
          : undefined;
      const fields: FieldErrors = {};
      if (contactId === undefined) {
        fields[v.contact_email ? 'contact_email' : 'contact_id'] = {
          code: v.contact_email || v.contact_id ? 'contact_not_found' : 'required',
        };
      }
      const createdAt = v.created_at ? parseLocalDateTime(v.created_at, timeZoneOf(tx)) : null;
      if (v.created_at && !createdAt) fields.created_at = { code: 'invalid_date' };
      const r = checkInput(OrderInput, toInput(v, contactId ?? 1));
      if (!r.ok) Object.assign(fields, r.fields);
      if (Object.keys(fields).length || !r.ok) errors.push({ line: l.line, fields });
      else valid.push({ body: r.value, createdAt });
    }
    const created = await insertOrdersBulk(tx, valid);
    return { created, updated: 0, skipped: 0, errors };
  },
};

/**
 * The export's columns in the reader's language: money as amounts, dates as dates. Importable ones are titled as
 * the import names its fields, so an exported file goes back in with its columns recognised.
 */
const exportColumns = (t: Translate): Column[] => [
  { title: t('common.id'), kind: 'number' },
  { title: t('imports.field.orders.contact_id'), kind: 'number' },
  { title: t('orders.contact') },
  { title: t('imports.field.orders.contact_email') },
  { title: t('imports.field.orders.product') },
  { title: t('imports.field.orders.quantity'), kind: 'number' },
  { title: t('imports.field.orders.price'), kind: 'money' },
  { title: t('orders.total'), kind: 'money' },
  { title: t('imports.field.orders.description') },
  { title: t('imports.field.orders.status') },
  { title: t('imports.field.orders.created_at'), kind: 'datetime' },
  { title: t('orders.completed_at'), kind: 'datetime' },
];

const exportRow = (o: OrderWithContact, t: Translate): Cell[] => [
  o.id,
  o.contactId,
  fullName(o),
  o.email,
  o.product,
  o.quantity,
  o.unitPriceCents,
  o.totalCents,
  o.description,
  t.dynamic(`orders.status.${o.status}`, {}, o.status),
  o.createdAt,
  o.completedAt,
];

async function* rowsOf(ctx: Ctx, q: OrderQuery, t: Translate): AsyncGenerator<Cell[]> {
  for await (const batch of streamOrders(ctx, q)) for (const o of batch) yield exportRow(o, t);
}

/**
 * An orders export (same filters as the list) for its reader `t` (their language), for admins and managers;
 * recorded in the activity log.
 */
export async function exportOrders(ctx: Ctx, q: OrderQuery, format: string, t: Translate) {
  if (!ctx.actor || !canTransferOrders(ctx.actor)) throw forbidden();
  await recordActivity(ctx, 'export.downloaded', {
    entityType: 'order',
    summary: `orders.${format}`,
    details: { ...q },
  });
  return { columns: exportColumns(t), rows: rowsOf(ctx, q, t) };
}
