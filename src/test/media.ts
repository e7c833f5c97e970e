/**
 * A small WebM built byte by byte the way browsers' MediaRecorder writes it (live: Segment and Clusters of
 * unknown size, no Duration, no Cues), with Opus-like frames: for tests of recording uploads without a fixture.
 */
const id = (n: number) => {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from(bytes);
};
const size = (n: number) => {
  const b = Buffer.alloc(8);
  b[0] = 0x01;
  b.writeUIntBE(n, 2, 6);
  return b;
};
const UNKNOWN = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
const el = (n: number, body: Buffer) => Buffer.concat([id(n), size(body.length), body]);
const uint = (n: number, v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return el(n, b);
};
const str = (n: number, s: string) => el(n, Buffer.from(s, 'ascii'));

/** A live-style WebM of about `seconds` of audio, one block every 20 ms, clusters every second. */
export function liveWebm(seconds: number): Buffer {
  const header = el(
    0x1a45dfa3,
    Buffer.concat([
      uint(0x4286, 1),
      uint(0x42f7, 1),
      uint(0x42f2, 4),
      uint(0x42f3, 8),
      str(0x4282, 'webm'),
      uint(0x4287, 4),
      uint(0x4285, 2),
    ]),
  );
  const info = el(
    0x1549a966,
    Buffer.concat([uint(0x2ad7b1, 1_000_000), str(0x4d80, 'test'), str(0x5741, 'test')]),
  );
  const track = el(
    0xae,
    Buffer.concat([
      uint(0xd7, 1),
      uint(0x73c5, 1),
      uint(0x83, 2),
      str(0x86, 'A_OPUS'),
      el(0xe1, Buffer.concat([el(0xb5, Buffer.from([0x40, 0xe7, 0x70, 0, 0, 0, 0, 0])), uint(0x9f, 1)])),
    ]),
  );
  const tracks = el(0x1654ae6b, track);
  const clusters: Buffer[] = [];
  const totalMs = Math.round(seconds * 1000);
  for (let start = 0; start < totalMs; start += 1000) {
    const blocks: Buffer[] = [uint(0xe7, start)];
    for (let t = 0; t < 1000 && start + t < totalMs; t += 20) {
      const frame = Buffer.alloc(4 + 40, 0x11);
      frame[0] = 0x81; // track 1
      frame.writeInt16BE(t, 1);
      frame[3] = 0x80; // keyframe
      blocks.push(el(0xa3, frame));
    }
    clusters.push(Buffer.concat([id(0x1f43b675), UNKNOWN, ...blocks]));
  }
  return Buffer.concat([header, id(0x18538067), UNKNOWN, info, tracks, ...clusters]);
}
