import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeaweedFs, type SeaweedFs } from '../../infra/seaweedfs.ts';
import { folderStorage, s3Storage, type EvidenceStorage } from '../../store/objects/index.ts';
import { leadBody } from '../support/cases.ts';
import { apiAs, startSystem, type Api, type System } from '../support/system.ts';
import { makeMp4Like, tusUpload } from '../support/uploads.ts';

// A 200 MB body-camera video uploaded in 5 MB chunks, interrupted and resumed (issue 22, "done
// when"), against the folder backend and S3 on a real SeaweedFS. The expected hash is taken
// here from the source bytes, apart from the API's streaming hash it is compared with.
const SIZE = 200 * 1024 * 1024 + 777; // an odd tail past the last full chunk
const CHUNK = 5 * 1024 * 1024;
const STOP_AT = 17 * CHUNK; // the interruption: mid-file, not on an 8 MB store-part boundary
const VIDEO = makeMp4Like(SIZE, 7);
const independentHash = createHash('sha256').update(VIDEO).digest('hex');

const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-resumable-'));
let weed: SeaweedFs;
beforeAll(async () => {
  weed = await startSeaweedFs({ dir: path.join(dir, 'weed') });
  await weed.createBucket('zhifa-resumable');
}, 300_000);
afterAll(async () => {
  await weed?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const backends: [string, () => EvidenceStorage][] = [
  ['folder', () => folderStorage(path.join(dir, 'folder'))],
  ['s3 (SeaweedFS)', () => s3Storage('zhifa-resumable', 'evidence/', weed.client)],
];

describe.each(backends)('resumable evidence upload of 200 MB (tus): %s', (_name, makeStorage) => {
  let sys: System;
  let handler: Api;
  beforeAll(async () => {
    sys = await startSystem({ storage: makeStorage() });
    handler = await apiAs(sys.baseUrl, 'hongta.handler1');
  }, 120_000);
  afterAll(async () => sys?.stop());

  it('an upload interrupted mid-file resumes where it stopped, and the recorded SHA-256 is that of the source', async () => {
    const first = await tusUpload(sys.baseUrl, handler.token, VIDEO, { chunkSize: CHUNK, stopAt: STOP_AT, filename: '执法记录仪-0001.mp4' });
    expect(first.aborted).toBe(true);
    const url = first.url.startsWith('http') ? first.url : sys.baseUrl + first.url;
    const head = await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${handler.token}`, 'tus-resumable': '1.0.0' } });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThanOrEqual(STOP_AT);
    expect(offset).toBeLessThan(SIZE);
    expect(await sys.prisma.evidenceUpload.count({ where: { id: first.id } })).toBe(0);

    let resumedAt = -1;
    const done = await tusUpload(sys.baseUrl, handler.token, VIDEO, { chunkSize: CHUNK, uploadUrl: url, onFirstChunk: (accepted) => { resumedAt = accepted; } });
    // The first chunk after the resume ends one chunk past where the interruption left off: nothing was sent twice.
    expect(resumedAt).toBe(offset + CHUNK);
    expect(done.id).toBe(first.id);
    expect(done.sha256).toBe(independentHash);
    const row = await sys.prisma.evidenceUpload.findUniqueOrThrow({ where: { id: done.id } });
    expect(row).toMatchObject({ sha256: independentHash, size: BigInt(SIZE), mimeType: 'video/mp4' });

    const caseId = (await handler.post('/api/cases', leadBody())).body.caseId;
    const r = await handler.post(`/api/cases/${caseId}/evidence`, {
      kind: 'VIDEO', description: '执法记录仪拍摄的现场检查全过程录像', uploadId: done.id, capturedAt: new Date(Date.now() - 7200_000).toISOString(), deviceId: 'DSJ-0451',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.sha256).toBe(independentHash);

    // The stored object, read back through the download route (streamed, hashed as it arrives), is the source.
    const auth = { authorization: `Bearer ${handler.token}` };
    const whole = await fetch(`${sys.baseUrl}/evidence/${r.body.id}`, { headers: auth });
    const readBack = createHash('sha256');
    let readBytes = 0;
    for await (const c of Readable.fromWeb(whole.body as never)) { readBack.update(c as Buffer); readBytes += (c as Buffer).length; }
    expect(readBytes).toBe(SIZE);
    expect(readBack.digest('hex')).toBe(independentHash);
    // A player seeking past the interruption gets just that range.
    const at = STOP_AT + 12345;
    const mid = await fetch(`${sys.baseUrl}/evidence/${r.body.id}`, { headers: { ...auth, range: `bytes=${at}-${at + 65535}` } });
    expect(mid.status).toBe(206);
    expect(Buffer.from(await mid.arrayBuffer()).equals(VIDEO.subarray(at, at + 65536))).toBe(true);
    // A repeated attempt to finish the upload cannot replace the object: the key is written once.
    await expect(sys.storage.objects.put(row.objectKey, Readable.from([Buffer.from('x')]), 'video/mp4')).rejects.toThrow(/write-once/);
  }, 600_000);
});
