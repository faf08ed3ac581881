import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadBody, validUscc } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// 行刑衔接 through the HTTP API only — bureau, public-security portal, procuratorate, city:
// API → Temporal → worker → PostgreSQL.
let sys: System;
let handler: Api, supervisor: Api, head: Api, legal: Api, psb: Api, cityPsb: Api, procurator: Api, cityProcurator: Api, city: Api;
beforeAll(async () => {
  sys = await startSystem();
  [handler, supervisor, head, legal, psb, cityPsb, procurator, cityProcurator, city] = await Promise.all([
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor'), apiAs(sys.baseUrl, 'hongta.head'), apiAs(sys.baseUrl, 'hongta.legal'),
    apiAs(sys.baseUrl, 'hongta.psb.receiver'), apiAs(sys.baseUrl, 'psb.receiver'), apiAs(sys.baseUrl, 'hongta.procurator'),
    apiAs(sys.baseUrl, 'procurator'), apiAs(sys.baseUrl, 'city.supervisor'),
  ]);
});
afterAll(async () => sys?.stop());

const OFFICERS = ['u-hongta-handler1', 'u-hongta-handler2'];
const report = {
  category: 'MAJOR_LIABILITY_ACCIDENT', harm: { deaths: 1, seriousInjuries: 0, directLossFen: 150_000_000, refusedStopOrder: false },
  facts: '储罐区违章动火作业引发爆炸，造成1人死亡，直接经济损失150万元。', report: '专案组认为当事人涉嫌重大责任事故罪，应当移送公安机关。',
  officerIds: OFFICERS,
};
interface TaskRow { id: string; kind: string; status: string }

async function caseTask(api: Api, caseId: string, kinds: string[]): Promise<TaskRow> {
  return eventually(async () => ((await api.get(`/api/cases/${caseId}`)).body?.tasks as TaskRow[] | undefined)?.find((t) => t.status === 'OPEN' && kinds.includes(t.kind)));
}
async function done(api: Api, task: TaskRow, outcome: string, data: Record<string, unknown> = {}) {
  const r = await api.post(`/api/tasks/${task.id}/complete`, { outcome, data });
  expect(r.status, `${task.kind} ${outcome}: ${JSON.stringify(r.body)}`).toBe(200);
}
/** Waits until the transfer's step is open for `api`'s office (the workflow opens it asynchronously). */
const stepOpen = (api: Api, id: string, kind: string) =>
  eventually(async () => (await api.get(`/api/transfers/${id}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === kind && t.status === 'OPEN'), 30_000);

describe('transfer API (行刑衔接)', () => {
  it('bureau flags, head approves, the same-level police signs once and files; bad input is refused with nothing written; returned, the case goes on', async () => {
    const reg = await handler.post('/api/cases', leadBody({
      party: { kind: 'ORG', name: `红塔爆炸事故化工有限公司-${randomUUID().slice(0, 8)}`, idNumber: validUscc('91530402MA6K0000X'), address: '玉溪市红塔区玉兴路1号' },
    }));
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const caseId = reg.body.caseId as string;
    expect((await handler.post(`/api/cases/${caseId}/transfer`, report)).status).toBe(409); // not yet filed
    await done(supervisor, await caseTask(supervisor, caseId, ['FILING_APPROVAL']), 'APPROVE', { comment: '同意立案' });
    await caseTask(handler, caseId, ['INVESTIGATION']);

    // A transfer without two certified officers: 4xx, nothing written.
    const transfers = () => sys.prisma.transfer.count({ where: { caseId } });
    expect((await handler.post(`/api/cases/${caseId}/transfer`, { ...report, officerIds: ['u-hongta-handler1'] })).status).toBe(400);
    const expired = await handler.post(`/api/cases/${caseId}/transfer`, { ...report, officerIds: ['u-hongta-handler1', 'u-hongta-expired'] });
    expect(expired.status).toBe(422);
    expect(expired.body.message).toMatch(/执法证/);
    expect((await legal.post(`/api/cases/${caseId}/transfer`, report)).status).toBe(403);
    expect(await transfers()).toBe(0);

    // Harm at the threshold suggests a transfer to the supervisor; the handler flags it anyway.
    const harm = await handler.post(`/api/cases/${caseId}/harm`, { harm: report.harm });
    expect(harm.status, JSON.stringify(harm.body)).toBe(200);
    expect(harm.body).toMatchObject({ suggested: true });
    const suggestion = await caseTask(supervisor, caseId, ['TRANSFER_SUGGESTION']);
    const flagged = await handler.post(`/api/cases/${caseId}/transfer`, report, { 'idempotency-key': randomUUID() });
    expect(flagged.status, JSON.stringify(flagged.body)).toBe(201);
    const id = flagged.body.transferId as string;
    // The case shows its transfer and links to it.
    await eventually(async () => (await handler.get(`/api/cases/${caseId}`)).body?.transfers?.some((t: { id: string }) => t.id === id));
    const casePage = await fetch(`${sys.baseUrl}/cases/${caseId}`, { headers: { accept: 'text/html', authorization: `Bearer ${handler.token}` } });
    expect(await casePage.text()).toContain(`href="/transfers/${id}"`);
    expect((await supervisor.post(`/api/tasks/${suggestion.id}/complete`, { outcome: 'CONFIRM', data: { category: report.category, facts: report.facts, report: report.report, officerIds: OFFICERS } })).status).toBe(422);
    await done(supervisor, suggestion, 'DISMISS', { reason: '已由承办人直接移送。' });

    // Fine decision with an open transfer: the NO_PENALTY-free path to a decision, then DECIDE is refused.
    await done(handler, await caseTask(handler, caseId, ['INVESTIGATION']), 'NO_PENALTY', {
      findings: '爆炸事故已移送公安机关。', reason: '涉嫌犯罪已移送', officerIds: OFFICERS,
    });
    const decision = await caseTask(head, caseId, ['DECISION']);
    const fine = await head.post(`/api/tasks/${decision.id}/complete`, { outcome: 'DECIDE', data: { penaltyTypes: ['FINE'], fineFen: 5_000_000, reasoning: '罚款' } });
    expect(fine.status).toBe(422);
    expect(fine.body.message).toMatch(/不得以罚代刑/);
    expect(await sys.prisma.document.count({ where: { caseId, kind: 'PENALTY_DECISION' } })).toBe(0);

    // Head decides; the handler cannot.
    await stepOpen(head, id, 'TRANSFER_APPROVAL');
    expect((await handler.post(`/api/transfers/${id}/approval`, { outcome: 'APPROVE' })).status).toBe(403);
    expect((await head.post(`/api/transfers/${id}/approval`, { outcome: 'APPROVE', comment: '同意移送' })).status).toBe(200);
    await stepOpen(handler, id, 'TRANSFER_DELIVERY');
    // Not yet sent: invisible to the police.
    expect((await psb.get(`/api/transfers/${id}`)).status).toBe(404);
    expect((await handler.post(`/api/transfers/${id}/delivery`, { investigationReport: '涉嫌犯罪案件调查报告', seizedItems: '动火作业票1份', appraisals: '技术鉴定报告1份' })).status).toBe(200);
    const sent = await eventually(async () => { const r = await psb.get(`/api/transfers/${id}`); return r.body?.status === 'DELIVERED' && r.body; });
    expect(sent.letterNumber).toMatch(/^红塔应急移送〔\d{4}〕\d+号$/);
    expect(sent.documents.map((d: { kind: string }) => d.kind)).toEqual(expect.arrayContaining(['TRANSFER_REPORT', 'TRANSFER_APPROVAL_FORM', 'CRIMINAL_TRANSFER_LETTER', 'CRIMINAL_TRANSFER_COPY']));
    expect((await psb.get('/api/transfers')).body.items.some((t: { id: string }) => t.id === id)).toBe(true);
    expect((await cityPsb.get('/api/transfers')).body.items.some((t: { id: string }) => t.id === id)).toBe(false);

    // The police portal: another office 404 (as any other org's record: a 403 would confirm it exists), decision before receipt 409, second receipt 409 — nothing written.
    await stepOpen(psb, id, 'TRANSFER_RECEIPT');
    const audits = () => sys.prisma.auditEvent.count({ where: { subjectType: 'Transfer', subjectId: id } });
    const before = await audits();
    const other = await cityPsb.post(`/api/transfers/${id}/receipt`, {});
    expect(other.status).toBe(404);
    expect(other.body.message).toMatch(/移送案件不存在或无权查看/);
    const early = await psb.post(`/api/transfers/${id}/decision`, { outcome: 'FILE' });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/尚未签收/);
    expect((await psb.post(`/api/transfers/${id}/decision`, { outcome: 'FORWARD', toOrgId: 'yx-hongta', reason: '转送' })).status).toBe(422);
    expect(await audits()).toBe(before);
    expect((await psb.post(`/api/transfers/${id}/receipt`, { comment: '已签收' })).status).toBe(200);
    const again = await psb.post(`/api/transfers/${id}/receipt`, {});
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/已签收/);
    await stepOpen(psb, id, 'TRANSFER_FILING_REVIEW');
    expect((await psb.post(`/api/transfers/${id}/decision`, { outcome: 'FILE', comment: '决定立案' })).status).toBe(200);
    await eventually(async () => (await handler.get(`/api/transfers/${id}`)).body?.status === 'FILED');
    await eventually(async () => (await handler.get(`/api/cases/${caseId}/state`)).body?.decisionClock?.paused === true);

    // The procuratorate of the area sees it and records 检察意见; the city procurator may look but not act for the county.
    expect((await procurator.get('/api/transfers')).body.items.some((t: { id: string }) => t.id === id)).toBe(true);
    expect((await cityProcurator.post(`/api/transfers/${id}/opinions`, { opinion: '建议依法处理。' })).status).toBe(403);
    expect((await procurator.post(`/api/transfers/${id}/opinions`, { opinion: '请移送机关依法移交全部涉案物品。' })).status).toBe(200);
    await stepOpen(handler, id, 'TRANSFER_OPINION_RESPONSE');
    expect((await handler.post(`/api/transfers/${id}/opinion-response`, { action: '已全部移交。' })).status).toBe(200);

    await stepOpen(handler, id, 'TRANSFER_MATERIALS_HANDOVER');
    expect((await handler.post(`/api/transfers/${id}/materials`, { items: '动火作业票原件1份、监控录像光盘1张' })).status).toBe(200);
    const all = await city.get('/api/transfers');
    expect(all.body.items.find((t: { id: string }) => t.id === id)).toMatchObject({ status: 'FILED', fromOrgName: expect.stringContaining('红塔区应急管理局') });
    expect(Array.isArray(all.body.overdueByBureau)).toBe(true);
    expect(all.body.dismissedSuggestions.find((x: { caseId: string }) => x.caseId === caseId)).toMatchObject({ orgId: 'yx-hongta', reason: '已由承办人直接移送。' });
    expect((await handler.get('/api/transfers')).body.dismissedSuggestions).toBeUndefined();

    await stepOpen(psb, id, 'TRANSFER_CRIMINAL_RESULT');
    expect((await psb.post(`/api/transfers/${id}/result`, { outcome: 'RETURNED', reason: '不需要追究刑事责任，但应当给予行政处罚。' })).status).toBe(200);
    const state = await eventually(async () => { const s = (await handler.get(`/api/cases/${caseId}/state`)).body; return s?.holds?.length === 0 && s.decisionClock?.paused === false && s; });
    expect(state.holds).toEqual([]);
    const actions = (await sys.prisma.auditEvent.findMany({ where: { subjectType: 'Transfer', subjectId: id }, orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['transfer.reported', 'transfer.approved', 'transfer.delivered', 'transfer.received', 'transfer.filed',
      'transfer.offset_recorded', 'transfer.procurator_opinion', 'transfer.opinion_reported', 'transfer.materials_handed_over', 'transfer.returned']));
    expect(await sys.prisma.auditEvent.count({ where: { caseId, action: 'transfer.suggestion_dismissed' } })).toBe(1);

    const page = await fetch(`${sys.baseUrl}/transfers/${id}`, { headers: { authorization: `Bearer ${psb.token}`, accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('已移回行政处理');
  });

  it('starts from an inspection record without a case; the other office sees nothing; in the OpenAPI document', async () => {
    const bad = await handler.post('/api/transfers', { ...report, inspectionRef: '红塔应急检记〔2026〕9号', partyName: '玉溪某矿业有限公司', officerIds: ['u-hongta-handler1', 'u-hongta-assistant'] });
    expect(bad.status).toBe(422);
    const key = randomUUID();
    const body = { ...report, category: 'DANGEROUS_OPERATION', harm: { deaths: 0, seriousInjuries: 0, directLossFen: 0, refusedStopOrder: true },
      inspectionRef: '红塔应急检记〔2026〕9号', partyName: '玉溪某矿业有限公司' };
    const created = await handler.post('/api/transfers', body, { 'idempotency-key': key });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await handler.post('/api/transfers', body, { 'idempotency-key': key })).body.id).toBe(created.body.id);
    const row = await eventually(async () => (await handler.get(`/api/transfers/${created.body.id}`)).body?.status === 'AWAITING_APPROVAL' && (await handler.get(`/api/transfers/${created.body.id}`)).body);
    expect(row).toMatchObject({ caseId: null, psbOrgId: 'yx-hongta-psb', procuratorateOrgId: 'yx-hongta-procuratorate', crime: '危险作业罪' });
    expect((await cityPsb.get(`/api/transfers/${created.body.id}`)).status).toBe(404);
    const list = await city.get('/api/transfers');
    expect(list.body.items.some((t: { id: string }) => t.id === created.body.id)).toBe(true);

    const spec = await handler.get('/api/openapi.json');
    for (const p of ['/api/transfers', '/api/cases/{id}/transfer', '/api/transfers/{id}/receipt', '/api/transfers/{id}/decision', '/api/transfers/{id}/opinions']) {
      expect(spec.body.paths[p], p).toBeTruthy();
    }
    const page = await fetch(`${sys.baseUrl}/transfers`, { headers: { authorization: `Bearer ${city.token}`, accept: 'text/html' } });
    expect(await page.text()).toContain('全市涉嫌犯罪案件移送');
  });
});
