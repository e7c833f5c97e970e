/**
 * Files: every upload (call recordings, documents, import files) becomes a `files` row plus an object in storage.
 * An upload is first written to a spool file on this machine while it is counted, hashed and type-checked;
 * only then is it moved to the store. If the store is down, the row stays `pending` with the reason and the
 * `files.store` job keeps trying, so an outage delays the upload but never loses it. Spool files no row needs
 * (an upload cut off by a crash) are swept away (platform/storage/spool.ts).
 */
import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { UploadKind } from '../../config.js';
import { type Ctx, type Deps, inTransaction, nowIso } from '../../deps.js';
import { requireActor } from '../../platform/auth/roles.js';
import { AppError, forbidden, invalid, notFound, tooLarge, unsupported } from '../../platform/errors.js';
import { defineJob, errorText } from '../../platform/jobs/jobs.js';
import { inspectUpload, UploadTooLarge, UploadTypeRefused } from '../../platform/storage/inspect.js';
import { type SpoolTiming, spoolAt } from '../../platform/storage/spool.js';
import { type ByteRange, StorageNotFound } from '../../platform/storage/storage.js';
import { recordActivity } from '../activity/internal.js';
import { canDeleteFile, canReadFile } from './files.policy.js';
import * as filesRepo from './files.repo.js';
import type { FileRow } from './files.table.js';

export const UPLOAD_KINDS = ['audio', 'document', 'import', 'image'] as const satisfies UploadKind[];

const spoolOf = (ctx: Pick<Ctx, 'config'>, timing?: SpoolTiming) =>
  spoolAt(join(ctx.config.dataDir, 'spool'), timing);
/** A file's spool file name: its storage key, flat. Keys have no `_` (kind/yyyy/mm/uuid), so it maps back. */
const spoolName = (file: Pick<FileRow, 'storageKey'>) => file.storageKey.replaceAll('/', '_');
const keyOfSpoolName = (name: string) => name.replaceAll('_', '/');
/** Where the file's spool file is (in this or another process's spool directory), or null. */
const findSpooled = (ctx: Pick<Ctx, 'config'>, file: Pick<FileRow, 'storageKey'>) =>
  spoolOf(ctx).find(spoolName(file));

/**
 * Keeps the name for display and downloads only: no path, and none of the characters that change how the rest
 * reads — controls, line separators, invisible format characters, among them the bidirectional overrides and
 * isolates with which `invoice<U+202E>fdp.exe` shows as `invoiceexe.pdf`. Normalised (NFC), at most 200
 * characters.
 */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = [
    ...base
      .normalize('NFC')
      .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}"]/gu, '')
      .trim(),
  ]
    .slice(0, 200)
    .join('')
    .trim();
  return cleaned || 'file';
}

/**
 * Stores an uploaded stream as a file of `kind` uploaded by the actor. Throws `file.too_large` (over the
 * kind's limit) or `file.type_refused` (content of another type), leaving nothing behind.
 */
export async function uploadFile(
  ctx: Ctx,
  input: { stream: Readable; filename: string | undefined; kind: UploadKind },
): Promise<FileRow> {
  requireActor(ctx.actor);
  const limit = ctx.config.uploadLimits[input.kind];
  const now = ctx.clock.now();
  const storageKey = `${input.kind}/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
  const spoolFiles = spoolOf(ctx);
  // In flight until its row is committed (or its file removed): no sweep takes it meanwhile.
  const spool = await spoolFiles.reserve(spoolName({ storageKey })).catch((err) => {
    input.stream.destroy();
    throw err;
  });
  try {
    return await receiveUpload(ctx, input, { storageKey, spool, limit });
  } finally {
    spoolFiles.settle(spoolName({ storageKey }));
  }
}

/** Spools, checks and records one upload (uploadFile's body, with its spool file reserved). */
async function receiveUpload(
  ctx: Ctx,
  input: { stream: Readable; filename: string | undefined; kind: UploadKind },
  target: { storageKey: string; spool: string; limit: number },
): Promise<FileRow> {
  const actor = requireActor(ctx.actor);
  const { storageKey, spool, limit } = target;
  const inspector = inspectUpload(input.kind, limit);
  // The spool file is created before the upload is read. A write stream opens its file asynchronously: when the
  // whole body arrived at once and was refused at once (too large), the file could appear after the `rm` below
  // had run, and stay behind (seen once in CI; a loop of refused writes left 3 files in 500).
  const out = await open(spool, 'wx', 0o600).then(
    (file) => file.createWriteStream(),
    (err) => {
      input.stream.destroy();
      throw err;
    },
  );
  try {
    await pipeline(input.stream, inspector.stream, out);
  } catch (err) {
    await rm(spool, { force: true });
    if (err instanceof UploadTooLarge)
      throw tooLarge('file.too_large', { limit_mb: Math.round(limit / 1024 / 1024) });
    if (err instanceof UploadTypeRefused) throw unsupported('file.type_refused', { type: err.detected });
    // The multipart parser reports its own cap the same way.
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw tooLarge('file.too_large', { limit_mb: Math.round(limit / 1024 / 1024) });
    throw err;
  }
  const info = inspector.result();
  const id = await inTransaction(ctx, async (tx) => {
    const fileId = await filesRepo.insert(tx.db, {
      storageKey,
      kind: input.kind,
      originalName: cleanFileName(input.filename),
      size: info.size,
      sha256: info.sha256,
      mimeType: info.mimeType,
      state: 'pending',
      uploadedBy: actor.id,
      createdAt: nowIso(tx),
    });
    // The safety net: if storing below fails (or this process dies), the job finishes the work later.
    await tx.jobs.enqueue(
      tx.db,
      storeFileJob,
      { fileId },
      { runAt: new Date(tx.clock.now().getTime() + 30_000) },
    );
    await recordActivity(tx, 'file.uploaded', {
      entityType: 'file',
      entityId: fileId,
      summary: cleanFileName(input.filename),
      details: { kind: input.kind, size: info.size, mime: info.mimeType },
    });
    return fileId;
  }).catch(async (err) => {
    // No row (database unreachable, say): nothing will ever want the spooled bytes.
    await rm(spool, { force: true });
    throw err;
  });
  try {
    await storeFile(ctx, id);
  } catch (err) {
    ctx.log.warn({ err, fileId: id }, 'file kept on this machine until storage accepts it');
    await filesRepo.updateById(ctx.db, id, { error: errorText(err) });
  }
  return (await filesRepo.findById(ctx.db, id))!;
}

/** Moves a pending file from the spool to storage; does nothing for a file already stored. */
export async function storeFile(ctx: Ctx, id: number): Promise<void> {
  const file = await filesRepo.findById(ctx.db, id);
  if (!file || file.state === 'stored') return;
  const spool = await findSpooled(ctx, file);
  if (!spool) {
    // Already moved by a concurrent try whose database update has not landed: confirm from the store.
    const stored = await ctx.storage.stat(file.storageKey);
    if (!stored) throw new Error(`the uploaded content of file ${id} is missing from the spool`);
  } else {
    await ctx.storage.putFile(file.storageKey, spool, { contentType: file.mimeType });
  }
  await filesRepo.updateById(ctx.db, id, { state: 'stored', error: null, storedAt: nowIso(ctx) });
}

export const storeFileJob = defineJob(
  'files.store',
  z.object({ fileId: z.number().int() }),
  async (ctx, { fileId }) => {
    try {
      await storeFile(ctx, fileId);
    } catch (err) {
      const last = ctx.job.attempt >= ctx.job.maxAttempts;
      await filesRepo.updateById(ctx.db, fileId, {
        error: errorText(err),
        ...(last ? { state: 'failed' } : {}),
      });
      throw err;
    }
  },
  { retries: 8, backoffSeconds: 30, timeoutSeconds: 3600 },
);

export const deleteObjectJob = defineJob(
  'files.delete_object',
  z.object({ key: z.string() }),
  async (ctx, { key }) => {
    await ctx.storage.delete(key);
  },
  { retries: 6, backoffSeconds: 60, timeoutSeconds: 120 },
);

/** The file's record if the actor may see it (`file.not_found` otherwise, so ids are not probed). */
export async function getFile(ctx: Ctx, id: number): Promise<FileRow> {
  const actor = requireActor(ctx.actor);
  const file = await filesRepo.findById(ctx.db, id);
  if (!file || !canReadFile(actor, file)) throw notFound('file', id);
  return file;
}

export interface FileContent {
  file: FileRow;
  stream: Readable;
  /** The served byte range (inclusive), or null for the whole file. */
  range: ByteRange | null;
}

/**
 * Opens a file's content (or a byte range of it) for an actor who may see it. Throws `file.range_invalid`
 * for a range outside the file and `file.unavailable` when the content cannot be read right now.
 */
export async function openFileContent(ctx: Ctx, id: number, range: ByteRange | null): Promise<FileContent> {
  return openContentOf(ctx, await getFile(ctx, id), range);
}

/** The record of a file attached to something the caller has already authorised (a call's recording). */
export async function findAttachedFile(ctx: Ctx, id: number): Promise<FileRow> {
  const file = await filesRepo.findById(ctx.db, id);
  if (!file) throw notFound('file', id);
  return file;
}

/**
 * Opens the content of a file record. The caller decides who may read it: `openFileContent` for the uploader's
 * own files, or a module that attached the file to a record it has checked (a call's recording).
 */
export async function openContentOf(ctx: Ctx, file: FileRow, range: ByteRange | null): Promise<FileContent> {
  if (range && (range.start > range.end || range.start >= file.size)) {
    throw invalid('file.range_invalid');
  }
  const r = range ? { start: range.start, end: Math.min(range.end, file.size - 1) } : null;
  try {
    if (file.state !== 'stored') {
      // Not in the store yet: serve it from this machine's spool if it is here. The job that stores it may move
      // it away at any moment, so the file is opened before its stream is handed out (an open file keeps its
      // content; a stream opening it lazily failed half-way, as an import's preview did now and then). Moved
      // already: the store has it, though this record may not say so yet.
      const spooled = await findSpooled(ctx, file);
      const handle = spooled
        ? await open(spooled, 'r').catch((err: NodeJS.ErrnoException) => {
            if (err.code === 'ENOENT') return undefined;
            throw err;
          })
        : undefined;
      if (handle) return { file, stream: handle.createReadStream(r ?? {}), range: r };
    }
    return { file, stream: await ctx.storage.get(file.storageKey, r ?? undefined), range: r };
  } catch (err) {
    if (!(err instanceof StorageNotFound) && !(err as NodeJS.ErrnoException).code)
      ctx.log.warn({ err }, 'file read failed');
    throw new AppError('unavailable', 'file.unavailable');
  }
}

/** Deletes a file (its uploader or an admin); the stored object is removed by a job. */
export async function deleteFile(ctx: Ctx, id: number): Promise<void> {
  const actor = requireActor(ctx.actor);
  const file = await getFile(ctx, id);
  if (!canDeleteFile(actor, file)) throw forbidden();
  await discardFile(ctx, file);
}

/**
 * Deletes a file attached to a record whose module has authorised the change (a deleted call's recording, a
 * recording its call refused); the stored object is removed by a job.
 */
export async function discardFile(ctx: Ctx, file: FileRow): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await filesRepo.deleteById(tx.db, file.id);
    await tx.jobs.enqueue(tx.db, deleteObjectJob, { key: file.storageKey });
    await recordActivity(tx, 'file.deleted', {
      entityType: 'file',
      entityId: file.id,
      summary: file.originalName,
    });
  });
  const spooled = await findSpooled(ctx, file);
  if (spooled) await rm(spooled, { force: true });
}

/**
 * Starts this process's spool upkeep: its marker, and sweeps (now and periodically) of spool files no pending
 * or failed file row needs. Returns the function that stops it.
 */
export function startSpoolSweeper(deps: Deps, timing?: SpoolTiming): () => Promise<void> {
  const spool = spoolOf(deps, timing);
  spool.start(
    async (names) => {
      const keep = new Set<string>();
      for (let i = 0; i < names.length; i += 500) {
        const keys = names.slice(i, i + 500).map(keyOfSpoolName);
        for (const key of await filesRepo.findUnstoredKeys(deps.db, keys))
          keep.add(spoolName({ storageKey: key }));
      }
      return keep;
    },
    {
      swept: (removed) => deps.log.info({ removed }, 'orphan spool files removed'),
      failed: (err) => deps.log.warn({ err }, 'spool upkeep failed'),
    },
  );
  return () => spool.stop();
}

export const FILE_JOBS = [storeFileJob, deleteObjectJob];
