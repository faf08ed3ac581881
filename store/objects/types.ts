import type { Readable } from 'node:stream';

/** What the store knows of one object: enough for the database row and a later check. */
export interface StoredObject { key: string; size: number; sha256: string; contentType: string }

export interface ObjectHead { key: string; size: number; contentType: string; sha256?: string }

/** Inclusive byte range, as HTTP Range and S3 GetObject count it. */
export interface ByteRange { start: number; end: number }

/**
 * Evidence bytes behind one interface (issue 22). Objects are write-once: a key that exists is
 * never overwritten, so a stored file can be relied on in a hearing or a court (国办发〔2018〕118号).
 */
export interface ObjectStore {
  readonly kind: 'folder' | 's3';
  /** Streams `body` to `key`, hashing as it goes; refuses with ObjectExists if the key is taken. */
  put(key: string, body: Readable, contentType: string): Promise<StoredObject>;
  get(key: string, range?: ByteRange): Promise<Readable>;
  head(key: string): Promise<ObjectHead | undefined>;
}

export class ObjectExists extends Error {
  constructor(readonly key: string) { super(`object ${key} already exists: evidence objects are write-once`); }
}

export class ObjectMissing extends Error {
  constructor(readonly key: string) { super(`object ${key} does not exist`); }
}

/** Keys are ours (never a user's file name): letters, digits and a few separators, no `..`. */
export function checkKey(key: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,511}$/.test(key) || key.split('/').some((p) => p === '..' || p === '.' || p === '') || key.endsWith('.meta.json')) {
    throw new Error(`invalid object key ${JSON.stringify(key)}`);
  }
  return key;
}
