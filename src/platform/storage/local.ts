/**
 * Local-directory storage: writes go to a temp file in the same directory, then an atomic rename. Directories
 * are created 0700 and files 0600 (owner only, like secret.key and the database).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, copyFile, mkdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertKey, type ByteRange, type Storage, StorageNotFound } from './storage.js';

export function createLocalStorage(root: string): Storage {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const path = resolve(base, assertKey(key));
    // Belt and braces on top of the key pattern: the resolved path must stay inside the root.
    if (!path.startsWith(base + sep)) throw new Error(`storage key escapes the directory: ${key}`);
    return path;
  };
  const tempFor = (path: string) => join(dirname(path), `.tmp-${randomUUID()}`);

  return {
    driver: 'local',
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temp = tempFor(path);
      let size = 0;
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      try {
        await pipeline(body, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
        await rename(temp, path);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return { size };
    },
    async putFile(key, source) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      try {
        await rename(source, path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
        // Different file systems: copy beside the target, then rename so readers never see half a file.
        const temp = tempFor(path);
        await copyFile(source, temp);
        await chmod(temp, 0o600);
        await rename(temp, path);
        await unlink(source);
      }
      return { size: (await stat(path)).size };
    },
    async get(key, range?: ByteRange) {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch {
        throw new StorageNotFound(key);
      }
      return createReadStream(path, range ? { start: range.start, end: range.end } : {}) as Readable;
    },
    async stat(key) {
      try {
        return { size: (await stat(pathOf(key))).size };
      } catch {
        return null;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
