import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeaweedFs, type SeaweedFs } from '../../infra/seaweedfs.ts';
import { FolderObjectStore, ObjectExists, ObjectMissing, S3ObjectStore, s3Storage, type ObjectStore } from '../../store/objects/index.ts';
import { leadBody } from '../support/cases.ts';
import { apiAs, startSystem } from '../support/system.ts';
import { makeMp4Like, tusUpload } from '../support/uploads.ts';

// One storage suite, run against the folder backend and against S3 on a real SeaweedFS
// (issue 22): streaming hash, write-once keys, range reads.
const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-objects-'));
let weed: SeaweedFs;
const BUCKET = 'zhifa-evidence';
beforeAll(async () => {
  weed = await startSeaweedFs({ dir: path.join(dir, 'weed') });
  await weed.createBucket(BUCKET);
}, 300_000);
afterAll(async () => {
  await weed?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const SIZE = 20 * 1024 * 1024 + 12345; // several 8 MB parts and an odd tail
const DATA = makeMp4Like(SIZE, 3);
const HASH = createHash('sha256').update(DATA).digest('hex');
/** The bytes as a stream of 64 KB pieces, as a request body arrives. */
const stream = (b: Buffer) => Readable.from((function* () { for (let i = 0; i < b.length; i += 65536) yield b.subarray(i, i + 65536); })());
const readAll = async (r: Readable) => { const parts: Buffer[] = []; for await (const c of r) parts.push(c as Buffer); return Buffer.concat(parts); };

const backends: [string, () => ObjectStore][] = [
  ['folder', () => new FolderObjectStore(path.join(dir, 'folder'))],
  ['s3 (SeaweedFS)', () => new S3ObjectStore({ bucket: BUCKET, prefix: 'suite/', client: weed.client })],
];

describe.each(backends)('object store: %s', (_name, make) => {
  it('hashes while streaming: the SHA-256 and size match an independent hash of the source', async () => {
    const store = make();
    const key = `evidence/${randomUUID()}`;
    const put = await store.put(key, stream(DATA), 'video/mp4');
    expect(put).toEqual({ key, size: SIZE, sha256: HASH, contentType: 'video/mp4' });
    expect(await store.head(key)).toMatchObject({ key, size: SIZE, contentType: 'video/mp4' });
    expect(createHash('sha256').update(await readAll(await store.get(key))).digest('hex')).toBe(HASH);
  });

  it('is write-once: a second write of a key is refused and the first object is unchanged, also when two race', async () => {
    const store = make();
    const key = `evidence/${randomUUID()}`;
    await store.put(key, stream(DATA.subarray(0, 100_000)), 'video/mp4');
    await expect(store.put(key, stream(Buffer.from('replacement')), 'text/plain')).rejects.toBeInstanceOf(ObjectExists);
    expect((await readAll(await store.get(key))).equals(DATA.subarray(0, 100_000))).toBe(true);

    const raced = `evidence/${randomUUID()}`;
    const results = await Promise.allSettled([
      store.put(raced, stream(DATA.subarray(0, 3_000_000)), 'video/mp4'),
      store.put(raced, stream(DATA.subarray(5_000_000, 8_000_000)), 'video/mp4'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(ObjectExists);
    const won = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ sha256: string }>).value;
    expect(createHash('sha256').update(await readAll(await store.get(raced))).digest('hex')).toBe(won.sha256);
  });

  it('reads a byte range without the rest (a video player seeking)', async () => {
    const store = make();
    const key = `evidence/${randomUUID()}`;
    await store.put(key, stream(DATA), 'video/mp4');
    const start = 9 * 1024 * 1024 - 10;
    const part = await readAll(await store.get(key, { start, end: start + 99 }));
    expect(part.equals(DATA.subarray(start, start + 100))).toBe(true);
    const tail = await readAll(await store.get(key, { start: SIZE - 5, end: SIZE - 1 }));
    expect(tail.equals(DATA.subarray(SIZE - 5))).toBe(true);
  });

  it('knows what it does not hold, and refuses keys that are not its own', async () => {
    const store = make();
    expect(await store.head('evidence/missing')).toBeUndefined();
    await expect(store.get('evidence/missing')).rejects.toBeInstanceOf(ObjectMissing);
    for (const bad of ['../etc/passwd', 'evidence/../x', '', '/abs', 'a//b', 'x.meta.json']) {
      await expect(store.put(bad, stream(Buffer.from('x')), 'text/plain')).rejects.toThrow(/invalid object key/);
    }
  });
});

describe('evidence uploads on the S3 backend', () => {
  it('a tus upload interrupted and resumed through the API lands in SeaweedFS with the source hash', async () => {
    const sys = await startSystem({ storage: s3Storage(BUCKET, 'evidence/', weed.client) });
    try {
      const handler = await apiAs(sys.baseUrl, 'hongta.handler1');
      const first = await tusUpload(sys.baseUrl, handler.token, DATA, { chunkSize: 6 * 1024 * 1024, stopAt: 6 * 1024 * 1024 });
      expect(first.aborted).toBe(true);
      const url = first.url.startsWith('http') ? first.url : sys.baseUrl + first.url;
      const head = await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${handler.token}`, 'tus-resumable': '1.0.0' } });
      const offset = Number(head.headers.get('upload-offset'));
      expect(offset).toBeGreaterThanOrEqual(6 * 1024 * 1024);
      expect(offset).toBeLessThan(SIZE);
      let resumedAt = -1;
      const done = await tusUpload(sys.baseUrl, handler.token, DATA, { chunkSize: 6 * 1024 * 1024, uploadUrl: url, onFirstChunk: (a) => { resumedAt = a; } });
      expect(resumedAt).toBe(offset + 6 * 1024 * 1024);
      expect(done.sha256).toBe(HASH);
      // The running upload's own objects are gone once the evidence object is stored.
      const root = new S3ObjectStore({ bucket: BUCKET, client: weed.client });
      expect(await root.head(done.id)).toBeUndefined();
      expect(await root.head(`${done.id}.info`)).toBeUndefined();
      const caseId = (await handler.post('/api/cases', leadBody())).body.caseId;
      const r = await handler.post(`/api/cases/${caseId}/evidence`, {
        kind: 'VIDEO', description: '执法记录仪拍摄的现场检查录像（S3 存储）', uploadId: done.id, capturedAt: new Date(Date.now() - 60_000).toISOString(),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const direct = new S3ObjectStore({ bucket: BUCKET, prefix: 'evidence/', client: weed.client });
      expect(createHash('sha256').update(await readAll(await direct.get(`evidence/${done.id}`))).digest('hex')).toBe(HASH);
      const mid = await fetch(`${sys.baseUrl}/evidence/${r.body.id}`, { headers: { authorization: `Bearer ${handler.token}`, range: 'bytes=1000-1999' } });
      expect(mid.status).toBe(206);
      expect(Buffer.from(await mid.arrayBuffer()).equals(DATA.subarray(1000, 2000))).toBe(true);
    } finally {
      await sys.stop();
    }
  });
});
