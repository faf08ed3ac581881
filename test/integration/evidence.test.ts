import http from 'node:http';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowNotFoundError } from '@temporalio/client';
import { attachEvidenceUpdate, caseWorkflowId } from '../../workflows/messages.ts';
import { leadBody, openTaskOf } from '../support/cases.ts';
import { interviewRecord } from '../support/records.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';
import { makePng, tusRefusal, tusUpload } from '../support/uploads.ts';

// Evidence through the object store (issue 22) and the rules of issue 17 item 3: the file
// goes up by tus, is typed by its bytes and hashed as it streams, and is attached by an
// Update of the case's workflow.
const PNG = makePng();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let sys: System;
let handler: Api, assistant: Api, other: Api, supervisor: Api;
let caseId: string;
beforeAll(async () => {
  sys = await startSystem();
  [handler, assistant, other, supervisor] = await Promise.all([
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.assistant'), apiAs(sys.baseUrl, 'jiangchuan.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor'),
  ]);
  caseId = (await handler.post('/api/cases', leadBody())).body.caseId;
});
afterAll(async () => sys?.stop());

const capturedAt = () => new Date(Date.now() - 3600_000).toISOString();
const counts = () => Promise.all([sys.prisma.evidence.count(), sys.prisma.auditEvent.count({ where: { action: 'evidence.added' } })]);

describe('evidence and records (调查取证)', () => {
  it('stores a photo with its SHA-256, recorded by an assistant, and serves it as a download with ranges, each download audited', async () => {
    const up = await tusUpload(sys.baseUrl, assistant.token, PNG, { filename: '储罐区.png' });
    expect(up.sha256).toBe(sha(PNG));
    const r = await assistant.post(`/api/cases/${caseId}/evidence`, { kind: 'PHOTO', description: '储罐区现场照片，未设置安全警示标志', uploadId: up.id, capturedAt: capturedAt() });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.sha256).toBe(sha(PNG));
    const row = await sys.prisma.evidence.findUniqueOrThrow({ where: { id: r.body.id } });
    expect(row).toMatchObject({ mimeType: 'image/png', size: BigInt(PNG.length), fileName: '储罐区.png', content: null });
    expect(row.objectKey).toBe(`evidence/${up.id}`);

    const auth = { authorization: `Bearer ${handler.token}` };
    const file = await fetch(`${sys.baseUrl}/evidence/${r.body.id}`, { headers: auth });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);

    const part = await fetch(`${sys.baseUrl}/evidence/${r.body.id}`, { headers: { ...auth, range: 'bytes=8-27' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 8-27/${PNG.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(PNG.subarray(8, 28))).toBe(true);
    expect((await fetch(`${sys.baseUrl}/evidence/${r.body.id}`, { headers: { ...auth, range: `bytes=${PNG.length + 10}-` } })).status).toBe(416);

    const c = await handler.get(`/api/cases/${caseId}`);
    const actions = c.body.timeline.filter((e: { subjectId: string }) => e.subjectId === r.body.id).map((e: { action: string }) => e.action);
    // The full download is recorded; the range from byte 8 continues an access and is not a new one.
    expect(actions).toEqual(['evidence.added', 'evidence.downloaded']);
    expect(c.body.evidence.find((e: { id: string }) => e.id === r.body.id)).toMatchObject({ downloads: 1, collectedByName: expect.any(String) });

    // The browser's own viewer (Sec-Fetch-Dest: image/video) is a view, not a download: both are in the custody log.
    const viewed = await new Promise<number>((ok, fail) => {
      http.get(`${sys.baseUrl}/evidence/${r.body.id}`, { headers: { ...auth, 'sec-fetch-dest': 'image' } }, (res) => { res.resume(); res.on('end', () => ok(res.statusCode!)); }).on('error', fail);
    });
    expect(viewed).toBe(200);
    const after = await handler.get(`/api/cases/${caseId}`);
    expect(after.body.timeline.filter((e: { subjectId: string }) => e.subjectId === r.body.id).map((e: { action: string }) => e.action))
      .toEqual(['evidence.added', 'evidence.downloaded', 'evidence.viewed']);
    const item = after.body.evidence.find((e: { id: string }) => e.id === r.body.id);
    // Chain of custody: who uploaded it and when (apart from when it was captured and attached), every later access.
    expect(item).toMatchObject({ uploadedByName: expect.any(String), uploadedAt: expect.any(String), capturedAt: expect.any(String) });
    expect(item.accesses.map((a: { action: string }) => a.action)).toEqual(['下载', '查看']);
    expect(item.accesses.every((a: { by: string | null }) => !!a.by)).toBe(true);
    const page = await (await fetch(`${sys.baseUrl}/cases/${caseId}`, { headers: auth })).text();
    expect(page).toContain('保管链：查看、下载、导出 2 次');
  });

  it('judges the file type by its bytes, not its name: a script named .png is refused with 415 and nothing is stored', async () => {
    const before = await sys.prisma.evidenceUpload.count();
    const refused = await tusRefusal(sys.baseUrl, handler.token, Buffer.from('#!/bin/sh\necho hi\n'.repeat(50)));
    expect(refused?.status).toBe(415);
    expect(refused?.body).toMatch(/证据文件类型不允许/);
    expect(await sys.prisma.evidenceUpload.count()).toBe(before);
  });

  it('a photo whose upload is a PDF, or evidence without its file, is refused naming the field; nothing is written', async () => {
    const before = await counts();
    const noFile = await handler.post(`/api/cases/${caseId}/evidence`, { kind: 'AUDIO', description: '与企业负责人的谈话录音', capturedAt: capturedAt() });
    expect(noFile.status).toBe(400);
    expect(noFile.body.details.map((d: { path: string }) => d.path)).toContain('uploadId');
    const short = await handler.post(`/api/cases/${caseId}/evidence`, { kind: 'OTHER', description: '照片' });
    expect(short.status).toBe(400);
    expect(short.body.details).toEqual([expect.objectContaining({ path: 'description', message: expect.stringMatching(/至少10个字/) })]);
    const pdf = await tusUpload(sys.baseUrl, handler.token, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 32)]));
    const wrongKind = await handler.post(`/api/cases/${caseId}/evidence`, { kind: 'PHOTO', description: '营业执照扫描件（PDF）', uploadId: pdf.id, capturedAt: capturedAt() });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.details[0].path).toBe('uploadId');
    // Someone else's upload cannot be attached.
    const mine = await tusUpload(sys.baseUrl, handler.token, PNG);
    const stolen = await assistant.post(`/api/cases/${caseId}/evidence`, { kind: 'PHOTO', description: '借用他人上传的照片文件', uploadId: mine.id, capturedAt: capturedAt() });
    expect(stolen.status).toBe(422);
    const lone = await handler.post(`/api/cases/${caseId}/evidence`, { kind: 'OTHER', description: `现场情况说明\uD800文字内容完整` });
    expect(lone.status).toBe(400);
    const future = await handler.post(`/api/cases/${caseId}/evidence`, { kind: 'PHOTO', description: '储罐区现场照片（时间错误）', uploadId: mine.id, capturedAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.status).toBe(422);
    expect(future.body.details[0].path).toBe('capturedAt');
    expect(await counts()).toEqual(before);
  });

  it('a physical item needs where it is kept and who holds it; testimony needs a 询问笔录 of this case', async () => {
    const before = await counts();
    const noCustodian = await handler.post(`/api/cases/${caseId}/evidence`, { kind: 'PHYSICAL', description: '失效的可燃气体报警控制器一台', keptAt: '本局证物室2号柜' });
    expect(noCustodian.status).toBe(400);
    expect(noCustodian.body.details.map((d: { path: string }) => d.path)).toEqual(['custodian']);
    const noRecord = await handler.post(`/api/cases/${caseId}/evidence`, { kind: 'TESTIMONY', description: '企业安全员关于报警装置失效的陈述' });
    expect(noRecord.status).toBe(400);
    expect(noRecord.body.details[0].path).toBe('recordId');
    const notARecord = await handler.post(`/api/cases/${caseId}/evidence`, { kind: 'TESTIMONY', description: '企业安全员关于报警装置失效的陈述', recordId: 'no-such-document' });
    expect(notARecord.status).toBe(422);
    expect(notARecord.body.details[0].path).toBe('recordId');
    expect(await counts()).toEqual(before);

    const kept = await handler.post(`/api/cases/${caseId}/evidence`, { kind: 'PHYSICAL', description: '失效的可燃气体报警控制器一台', keptAt: '本局证物室2号柜', custodian: '李俊' });
    expect(kept.status, JSON.stringify(kept.body)).toBe(201);
    expect(await sys.prisma.evidence.findUniqueOrThrow({ where: { id: kept.body.id } })).toMatchObject({ keptAt: '本局证物室2号柜', custodian: '李俊', objectKey: null });
  });

  it('a retried attach of the same upload (or the same Idempotency-Key) stores one item', async () => {
    const up = await tusUpload(sys.baseUrl, handler.token, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(500, 65)]));
    const body = { kind: 'DOCUMENT', description: '营业执照复印件（加盖企业公章）', uploadId: up.id };
    const a = await handler.post(`/api/cases/${caseId}/evidence`, body);
    const b = await handler.post(`/api/cases/${caseId}/evidence`, body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    expect(await sys.prisma.evidence.count({ where: { uploadId: up.id } })).toBe(1);
    const k = { kind: 'OTHER', description: '企业安全生产管理制度汇编目录' };
    const c = await handler.post(`/api/cases/${caseId}/evidence`, k, { 'idempotency-key': 'rules-1' });
    const d = await handler.post(`/api/cases/${caseId}/evidence`, k, { 'idempotency-key': 'rules-1' });
    expect(d.body.id).toBe(c.body.id);
    expect(await sys.prisma.evidence.count({ where: { caseId, description: k.description } })).toBe(1);
  });

  it('an officer makes a numbered 询问笔录 and links testimony to it; an assistant may not make one; another county cannot touch the case', async () => {
    const r = await handler.post(`/api/cases/${caseId}/records`, { kind: 'INTERVIEW_RECORD', data: interviewRecord('u-hongta-handler1', 'u-hongta-handler2') });
    expect(r.status).toBe(201);
    expect(r.body.number).toMatch(/^红塔应急询〔\d{4}〕\d+号$/);
    const t = await handler.post(`/api/cases/${caseId}/evidence`, { kind: 'TESTIMONY', description: '企业安全员关于报警装置失效的陈述', recordId: r.body.id });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    expect(t.body.sha256).toBe(r.body.sha256);
    expect((await assistant.post(`/api/cases/${caseId}/records`, { kind: 'INTERVIEW_RECORD', data: {} })).status).toBe(403);
    expect((await other.post(`/api/cases/${caseId}/evidence`, { kind: 'OTHER', description: '越权收集的其他证据材料' })).status).toBe(404);
    const up = await tusUpload(sys.baseUrl, handler.token, PNG);
    // Another county cannot resume or read an upload it did not begin.
    expect((await fetch(up.url.startsWith('http') ? up.url : sys.baseUrl + up.url, { method: 'HEAD', headers: { authorization: `Bearer ${other.token}`, 'tus-resumable': '1.0.0' } })).status).toBe(404);
  });

  it('a case whose workflow has ended refuses evidence, in the API and in the workflow itself', async () => {
    const closed = (await handler.post('/api/cases', leadBody())).body.caseId as string;
    const filing = await openTaskOf(supervisor, closed, 'FILING_APPROVAL');
    expect((await supervisor.post(`/api/tasks/${filing.id}/complete`, { outcome: 'REJECT', data: { reason: '不属于本局管辖范围' } })).status).toBe(200);
    await eventually(async () => (await sys.prisma.case.findUnique({ where: { id: closed } }))?.status === 'REJECTED');
    const before = await counts();
    const up = await tusUpload(sys.baseUrl, handler.token, PNG);
    const r = await handler.post(`/api/cases/${closed}/evidence`, { kind: 'PHOTO', description: '不予立案后补充的现场照片', uploadId: up.id, capturedAt: capturedAt() });
    expect(r.status).toBe(409);
    expect(r.body.message).toMatch(/已结案或归档/);
    // Past the API's own check, the workflow does not take it either: its run has ended.
    const me = await sys.prisma.user.findUniqueOrThrow({ where: { username: 'hongta.handler1' } });
    const late = sys.temporal.workflow.getHandle(caseWorkflowId(closed)).executeUpdate(attachEvidenceUpdate, {
      args: [{ actor: { userId: me.id, name: me.displayName, orgId: me.orgId, roles: ['HANDLER'], certified: true }, evidenceId: 'e-closed', kind: 'OTHER', description: '不予立案后补充的材料' }],
    });
    // The server answers NOT_FOUND for an update to a closed run; the client names it so.
    await expect(late).rejects.toThrow(WorkflowNotFoundError);
    await expect(late).rejects.toThrow(/workflow execution already completed/);
    expect(await counts()).toEqual(before);
  });
});
