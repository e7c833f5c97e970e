/**
 * Importing a list of companies into a call campaign (seed 004's "import entreprises", made safe): CSV or
 * XLSX, with or without a header row, the seed's French/English column names (and Russian ones), then either
 * "append / update by phone" or "replace the pending targets". Calls, callbacks and done targets are never
 * removed, and the whole file is written in one transaction.
 */
import type { Ctx } from '../../deps.js';
import { nowIso } from '../../deps.js';
import { can } from '../../platform/auth/policy.js';
import type { FieldErrors } from '../../platform/errors.js';
import { normalisePhone } from '../../platform/phones.js';
import { enumReader, type Importer, type ImportLine } from '../../platform/tabular/importer.js';
import type { NewCompanyRow } from '../companies/index.js';
import {
  type CompanyFields,
  companyDiffers,
  newCompanyRow,
  phoneKey,
  updateCompanies,
} from '../companies/internal.js';
import { checkImportInto } from './call-campaigns.service.js';
import { STORED_TARGET_STATES, type StoredTargetState, TARGET_STATES } from './call-campaigns.table.js';
import {
  announceTargets,
  clearUncalledTargets,
  insertCompaniesAsTargets,
  insertTargets,
  knownByPhone,
} from './internal.js';

const FIELDS = [
  'name',
  'phone',
  'product',
  'activity',
  'location',
  'legal_form',
  'niu',
  'validity_score',
  'status',
];
const MAX = 300;

const readState = enumReader(TARGET_STATES, (s) => `call_targets.state.${s}`);

/** Seed 004: in_progress is nobody's call after an import, an unknown status is pending. */
function stateOf(text: string | undefined): StoredTargetState {
  const s = readState(text);
  return STORED_TARGET_STATES.includes(s as StoredTargetState) ? (s as StoredTargetState) : 'pending';
}

/** "7,3" / "7.25" → 73 tenths; anything unreadable → 0 (seed 004). */
export function scoreTenths(text: string | undefined): number {
  const n = Number((text ?? '').trim().replace(',', '.'));
  return Number.isFinite(n) ? Math.max(-1_000_000, Math.min(1_000_000, Math.round(n * 10))) : 0;
}

/** A row's phone as stored (E.164), '' when it has none, null when it is no phone number. */
const phoneOf = (ctx: Ctx, line: ImportLine) =>
  normalisePhone(line.values.phone ?? '', ctx.config.defaultCountry);

/** A row's company (its phone checked by `check`), with seed 004's placeholders for a missing name or phone. */
function companyOf(ctx: Ctx, line: ImportLine): CompanyFields {
  const v = line.values;
  return {
    name: v.name?.trim() || `Entreprise ${line.line}`,
    phone: phoneOf(ctx, line) || 'Non renseigne',
    product: v.product?.trim() ?? '',
    activity: v.activity?.trim() ?? '',
    location: v.location?.trim() ?? '',
    legalForm: v.legal_form?.trim() ?? '',
    niu: v.niu?.trim() ?? '',
    validityScoreTenths: scoreTenths(v.validity_score),
  };
}

function check(ctx: Ctx, values: Record<string, string>): FieldErrors | null {
  const errors: FieldErrors = {};
  for (const f of FIELDS) {
    if ((values[f]?.length ?? 0) > MAX) errors[f] = { code: 'too_long', params: { max: MAX } };
  }
  if (!errors.phone && normalisePhone(values.phone ?? '', ctx.config.defaultCountry) === null)
    errors.phone = { code: 'invalid_phone' };
  return Object.keys(errors).length ? errors : null;
}

export const targetsImporter: Importer = {
  entity: 'call_targets',
  announce: async (ctx, campaignId) => {
    if (campaignId !== null) await announceTargets(ctx, campaignId);
  },
  fields: [
    {
      key: 'name',
      aliases: ['nom', 'entreprise', 'company', 'société', 'societe', 'компания', 'название', 'организация'],
    },
    { key: 'phone', aliases: ['tel', 'telephone', 'téléphone', 'phone number', 'телефон'] },
    { key: 'product', aliases: ['produit', 'filiere', 'filière', 'filieres', 'filières', 'продукт'] },
    { key: 'activity', aliases: ['activité', 'activite', 'деятельность', 'вид деятельности'] },
    { key: 'location', aliases: ['localisation', 'ville', 'адрес', 'город', 'регион'] },
    { key: 'legal_form', aliases: ['forme', 'forme juridique', 'legal form', 'орг форма', 'правовая форма'] },
    { key: 'niu', aliases: ['инн'] },
    { key: 'validity_score', aliases: ['score', 'validity', 'оценка'] },
    { key: 'status', aliases: ['etat', 'état', 'statut', 'state', 'статус'] },
  ],
  modes: ['append', 'replace'],
  required: [['name', 'phone']],
  positional: FIELDS,
  tables: ['campaign_targets', 'companies'],
  atomic: true,
  allowed: (ctx) => can(ctx.actor, 'call_campaigns.organise'),
  checkScope: checkImportInto,
  check,
  async begin(tx, mode, scopeId) {
    if (mode === 'replace' && scopeId !== null) await clearUncalledTargets(tx.db, scopeId, nowIso(tx));
  },
  async writeBatch(tx, lines, _mode, _seen, scopeId) {
    const campaignId = scopeId!;
    const now = nowIso(tx);
    const result = {
      created: 0,
      updated: 0,
      skipped: 0,
      errors: [] as { line: number; fields: FieldErrors }[],
    };
    // PostgreSQL runs the lookup of the batch's phones while its rows are checked: its keys need only the phone
    // column (rows that fail the check are looked up for nothing, harmlessly). Awaited below, before any write.
    const keys = [...new Set(lines.map((l) => phoneKey(phoneOf(tx, l) ?? '')).filter(Boolean))];
    const lookup = knownByPhone(tx.db, campaignId, keys);
    lookup.catch(() => {});
    // The last row wins when a phone repeats within the batch.
    const rows = new Map<string, { line: ImportLine; company: CompanyFields; key: string }>();
    let anonymous = 0;
    for (const line of lines) {
      const fields = check(tx, line.values);
      if (fields) {
        result.errors.push({ line: line.line, fields });
        continue;
      }
      const company = companyOf(tx, line);
      const key = phoneKey(company.phone);
      if (key && rows.has(key)) result.updated++;
      rows.set(key || `#${anonymous++}`, { line, company, key });
    }
    const known = await lookup;
    // Per phone: the company already in this campaign, else the oldest company known anywhere.
    type Known = (typeof known)[number];
    const inCampaign = new Map<string, Known>();
    const anywhere = new Map<string, Known>();
    for (const c of known) {
      if (c.targetId !== null && !inCampaign.has(c.phoneKey)) inCampaign.set(c.phoneKey, c);
      if (!anywhere.has(c.phoneKey)) anywhere.set(c.phoneKey, c);
    }

    const createdBy = tx.actor?.id ?? null;
    const fresh: { row: NewCompanyRow; state: StoredTargetState }[] = [];
    const reused: { companyId: number; state: StoredTargetState }[] = [];
    const changed = new Map<number, CompanyFields>();
    // A known company is rewritten only when the row changes it: the same file imported again writes nothing
    // and reports its rows as skipped (already there).
    const rewrite = (stored: CompanyFields & { id: number }, next: CompanyFields) => {
      if (!companyDiffers(stored, next)) return false;
      changed.set(stored.id, next);
      return true;
    };
    for (const r of rows.values()) {
      const target = r.key ? inCampaign.get(r.key) : undefined;
      if (target) {
        if (rewrite(target, r.company)) result.updated++;
        else result.skipped++;
        continue;
      }
      const state = stateOf(r.line.values.status);
      const stored = r.key ? anywhere.get(r.key) : undefined;
      if (stored !== undefined) {
        rewrite(stored, r.company);
        reused.push({ companyId: stored.id, state });
      } else fresh.push({ row: newCompanyRow(r.company, createdBy, now), state });
      result.created++;
    }
    await updateCompanies(
      tx.db,
      [...changed].map(([id, fields]) => ({ id, fields })),
      now,
    );
    await insertTargets(
      tx.db,
      reused.map((t) => ({
        campaignId,
        companyId: t.companyId,
        state: t.state,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await insertCompaniesAsTargets(
      tx.db,
      campaignId,
      fresh.map((f) => ({ company: f.row, state: f.state })),
      now,
    );
    return result;
  },
};
