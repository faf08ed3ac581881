import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { csrfOf, sessionAs } from '../support/session.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// 交叉执法 through the HTTP API and the pages: the city supervisor draws teams for 红塔 and 江川 (each
// inspects the other), bad input is refused with nothing drawn, the draw is reproducible from its seed,
// a team records a hazard, the home county's closure without a case needs the city, which refuses,
// and the case it then opens names the team.
let sys: System;
let city: Api, hongtaSupervisor: Api, jiangchuanSupervisor: Api, hongtaHandler: Api;
beforeAll(async () => {
  sys = await startSystem();
  [city, hongtaSupervisor, jiangchuanSupervisor, hongtaHandler] = await Promise.all([
    apiAs(sys.baseUrl, 'city.supervisor'), apiAs(sys.baseUrl, 'hongta.supervisor'), apiAs(sys.baseUrl, 'jiangchuan.supervisor'), apiAs(sys.baseUrl, 'hongta.handler1'),
  ]);
});
afterAll(async () => sys?.stop());

const username = (userId: string) => userId.slice(2).replace('-', '.');

describe('cross inspection API and pages (交叉执法)', () => {
  it('draws teams never of the enterprise\'s own county; the home county closes only with a case or the city\'s acceptance', async () => {
    const draws = () => sys.prisma.inspectionDraw.count({ where: { orgId: 'yx-city' } });
    const before = await draws();
    expect((await city.post('/api/cross-draws', { countyIds: ['yx-hongta'], perCounty: 1 })).status).toBe(400);
    expect((await city.post('/api/cross-draws', { countyIds: ['yx-hongta', 'yx-hongta-yuxing-st'], perCounty: 1 })).body.message).toMatch(/县级应急管理部门/);
    expect((await city.post('/api/cross-draws', { countyIds: ['yx-hongta', 'yx-jiangchuan'], perCounty: 0 })).status).toBe(400);
    expect((await hongtaSupervisor.post('/api/cross-draws', { countyIds: ['yx-hongta', 'yx-jiangchuan'], perCounty: 1 })).status).toBe(403);
    expect(await draws()).toBe(before);

    const key = randomUUID();
    const drawn = await city.post('/api/cross-draws', { countyIds: ['yx-hongta', 'yx-jiangchuan'], perCounty: 1 }, { 'idempotency-key': key });
    expect(drawn.status).toBe(201);
    expect((await city.post('/api/cross-draws', { countyIds: ['yx-hongta', 'yx-jiangchuan'], perCounty: 1 }, { 'idempotency-key': key })).body.drawId).toBe(drawn.body.drawId);
    const checks = drawn.body.checks as { enterpriseId: string; homeOrgId: string; teamOrgId: string; officerIds: string[] }[];
    expect(checks.map((c) => c.homeOrgId).sort()).toEqual(['yx-hongta', 'yx-jiangchuan']);
    for (const c of checks) {
      expect(c.teamOrgId).not.toBe(c.homeOrgId);
      // Other files add officers to the seeded bureaus, so membership is read, not guessed from the id.
      const orgs = await sys.prisma.user.findMany({ where: { id: { in: c.officerIds } }, select: { orgId: true } });
      expect(orgs.map((u) => u.orgId)).toEqual(c.officerIds.map(() => c.teamOrgId));
    }
    const record = await city.get(`/api/cross-draws/${drawn.body.drawId}`);
    expect(record.body.matches).toBe(true);
    expect(record.body.seed).toBe(drawn.body.seed);
    // The public 双随机 verification page does not take a cross draw for its own.
    expect((await fetch(`${sys.baseUrl}/api/public/draws/${drawn.body.drawId}`)).status).toBe(404);

    // The 江川 team's inspection of a 红塔 enterprise: the team records a hazard.
    const check = checks.find((c) => c.homeOrgId === 'yx-hongta')!;
    const idx = checks.indexOf(check);
    const inspectionId = drawn.body.inspections[idx] as string;
    const row = await sys.prisma.inspection.findUniqueOrThrow({ where: { id: inspectionId } });
    expect(row).toMatchObject({ orgId: 'yx-jiangchuan', crossHomeOrgId: 'yx-hongta', enterpriseId: check.enterpriseId });
    const officer = await apiAs(sys.baseUrl, username(check.officerIds[0]!));
    await eventually(async () => (await officer.get(`/api/inspections/${inspectionId}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'INSPECTION_RECORD' && t.status === 'OPEN'), 30_000);
    const recorded = await officer.post(`/api/inspections/${inspectionId}/record`, {
      officerIds: check.officerIds, startedAt: new Date().toISOString(), place: '生产区', staffPresent: [{ name: '企业负责人', position: '主要负责人' }],
      checklist: [], findings: '检查了生产区和安全管理台账。', hazards: [{ description: '安全警示标志缺失，未设置', location: '仓库入口' }], rectifyBy: addDays(shanghaiDate(new Date()), 20),
    });
    expect(recorded.status).toBe(200);
    const finding = await eventually(async () => { const r = await hongtaSupervisor.get(`/api/cross-findings/${inspectionId}`); return r.body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'CROSS_FINDING' && t.status === 'OPEN') && r.body; }, 30_000);
    expect(finding).toMatchObject({ homeOrgId: 'yx-hongta', teamOrgId: 'yx-jiangchuan', status: 'OPEN' });

    // The team's county cannot close it; the home county's closure without a case goes to the city.
    expect((await jiangchuanSupervisor.post(`/api/cross-findings/${inspectionId}/handling`, { outcome: 'CLOSE', reason: '已整改' })).status).toBe(403);
    expect((await hongtaSupervisor.post(`/api/cross-findings/${inspectionId}/handling`, { outcome: 'CLOSE' })).status).toBe(422);
    expect((await hongtaSupervisor.post(`/api/cross-findings/${inspectionId}/handling`, { outcome: 'CLOSE', reason: '企业已当场整改' })).status).toBe(200);
    expect((await hongtaSupervisor.post(`/api/cross-findings/${inspectionId}/closure`, { outcome: 'ACCEPT' })).status).toBe(403);
    await eventually(async () => (await city.get(`/api/cross-findings/${inspectionId}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'CROSS_FINDING_CLOSURE' && t.status === 'OPEN'), 30_000);
    expect((await city.post(`/api/cross-findings/${inspectionId}/closure`, { outcome: 'REFUSE', reason: '未经复查核实，请依法处理' })).status).toBe(200);
    await eventually(async () => (await hongtaSupervisor.get(`/api/cross-findings/${inspectionId}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'CROSS_FINDING' && t.status === 'OPEN'), 30_000);
    expect((await hongtaHandler.post(`/api/cross-findings/${inspectionId}/handling`, { outcome: 'OPEN_CASE', catalogItemId: 'AQ-099-1' })).status).toBe(403);
    expect((await hongtaSupervisor.post(`/api/cross-findings/${inspectionId}/handling`, { outcome: 'OPEN_CASE', catalogItemId: 'AQ-099-1' })).status).toBe(200);
    const done = await eventually(async () => { const r = await city.get(`/api/cross-findings/${inspectionId}`); return r.body?.status === 'CASE_OPENED' && r.body; }, 30_000);
    const kase = await eventually(() => sys.prisma.case.findUnique({ where: { id: done.caseId } }), 30_000);
    expect(kase.orgId).toBe('yx-hongta');
    expect(kase.facts).toMatch(/^交叉执法检查组（玉溪市江川区应急管理局.*：.+、.+）于/);

    // Pages: the city's list with the draw form, the supervision page's table; a county sees its own.
    const cityPage = await sessionAs(sys.baseUrl, 'city.supervisor');
    const list = await cityPage('GET', '/cross-inspections');
    expect(list.html).toContain('组织交叉执法抽取');
    expect(list.html).toContain('已立案');
    expect((await cityPage('GET', '/supervision')).html).toMatch(/交叉执法[\s\S]*已立案/);
    const refused = await cityPage('POST', '/cross-inspections', { _csrf: csrfOf(list.html), countyIds: 'yx-hongta', perCounty: '1' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('参加单位');
    const county = await sessionAs(sys.baseUrl, 'hongta.supervisor');
    const countyList = await county('GET', '/cross-inspections');
    expect(countyList.status).toBe(200);
    expect(countyList.html).not.toContain('组织交叉执法抽取');
    expect(countyList.html).toContain('江川区');
  });
});
