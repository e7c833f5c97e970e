/**
 * S3-compatible storage through @aws-sdk/client-s3. Uploads stream in parts (lib-storage), so memory stays at
 * a few parts whatever the file size. Checksums are computed only when the service requires them: several
 * S3-compatible stores mis-store streamed uploads otherwise.
 */
import { createReadStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { StorageConfig } from './storage.js';
import { assertKey, type Storage, StorageNotFound } from './storage.js';

type S3Config = Extract<StorageConfig, { driver: 's3' }>;

const PART_SIZE = 8 * 1024 * 1024;
/** S3 accepts single PUTs up to 5 GiB; larger files go in parts. */
const SINGLE_PUT_MAX = 5 * 1024 * 1024 * 1024;

export function createS3Storage(config: S3Config): Storage {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
  const Bucket = config.bucket;
  const missing = (err: unknown) =>
    err instanceof NoSuchKey ||
    err instanceof NotFound ||
    (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

  const put: Storage['put'] = async (key, body, options) => {
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    const upload = new Upload({
      client,
      params: { Bucket, Key: assertKey(key), Body: body, ContentType: options?.contentType },
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
    });
    await upload.done();
    return { size };
  };

  return {
    driver: 's3',
    put,
    async putFile(key, path, options) {
      const { size } = await stat(path);
      if (size <= SINGLE_PUT_MAX) {
        // The length is known, so one streamed PUT: nothing is buffered in memory, whatever the size.
        await client.send(
          new PutObjectCommand({
            Bucket,
            Key: assertKey(key),
            Body: createReadStream(path),
            ContentLength: size,
            ContentType: options?.contentType,
          }),
        );
      } else {
        await put(key, createReadStream(path), options);
      }
      await unlink(path);
      return { size };
    },
    async get(key, range) {
      try {
        const out = await client.send(
          new GetObjectCommand({
            Bucket,
            Key: assertKey(key),
            Range: range ? `bytes=${range.start}-${range.end}` : undefined,
          }),
        );
        return out.Body as Readable;
      } catch (err) {
        if (missing(err)) throw new StorageNotFound(key);
        throw err;
      }
    },
    async stat(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: assertKey(key) }));
        return { size: head.ContentLength ?? 0 };
      } catch (err) {
        if (missing(err)) return null;
        throw err;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: assertKey(key) }));
    },
  };
}
