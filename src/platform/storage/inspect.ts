/**
 * Looks at an upload while it streams past: counts bytes (stopping at the limit), hashes it, and decides its
 * type from the first bytes of content — never from the file name or the client's Content-Type.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** What an upload may be, each with its own size limit (`UPLOAD_MAX_MB_<KIND>`). */
export type UploadKind = 'audio' | 'document' | 'import' | 'image';

const HEAD_BYTES = 64 * 1024;

/** What each kind accepts (detected type → stored type). */
const ACCEPTS: Record<UploadKind, (mime: string) => string | null> = {
  audio: (m) =>
    m.startsWith('audio/')
      ? m.split(';')[0]!
      : m === 'video/webm'
        ? 'audio/webm'
        : m === 'video/mp4' || m === 'video/quicktime'
          ? 'audio/mp4'
          : m === 'video/ogg'
            ? 'audio/ogg'
            : null,
  document: (m) =>
    [
      'text/plain',
      'application/pdf',
      'application/rtf',
      'application/msword',
      'application/x-cfb',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.oasis.opendocument.text',
    ].includes(m)
      ? m === 'application/x-cfb'
        ? 'application/msword'
        : m
      : null,
  import: (m) =>
    m === 'text/plain' || m === 'text/csv'
      ? 'text/csv'
      : m === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        ? m
        : null,
  image: (m) => (['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(m) ? m : null),
};

/** The type a `kind` upload is stored as when its content is `mime`, or null when the kind refuses it. */
export const acceptedType = (kind: UploadKind, mime: string): string | null => ACCEPTS[kind](mime);

export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`upload exceeds ${limit} bytes`);
  }
}
export class UploadTypeRefused extends Error {
  constructor(readonly detected: string) {
    super(`uploads of type ${detected} are not accepted here`);
  }
}

/** Plain text: no NUL bytes and either valid UTF-8 or mostly printable single-byte text (Windows-1251, Latin-1). */
export function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  if (head.includes(0)) return false;
  // Drop a possibly cut multi-byte sequence at the end before checking UTF-8.
  let end = head.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = head[end - i]!;
    if ((b & 0xc0) === 0xc0) {
      end -= i;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    let control = 0;
    for (const b of head) if (b < 0x20 && b !== 9 && b !== 10 && b !== 13) control++;
    return control / head.length < 0.01;
  }
}

/**
 * UTF-16 text with its byte-order mark (what Excel's "Unicode text" writes): NUL bytes everywhere, and FF FE
 * reads as an MPEG audio frame to file-type (a UTF-16 CSV was refused as audio/mpeg). Decoded, it must be text:
 * valid UTF-16 with next to no control characters.
 */
function isUtf16Text(head: Buffer): boolean {
  const encoding =
    head[0] === 0xff && head[1] === 0xfe
      ? 'utf-16le'
      : head[0] === 0xfe && head[1] === 0xff
        ? 'utf-16be'
        : null;
  if (!encoding) return false;
  let text: string;
  try {
    // Streaming: a character cut at the end of the head is not the file's fault.
    text = new TextDecoder(encoding, { fatal: true }).decode(head.subarray(2), { stream: true });
  } catch {
    return false;
  }
  let control = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffe || c === 0xffff) control++;
  }
  return text.length > 0 && control / text.length < 0.01;
}

export async function detectMime(head: Buffer): Promise<string> {
  if (isUtf16Text(head)) return 'text/plain';
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(head);
  if (found) return found.mime;
  return looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

export interface Inspection {
  size: number;
  sha256: string;
  mimeType: string;
}

/**
 * A pass-through stream for `kind` uploads. It errors with UploadTooLarge past `limit` bytes and with
 * UploadTypeRefused as soon as the head shows a type the kind does not accept; `result()` resolves after the
 * stream ends.
 */
export function inspectUpload(kind: UploadKind, limit: number) {
  const hash = createHash('sha256');
  let size = 0;
  let head: Buffer[] = [];
  let headLength = 0;
  let mimeType: string | null = null;

  const decide = async () => {
    const detected = await detectMime(Buffer.concat(head));
    head = [];
    const accepted = ACCEPTS[kind](detected);
    if (!accepted) throw new UploadTypeRefused(detected);
    mimeType = accepted;
  };

  const stream = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      size += chunk.length;
      if (size > limit) return done(new UploadTooLarge(limit));
      hash.update(chunk);
      if (mimeType === null) {
        head.push(chunk);
        headLength += chunk.length;
        if (headLength >= HEAD_BYTES) {
          decide().then(() => done(null, chunk), done);
          return;
        }
      }
      done(null, chunk);
    },
    flush(done) {
      if (size === 0) return done(new UploadTypeRefused('empty'));
      if (mimeType === null) decide().then(() => done(), done);
      else done();
    },
  });
  return {
    stream,
    result: (): Inspection => ({
      size,
      sha256: hash.digest('hex'),
      mimeType: mimeType ?? 'application/octet-stream',
    }),
  };
}
