import { describe, expect, it } from 'vitest';
import { liveWebm } from '../../test/media.js';
import { audioDurationMs, finishWebm } from './audio.js';

describe('recording duration and seekable WebM', () => {
  it('measures a live WebM (no Duration element) from its last block', async () => {
    const raw = liveWebm(3);
    expect(await audioDurationMs(raw, 'audio/webm')).toBe(3000);
    expect(await audioDurationMs(liveWebm(0.5), 'audio/webm')).toBe(500);
  });

  it('writes the Duration in, so players can seek, and reads it back', async () => {
    const raw = liveWebm(2.5);
    const { data, durationMs } = finishWebm(raw);
    expect(durationMs).toBe(2500);
    expect(data.length).toBe(raw.length + 11); // the 11-byte Duration element; Info keeps its 8-byte size field
    // The Duration element (0x4489, 8-byte float) is now inside Info and holds 2500 ticks of 1 ms.
    const at = data.indexOf(Buffer.from([0x44, 0x89, 0x88]));
    expect(at).toBeGreaterThan(0);
    expect(data.readDoubleBE(at + 3)).toBe(2500);
    expect(await audioDurationMs(data, 'audio/webm')).toBe(2500);
    // A second pass changes nothing.
    expect(finishWebm(data).data.equals(data)).toBe(true);
  });

  it('leaves what it cannot read alone', async () => {
    const text = Buffer.from('not audio at all');
    expect(finishWebm(text).data).toBe(text);
    expect(await audioDurationMs(text, 'audio/mpeg')).toBeNull();
  });
});
