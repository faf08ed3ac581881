import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// 移交有关部门 through the HTTP API only: API → Temporal → worker → PostgreSQL.
let sys: System;
let handler: Api, supervisor: Api, samr: Api, housing: Api, city: Api;
beforeAll(async () => {
  sys = await startSystem();
  [handler, supervisor, samr, housing, city] = await Promise.all([
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor'), apiAs(sys.baseUrl, 'samr.receiver'),
    apiAs(sys.baseUrl, 'housing.receiver'), apiAs(sys.baseUrl, 'city.supervisor'),
  ]);
});
afterAll(async () => sys?.stop());

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const draft = {
  enterpriseId: 'ent-chengjiang-food', hazard: `储氨器超期未检验-${randomUUID().slice(0, 8)}`, location: '澄江市右所镇工业片区3号',
  evidence: [{ description: '现场照片', sha256: 'c'.repeat(64) }], reason: '压力容器定期检验属特种设备安全监管部门职责。',
};

describe('referral API (移交有关部门)', () => {
  it('drafts with a suggested department, approves, signs once, refuses bad input with nothing written, reports, closes', async () => {
    expect((await handler.post('/api/referrals', { ...draft, toOrgId: 'yx-hongta' })).status).toBe(422);
    expect((await samr.post('/api/referrals', draft)).status).toBe(403);
    const key = randomUUID();
    const created = await handler.post('/api/referrals', draft, { 'idempotency-key': key });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ toOrgId: 'yx-dept-samr', suggested: true });
    const id = created.body.id as string;
    expect((await handler.post('/api/referrals', draft, { 'idempotency-key': key })).body.id).toBe(id);

    // Not yet approved: invisible to the department.
    await eventually(async () => (await handler.get(`/api/referrals/${id}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'REFERRAL_APPROVAL' && t.status === 'OPEN'));
    expect((await samr.get(`/api/referrals/${id}`)).status).toBe(404);
    expect((await handler.post(`/api/referrals/${id}/approval`, { outcome: 'APPROVE' })).status).toBe(403);
    expect((await supervisor.post(`/api/referrals/${id}/approval`, { outcome: 'APPROVE', comment: '同意' })).status).toBe(200);
    const sent = await eventually(async () => { const r = await samr.get(`/api/referrals/${id}`); return r.body?.status === 'SENT' && r.body; });
    expect(sent.letterNumber).toMatch(/^红塔应急移交〔\d{4}〕\d+号$/);
    expect(sent.letters).toHaveLength(1);
    await eventually(async () => (await samr.get(`/api/referrals/${id}`)).body.tasks.some((t: { kind: string; status: string }) => t.kind === 'REFERRAL_SIGN' && t.status === 'OPEN'));
    const inbox = await samr.get('/api/referrals');
    expect(inbox.body.items.find((r: { id: string }) => r.id === id)?.signDueAt).toBeTruthy();
    expect((await housing.get('/api/referrals')).body.items.some((r: { id: string }) => r.id === id)).toBe(false);

    const audits = () => sys.prisma.auditEvent.count({ where: { subjectType: 'Referral', subjectId: id } });
    const before = await audits();
    expect((await housing.post(`/api/referrals/${id}/sign`, {})).status).toBe(404);
    expect((await samr.post(`/api/referrals/${id}/report`, { action: '已处理' })).status).toBe(409);
    expect((await samr.post(`/api/referrals/${id}/refuse`, { reason: '' })).status).toBe(400);
    expect(await audits()).toBe(before);

    const signKey = randomUUID();
    const signed = await samr.post(`/api/referrals/${id}/sign`, { comment: '签收' }, { 'idempotency-key': signKey });
    expect(signed.status).toBe(200);
    const retried = await samr.post(`/api/referrals/${id}/sign`, { comment: '签收' }, { 'idempotency-key': signKey });
    expect(retried).toEqual(signed);
    await eventually(async () => (await samr.get(`/api/referrals/${id}`)).body?.status === 'SIGNED');
    const twice = await samr.post(`/api/referrals/${id}/sign`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/已签收/);
    const refuse = await samr.post(`/api/referrals/${id}/refuse`, { reason: '不属本部门职责' });
    expect(refuse.status).toBe(409);
    expect(refuse.body.message).toMatch(/签收后不能退回/);

    await eventually(async () => (await samr.get(`/api/referrals/${id}`)).body.tasks.some((t: { kind: string; status: string }) => t.kind === 'REFERRAL_RESULT' && t.status === 'OPEN'));
    const stored = () => sys.prisma.evidence.count({ where: { caseId: `referral:${id}` } });
    const mid = await audits();
    const text = await samr.post(`/api/referrals/${id}/report`, { action: '已责令整改', attachments: [{ fileName: 'a.exe', contentBase64: Buffer.from('MZ not allowed').toString('base64') }] });
    expect(text.status).toBe(422);
    expect(text.body.message).toMatch(/类型不允许/);
    const big = await samr.post(`/api/referrals/${id}/report`, { action: '已责令整改', attachments: [{ fileName: 'big.pdf', contentBase64: Buffer.alloc(4 * 1024 * 1024 + 1).toString('base64') }] });
    expect(big.status).toBe(413);
    expect(await stored()).toBe(0);
    expect(await audits()).toBe(mid);

    const reported = await samr.post(`/api/referrals/${id}/report`, { final: true, action: '储氨器已送检并合格。', attachments: [{ fileName: '检验报告.png', contentBase64: PNG }] });
    expect(reported.status).toBe(200);
    expect(reported.body.attachments[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await stored()).toBe(1);
    // In the object store, not the bytea column; the bytes served back hash as sent.
    const attached = (await sys.prisma.evidence.findMany({ where: { caseId: `referral:${id}` } }))[0]!;
    expect(attached).toMatchObject({ content: null, objectKey: `evidence/attachments/${attached.id}`, sha256: createHash('sha256').update(Buffer.from(PNG, 'base64')).digest('hex') });
    const served = await fetch(`${sys.baseUrl}/referrals/${id}/attachments/${attached.sha256}`, { headers: { authorization: `Bearer ${handler.token}` } });
    expect(served.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await served.arrayBuffer())).digest('hex')).toBe(attached.sha256);
    await eventually(async () => (await handler.get(`/api/referrals/${id}`)).body?.status === 'RESULT_REPORTED');
    await eventually(async () => (await handler.get(`/api/referrals/${id}`)).body.tasks.some((t: { kind: string; status: string }) => t.kind === 'REFERRAL_ACCEPTANCE' && t.status === 'OPEN'));
    expect((await handler.post(`/api/referrals/${id}/acceptance`, { outcome: 'ACCEPT', comment: '认可' })).status).toBe(200);
    const closed = await eventually(async () => { const r = await handler.get(`/api/referrals/${id}`); return r.body?.status === 'CLOSED' && r.body; });
    expect(closed.closedAt).toBeTruthy();

    const mine = await handler.get('/api/referrals');
    expect(mine.body.items.find((r: { id: string }) => r.id === id)).toMatchObject({ status: 'CLOSED', toOrgName: '玉溪市市场监督管理局' });
    const all = await city.get('/api/referrals');
    expect(all.body.items.some((r: { id: string }) => r.id === id)).toBe(true);
    expect(Array.isArray(all.body.overdueByDepartment)).toBe(true);
    const actions = (await sys.prisma.auditEvent.findMany({ where: { subjectType: 'Referral', subjectId: id }, orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['referral.drafted', 'referral.sent', 'referral.signed', 'referral.attachment_stored', 'referral.result_reported', 'referral.closed']));
  });

  it('is in the OpenAPI document', async () => {
    const spec = await handler.get('/api/openapi.json');
    for (const p of ['/api/referrals', '/api/referrals/{id}/sign', '/api/referrals/{id}/refuse', '/api/referrals/{id}/report', '/api/referrals/{id}/ruling']) {
      expect(spec.body.paths[p], p).toBeTruthy();
    }
  });

  it('two officers approving at the same moment: exactly one wins, the other gets a clear 409', async () => {
    const head = await apiAs(sys.baseUrl, 'hongta.head');
    const created = await handler.post('/api/referrals', { ...draft, enterpriseId: undefined, toOrgId: 'yx-hongta-dept-samr', hazard: `并发审批-${randomUUID().slice(0, 8)}` });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const task = await eventually(async () => (await head.get('/api/tasks?kind=REFERRAL_APPROVAL&pageSize=200')).body.items
      .find((t: { payload: { referralId?: string } }) => t.payload.referralId === id));
    const [a, b] = await Promise.all([
      supervisor.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: { comment: '队长同意' } }),
      head.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: { comment: '局长同意' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.message).toMatch(/已由他人办结|已办结/);
    expect(await sys.prisma.auditEvent.count({ where: { subjectId: task.id, action: 'task.completed' } })).toBe(1);
  });
});
