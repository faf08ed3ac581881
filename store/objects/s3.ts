import { GetObjectCommand, HeadObjectCommand, NotFound, S3Client, S3ServiceException, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { HashingStream } from './hashing.ts';
import { checkKey, ObjectExists, ObjectMissing, type ByteRange, type ObjectHead, type ObjectStore, type StoredObject } from './types.ts';

export interface S3Settings {
  bucket: string;
  /** Prefix inside the bucket (e.g. `evidence/`), so one bucket can hold several environments. */
  prefix?: string;
  client: S3ClientConfig;
}

const isMissing = (e: unknown) => e instanceof NotFound || (e instanceof S3ServiceException && (e.$metadata.httpStatusCode === 404 || e.name === 'NoSuchKey'));
// 412 Precondition Failed: the If-None-Match: * write lost to an object already there.
const isTaken = (e: unknown) => e instanceof S3ServiceException && (e.$metadata.httpStatusCode === 412 || e.name === 'PreconditionFailed');

/**
 * Objects in any S3 API (production). Bytes stream through a multipart upload (lib-storage,
 * a few parts in memory at a time); the hash is taken on the way. Write-once twice over: a
 * HeadObject refuses a taken key before any byte moves, and the write itself carries
 * `If-None-Match: *` so a race is refused by the server where it supports conditional writes.
 * Where the bucket has S3 Object Lock, a retention period on top keeps even an administrator's
 * key from deleting an object (README, deployment).
 */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  constructor(readonly settings: S3Settings) {
    this.client = new S3Client(settings.client);
  }

  private objectKey(key: string): string { return `${this.settings.prefix ?? ''}${checkKey(key)}`; }

  async put(key: string, body: Readable, contentType: string): Promise<StoredObject> {
    if (await this.head(key)) throw new ObjectExists(key);
    const hashing = new HashingStream();
    body.on('error', (e) => hashing.destroy(e));
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: this.objectKey(key), Body: body.pipe(hashing), ContentType: contentType, IfNoneMatch: '*' },
      queueSize: 2, partSize: 8 * 1024 * 1024, leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (e) {
      if (isTaken(e)) throw new ObjectExists(key);
      throw e;
    }
    return { key, size: hashing.byteCount, sha256: hashing.sha256, contentType };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const r = await this.client.send(new GetObjectCommand({
        Bucket: this.settings.bucket, Key: this.objectKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
      }));
      return r.Body as Readable;
    } catch (e) {
      if (isMissing(e)) throw new ObjectMissing(key);
      throw e;
    }
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      return { key, size: r.ContentLength ?? 0, contentType: r.ContentType ?? 'application/octet-stream' };
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }
}
