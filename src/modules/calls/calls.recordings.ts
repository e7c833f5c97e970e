/**
 * Call recordings: stored as files (size, type and real duration checked; a browser's WebM made seekable),
 * attached to a call, streamed back with ranges. Every export checks the actor.
 */
import { Readable } from 'node:stream';
import type { UploadKind } from '../../config.js';
import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { requireActor } from '../../platform/auth/roles.js';
import { invalid, notFound, tooLarge, unsupported } from '../../platform/errors.js';
import { audioDurationMs, finishWebm } from '../../platform/media/audio.js';
import { acceptedType, detectMime } from '../../platform/storage/inspect.js';
import type { ByteRange } from '../../platform/storage/storage.js';
import {
  discardFile,
  type FileContent,
  findAttachedFile,
  openContentOf,
  uploadFile,
} from '../files/files.service.js';
import type { FileRow } from '../files/index.js';
import * as callsRepo from './calls.repo.js';
import { editableCall, getCall } from './calls.service.js';
import * as internal from './internal.js';
import { announceCallsChanged } from './internal.js';

/* ---------- recordings ---------- */

export interface StoredRecording {
  file: FileRow;
  durationMs: number | null;
}

/** Reads a stream into memory up to `limit` bytes (`file.too_large` beyond). */
async function readLimited(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.resume();
      throw tooLarge('file.too_large', { limit_mb: Math.round(limit / 1024 / 1024) });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Stores a call recording: checks its size and that it is audio a player can play, measures its real duration,
 * makes a browser WebM seekable, and keeps it as a file. Outside any transaction (storage is external I/O).
 * Throws `file.audio_unreadable` for content that starts like audio but holds none (a WAV header over
 * anything else), besides uploadFile's refusals.
 */
export async function storeRecording(
  ctx: Ctx,
  input: { stream: Readable; filename: string | undefined },
): Promise<StoredRecording> {
  requireActor(ctx.actor);
  const kind: UploadKind = 'audio';
  const limit = ctx.config.uploadLimits[kind];
  const raw = await readLimited(input.stream, limit);
  if (raw.length === 0) throw invalid('validation', { recording: { code: 'recording_empty' } });
  const webm = finishWebm(raw);
  // Types are told from the first bytes; only decoding shows whether anything playable follows them.
  const type = await detectMime(webm.data.subarray(0, 64 * 1024));
  const durationMs = webm.durationMs ?? (await audioDurationMs(webm.data, type));
  if (durationMs === null && acceptedType(kind, type)) throw unsupported('file.audio_unreadable', { type });
  const file = await uploadFile(ctx, { stream: Readable.from([webm.data]), filename: input.filename, kind });
  return { file, durationMs };
}

/** Deletes a stored recording that could not be attached (its call was refused). */
export async function discardRecording(ctx: Ctx, rec: StoredRecording) {
  requireActor(ctx.actor);
  await discardFile(ctx, rec.file).catch(() => {});
}

/** Adds or replaces a call's recording (the call's operator, a manager or an admin). */
export async function attachRecording(
  ctx: Ctx,
  callId: number,
  input: { stream: Readable; filename: string | undefined },
): Promise<void> {
  const call = await editableCall(ctx, callId);
  const rec = await storeRecording(ctx, input);
  const old = await callsRepo.findRecording(ctx.db, callId);
  await inTransaction(ctx, async (tx) => {
    await callsRepo.deleteRecording(tx.db, callId);
    await internal.insertRecording(tx.db, callId, rec, nowIso(tx));
    await callsRepo.touch(tx.db, callId, nowIso(tx));
  });
  if (old) await discardFile(ctx, await findAttachedFile(ctx, old.fileId)).catch(() => {});
  await announceCallsChanged(ctx, call.campaignId);
}

/** The recording of a call the actor may see: its file record and a way to open (a range of) it. */
export async function recordingOf(
  ctx: Ctx,
  callId: number,
): Promise<{ file: FileRow; open: (range: ByteRange | null) => Promise<FileContent> }> {
  await getCall(ctx, callId);
  const rec = await callsRepo.findRecording(ctx.db, callId);
  if (!rec) throw notFound('recording', callId);
  const file = await findAttachedFile(ctx, rec.fileId);
  return { file, open: (range) => openContentOf(ctx, file, range) };
}
