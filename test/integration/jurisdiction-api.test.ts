import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadBody, validUscc } from '../support/cases.ts';
import { csrfOf, sessionAs } from '../support/session.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// 提级管辖 / 指定管辖 through the HTTP API and the pages (issue 21 item 4), with the city bureau and
// two counties (红塔区, 江川区): API → Temporal → worker → PostgreSQL. Parties are unique per test.
let sys: System;
let handler: Api, supervisor: Api, head: Api, cityHead: Api, citySupervisor: Api, cityHandler: Api, jiangchuanHead: Api;

beforeAll(async () => {
  sys = await startSystem();
  [handler, supervisor, head, cityHead, citySupervisor, cityHandler, jiangchuanHead] = await Promise.all([
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor'), apiAs(sys.baseUrl, 'hongta.head'),
    apiAs(sys.baseUrl, 'city.head'), apiAs(sys.baseUrl, 'city.supervisor'), apiAs(sys.baseUrl, 'city.handler1'), apiAs(sys.baseUrl, 'jiangchuan.head'),
  ]);
});
afterAll(async () => sys?.stop());

interface TaskRow { id: string; kind: string; status: string; orgId: string }
const reason = '涉及红塔区、江川区两地的危险化学品储存违法行为，社会影响重大。';

async function openTask(api: Api, caseId: string, kind: string): Promise<TaskRow> {
  return eventually(async () => {
    const r = await api.get(`/api/cases/${caseId}`);
    return (r.body?.tasks as TaskRow[] | undefined)?.find((t) => t.status === 'OPEN' && t.kind === kind);
  });
}
async function completeOk(api: Api, caseId: string, kind: string, outcome: string, data: Record<string, unknown> = {}) {
  const task = await openTask(api, caseId, kind);
  const r = await api.post(`/api/tasks/${task.id}/complete`, { outcome, data });
  expect(r.status, `${kind} ${outcome}: ${JSON.stringify(r.body)}`).toBe(200);
}
async function fileCase(): Promise<string> {
  const reg = await handler.post('/api/cases', leadBody({
    party: { kind: 'ORG', name: `跨区危化测试有限公司-${randomUUID().slice(0, 8)}`, idNumber: validUscc('91530402MA6K0000X'), address: '玉溪市红塔区玉兴路1号' },
  }));
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  const caseId = reg.body.caseId as string;
  await completeOk(supervisor, caseId, 'FILING_APPROVAL', 'APPROVE', { comment: '同意立案' });
  await openTask(handler, caseId, 'INVESTIGATION');
  return caseId;
}

describe('提级管辖 through the API and the pages', () => {
  it('the county asks, the city takes the case up and decides it in its own name; the county keeps reading it', async () => {
    const caseId = await fileCase();

    // Who may not: a county handler (role), the county head (not the superior), another county (not visible).
    const byHandler = await handler.post(`/api/cases/${caseId}/jurisdiction`, { kind: 'TAKE_UP', reason });
    expect(byHandler.status).toBe(403);
    const byCountyHead = await head.post(`/api/cases/${caseId}/jurisdiction`, { kind: 'TAKE_UP', reason });
    expect(byCountyHead.status).toBe(403);
    expect(byCountyHead.body.message).toMatch(/上一级应急管理部门/);
    expect((await jiangchuanHead.post(`/api/cases/${caseId}/jurisdiction`, { kind: 'TAKE_UP', reason })).status).toBe(404);
    const noCounty = await citySupervisor.post(`/api/cases/${caseId}/jurisdiction`, { kind: 'ASSIGN', reason });
    expect(noCounty.status).toBe(422);
    expect(noCounty.body.message).toBe('请选择指定管辖的单位');
    expect((await handler.post(`/api/cases/${caseId}/jurisdiction-request`, { reason })).status).toBe(403);

    // The pages offer each action to the one who may take it.
    const cityPage = await sessionAs(sys.baseUrl, 'city.supervisor');
    expect((await cityPage('GET', `/cases/${caseId}`)).html).toContain('提级管辖 / 指定管辖');
    const headPage = await sessionAs(sys.baseUrl, 'hongta.head');
    const before = await headPage('GET', `/cases/${caseId}`);
    expect(before.html).toContain('报请上级提级管辖');
    expect(before.html).not.toContain(`/cases/${caseId}/jurisdiction"`);
    const handlerPage = await sessionAs(sys.baseUrl, 'hongta.handler1');
    expect((await handlerPage('GET', `/cases/${caseId}`)).html).not.toContain('提级管辖');

    // 报请提级 from the page: an empty reason is refused beside the field, then sent.
    const form = await headPage('GET', `/cases/${caseId}/jurisdiction-request`);
    const refused = await headPage('POST', `/cases/${caseId}/jurisdiction-request`, { _csrf: csrfOf(form.html), reason: '' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('请填写报请理由');
    const sent = await headPage('POST', `/cases/${caseId}/jurisdiction-request`, { _csrf: csrfOf(form.html), reason, idempotencyKey: randomUUID() });
    expect(sent.status, sent.html.slice(0, 300)).toBe(303);

    // The city's decision is a task in its queue, with its limit from the deadline table.
    const ask = await eventually(async () => {
      const q = await cityHead.get('/api/tasks?kind=JURISDICTION_REQUEST&pageSize=200');
      return q.body.items.find((t: { caseId: string }) => t.caseId === caseId);
    });
    // In the city head's own queue (the queue lists the viewer's org only), due by the table's row.
    expect(ask.due).toEqual(expect.objectContaining({ source: 'STEP', deadlineId: 'JURISDICTION_REQUEST_DECISION' }));
    expect(ask.stepLabel).toBe('报请提级管辖审批');
    const taskPage = await sessionAs(sys.baseUrl, 'city.head');
    expect((await taskPage('GET', `/tasks/${ask.id}`)).html).toContain('同意，由本局提级管辖');
    const take = await cityHead.post(`/api/tasks/${ask.id}/complete`, { outcome: 'TAKE_UP', data: { comment: '同意提级，由市局支队查处。' } });
    expect(take.status, JSON.stringify(take.body)).toBe(200);

    // The steps are the city's now.
    const investigation = await eventually(async () => {
      const t = await openTask(cityHandler, caseId, 'INVESTIGATION').catch(() => undefined);
      return t?.orgId === 'yx-city' ? t : undefined;
    });
    const refusedCounty = await handler.post(`/api/tasks/${investigation.id}/complete`, { outcome: 'PROPOSE', data: {} });
    expect([403, 404]).toContain(refusedCounty.status);
    await completeOk(cityHandler, caseId, 'INVESTIGATION', 'PROPOSE', {
      findings: '经市局两名执法人员现场检查，当事人储罐区未设置明显的安全警示标志。', penaltyTypes: ['FINE'], fineFen: 80_000_00,
      officerIds: ['u-city-handler1', 'u-city-handler2'],
    });
    await completeOk(cityHandler, caseId, 'NOTICE_SERVICE', 'SERVED', { servedAt: new Date().toISOString(), method: '直接送达' });
    await completeOk(cityHandler, caseId, 'PARTY_RESPONSE', 'WAIVED', { comment: '当事人书面明确放弃陈述申辩' });
    await completeOk(cityHead, caseId, 'DECISION', 'DECIDE', { penaltyTypes: ['FINE'], fineFen: 80_000_00, reasoning: '违法事实清楚，按裁量基准一般档次处罚。' });
    const detail = await eventually(async () => {
      const r = await cityHead.get(`/api/cases/${caseId}`);
      return r.body.documents?.some((d: { kind: string }) => d.kind === 'PENALTY_DECISION') ? r.body : undefined;
    });
    const decision = detail.documents.find((d: { kind: string }) => d.kind === 'PENALTY_DECISION');
    expect(decision.number).toMatch(/^玉溪应急罚〔\d{4}〕\d+号$/);
    expect(detail.case.number).toMatch(/^红塔应急立〔\d{4}〕\d+号$/);
    expect(detail.documents.find((d: { kind: string }) => d.kind === 'FILING_APPROVAL_FORM').number).toMatch(/^红塔应急/);

    // The county reads it as history: its list, its page with the move; no action offered.
    const countyView = await handler.get(`/api/cases/${caseId}`);
    expect(countyView.status).toBe(200);
    expect(countyView.body.case.orgId).toBe('yx-city');
    const page = await handlerPage('GET', `/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('管辖变更');
    expect(page.html).toMatch(/提级管辖：由玉溪市红塔区应急管理局[^<]*移至玉溪市应急管理局/);
    expect(page.html).toContain(reason);
    const countyHeadPage = (await headPage('GET', `/cases/${caseId}`)).html;
    expect(countyHeadPage).not.toContain(`/cases/${caseId}/jurisdiction-request"`);
    expect(countyHeadPage).not.toContain(`/cases/${caseId}/actions/`);
    const list = await handler.get('/api/cases?pageSize=100');
    expect(list.body.items.some((c: { id: string }) => c.id === caseId)).toBe(true);
    // Decided: it no longer moves.
    const late = await citySupervisor.post(`/api/cases/${caseId}/jurisdiction`, { kind: 'ASSIGN', toOrgId: 'yx-jiangchuan', reason });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/已作出处罚决定/);
  });

  it('the city assigns a case to the other county (指定管辖) from its page; a case not filed is refused', async () => {
    const caseId = await fileCase();
    const cityPage = await sessionAs(sys.baseUrl, 'city.supervisor');
    const form = await cityPage('GET', `/cases/${caseId}/jurisdiction`);
    expect(form.html).toContain('江川区');
    const sent = await cityPage('POST', `/cases/${caseId}/jurisdiction`, { _csrf: csrfOf(form.html), kind: 'ASSIGN', toOrgId: 'yx-jiangchuan', reason: '由江川区就近查处。', idempotencyKey: randomUUID() });
    expect(sent.status, sent.html.slice(0, 300)).toBe(303);
    const moved = await eventually(async () => {
      const r = await jiangchuanHead.get(`/api/cases/${caseId}`);
      return r.status === 200 ? r.body : undefined;
    });
    expect(moved.case.orgId).toBe('yx-jiangchuan');
    expect(moved.tasks.find((t: TaskRow) => t.kind === 'INVESTIGATION' && t.status === 'OPEN').orgId).toBe('yx-jiangchuan');

    const reg = await handler.post('/api/cases', leadBody());
    const rejectedId = reg.body.caseId as string;
    await completeOk(supervisor, rejectedId, 'FILING_APPROVAL', 'REJECT', { reason: '不属于本局职责范围。' });
    await eventually(async () => (await handler.get(`/api/cases/${rejectedId}`)).body.case.status === 'REJECTED');
    const closed = await citySupervisor.post(`/api/cases/${rejectedId}/jurisdiction`, { kind: 'TAKE_UP', reason });
    expect(closed.status).toBe(409);
    expect(closed.body.message).toBe('案件已结案或不予立案，不能改变管辖');
  });
});
