/** A local S3 server (s3rver) on 127.0.0.1 for tests and benchmarks: the edge of the world we cannot reach. */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { StorageConfig } from '../config.js';

export const S3_BUCKET = 'sova-test';

export interface LocalS3 {
  port: number;
  endpoint: string;
  config: Extract<StorageConfig, { driver: 's3' }>;
  /** The settings a Sova process needs to use this server. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 (`port` 0 = any free port), with one bucket. */
export async function startS3(port = 0, directory?: string): Promise<LocalS3> {
  const dir = directory ?? mkdtempSync(join(tmpdir(), 'sova-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: S3_BUCKET, configs: [] }],
  });
  const address = (await server.run()) as unknown as AddressInfo;
  const actual = address.port;
  const endpoint = `http://127.0.0.1:${actual}`;
  return {
    port: actual,
    endpoint,
    config: {
      driver: 's3',
      endpoint,
      region: 'us-east-1',
      bucket: S3_BUCKET,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    },
    env: {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!directory) rmSync(dir, { recursive: true, force: true });
    },
  };
}
