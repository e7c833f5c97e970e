/** The state a refused edit form is shown again with (any module's record with a change history). */
import type { Ctx } from '../../../deps.js';
import type { FieldErrors } from '../../../platform/errors.js';
import type { StaleForm } from '../../../platform/http/render.js';
import type { MessageKey, Translate } from '../../../platform/i18n/index.js';
import type { FormState, FormValues } from '../../../platform/views/components.js';
import { changesSince } from '../activity.service.js';

const shown = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? '—'
    : Array.isArray(value)
      ? value.join(', ')
      : String(value);

/**
 * The state to re-render a refused edit form with: the user's input kept, and when the record changed
 * meanwhile, who changed it and the fields (those `labels` names) with their values now, and the record's
 * version now, so that saving again is a deliberate overwrite.
 */
export async function refusedForm(
  ctx: Ctx,
  t: Translate,
  record: { entityType: string; id: number; labels: Record<string, MessageKey> },
  values: FormValues,
  failure: { errors: FieldErrors; stale?: StaleForm },
): Promise<FormState> {
  if (!failure.stale) return { values, errors: failure.errors };
  const changes = await changesSince(ctx, record.entityType, record.id, failure.stale.since);
  return {
    values,
    errors: {},
    stale: {
      version: failure.stale.version,
      by: changes.by.map((name) => name || t('common.someone_else')),
      fields: Object.entries(changes.fields)
        .filter(([field]) => field in record.labels)
        .map(([field, value]) => ({ label: t(record.labels[field]!), value: shown(value) })),
    },
  };
}
