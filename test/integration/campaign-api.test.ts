import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { campaignWorkflowId } from '../../workflows/campaign-messages.ts';
import { freshUscc } from '../support/cases.ts';
import { csrfOf, sessionAs } from '../support/session.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// 专项执法 through the HTTP API and the pages (API → Temporal dev server → worker → PostgreSQL): the
// city drafts a campaign for 红塔 and 江川, bad input is refused with nothing written, the city head
// approves, each county finds its share in its queue, 红塔 inspects for the campaign and its progress
// counts it; a county outside the campaign sees nothing of it; the supervision page carries the chart.
let sys: System;
let cityChief: Api, cityHead: Api, citySupervisor: Api, hongtaHandler: Api, hongtaHead: Api, jiangchuanHead: Api, jiangchuanHandler: Api, tonghaiHead: Api;
beforeAll(async () => {
  sys = await startSystem();
  [cityChief, cityHead, citySupervisor, hongtaHandler, hongtaHead, jiangchuanHead, jiangchuanHandler, tonghaiHead] = await Promise.all([
    apiAs(sys.baseUrl, 'city.chief'), apiAs(sys.baseUrl, 'city.head'), apiAs(sys.baseUrl, 'city.supervisor'), apiAs(sys.baseUrl, 'hongta.handler1'),
    apiAs(sys.baseUrl, 'hongta.head'), apiAs(sys.baseUrl, 'jiangchuan.head'), apiAs(sys.baseUrl, 'jiangchuan.handler1'), apiAs(sys.baseUrl, 'tonghai.head'),
  ]);
});
afterAll(async () => sys?.stop());

const officers = ['u-hongta-handler1', 'u-hongta-handler2'];

describe('campaign API and pages (专项执法)', () => {
  it('drafted by the city, approved by its head, shared to two counties, inspected for and counted', async () => {
    const today = shanghaiDate(new Date());
    const body = {
      name: `液化气充装专项执法-${randomUUID().slice(0, 6)}`, legalBasis: '《中华人民共和国安全生产法》第六十五条', industries: ['危险化学品'], hazardTypes: ['液化石油气充装'],
      startDate: today, endDate: addDays(today, 30),
      shares: [{ orgId: 'yx-hongta', enterpriseIds: ['ent-hongta-chem'] }, { orgId: 'yx-jiangchuan', target: 2 }],
      checklist: [{ text: '充装前后检查记录', basis: '《气瓶安全技术规程》' }],
    };
    const campaigns = () => sys.prisma.campaign.count();
    const before = await campaigns();
    // Bad input: a clear 4xx naming the problem, nothing written.
    expect((await cityChief.post('/api/campaigns', { ...body, endDate: '2026-13-40' })).status).toBe(400);
    expect((await cityChief.post('/api/campaigns', { ...body, endDate: addDays(today, -1), startDate: addDays(today, -5) })).body.message).toMatch(/结束日期/);
    expect((await cityChief.post('/api/campaigns', { ...body, shares: [{ orgId: 'yx-hongta-yuxing-st', target: 1 }] })).body.message).toMatch(/不是本机关所辖/);
    expect((await cityChief.post('/api/campaigns', { ...body, shares: [{ orgId: 'yx-hongta', enterpriseIds: ['ent-jiangchuan-lpg'] }] })).body.message).toMatch(/不归/);
    expect((await cityChief.post('/api/campaigns', { ...body, shares: [{ orgId: 'yx-jiangchuan', enterpriseIds: [] }] })).status).toBe(422);
    expect((await hongtaHandler.post('/api/campaigns', body)).status).toBe(403);
    expect(await campaigns()).toBe(before);

    const key = randomUUID();
    const created = await cityChief.post('/api/campaigns', body, { 'idempotency-key': key });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await cityChief.post('/api/campaigns', body, { 'idempotency-key': key })).body.id).toBe(id);
    await eventually(async () => (await cityChief.get(`/api/campaigns/${id}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'CAMPAIGN_APPROVAL' && t.status === 'OPEN'));

    // Only the organising bureau's head approves; the counties see the campaign, another county does not.
    expect((await hongtaHead.post(`/api/campaigns/${id}/approval`, { outcome: 'APPROVE' })).status).toBe(404);
    expect((await cityChief.post(`/api/campaigns/${id}/approval`, { outcome: 'APPROVE' })).status).toBe(403);
    expect((await cityHead.post(`/api/campaigns/${id}/approval`, { outcome: 'REJECT' })).status).toBe(400);
    expect((await tonghaiHead.get(`/api/campaigns/${id}`)).status).toBe(404);
    expect((await tonghaiHead.get('/api/campaigns')).body.items.some((c: { id: string }) => c.id === id)).toBe(false);
    expect((await cityHead.post(`/api/campaigns/${id}/approval`, { outcome: 'APPROVE', comment: '同意下达' })).status).toBe(200);
    const running = await eventually(async () => { const r = await jiangchuanHead.get(`/api/campaigns/${id}`); return r.body?.status === 'RUNNING' && r.body; }, 30_000);
    expect(running.rows.map((r: { orgId: string; target: number }) => [r.orgId, r.target])).toEqual([['yx-hongta', 1], ['yx-jiangchuan', 2]]);
    expect(running.warnAt).toBeTruthy();

    // Each county's share is a task in its own queue.
    const shares = await eventually(async () => {
      const rows = await sys.prisma.task.findMany({ where: { workflowId: campaignWorkflowId(id), kind: 'CAMPAIGN_SHARE', status: 'OPEN' }, orderBy: { orgId: 'asc' } });
      return rows.length === 2 && rows;
    }, 30_000);
    expect(shares.map((t) => [t.orgId, t.candidateRoles])).toEqual([['yx-hongta', ['HEAD']], ['yx-jiangchuan', ['HEAD']]]);
    expect((await jiangchuanHead.get(`/api/tasks/${shares[1]!.id}`)).status).toBe(200);
    expect((await hongtaHead.get(`/api/tasks/${shares[1]!.id}`)).status).toBe(404);

    // 红塔 inspects the listed enterprise; one outside its list, another county's enterprise and a county outside the campaign are refused.
    expect((await hongtaHandler.post(`/api/campaigns/${id}/inspections`, { enterpriseId: 'ent-hongta-machine', officerIds: officers })).body.message).toMatch(/不在本单位的专项执法企业名单/);
    expect((await jiangchuanHandler.post(`/api/campaigns/${id}/inspections`, { enterpriseId: 'ent-hongta-chem', officerIds: ['u-jiangchuan-handler1', 'u-jiangchuan-handler2'] })).status).toBe(422);
    expect((await hongtaHandler.post(`/api/campaigns/${id}/inspections`, { enterpriseId: 'ent-hongta-chem', officerIds: [officers[0]] })).status).toBe(400);
    const started = await hongtaHandler.post(`/api/campaigns/${id}/inspections`, { enterpriseId: 'ent-hongta-chem', officerIds: officers }, { 'idempotency-key': randomUUID() });
    expect(started.status).toBe(201);
    const inspectionId = started.body.inspectionId as string;
    expect((await sys.prisma.inspection.findUniqueOrThrow({ where: { id: inspectionId } })).campaignId).toBe(id);
    await eventually(async () => (await hongtaHandler.get(`/api/inspections/${inspectionId}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'INSPECTION_RECORD' && t.status === 'OPEN'), 30_000);
    const recorded = await hongtaHandler.post(`/api/inspections/${inspectionId}/record`, {
      officerIds: officers, startedAt: new Date().toISOString(), place: '充装间', staffPresent: [{ name: '李明德', position: '主要负责人' }],
      checklist: [], findings: '充装记录齐全，未发现事故隐患。', hazards: [],
    });
    expect(recorded.status).toBe(200);
    const progress = await eventually(async () => {
      const r = await citySupervisor.get(`/api/campaigns/${id}`);
      return r.body?.rows?.[0]?.inspections === 1 && r.body;
    }, 30_000);
    expect(progress.rows.map((r: { orgId: string; inspections: number; lagging: boolean }) => [r.orgId, r.inspections, r.lagging])).toEqual([['yx-hongta', 1, false], ['yx-jiangchuan', 0, true]]);
    expect(progress.totals).toMatchObject({ target: 3, inspections: 1 });

    // Pages: the city's list and detail, a county's detail with its inspection form, the supervision chart.
    const city = await sessionAs(sys.baseUrl, 'city.supervisor');
    const list = await city('GET', '/campaigns');
    expect(list.status).toBe(200);
    expect(list.html).toContain(body.name);
    const detail = await city('GET', `/campaigns/${id}`);
    expect(detail.html).toContain('各单位进度');
    expect(detail.html).toMatch(/江川区[\s\S]*未完成/);
    expect(detail.html).not.toContain('yx-jiangchuan');
    const supervision = await city('GET', '/supervision');
    expect(supervision.status).toBe(200);
    expect(supervision.html).toContain('id="campaign-data"');
    expect(supervision.html).toContain(body.name);
    const jiangchuan = await sessionAs(sys.baseUrl, 'jiangchuan.handler1');
    const jdetail = await jiangchuan('GET', `/campaigns/${id}`);
    expect(jdetail.html).toContain('开展专项检查');
    // A form submit without officers is answered on the page with the reason, nothing started.
    const refused = await jiangchuan('POST', `/campaigns/${id}/inspections`, { _csrf: csrfOf(jdetail.html), enterpriseId: 'ent-jiangchuan-lpg' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('检查人员');
    expect(await sys.prisma.inspection.count({ where: { campaignId: id, orgId: 'yx-jiangchuan' } })).toBe(0);
    const tonghai = await sessionAs(sys.baseUrl, 'tonghai.head');
    expect((await tonghai('GET', `/campaigns/${id}`)).status).toBe(404);
  });

  it('a campaign visit over the frequency limit is refused without a reason; with one, it waits for the county head (检查频次)', async () => {
    const today = shanghaiDate(new Date());
    // An enterprise of 江川's own for this test, inspected four times last month (the policy's default limit).
    const ent = `ent-jiangchuan-freq-${randomUUID().slice(0, 6)}`;
    await sys.prisma.enterprise.create({ data: { id: ent, uscc: freshUscc(), name: `测试频次液化气站${ent.slice(-6)}`,
      industry: '危险化学品经营', orgId: 'yx-jiangchuan', address: '玉溪市江川区测试路1号', legalRep: '测试', riskLevel: 'HIGH' } });
    const lastMonth = new Date(`${addDays(today, -30)}T00:00:00Z`);
    await sys.prisma.inspection.createMany({ data: [0, 1, 2, 3].map((n) => ({
      id: `past-${ent}-${n}`, orgId: 'yx-jiangchuan', enterpriseId: ent, kind: 'AD_HOC', scheduledFor: lastMonth, status: 'CLOSED', result: 'NO_ISSUE', officerIds: [],
    })) });
    const created = await cityChief.post('/api/campaigns', {
      name: `频次专项执法-${randomUUID().slice(0, 6)}`, legalBasis: '《中华人民共和国安全生产法》第六十五条', startDate: today, endDate: addDays(today, 30),
      shares: [{ orgId: 'yx-jiangchuan', enterpriseIds: [ent] }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await eventually(async () => (await sys.prisma.task.findFirst({ where: { workflowId: campaignWorkflowId(id), kind: 'CAMPAIGN_APPROVAL', status: 'OPEN' } })), 30_000);
    expect((await cityHead.post(`/api/campaigns/${id}/approval`, { outcome: 'APPROVE' })).status).toBe(200);
    await eventually(async () => (await sys.prisma.campaign.findUnique({ where: { id } }))?.status === 'RUNNING', 30_000);

    const jiangchuanOfficers = ['u-jiangchuan-handler1', 'u-jiangchuan-handler2'];
    const refused = await jiangchuanHandler.post(`/api/campaigns/${id}/inspections`, { enterpriseId: ent, officerIds: jiangchuanOfficers });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/近12个月已被检查4次/);
    expect(refused.body.details).toMatchObject({ field: 'overLimitReason', enterpriseId: ent, count: 4, limit: 4 });
    // The page's form answers the same, nothing started.
    const page = await sessionAs(sys.baseUrl, 'jiangchuan.handler1');
    const detail = await page('GET', `/campaigns/${id}`);
    expect(detail.html).toContain('name="overLimitReason"');
    // Two officers are two values of one field, which the page helper's flat form cannot carry.
    const onPage = await fetch(`${sys.baseUrl}/campaigns/${id}/inspections`, {
      method: 'POST', redirect: 'manual',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: [...page.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: new URLSearchParams([['_csrf', csrfOf(detail.html)], ['enterpriseId', ent], ...jiangchuanOfficers.map((o) => ['officerIds', o])]).toString(),
    });
    expect(onPage.status).toBe(422);
    expect(await onPage.text()).toContain('检查频次上限');
    expect(await sys.prisma.inspection.count({ where: { campaignId: id } })).toBe(0);

    const started = await jiangchuanHandler.post(`/api/campaigns/${id}/inspections`, { enterpriseId: ent, officerIds: jiangchuanOfficers, overLimitReason: '专项执法须核实该站液化气充装记录' });
    expect(started.status).toBe(201);
    expect(started.body.overLimit).toMatchObject({ count: 4, limit: 4, windowMonths: 12 });
    const wf = `inspection-${started.body.inspectionId}`;
    const task = await eventually(() => sys.prisma.task.findFirst({ where: { workflowId: wf, kind: 'VISIT_OVER_LIMIT', status: 'OPEN' } }), 30_000);
    expect([task.orgId, task.candidateRoles]).toEqual(['yx-jiangchuan', ['HEAD']]);
    expect((await sys.prisma.inspection.findUniqueOrThrow({ where: { id: started.body.inspectionId } })).campaignId).toBe(id);
    expect((await jiangchuanHead.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意' } })).status).toBe(200);
    await eventually(async () => !!(await sys.prisma.inspection.findUnique({ where: { id: started.body.inspectionId } }))?.noticeNumber, 30_000);
  });

  it('the city drafts through the page form and its head approves on the page', async () => {
    const today = shanghaiDate(new Date());
    const chief = await sessionAs(sys.baseUrl, 'city.chief');
    const form = await chief('GET', '/campaigns');
    expect(form.html).toContain('起草专项执法方案');
    const name = `粉尘涉爆专项执法-${randomUUID().slice(0, 6)}`;
    const bad = await chief('POST', '/campaigns', { _csrf: csrfOf(form.html), name, legalBasis: '《工贸企业粉尘防爆安全规定》', startDate: today, endDate: addDays(today, 20) });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('任务分配');
    const ok = await chief('POST', '/campaigns', {
      _csrf: csrfOf(form.html), name, legalBasis: '《工贸企业粉尘防爆安全规定》', hazardTypes: '粉尘涉爆', startDate: today, endDate: addDays(today, 20),
      'target_yx-hongta': '2', 'target_yx-jiangchuan': '1', checklist: '除尘系统\n防爆电气',
    });
    expect(ok.status).toBe(303);
    const id = decodeURIComponent(ok.location!.split('/').pop()!);
    const head = await sessionAs(sys.baseUrl, 'city.head');
    const page = await eventually(async () => { const p = await head('GET', `/campaigns/${id}`); return p.html.includes('负责人审批') && p; }, 30_000);
    const approved = await head('POST', `/campaigns/${id}/approval`, { _csrf: csrfOf(page.html), outcome: 'APPROVE', text: '同意' });
    expect(approved.status).toBe(303);
    await eventually(async () => (await sys.prisma.campaign.findUnique({ where: { id } }))?.status === 'RUNNING', 30_000);
    expect((await sys.prisma.campaignShare.findMany({ where: { campaignId: id }, orderBy: { orgId: 'asc' } })).map((s) => [s.orgId, s.target])).toEqual([['yx-hongta', 2], ['yx-jiangchuan', 1]]);
  });
});
