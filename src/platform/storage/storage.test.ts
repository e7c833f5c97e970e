/** One conformance suite, run against the local-directory driver and against S3 (s3rver on 127.0.0.1). */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, startS3 } from '../../test/s3.js';
import { createLocalStorage } from './local.js';
import { createS3Storage } from './s3.js';
import { assertKey, type Storage, StorageNotFound } from './storage.js';

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function conformance(name: string, open: () => Promise<{ storage: Storage; close: () => Promise<void> }>) {
  describe(`storage conformance [${name}]`, () => {
    let storage: Storage;
    let close: () => Promise<void>;
    let scratch: string;
    beforeAll(async () => {
      ({ storage, close } = await open());
      scratch = mkdtempSync(join(tmpdir(), 'sova-scratch-'));
    });
    afterAll(async () => {
      await close();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('stores a stream and reads back the same bytes', async () => {
      const data = randomBytes(3 * 1024 * 1024 + 17);
      const { size } = await storage.put(
        'audio/2026/11/a',
        Readable.from([data.subarray(0, 1000), data.subarray(1000)]),
      );
      expect(size).toBe(data.length);
      const back = await bytes(await storage.get('audio/2026/11/a'));
      expect(createHash('sha256').update(back).digest('hex')).toBe(
        createHash('sha256').update(data).digest('hex'),
      );
      expect(await storage.stat('audio/2026/11/a')).toEqual({ size: data.length });
    });

    it('stores a multi-part upload (larger than one part) intact', async () => {
      const data = randomBytes(20 * 1024 * 1024 + 5);
      await storage.put('big/one', Readable.from(data));
      const back = await bytes(await storage.get('big/one'));
      expect(back.length).toBe(data.length);
      expect(back.equals(data)).toBe(true);
    });

    it('serves byte ranges', async () => {
      await storage.put('r/abc', Readable.from([Buffer.from('0123456789')]));
      expect(await text(await storage.get('r/abc', { start: 2, end: 5 }))).toBe('2345');
      expect(await text(await storage.get('r/abc', { start: 9, end: 9 }))).toBe('9');
    });

    it('replaces an object written twice', async () => {
      await storage.put('x/same', Readable.from([Buffer.from('first')]));
      await storage.put('x/same', Readable.from([Buffer.from('second')]));
      expect(await text(await storage.get('x/same'))).toBe('second');
    });

    it('moves a finished local file in with putFile', async () => {
      const path = join(scratch, 'upload.bin');
      writeFileSync(path, 'from disk');
      expect(await storage.putFile('m/moved', path)).toEqual({ size: 9 });
      expect(await text(await storage.get('m/moved'))).toBe('from disk');
      expect(readdirSync(scratch)).not.toContain('upload.bin');
    });

    it('reports a missing object as not found and deletes idempotently', async () => {
      await expect(storage.get('nope/missing')).rejects.toBeInstanceOf(StorageNotFound);
      expect(await storage.stat('nope/missing')).toBeNull();
      await storage.put('d/gone', Readable.from([Buffer.from('x')]));
      await storage.delete('d/gone');
      await storage.delete('d/gone');
      expect(await storage.stat('d/gone')).toBeNull();
    });

    it('keeps the old object when a write fails half-way', async () => {
      await storage.put('w/keep', Readable.from([Buffer.from('old')]));
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(64 * 1024, 1));
          this.destroy(new Error('client went away'));
        },
      });
      await expect(storage.put('w/keep', failing)).rejects.toThrow();
      expect(await text(await storage.get('w/keep'))).toBe('old');
    });

    it('refuses keys that could escape the store', async () => {
      for (const key of ['../etc/passwd', '/abs', 'a/../../b', 'a//b', '', 'a/./b', 'sp ace', '.hidden']) {
        await expect(storage.put(key, Readable.from([Buffer.from('x')]))).rejects.toThrow(
          /invalid storage key/,
        );
        expect(() => assertKey(key)).toThrow();
      }
    });
  });
}

conformance('local', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sova-files-'));
  return {
    storage: createLocalStorage(dir),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

let s3: LocalS3;
conformance('s3', async () => {
  s3 = await startS3();
  return { storage: createS3Storage(s3.config), close: () => s3.close() };
});

describe('local storage layout', () => {
  it('leaves no temp files behind after writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sova-files-'));
    const storage = createLocalStorage(dir);
    await storage.put('k/one', Readable.from([Buffer.from('1')]));
    expect(readdirSync(join(dir, 'k'))).toEqual(['one']);
    rmSync(dir, { recursive: true, force: true });
  });
});
