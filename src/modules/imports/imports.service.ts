/**
 * Imports of spreadsheets (CSV in any common encoding/separator, or .xlsx) into a module's records:
 * upload → detected settings, guessed column mapping and a checked preview → a durable job that reads the file
 * as a stream and writes it in batches, with progress, per-row errors and resumption after a crash (each batch
 * commits with its progress, so a retried job continues after the last committed batch and never writes a row
 * twice).
 */
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { z } from 'zod';
import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { requireAllowed } from '../../platform/auth/policy.js';
import { deferSearchIndexMerges, settleAfterBulkWrite } from '../../platform/db/bulk.js';
import { fromJson, type PageRequest, pageOf, toJson } from '../../platform/db/sql.js';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.js';
import { getTranslate } from '../../platform/i18n/index.js';
import { defineJob, JobLost, PermanentJobError } from '../../platform/jobs/jobs.js';
import {
  guessMapping,
  type Importer,
  type ImportLine,
  type RowError,
} from '../../platform/tabular/importer.js';
import {
  DELIMITERS,
  detectOptions,
  ENCODINGS,
  isBlankRow,
  readRows,
  TABLE_LIMITS,
  TableLimitError,
  type TableOptions,
} from '../../platform/tabular/read.js';
import { unneutralise } from '../../platform/tabular/write.js';
import { checkXlsx } from '../../platform/tabular/xlsx-guard.js';
import { parseInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/internal.js';
import { actorForJob } from '../auth/internal.js';
import { openFileContent, uploadFile } from '../files/files.service.js';
import * as importsRepo from './imports.repo.js';
import type { ImportRow } from './imports.table.js';

declare module '../../platform/realtime/events.js' {
  interface EventMap {
    /** An import moved on: its page refreshes the progress bar. */
    'imports.progress': { id: number; state: string; processed: number; percent: number };
  }
}

/** Every importable entity, by name, in the order of the module list (which hands them over at start). */
export const IMPORTERS: Record<string, Importer> = {};
export const IMPORT_ENTITIES: string[] = [];

/** Takes the modules' importers (the module list calls it once, from their manifests). */
export function useImporters(importers: Importer[]): void {
  for (const importer of importers) {
    if (IMPORTERS[importer.entity]) throw new Error(`two importers of ${importer.entity}`);
    IMPORTERS[importer.entity] = importer;
    IMPORT_ENTITIES.push(importer.entity);
  }
}

/**
 * Progress of atomic imports running in this process: their counters commit only at the end, so pages read
 * how far they are from here meanwhile.
 */
const liveProgress = new Map<number, { processedRows: number; bytesRead: number }>();
const PREVIEW_ROWS = 20;
/** Characters of a cell (or header) the preview shows; the rest is cut with "…" (checks see the whole cell). */
const PREVIEW_CELL_CHARS = 100;
const clip = (text: string) =>
  text.length > PREVIEW_CELL_CHARS ? `${text.slice(0, PREVIEW_CELL_CHARS - 1)}…` : text;
const KEPT_ERRORS = 500;

function importerFor(ctx: Ctx, entity: string): Importer {
  const importer = IMPORTERS[entity];
  if (!importer) throw invalid('validation', { entity: { code: 'invalid_choice' } });
  if (!importer.allowed(ctx)) throw forbidden();
  return importer;
}

const optionsOf = (imp: ImportRow) => fromJson<TableOptions>(imp.options, detectOptions(Buffer.alloc(0)));
export const mappingOf = (imp: ImportRow) => fromJson<string[]>(imp.mapping, []);
export const errorsOf = (imp: ImportRow) => fromJson<RowError[]>(imp.errors, []);

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The first `limit` rows of the file (header included). */
async function firstRows(ctx: Ctx, fileId: number, options: TableOptions, limit: number) {
  const { stream } = await openFileContent(ctx, fileId, null);
  const rows: string[][] = [];
  try {
    for await (const row of readRows(stream, options)) {
      if (isBlankRow(row)) continue;
      rows.push(row);
      if (rows.length >= limit) break;
    }
  } catch (err) {
    throw unreadable(err);
  } finally {
    stream.destroy();
  }
  return rows;
}

const unreadable = (err: unknown) =>
  err instanceof AppError
    ? err
    : err instanceof TableLimitError
      ? invalid('import.too_large', { file: { code: err.code, params: err.params } })
      : invalid('import.unreadable', {
          file: { code: 'file_unreadable', params: { reason: String((err as Error).message).slice(0, 200) } },
        });

/** Values of a row by field key, per the mapping (and with exported formula guards removed). */
const valuesOf = (cells: string[], mapping: string[]) => {
  const values: Record<string, string> = {};
  mapping.forEach((field, i) => {
    if (field) values[field] = unneutralise(cells[i] ?? '');
  });
  return values;
};

/** Uploads a file for import and returns the draft import (settings detected, mapping guessed). */
export async function createImport(
  ctx: Ctx,
  input: { entity: string; stream: Readable; filename: string; scopeId?: number | null },
): Promise<number> {
  const actor = requireAllowed(ctx.actor, 'imports.view');
  const importer = importerFor(ctx, input.entity);
  const scopeId = importer.checkScope ? (input.scopeId ?? null) : null;
  if (importer.checkScope) {
    try {
      await importer.checkScope(ctx, scopeId);
    } catch (err) {
      input.stream.resume();
      throw err;
    }
  }
  const file = await uploadFile(ctx, { stream: input.stream, filename: input.filename, kind: 'import' });
  const head = await readAll((await openFileContent(ctx, file.id, { start: 0, end: 65535 })).stream);
  const options = detectOptions(head);
  if (options.format === 'xlsx') {
    // Once, before any reading: a workbook that would unpack past the limits is refused (the file never
    // changes, so the preview and the job read only workbooks that passed).
    await checkXlsx(
      file.size,
      async (start, end) => (await openFileContent(ctx, file.id, { start, end })).stream,
    ).catch((err) => {
      throw unreadable(err);
    });
  }
  // The rows the preview will show are read now, so a file past the limits is refused on the upload form.
  const [header] = await firstRows(ctx, file.id, options, PREVIEW_ROWS + 1);
  if (!header) throw invalid('import.empty', { file: { code: 'import_empty' } });
  let mapping = guessMapping(importer, header);
  // No column named like a field: a file without a header row, read by position when the importer allows it.
  if (importer.positional && !mapping.some(Boolean)) {
    options.header = false;
    mapping = header.map((_, i) => importer.positional![i] ?? '');
  }
  return inTransaction(ctx, async (tx) =>
    importsRepo.insert(tx.db, {
      entity: importer.entity,
      fileId: file.id,
      fileName: file.originalName,
      options: toJson(options),
      mapping: toJson(mapping),
      mode: importer.modes[0]!,
      state: 'draft',
      scopeId,
      fileSize: file.size,
      createdBy: actor.id,
      createdAt: nowIso(tx),
    }),
  );
}

/** An import (those who may use the imports page see every one: `auth.forbidden` for others). */
export async function getImport(ctx: Ctx, id: number): Promise<ImportRow> {
  requireAllowed(ctx.actor, 'imports.view');
  const imp = await importsRepo.findById(ctx.db, id);
  if (!imp) throw notFound('import', id);
  const live = liveProgress.get(id);
  return live && imp.state === 'running' ? { ...imp, ...live } : imp;
}

/** The imports, newest first (the imports page: `auth.forbidden` for those it is not for). */
export async function listImports(ctx: Ctx, page: PageRequest) {
  requireAllowed(ctx.actor, 'imports.view');
  const [items, total] = await Promise.all([importsRepo.findPage(ctx.db, page), importsRepo.count(ctx.db)]);
  return pageOf(items, total, page);
}

export interface PreviewRow {
  line: number;
  cells: string[];
  errors: ReturnType<Importer['check']>;
}

/** The header and first rows as they will be read, each checked against the importer's rules. */
export async function previewImport(ctx: Ctx, id: number) {
  const imp = await getImport(ctx, id);
  const importer = importerFor(ctx, imp.entity);
  if (!imp.fileId) throw invalid('import.file_gone');
  const options = optionsOf(imp);
  const hasHeader = options.header !== false;
  const first = await firstRows(ctx, imp.fileId, options, PREVIEW_ROWS + 1);
  const [header = [], ...rows] = hasHeader ? first : [[], ...first.slice(0, PREVIEW_ROWS)];
  const mapping = mappingOf(imp);
  const width = Math.max(header.length, ...rows.map((r) => r.length));
  return {
    import: imp,
    importer,
    options,
    header: Array.from({ length: width }, (_, i) => clip(header[i] ?? (hasHeader ? '' : `#${i + 1}`))),
    mapping: Array.from({ length: width }, (_, i) => mapping[i] ?? ''),
    rows: rows.map(
      (cells, i): PreviewRow => ({
        line: i + (hasHeader ? 2 : 1),
        cells: cells.map(clip),
        errors: importer.check(ctx, valuesOf(cells, mapping)),
      }),
    ),
    missing: missingFields(importer, mapping),
  };
}

/** The fields still to map before the import can start (from the closest required group). */
function missingFields(importer: Importer, mapping: string[]): string[] {
  const mapped = new Set(mapping.filter(Boolean));
  const gaps = importer.required.map((group) => group.filter((f) => !mapped.has(f)));
  return gaps.reduce((best, g) => (g.length < best.length ? g : best), gaps[0] ?? []);
}

const SettingsBody = z.object({
  header: z.enum(['yes', 'no']).optional(),
  encoding: z.enum(ENCODINGS),
  delimiter: z.enum(DELIMITERS),
  mode: z.string().max(20),
  mapping: z.array(z.string().max(50)).max(TABLE_LIMITS.columns),
});

/** Changes how the file is read and mapped (drafts only). */
export async function configureImport(ctx: Ctx, id: number, input: unknown): Promise<void> {
  const imp = await getImport(ctx, id);
  const importer = importerFor(ctx, imp.entity);
  const body = parseInput(SettingsBody, input);
  if (imp.state !== 'draft') throw invalid('import.not_draft');
  if (!importer.modes.includes(body.mode)) throw invalid('validation', { mode: { code: 'invalid_choice' } });
  const known = new Set(importer.fields.map((f) => f.key));
  const used = new Set<string>();
  for (const [i, field] of body.mapping.entries()) {
    if (!field) continue;
    if (!known.has(field)) throw invalid('validation', { [`map_${i}`]: { code: 'invalid_choice' } });
    if (used.has(field)) throw invalid('validation', { [`map_${i}`]: { code: 'mapped_twice' } });
    used.add(field);
  }
  const options = optionsOf(imp);
  await importsRepo.update(ctx.db, id, {
    options: toJson({
      ...options,
      encoding: body.encoding,
      delimiter: body.delimiter,
      header: body.header === undefined ? options.header !== false : body.header === 'yes',
    }),
    mapping: toJson(body.mapping),
    mode: body.mode,
  });
}

/** Queues a draft import to run (`import.mapping_incomplete` while a required field is unmapped). */
export async function startImport(ctx: Ctx, id: number): Promise<void> {
  const imp = await getImport(ctx, id);
  const importer = importerFor(ctx, imp.entity);
  if (imp.state !== 'draft') throw invalid('import.not_draft');
  const missing = missingFields(importer, mappingOf(imp));
  if (missing.length) {
    throw invalid('import.mapping_incomplete', {
      mapping: { code: 'mapping_incomplete', params: { fields: missing.join(', ') } },
    });
  }
  await inTransaction(ctx, async (tx) => {
    await importsRepo.update(tx.db, id, { state: 'queued' });
    await tx.jobs.enqueue(tx.db, runImportJob, { id }, { dedupeKey: `import:${id}` });
  });
  await publishProgress(ctx, { ...imp, state: 'queued' });
}

/** How far a running import has got, from the bytes read (the row count is unknown until the end). */
export const importPercent = (imp: Pick<ImportRow, 'state' | 'bytesRead' | 'fileSize'>) =>
  imp.state === 'done'
    ? 100
    : imp.fileSize > 0
      ? Math.min(99, Math.floor((imp.bytesRead / imp.fileSize) * 100))
      : 0;

const publishProgress = (
  ctx: Ctx,
  imp: Pick<ImportRow, 'id' | 'state' | 'processedRows' | 'bytesRead' | 'fileSize' | 'createdBy'>,
) =>
  imp.createdBy === null
    ? Promise.resolve()
    : ctx.events
        .publish(
          'imports.progress',
          { id: imp.id, state: imp.state, processed: imp.processedRows, percent: importPercent(imp) },
          { users: [imp.createdBy] },
        )
        .catch(() => {});

/** Counts bytes passing through, for the progress bar. */
function byteCounter() {
  const counter = Object.assign(
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        counter.bytes += chunk.length;
        cb(null, chunk);
      },
    }),
    { bytes: 0 },
  );
  return counter;
}

/**
 * Runs an import to its end (the job's body), from the first row no earlier run committed. A failed import runs
 * again too (an admin retried its job): it resumes where it stopped. Stops between batches once `signal` is
 * aborted (the job was cancelled, taken back, or the worker is stopping).
 */
export async function runImport(ctx: Ctx, id: number, signal?: AbortSignal): Promise<void> {
  const imp = await importsRepo.findById(ctx.db, id);
  if (!imp || imp.state === 'done' || imp.state === 'draft') return;
  const importer = IMPORTERS[imp.entity];
  const actor = imp.createdBy === null ? undefined : await actorForJob(ctx, imp.createdBy);
  const fail = async (failure: string) => {
    await importsRepo.update(ctx.db, id, { state: 'failed', failure, finishedAt: nowIso(ctx) });
    await publishProgress(ctx, { ...imp, state: 'failed' });
  };
  if (!importer || !actor || !imp.fileId)
    return fail('The file, its importer or the user who started it is gone.');
  const jctx: Ctx = { ...ctx, actor };
  await importsRepo.update(ctx.db, id, {
    state: 'running',
    failure: null,
    finishedAt: null,
    startedAt: imp.startedAt ?? nowIso(ctx),
  });

  const mapping = mappingOf(imp);
  const kept = errorsOf(imp);
  const seen = new Set<string>();
  const skip = imp.processedRows; // rows committed by an earlier, interrupted run
  let progress = { ...imp, state: 'running' as const };
  let lastPublish = 0;
  const counter = byteCounter();

  const flush = async (batch: ImportLine[], outer: Ctx) => {
    if (batch.length === 0) return;
    await inTransaction(outer, async (tx) => {
      const r = await importer.writeBatch(tx, batch, imp.mode, seen, imp.scopeId);
      for (const e of r.errors) if (kept.length < KEPT_ERRORS) kept.push(e);
      // Counted only if the import still runs (not cancelled) and no other run wrote this batch meanwhile (a
      // run whose job was taken back while it was alive): otherwise this transaction, rows included, is rolled
      // back and this run stops.
      const counted = await importsRepo.addProgress(
        tx.db,
        id,
        progress.processedRows,
        {
          rows: batch.length,
          created: r.created,
          updated: r.updated,
          skipped: r.skipped,
          errors: r.errors.length,
        },
        { errors: toJson(kept), bytesRead: counter.bytes },
      );
      if (!counted) throw new JobLost();
    });
    progress = {
      ...progress,
      processedRows: progress.processedRows + batch.length,
      bytesRead: counter.bytes,
    };
    if (importer.atomic)
      liveProgress.set(id, { processedRows: progress.processedRows, bytesRead: counter.bytes });
    if (Date.now() - lastPublish > 300) {
      lastPublish = Date.now();
      await publishProgress(ctx, progress);
      if (!importer.atomic) await announceEntity(ctx, imp.entity, imp.scopeId);
    }
  };

  const { stream } = await openFileContent(jctx, imp.fileId, null);
  const options = optionsOf(imp);
  const hasHeader = options.header !== false;
  let line = 0;
  let dataRows = 0;
  const { batchSize, overlap } = importsRepo.writePlan(ctx.db, !!importer.atomic);
  const readAllRows = async (outer: Ctx) => {
    let batch: ImportLine[] = [];
    let writing: Promise<void> = Promise.resolve();
    const write = (lines: ImportLine[]) => {
      writing = flush(lines, outer);
      // Awaited before the next batch or at the end; until then a failure must not count as unhandled.
      writing.catch(() => {});
    };
    try {
      for await (const cells of readRows(stream.pipe(counter), options)) {
        line++;
        if ((line === 1 && hasHeader) || isBlankRow(cells)) continue;
        dataRows++;
        if (dataRows <= skip) continue;
        batch.push({ line, values: valuesOf(cells, mapping) });
        if (batch.length >= batchSize) {
          await writing;
          write(batch);
          if (!overlap) await writing;
          batch = [];
          // A turn of the event loop between batches: on SQLite a batch is written synchronously and the next
          // one parsed from data already read, so without it requests waited for several batches in a row
          // (an event-loop delay of ~190 ms all through a 100,000-order import).
          await new Promise((resolve) => setImmediate(resolve));
          signal?.throwIfAborted();
        }
      }
      await writing;
      signal?.throwIfAborted();
    } finally {
      // A file that breaks while a batch is being written: that write ends before the transaction is rolled
      // back, or its remaining statements would run after the rollback, outside any transaction.
      await writing.catch(() => {});
    }
    await flush(batch, outer);
  };
  try {
    if (importer.atomic) {
      // One transaction for the whole file: a file that breaks half-way leaves nothing behind.
      await inTransaction(jctx, async (tx) => {
        await deferSearchIndexMerges(tx.db);
        await importer.begin?.(tx, imp.mode, imp.scopeId);
        await readAllRows(tx);
      });
    } else {
      await readAllRows(jctx);
    }
  } catch (err) {
    liveProgress.delete(id);
    stream.destroy();
    // A file that cannot be parsed, or holds more than a table may, will not do better on a retry.
    if (err instanceof TableLimitError) {
      await fail(getTranslate('en', 'UTC').error(err.code, err.params, err.code));
      throw new PermanentJobError(err.message);
    }
    if (
      (err as { code?: string }).code?.startsWith('CSV_') ||
      /zip|xlsx|central directory/i.test(String(err))
    ) {
      await fail(`Line ${line + 1}: ${(err as Error).message}`.slice(0, 500));
      throw new PermanentJobError(String((err as Error).message));
    }
    throw err;
  }
  liveProgress.delete(id);
  const done = (await importsRepo.findById(ctx.db, id))!;
  await inTransaction(jctx, async (tx) => {
    const finished = await importsRepo.updateRunning(tx.db, id, {
      state: 'done',
      totalRows: dataRows,
      bytesRead: done.fileSize,
      finishedAt: nowIso(tx),
    });
    // Cancelled while its last batch was written: it stays as the admin left it.
    if (!finished) throw new JobLost();
    await recordActivity(tx, 'import.completed', {
      entityType: 'import',
      entityId: id,
      summary: `${imp.entity}: ${imp.fileName}`,
      details: {
        rows: dataRows,
        created: done.createdCount,
        updated: done.updatedCount,
        skipped: done.skippedCount,
        errors: done.errorCount,
      },
    });
  });
  await publishProgress(ctx, { ...done, state: 'done' });
  await announceEntity(ctx, imp.entity, imp.scopeId);
  // Fresh planner statistics for the tables that grew, once the rows are there for everyone (the user does
  // not wait for it: the import is shown done already).
  await settleAfterBulkWrite(ctx.db, importer.tables ?? []).catch((err) =>
    ctx.log.warn({ err }, 'settling the imported tables failed'),
  );
}

/** Lists of what the import writes refresh as it goes. */
const announceEntity = (ctx: Ctx, entity: string, scopeId: number | null) =>
  IMPORTERS[entity]?.announce?.(ctx, scopeId);

/** The job gave up on an import (last try failed, or an admin cancelled or discarded it): it shows failed. */
async function abandonImport(ctx: Ctx, payload: unknown, reason: string) {
  const { id } = payload as { id: number };
  await importsRepo.failUnfinished(ctx.db, id, { failure: reason.slice(0, 500), finishedAt: nowIso(ctx) });
  liveProgress.delete(id);
  const imp = await importsRepo.findById(ctx.db, id);
  if (imp) await publishProgress(ctx, imp);
}

export const runImportJob = defineJob(
  'imports.run',
  z.object({ id: z.number().int() }),
  (ctx, { id }) => runImport(ctx, id, ctx.signal),
  {
    retries: 3,
    backoffSeconds: 30,
    timeoutSeconds: 3600,
    giveUp: abandonImport,
  },
);

export const IMPORT_JOBS = [runImportJob];
