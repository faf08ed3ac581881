import path from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { S3Store } from '@tus/s3-store';
import type { DataStore } from '@tus/utils';
import { DeleteObjectsCommand, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { Config } from '../../infra/config.ts';
import { FolderObjectStore } from './folder.ts';
import { S3ObjectStore } from './s3.ts';
import type { ObjectStore } from './types.ts';

export * from './types.ts';
export { FolderObjectStore } from './folder.ts';
export { S3ObjectStore } from './s3.ts';

/** Where evidence lives: the finished objects, and the tus store that holds uploads while they run. */
export interface EvidenceStorage {
  objects: ObjectStore;
  uploads: DataStore & { read(id: string): Readable | Promise<Readable> };
  /** Drops a finished (or refused) upload's bytes once they are in `objects` (or not wanted). */
  discardUpload(id: string): Promise<void>;
}

// Unfinished uploads are kept this long for a resume, then swept.
const UPLOAD_EXPIRY_MS = 7 * 24 * 3600_000;

/** Objects in `<dir>/objects`, running uploads in `<dir>/uploads`. */
export function folderStorage(dir: string): EvidenceStorage {
  const uploads = new FileStore({ directory: path.join(dir, 'uploads'), expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
  return { objects: new FolderObjectStore(path.join(dir, 'objects')), uploads, discardUpload: (id) => uploads.remove(id) };
}

export function s3Storage(bucket: string, prefix: string, client: S3ClientConfig): EvidenceStorage {
  const objects = new S3ObjectStore({ bucket, prefix, client });
  return {
    objects,
    // tus names its uploads by a random hex id at the bucket's root, apart from the `prefix` objects.
    uploads: new S3Store({ partSize: 8 * 1024 * 1024, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS, s3ClientConfig: { ...client, bucket } }),
    // Not S3Store.remove: it first aborts the multipart upload, which S3 no longer knows once
    // completed (NoSuchUpload), and then gives up before deleting the object and its .info.
    discardUpload: async (id) => {
      await objects.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: id }, { Key: `${id}.info` }, { Key: `${id}.part` }] } }));
    },
  };
}

export function storageFromConfig(cfg: Config): EvidenceStorage {
  if (cfg.EVIDENCE_STORE === 'folder') return folderStorage(path.resolve(cfg.DATA_DIR));
  return s3Storage(cfg.S3_BUCKET!, cfg.S3_PREFIX, {
    region: cfg.S3_REGION, forcePathStyle: cfg.S3_FORCE_PATH_STYLE === 'true',
    ...(cfg.S3_ENDPOINT ? { endpoint: cfg.S3_ENDPOINT } : {}),
    ...(cfg.S3_ACCESS_KEY_ID && cfg.S3_SECRET_ACCESS_KEY ? { credentials: { accessKeyId: cfg.S3_ACCESS_KEY_ID, secretAccessKey: cfg.S3_SECRET_ACCESS_KEY } } : {}),
  });
}
