import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadBody } from '../support/cases.ts';
import { apiAs, startSystem, type Api, type System } from '../support/system.ts';
import { makeMp4Like, tusUpload } from '../support/uploads.ts';

// A body-camera video uploaded in chunks, interrupted and resumed (issue 22). The target
// is 200 MB; 20 MB keeps CI time sane and still crosses many chunks and the store's 8 MB parts.
const SIZE = 20 * 1024 * 1024;
const CHUNK = 1024 * 1024;
const VIDEO = makeMp4Like(SIZE, 7);
const independentHash = createHash('sha256').update(VIDEO).digest('hex');

let sys: System;
let handler: Api;
beforeAll(async () => {
  sys = await startSystem();
  handler = await apiAs(sys.baseUrl, 'hongta.handler1');
});
afterAll(async () => sys?.stop());

describe('resumable evidence upload (tus)', () => {
  it('an upload interrupted at 8 MB resumes there, and the recorded SHA-256 is that of the source', async () => {
    const first = await tusUpload(sys.baseUrl, handler.token, VIDEO, { chunkSize: CHUNK, stopAt: 8 * CHUNK, filename: '执法记录仪-0001.mp4' });
    expect(first.aborted).toBe(true);
    const url = first.url.startsWith('http') ? first.url : sys.baseUrl + first.url;
    const head = await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${handler.token}`, 'tus-resumable': '1.0.0' } });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThanOrEqual(8 * CHUNK);
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

    // The stored object, read back through the download route, is the source byte for byte.
    const auth = { authorization: `Bearer ${handler.token}` };
    const whole = await fetch(`${sys.baseUrl}/evidence/${r.body.id}`, { headers: auth });
    expect(createHash('sha256').update(Buffer.from(await whole.arrayBuffer())).digest('hex')).toBe(independentHash);
    // A player seeking to the middle gets just that range.
    const mid = await fetch(`${sys.baseUrl}/evidence/${r.body.id}`, { headers: { ...auth, range: `bytes=${SIZE / 2}-${SIZE / 2 + 65535}` } });
    expect(mid.status).toBe(206);
    expect(Buffer.from(await mid.arrayBuffer()).equals(VIDEO.subarray(SIZE / 2, SIZE / 2 + 65536))).toBe(true);
    // A repeated attempt to finish the upload cannot replace the object: the key is written once.
    await expect(sys.storage.objects.put(row.objectKey, (await import('node:stream')).Readable.from([Buffer.from('x')]), 'video/mp4')).rejects.toThrow(/write-once/);
  });
});
