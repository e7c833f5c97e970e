/**
 * Audio facts the server measures itself rather than trusting the browser: the real duration of a recording,
 * and a WebM made seekable. Browsers' MediaRecorder writes live WebM without a duration (players then show
 * "∞" and cannot seek); `finishWebm` reads the last block's time and writes the Duration element in.
 */

const ID = {
  segment: 0x18538067,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  cluster: 0x1f43b675,
  timecode: 0xe7,
  simpleBlock: 0xa3,
  blockGroup: 0xa0,
  block: 0xa1,
  seekHead: 0x114d9b74,
  cues: 0x1c53bb6b,
} as const;

interface Vint {
  value: number;
  length: number;
  unknown: boolean;
}

function readVint(buf: Buffer, pos: number, keepMarker: boolean): Vint | null {
  const first = buf[pos];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23; // leading zeros within the byte, + 1
  if (length > 8 || pos + length > buf.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const b = buf[pos + i]!;
    value = value * 256 + b;
    if (b !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

const readUint = (buf: Buffer, pos: number, size: number) => {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + buf[pos + i]!;
  return v;
};

interface WebmFacts {
  durationMs: number | null;
  /** Where the Info element starts and its header/data extent, when Duration can be added there. */
  info?: { start: number; dataStart: number; end: number; hasDuration: boolean };
  timecodeScale: number;
  patchable: boolean;
}

/** Walks a WebM/Matroska file's elements, collecting the timing facts. */
function scanWebm(buf: Buffer): WebmFacts {
  const facts: WebmFacts = { durationMs: null, timecodeScale: 1_000_000, patchable: true };
  let lastTick = -1;
  let clusterTc = 0;
  let segmentSizeKnown = false;
  const containers = new Set<number>([ID.segment, ID.cluster, ID.blockGroup, ID.info]);
  let pos = 0;
  // Containers are entered (their children read in sequence); anything else is skipped. Unknown sizes (live
  // recordings) simply continue with the next element, which is what a flat walk does anyway.
  while (pos < buf.length) {
    const id = readVint(buf, pos, true);
    if (!id) break;
    const size = readVint(buf, pos + id.length, false);
    if (!size) break;
    const dataStart = pos + id.length + size.length;
    const end = size.unknown ? buf.length : dataStart + size.value;
    if (id.value === ID.segment) segmentSizeKnown = !size.unknown;
    if (id.value === ID.seekHead || id.value === ID.cues) facts.patchable = false;
    if (id.value === ID.info) facts.info = { start: pos, dataStart, end, hasDuration: false };
    if (id.value === ID.timecodeScale) facts.timecodeScale = readUint(buf, dataStart, size.value);
    if (id.value === ID.duration && facts.info) {
      facts.info.hasDuration = true;
      const d = size.value === 4 ? buf.readFloatBE(dataStart) : buf.readDoubleBE(dataStart);
      if (d > 0) facts.durationMs = Math.round((d * facts.timecodeScale) / 1e6);
    }
    if (id.value === ID.timecode) clusterTc = readUint(buf, dataStart, size.value);
    if ((id.value === ID.simpleBlock || id.value === ID.block) && dataStart < buf.length) {
      const track = readVint(buf, dataStart, false);
      if (track && dataStart + track.length + 2 <= buf.length) {
        lastTick = Math.max(lastTick, clusterTc + buf.readInt16BE(dataStart + track.length));
      }
    }
    pos = containers.has(id.value) ? dataStart : end;
  }
  if (segmentSizeKnown) facts.patchable = false;
  if (facts.durationMs === null && lastTick >= 0) {
    // The last block starts at lastTick; an Opus packet lasts 20 ms.
    facts.durationMs = Math.round((lastTick * facts.timecodeScale) / 1e6) + 20;
  }
  return facts;
}

const isWebm = (buf: Buffer) => buf.length >= 4 && buf.readUInt32BE(0) === 0x1a45dfa3;

/**
 * A WebM with its Duration written in (when it lacked one and can take one without moving indexed data), and
 * its duration in milliseconds. Other formats come back unchanged.
 */
export function finishWebm(buf: Buffer): { data: Buffer; durationMs: number | null } {
  if (!isWebm(buf)) return { data: buf, durationMs: null };
  const facts = scanWebm(buf);
  const info = facts.info;
  if (!info || info.hasDuration || !facts.patchable || facts.durationMs === null || info.end > buf.length)
    return { data: buf, durationMs: facts.durationMs };
  const duration = Buffer.alloc(11);
  duration.writeUInt16BE(ID.duration, 0);
  duration[2] = 0x88; // size 8
  duration.writeDoubleBE((facts.durationMs * 1e6) / facts.timecodeScale, 3);
  const body = Buffer.concat([buf.subarray(info.dataStart, info.end), duration]);
  const header = Buffer.alloc(12);
  header.writeUInt32BE(ID.info, 0);
  // An 8-byte size: 0x01 marker then 7 bytes of length.
  header[4] = 0x01;
  header.writeUIntBE(body.length, 6, 6);
  return {
    data: Buffer.concat([buf.subarray(0, info.start), header, body, buf.subarray(info.end)]),
    durationMs: facts.durationMs,
  };
}

/** The duration of an audio file in milliseconds, measured from its content (null when it holds no playable audio). */
export async function audioDurationMs(buf: Buffer, mimeType: string): Promise<number | null> {
  if (isWebm(buf)) return scanWebm(buf).durationMs;
  try {
    const { parseBuffer } = await import('music-metadata');
    const meta = await parseBuffer(buf, { mimeType, size: buf.length }, { duration: true, skipCovers: true });
    const seconds = meta.format.duration;
    return seconds !== undefined && Number.isFinite(seconds) && seconds > 0
      ? Math.round(seconds * 1000)
      : null;
  } catch {
    return null;
  }
}
