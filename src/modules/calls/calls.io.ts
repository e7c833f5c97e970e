/** The call log's export: seed 004's consolidated file, streamed in keyset pages (the reader must be signed in). */
import type { Ctx } from '../../deps.js';
import { requireActor } from '../../platform/auth/roles.js';
import { formatIsoMinute } from '../../platform/dates.js';
import { searchTerms } from '../../platform/db/sql.js';
import type { Translate } from '../../platform/i18n/index.js';
import type { Cell, Column } from '../../platform/tabular/write.js';
import { formatScore } from '../companies/internal.js';
import { operatorName, surveyStatus } from './calls.contract.js';
import * as callsRepo from './calls.repo.js';

/* ---------- export (seed 004's consolidated file) ---------- */

/** Seed 004's file name: `PME_Transformation_consolidee_<YYYYMMDD>`, the reader's today. */
export const exportName = (now: Date, timeZone: string) =>
  `PME_Transformation_consolidee_${formatIsoMinute(now.toISOString(), timeZone).slice(0, 10).replaceAll('-', '')}`;

/**
 * The calls matching `filter` as seed 004's export (headers in the reader's language), read in keyset pages
 * so a large export streams in constant memory.
 */
export function exportCalls(
  ctx: Ctx,
  filter: callsRepo.CallFilter & { search?: string },
  t: Translate,
): { columns: Column[]; rows: AsyncIterable<Cell[]> } {
  requireActor(ctx.actor);
  const { search, ...rest } = filter;
  const f: callsRepo.CallFilter = { ...rest, terms: searchTerms(search, ctx.config.defaultCountry) };
  const columns: Column[] = [
    { title: t('calls.export.company') },
    { title: t('calls.export.phone') },
    { title: t('companies.product') },
    { title: t('companies.activity') },
    { title: t('companies.location') },
    { title: t('companies.legal_form') },
    { title: t('companies.niu') },
    { title: t('companies.validity_score'), kind: 'number' },
    { title: t('calls.number_status') },
    { title: t('calls.call_status') },
    { title: t('calls.presentation_level') },
    { title: t('calls.free_questions_level') },
    { title: t('calls.guided_questions_level') },
    { title: t('calls.survey_status') },
    // Seed 004's "YYYY-MM-DD HH:MM": a date cell so formatted in .xlsx, that text in CSV.
    { title: t('calls.export.date_time'), kind: 'datetime' },
    { title: t('calls.export.voice_recording') },
    { title: t('calls.operator') },
  ];
  const level = (l: string) => (l ? t.dynamic(`calls.level.${l}`) : '');
  // Batches are small and each row is let go once written: the file's reader sets the pace, and rows held
  // while the response waits for it would outlive young-generation collections and pile up in the old one (a
  // batch of 1,000 rows grew the heap by 100 MB over an export of 100,000 calls; 250 rows, by none).
  const BATCH = 250;
  type ExportRow = Awaited<ReturnType<typeof callsRepo.exportBatch>>[number];
  async function* rows(): AsyncGenerator<Cell[]> {
    let before: { calledAt: string; id: number } | null = null;
    for (;;) {
      const batch: Array<ExportRow | undefined> = await callsRepo.exportBatch(ctx.db, f, before, BATCH);
      const n = batch.length;
      const last = batch[n - 1];
      for (let i = 0; i < n; i++) {
        const c = batch[i]!;
        batch[i] = undefined;
        yield [
          c.coName ?? c.companyName,
          c.coPhone ?? c.phone,
          c.product ?? '',
          c.activity ?? '',
          c.location ?? '',
          c.legalForm ?? '',
          c.niu ?? '',
          c.validityScoreTenths === null ? '' : Number(formatScore(c.validityScoreTenths)),
          c.numberStatus ? t.dynamic(`calls.number_status.${c.numberStatus}`) : '',
          c.callStatus ? t.dynamic(`calls.call_status.${c.callStatus}`) : '',
          level(c.presentationLevel),
          level(c.freeQuestionsLevel),
          level(c.guidedQuestionsLevel),
          t.dynamic(`calls.survey.${surveyStatus(c)}`),
          c.calledAt,
          c.recordingId === null ? t('common.no') : t('common.yes'),
          operatorName(c) ?? '',
        ];
      }
      if (n < BATCH || !last) return;
      before = { calledAt: last.calledAt, id: last.id };
    }
  }
  return { columns, rows: rows() };
}
