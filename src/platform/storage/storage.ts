/**
 * Object storage behind one small interface, with two drivers: a local directory (embedded mode) and any
 * S3-compatible store (scale mode). Keys are opaque, slash-separated, and validated so that no key can reach
 * outside the store.
 */
import type { Readable } from 'node:stream';
import { createLocalStorage } from './local.js';

/** Where file contents live (the `STORAGE_*` / `S3_*` settings). */
export type StorageConfig =
  | { driver: 'local'; dir: string }
  | {
      driver: 's3';
      endpoint: string | undefined;
      region: string;
      bucket: string;
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
      forcePathStyle: boolean;
    };

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

export interface Storage {
  readonly driver: 'local' | 's3';
  /** Writes the stream under `key`, replacing any object there; readers never see a partial object. */
  put(key: string, body: Readable, options?: { contentType?: string }): Promise<{ size: number }>;
  /** Moves a finished local file into the store (a rename when the store is a local directory). */
  putFile(key: string, path: string, options?: { contentType?: string }): Promise<{ size: number }>;
  /** Opens the object (or one byte range of it); rejects with `StorageNotFound` when it does not exist. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  stat(key: string): Promise<{ size: number } | null>;
  /** Deletes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export class StorageNotFound extends Error {
  constructor(readonly key: string) {
    super(`no stored object ${key}`);
  }
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Throws on a key that is empty, absolute, contains `..` segments or anything outside [A-Za-z0-9._-/]. */
export function assertKey(key: string): string {
  if (key.length > 512 || !KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  }
  return key;
}

/** The configured driver; the AWS SDK is loaded only when S3 is used (it costs ~30 MB and ~0.3 s at start). */
export async function createStorage(config: StorageConfig): Promise<Storage> {
  if (config.driver === 'local') return createLocalStorage(config.dir);
  const { createS3Storage } = await import('./s3.js');
  return createS3Storage(config);
}
