import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadBody } from '../support/cases.ts';
import { apiAs, startSystem, type Api, type System } from '../support/system.ts';

// 1×1 transparent PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

let sys: System;
let handler: Api, assistant: Api, other: Api;
let caseId: string;
beforeAll(async () => {
  sys = await startSystem();
  [handler, assistant, other] = await Promise.all([
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.assistant'), apiAs(sys.baseUrl, 'jiangchuan.handler1'),
  ]);
  caseId = (await handler.post('/api/cases', leadBody())).body.caseId;
});
afterAll(async () => sys?.stop());

describe('evidence and records (调查取证)', () => {
  it('stores a photo with its SHA-256, recorded by an assistant, and serves it unaltered', async () => {
    const r = await assistant.post(`/api/cases/${caseId}/evidence`, { kind: 'PHOTO', description: '储罐区现场照片', fileName: 'tank.png', contentBase64: PNG.toString('base64') });
    expect(r.status).toBe(201);
    expect(r.body.sha256).toBe(createHash('sha256').update(PNG).digest('hex'));
    const file = await fetch(`${sys.baseUrl}/evidence/${r.body.id}`, { headers: { authorization: `Bearer ${handler.token}` } });
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    const c = await handler.get(`/api/cases/${caseId}`);
    expect(c.body.timeline.some((e: { action: string }) => e.action === 'evidence.added')).toBe(true);
  });

  it('judges the file type by its bytes, not its name, and refuses oversized files with 413', async () => {
    const before = await sys.prisma.evidence.count({ where: { caseId } });
    const fake = await handler.post(`/api/cases/${caseId}/evidence`, { kind: 'PHOTO', description: '伪装的图片', fileName: 'x.png', contentBase64: Buffer.from('#!/bin/sh\necho hi').toString('base64') });
    expect(fake.status).toBe(422);
    const big = await handler.post(`/api/cases/${caseId}/evidence`, { kind: 'PHOTO', description: '过大文件', contentBase64: Buffer.alloc(9 * 1024 * 1024, 1).toString('base64') });
    expect(big.status).toBe(413);
    expect(await sys.prisma.evidence.count({ where: { caseId } })).toBe(before);
  });

  it('a retried upload with the same Idempotency-Key stores one item', async () => {
    const body = { kind: 'DOCUMENT', description: '营业执照复印件' };
    const a = await handler.post(`/api/cases/${caseId}/evidence`, body, { 'idempotency-key': 'lic-1' });
    const b = await handler.post(`/api/cases/${caseId}/evidence`, body, { 'idempotency-key': 'lic-1' });
    expect(b.body.id).toBe(a.body.id);
    expect(await sys.prisma.evidence.count({ where: { caseId, description: '营业执照复印件' } })).toBe(1);
  });

  // Records (询问笔录 / 现场检查记录) have their own tests: test/integration/records-api.test.ts.
  it('an assistant may not make a record; another county cannot touch the case', async () => {
    expect((await assistant.post(`/api/cases/${caseId}/records`, { kind: 'INTERVIEW_RECORD', data: {} })).status).toBe(403);
    expect((await other.post(`/api/cases/${caseId}/evidence`, { kind: 'OTHER', description: '越权' })).status).toBe(404);
  });
});
