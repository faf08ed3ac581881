import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadBody, signedReceipt, validUscc } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';
import { makeMp4Like } from '../support/uploads.ts';

// 行政复议 through the HTTP API only: API → Temporal → worker → PostgreSQL.
let sys: System;
let handler: Api, clerk: Api, cityClerk: Api, otherBureau: Api, legal: Api;
beforeAll(async () => {
  sys = await startSystem();
  [handler, clerk, cityClerk, otherBureau, legal] = await Promise.all([
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.recon.clerk'), apiAs(sys.baseUrl, 'recon.clerk'),
    apiAs(sys.baseUrl, 'jiangchuan.handler1'), apiAs(sys.baseUrl, 'hongta.legal'),
  ]);
});
afterAll(async () => sys?.stop());

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const application = (caseId: string) => ({ caseId, requests: '请求撤销当场处罚决定', grounds: '当事人已整改，处罚过重。' });

async function summaryCase() {
  const r = await handler.post('/api/cases/summary', {
    ...leadBody({ party: { kind: 'ORG', name: `复议测试商贸有限公司-${randomUUID().slice(0, 6)}`, idNumber: validUscc('91530402MA6K0001X') } }),
    officerIds: ['u-hongta-handler2'], penalty: { penaltyTypes: ['WARNING', 'FINE'], fineFen: 200_00 }, receipt: signedReceipt(),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const caseId = r.body.caseId as string;
  const state = await eventually(async () => { const s = await handler.get(`/api/cases/${caseId}/state`); return s.body?.paymentDueDay ? s.body : undefined; });
  return { caseId, state };
}

describe('reconsideration API (行政复议)', () => {
  it('refuses bad applications with nothing written, then runs filing → forwarding → review → answer with evidence → decision', async () => {
    const { caseId, state } = await summaryCase();

    // Unknown decision, not-yet-served decision, wrong organ: 4xx, no row.
    expect((await clerk.post('/api/reconsiderations', application('no-such-case'))).status).toBe(404);
    const lead = await handler.post('/api/cases', leadBody());
    expect(lead.status).toBe(201);
    const unserved = await clerk.post('/api/reconsiderations', application(lead.body.caseId));
    expect(unserved.status).toBe(422);
    expect(unserved.body.message).toMatch(/尚未/);
    const wrongOrgan = await cityClerk.post('/api/reconsiderations', application(caseId));
    expect(wrongOrgan.status).toBe(422);
    expect(wrongOrgan.body.message).toMatch(/玉溪市红塔区人民政府/);
    expect((await clerk.post('/api/reconsiderations', { ...application(caseId), requests: '' })).status).toBe(400);
    expect(await sys.prisma.reconsideration.count({ where: { caseId: { in: [caseId, lead.body.caseId] } } })).toBe(0);

    // On-the-spot penalty: filed through the bureau (Idempotency-Key → one application).
    const key = randomUUID();
    const filed = await handler.post('/api/reconsiderations', application(caseId), { 'idempotency-key': key });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ organId: 'yx-hongta-gov', via: 'BUREAU' });
    const id = filed.body.id as string;
    expect((await handler.post('/api/reconsiderations', application(caseId), { 'idempotency-key': key })).body.id).toBe(id);
    await eventually(async () => (await handler.get(`/api/reconsiderations/${id}`)).body?.tasks?.some((t: { kind: string }) => t.kind === 'RECON_FORWARDING'));
    expect((await otherBureau.get(`/api/reconsiderations/${id}`)).status).toBe(404);
    expect((await handler.post(`/api/reconsiderations/${id}/forward`, {})).status).toBe(200);

    await eventually(async () => (await clerk.get('/api/reconsiderations')).body.items.some((x: { id: string; openTasks: unknown[] }) => x.id === id && x.openTasks.length));
    expect((await clerk.post(`/api/reconsiderations/${id}/review`, { outcome: 'MAYBE' })).status).toBe(400);
    expect((await clerk.post(`/api/reconsiderations/${id}/review`, { outcome: 'ACCEPT' })).status).toBe(200);
    const accepted = await eventually(async () => { const r = await clerk.get(`/api/reconsiderations/${id}`); return r.body?.status === 'ANSWER' && r.body; });
    expect(accepted.simplified).toBe(true);
    expect(accepted.documents.map((d: { kind: string }) => d.kind)).toEqual(expect.arrayContaining(['RECON_ACCEPTANCE_NOTICE', 'RECON_ANSWER_NOTICE']));
    // The 提出答复通知书 is the organ's document addressed to the respondent: the bureau opens it; another county cannot.
    const notice = accepted.documents.find((d: { kind: string }) => d.kind === 'RECON_ANSWER_NOTICE');
    expect((await handler.get(`/api/documents/${notice.id}`)).body).toMatchObject({ kind: 'RECON_ANSWER_NOTICE', verified: true });
    expect((await otherBureau.get(`/api/documents/${notice.id}`)).status).toBe(404);

    // A decision before the answer period ends (and no answer yet) is refused.
    await eventually(async () => (await clerk.get(`/api/reconsiderations/${id}`)).body.tasks.some((t: { kind: string; status: string }) => t.kind === 'RECON_DECISION' && t.status === 'OPEN'));
    const early = await clerk.post(`/api/reconsiderations/${id}/decision`, { outcome: 'UPHOLD', reasoning: '维持' });
    expect(early.status).toBe(422);
    expect(early.body.message).toMatch(/答复期限届满前/);
    expect((await clerk.post(`/api/reconsiderations/${id}/decision`, { outcome: 'ANNUL', reasoning: 'x' })).status).toBe(400);

    // The answer: only from the respondent, no evidence collected after the decision.
    expect((await otherBureau.post(`/api/reconsiderations/${id}/answer`, { answer: '答复' })).status).toBe(404);
    const after = new Date(Date.parse(state.decision.decidedAt) + 3_600_000).toISOString();
    const late = await legal.post(`/api/reconsiderations/${id}/answer`, { answer: '答复', evidence: [{ description: '补充询问笔录', collectedAt: after, fileName: 'a.png', contentBase64: PNG }] });
    expect(late.status).toBe(422);
    expect(late.body.message).toMatch(/第四十六条/);
    expect(await sys.prisma.evidence.count({ where: { caseId: `reconsideration:${id}` } })).toBe(0);
    // Other bad evidence: a file not JPEG/PNG/PDF by its bytes, one over 4MB, no name, no 收集时间 — refused in Chinese, nothing written.
    const ok = { description: '现场照片', collectedAt: state.decision.decidedAt, fileName: 'photo.png', contentBase64: PNG };
    const pdfOf = (n: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(n - 9, 0x20)]).toString('base64');
    for (const [item, status, message] of [
      [{ ...ok, fileName: 'clip.mp4', contentBase64: makeMp4Like(4096).toString('base64') }, 422, /类型不允许.*video\/mp4/],
      [{ ...ok, fileName: 'big.pdf', contentBase64: pdfOf(4 * 1024 * 1024 + 1) }, 413, /超过 4MB/],
      [{ ...ok, fileName: 'bigger.pdf', contentBase64: pdfOf(5 * 1024 * 1024) }, 400, /证据文件超过 4MB/],
      [{ ...ok, description: undefined }, 400, /请填写证据名称/],
      [{ ...ok, description: ' ' }, 400, /请填写证据名称/],
      [{ ...ok, collectedAt: undefined }, 400, /收集时间/],
    ] as const) {
      const res = await legal.post(`/api/reconsiderations/${id}/answer`, { answer: '答复', evidence: [ok, item] });
      expect([res.status, res.body.message], JSON.stringify(item).slice(0, 200)).toEqual([status, expect.stringMatching(message)]);
    }
    expect(await sys.prisma.evidence.count({ where: { caseId: `reconsideration:${id}` } })).toBe(0);
    expect((await clerk.get(`/api/reconsiderations/${id}`)).body.tasks.filter((t: { kind: string; status: string }) => t.kind === 'RECON_ANSWER' && t.status === 'OPEN')).toHaveLength(1);
    const answered = await legal.post(`/api/reconsiderations/${id}/answer`, {
      answer: '当场处罚事实清楚，证据确凿。', evidence: [{ description: '现场照片', collectedAt: state.decision.decidedAt, fileName: 'photo.png', contentBase64: PNG }],
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const rows = await sys.prisma.evidence.findMany({ where: { caseId: `reconsideration:${id}` } });
    expect(rows.map((e) => e.mimeType)).toEqual(['image/png']);
    // In the object store under its key, not the bytea column; the stored object hashes as the bytes sent.
    const source = createHash('sha256').update(Buffer.from(PNG, 'base64')).digest('hex');
    expect(rows[0]).toMatchObject({ content: null, objectKey: `evidence/attachments/${rows[0]!.id}`, sha256: source });
    const back = createHash('sha256');
    for await (const c of await sys.storage.objects.get(rows[0]!.objectKey!)) back.update(c as Buffer);
    expect(back.digest('hex')).toBe(source);

    // The organ reviews the answer's files, the respondent sees what it submitted: listed, and the exact bytes.
    const listed = (await clerk.get(`/api/reconsiderations/${id}`)).body;
    expect(listed.evidence).toEqual([{ id: rows[0]!.id, description: '现场照片', fileName: 'photo.png', mimeType: 'image/png', size: Buffer.from(PNG, 'base64').length, sha256: source, collectedAt: expect.any(String) }]);
    expect(Date.parse(listed.evidence[0].collectedAt)).toBe(Date.parse(state.decision.decidedAt));
    const download = (who: Api | undefined, evidenceId = rows[0]!.id) =>
      fetch(`${sys.baseUrl}/evidence/${evidenceId}`, { headers: who ? { authorization: `Bearer ${who.token}` } : {}, redirect: 'manual' });
    for (const who of [clerk, legal, handler]) {
      const res = await download(who);
      expect(res.status).toBe(200);
      expect(createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex')).toBe(source);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''photo\.png$/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
      expect(res.headers.get('x-content-sha256')).toBe(source);
    }
    // The custody log names the penalty case and the respondent bureau, not the pseudo case id.
    const custody = await sys.prisma.auditEvent.findMany({ where: { subjectType: 'Evidence', subjectId: rows[0]!.id, action: 'evidence.downloaded' }, orderBy: { id: 'asc' } });
    expect(custody.map((a) => [a.actorId, a.caseId, a.orgId])).toEqual(['u-hongta-recon-clerk', 'u-hongta-legal', 'u-hongta-handler1'].map((u) => [u, caseId, listed.respondentOrgId]));
    // Another county's officer and the city's organ get what an unknown file gets; the public is sent to sign in, as for any file.
    const unknown = await download(otherBureau, 'no-such-evidence');
    expect(unknown.status).toBe(404);
    const unknownBody = await unknown.text();
    for (const who of [otherBureau, cityClerk]) {
      const res = await download(who);
      expect([res.status, await res.text()]).toEqual([404, unknownBody]);
    }
    const publicRes = await download(undefined);
    expect([publicRes.status, publicRes.headers.get('location')]).toEqual([302, `/login?next=${encodeURIComponent(`/evidence/${rows[0]!.id}`)}`]);
    expect(await sys.prisma.auditEvent.count({ where: { subjectType: 'Evidence', subjectId: rows[0]!.id } })).toBe(3);
    // The page lists the files with their links, sizes and hashes.
    const page = await (await fetch(`${sys.baseUrl}/reconsiderations/${id}`, { headers: { authorization: `Bearer ${clerk.token}` } })).text();
    expect(page).toContain(`<a href="/evidence/${rows[0]!.id}">现场照片</a>`);
    expect(page).toContain(`SHA-256 ${source.slice(0, 12)}…`);
    expect(page).toMatch(/photo\.png · \d+ 字节/);
    expect(page).not.toContain('请由系统管理员通过系统接口提交');

    await eventually(async () => (await clerk.get(`/api/reconsiderations/${id}`)).body?.status === 'DECISION');
    const worse = await clerk.post(`/api/reconsiderations/${id}/decision`, { outcome: 'CHANGE', reasoning: '加重', penaltyTypes: ['FINE'], fineFen: 300_00 });
    expect(worse.status).toBe(422);
    // A hearing noticed less than 5 working days ahead is refused on every path, the generic task API too.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const hearingTask = (await clerk.get('/api/tasks?kind=RECON_DECISION&pageSize=200')).body.items.find((x: { payload: { reconsiderationId?: string } }) => x.payload.reconsiderationId === id);
    expect(hearingTask).toBeTruthy();
    for (const res of [
      await clerk.post(`/api/reconsiderations/${id}/decision`, { outcome: 'SCHEDULE_HEARING', hearingAt: tomorrow, place: '会议室' }),
      await clerk.post(`/api/tasks/${hearingTask.id}/complete`, { outcome: 'SCHEDULE_HEARING', data: { hearingAt: tomorrow, place: '会议室' } }),
    ]) expect([res.status, res.body.message]).toEqual([422, expect.stringMatching(/5个工作日前通知/)]);
    expect((await clerk.post(`/api/reconsiderations/${id}/decision`, { outcome: 'UPHOLD', reasoning: '事实清楚，程序合法。' })).status).toBe(200);
    const decided = await eventually(async () => { const r = await clerk.get(`/api/reconsiderations/${id}`); return r.body?.status === 'LITIGATION' && r.body; });
    expect(decided.outcome).toBe('UPHOLD');
    expect(decided.documents.some((d: { kind: string }) => d.kind === 'RECON_DECISION')).toBe(true);

    const casePage = await handler.get(`/api/cases/${caseId}`);
    expect(casePage.body.reconsiderations).toEqual([expect.objectContaining({ id, outcome: 'UPHOLD', outcomeText: '维持' })]);
    const spec = await handler.get('/api/openapi.json');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/reconsiderations', '/api/reconsiderations/{id}/decision', '/api/reconsiderations/{id}/answer']));
  });
});
