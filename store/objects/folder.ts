import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HashingStream } from './hashing.ts';
import { checkKey, ObjectExists, ObjectMissing, type ByteRange, type ObjectHead, type ObjectStore, type StoredObject } from './types.ts';

interface Meta { size: number; sha256: string; contentType: string }

/**
 * Objects as files under one folder (the embedded default of `npm run dev`). A write goes to a
 * temporary file and is linked into place: link(2) fails if the name exists, so two writers of
 * one key cannot both win and a reader never sees half a file. Files are left read-only.
 */
export class FolderObjectStore implements ObjectStore {
  readonly kind = 'folder' as const;
  constructor(readonly root: string) {}

  private file(key: string): string { return path.join(this.root, checkKey(key)); }
  private meta(key: string): string { return `${this.file(key)}.meta.json`; }

  async put(key: string, body: Readable, contentType: string): Promise<StoredObject> {
    const target = this.file(key);
    if (await this.head(key)) throw new ObjectExists(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmpDir = path.join(this.root, '.tmp'); // no key starts with a dot
    await fs.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    const hashing = new HashingStream();
    try {
      await pipeline(body, hashing, createWriteStream(tmp, { flags: 'wx', mode: 0o444 }));
      const meta: Meta = { size: hashing.byteCount, sha256: hashing.sha256, contentType };
      // The metadata first: an object whose file exists always has its hash beside it.
      await fs.writeFile(`${tmp}.meta`, JSON.stringify(meta), { mode: 0o444 });
      await fs.link(`${tmp}.meta`, this.meta(key)).catch((e: NodeJS.ErrnoException) => {
        throw e.code === 'EEXIST' ? new ObjectExists(key) : e;
      });
      await fs.link(tmp, target).catch(async (e: NodeJS.ErrnoException) => {
        if (e.code === 'EEXIST') throw new ObjectExists(key);
        await fs.rm(this.meta(key), { force: true });
        throw e;
      });
      return { key, ...meta };
    } finally {
      await fs.rm(tmp, { force: true });
      await fs.rm(`${tmp}.meta`, { force: true });
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.file(key);
    if (!(await this.head(key))) throw new ObjectMissing(key);
    return createReadStream(file, range ? { start: range.start, end: range.end } : {});
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    try {
      const [st, raw] = await Promise.all([fs.stat(this.file(key)), fs.readFile(this.meta(key), 'utf8')]);
      const meta = JSON.parse(raw) as Meta;
      return { key, size: st.size, contentType: meta.contentType, sha256: meta.sha256 };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }
}
