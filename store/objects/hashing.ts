import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** A pass-through that hashes and counts the bytes on their way to the store (never read back). */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  // Not `size`: lib-storage would read that as the body's total length before a byte has passed.
  byteCount = 0;
  private digest?: string;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.byteCount += chunk.length;
    done(null, chunk);
  }

  get sha256(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }
}
