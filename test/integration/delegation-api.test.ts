import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { usccCheckDigit } from '../../rules/uscc.ts';
import { csrfOf, sessionAs } from '../support/session.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';
import { signedReceipt } from '../support/cases.ts';

// 委托乡镇（街道）执法 through the HTTP API only: API → Temporal → worker → PostgreSQL.
// 江川区 delegates to 大街街道 (the workflow test uses 红塔区/玉兴街道, the browser test 大营街街道).
let sys: System;
let head: Api, legal: Api, handler: Api, supervisor: Api, officer1: Api, otherTownship: Api, city: Api;
beforeAll(async () => {
  sys = await startSystem();
  [head, legal, handler, supervisor, officer1, otherTownship, city] = await Promise.all([
    apiAs(sys.baseUrl, 'jiangchuan.head'), apiAs(sys.baseUrl, 'jiangchuan.legal'), apiAs(sys.baseUrl, 'jiangchuan.handler1'),
    apiAs(sys.baseUrl, 'jiangchuan.supervisor'), apiAs(sys.baseUrl, 'jiangchuan.dajie.officer1'), apiAs(sys.baseUrl, 'hongta.yuxing.officer1'),
    apiAs(sys.baseUrl, 'city.supervisor'),
  ]);
});
afterAll(async () => sys?.stop());

const TOWNSHIP = 'yx-jiangchuan-dajie-st';
const OFFICERS = ['u-jiangchuan-dajie-officer1', 'u-jiangchuan-dajie-officer2'];
const uscc = () => { const f = `91530403MA6K${randomUUID().replace(/[^0-9]/g, '').slice(0, 5).padEnd(5, '0')}`; return f + usccCheckDigit(f); };
const summary = (item: string) => ({
  party: { kind: 'ORG', name: '江川某商贸有限公司', idNumber: uscc() }, catalogItemId: item, source: 'INSPECTION',
  facts: '检查发现仓库出口未设置明显的安全警示标志。', occurredAt: new Date().toISOString(), harmToLife: false,
  officerIds: ['u-jiangchuan-dajie-officer2'], penalty: { penaltyTypes: ['FINE'], fineFen: 100_000 }, receipt: signedReceipt(),
});

describe('delegation API (委托乡镇执法)', () => {
  it('refuses bad drafts with nothing written, approves, discloses, routes in scope, refuses out of scope, and revokes', async () => {
    const today = shanghaiDate(new Date());
    const draft = { townshipOrgId: TOWNSHIP, itemCodes: ['AQ-099-1', 'AQ-097-4'], officerIds: OFFICERS, startDate: today, endDate: addDays(today, 60), samplePercent: 50 };
    const rows = () => sys.prisma.delegation.count({ where: { townshipOrgId: TOWNSHIP } });
    const before = await rows();
    const bad = async (body: unknown, status: number, msg: RegExp, as = head) => {
      const r = await as.post('/api/delegations', body);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.message ?? r.body.error?.message ?? JSON.stringify(r.body)).toMatch(msg);
    };
    await bad({ ...draft, itemCodes: ['AQ-101-3'] }, 422, /不属于可委托/);
    await bad({ ...draft, itemCodes: ['AQ-102'] }, 422, /不属于可委托/);
    await bad({ ...draft, itemCodes: ['AQ-099-1', 'WH-008-5'] }, 422, /行政强制措施.*不得委托/);
    await bad({ ...draft, officerIds: ['u-hongta-yuxing-officer1'] }, 422, /不是.*大街街道/);
    await bad({ ...draft, officerIds: ['u-jiangchuan-handler1'] }, 422, /不是/);
    await bad({ ...draft, startDate: addDays(today, -1) }, 422, /不能早于今天/);
    await bad({ ...draft, townshipOrgId: 'yx-hongta-yuxing-st' }, 422, /不是本县/);
    expect((await handler.post('/api/delegations', draft)).status).toBe(403);
    expect((await officer1.post('/api/delegations', draft)).status).toBe(403);
    expect(await rows()).toBe(before);

    const key = randomUUID();
    const created = await head.post('/api/delegations', draft, { 'idempotency-key': key });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await head.post('/api/delegations', draft, { 'idempotency-key': key })).body.id).toBe(id);
    await eventually(() => sys.prisma.delegation.findUnique({ where: { id } }));
    await bad({ ...draft, itemCodes: ['AQ-099-1'] }, 409, /不能重叠/);
    expect(await rows()).toBe(before + 1);

    // Not in force yet: the township neither sees it nor may act under it.
    expect((await officer1.get(`/api/delegations/${id}`)).status).toBe(404);
    expect((await officer1.post('/api/cases/summary', summary('AQ-099-1'))).status).toBe(422);
    await eventually(async () => (await legal.get(`/api/delegations/${id}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'DELEGATION_LEGAL_REVIEW' && t.status === 'OPEN'));
    expect((await head.post(`/api/delegations/${id}/review`, { outcome: 'APPROVE' })).status).toBe(403);
    expect((await legal.post(`/api/delegations/${id}/review`, { outcome: 'APPROVE', comment: '符合委托条件' })).status).toBe(200);
    await eventually(async () => (await head.get(`/api/delegations/${id}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'DELEGATION_SIGNATURE' && t.status === 'OPEN'));
    expect((await head.post(`/api/delegations/${id}/sign`, { outcome: 'SIGN' })).status).toBe(200);
    const inForce = await eventually(async () => { const r = await head.get(`/api/delegations/${id}`); return r.body?.status === 'IN_FORCE' && r.body; });
    expect(inForce.letterNumber).toMatch(/^江川应急委托〔\d{4}〕\d+号$/);
    expect(inForce.letters).toHaveLength(1);
    const pub = await fetch(`${sys.baseUrl}/api/public/delegations`).then((r) => r.json()) as { items: { id: string; townshipName: string }[] };
    expect(pub.items.find((x) => x.id === id)?.townshipName).toMatch(/大街街道/);

    // 当场处罚 by the township in the county bureau's name.
    const cases = () => sys.prisma.case.count();
    const n = await cases();
    const out = await officer1.post('/api/cases/summary', summary('AQ-105-2'));
    expect(out.status).toBe(422);
    expect(out.body.message).toMatch(/不在委托范围内/);
    expect((await officer1.post('/api/cases/summary', { ...summary('AQ-099-1'), officerIds: ['u-hongta-yuxing-officer1'] })).status).toBe(422);
    expect((await otherTownship.post('/api/cases/summary', summary('AQ-099-1'))).status).toBe(422);
    expect(await cases()).toBe(n);
    const decided = await officer1.post('/api/cases/summary', summary('AQ-099-1'));
    expect(decided.status, JSON.stringify(decided.body)).toBe(201);
    const caseId = decided.body.caseId as string;
    const c = await sys.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c.orgId).toBe('yx-jiangchuan'); // the deciding authority and the respondent in reconsideration
    const matter = await sys.prisma.delegatedMatter.findUniqueOrThrow({ where: { caseId } });
    expect(matter).toMatchObject({ townshipOrgId: TOWNSHIP, delegationId: id, status: 'CLOSED', outcome: 'PENALTY' });
    const doc = await eventually(() => sys.prisma.document.findFirst({ where: { caseId, kind: 'SUMMARY_DECISION' } }));
    expect(doc.number).toMatch(/^江川应急简罚/);
    expect(doc.html).toContain('受委托组织');
    expect(doc.html).toContain('大街街道');

    // The county routes a matter in the township's area: to the township's queue; the township closes it.
    expect((await handler.post('/api/delegated-matters', { townshipOrgId: TOWNSHIP, itemCode: 'AQ-105-2', partyName: '某店', location: '大街', facts: '疏散通道堵塞情况核查' })).status).toBe(422);
    const routed = await handler.post('/api/delegated-matters', { townshipOrgId: TOWNSHIP, itemCode: 'AQ-097-4', partyName: '江川某五金店', location: '大街街道星云路', facts: '群众反映未如实记录安全培训情况' });
    expect(routed.status, JSON.stringify(routed.body)).toBe(201);
    const mid = routed.body.id as string;
    await eventually(async () => (await officer1.get(`/api/delegated-matters/${mid}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'DELEGATED_MATTER' && t.status === 'OPEN'));
    expect((await officer1.get('/api/delegated-matters')).body.items.some((m: { id: string }) => m.id === mid)).toBe(true);
    expect((await otherTownship.get(`/api/delegated-matters/${mid}`)).status).toBe(404);
    expect((await officer1.post(`/api/delegated-matters/${mid}/close`, { outcome: 'NO_VIOLATION', finding: '' })).status).toBe(400);
    expect((await officer1.post(`/api/delegated-matters/${mid}/close`, { outcome: 'NO_VIOLATION', finding: '培训记录齐全，未发现违法。' })).status).toBe(200);
    await eventually(async () => (await sys.prisma.delegatedMatter.findUnique({ where: { id: mid } }))?.status === 'CLOSED');

    // 收回 by the county, then revocation; the township may no longer act.
    const second = await handler.post('/api/delegated-matters', { townshipOrgId: TOWNSHIP, itemCode: 'AQ-099-1', partyName: '江川某商店', location: '大街街道', facts: '未设置安全警示标志的线索' });
    const sid = second.body.id as string;
    await eventually(async () => (await sys.prisma.task.findFirst({ where: { kind: 'DELEGATED_MATTER', status: 'OPEN', payload: { path: ['matterId'], equals: sid } } })));
    expect((await handler.post(`/api/delegated-matters/${sid}/recall`, { reason: '收回' })).status).toBe(403);
    expect((await supervisor.post(`/api/delegated-matters/${sid}/recall`, { reason: '案情复杂，收回县局办理' })).status).toBe(200);
    await eventually(async () => (await sys.prisma.delegatedMatter.findUnique({ where: { id: sid } }))?.status === 'RECALLED');
    expect((await supervisor.post(`/api/delegated-matters/${sid}/recall`, { reason: '再次收回' })).status).toBe(409);

    const evaluation = await city.get('/api/delegations');
    expect(evaluation.body.items.some((d: { id: string }) => d.id === id)).toBe(true);
    expect(evaluation.body.byTownship.find((x: { townshipOrgId: string }) => x.townshipOrgId === TOWNSHIP)).toMatchObject({ overdue: 0, failedReviews: 0 });

    expect((await head.post(`/api/delegations/${id}/revoke`, { reason: '' })).status).toBe(400);
    const revoked = await head.post(`/api/delegations/${id}/revoke`, { reason: '街道执法力量调整' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('REVOKED');
    const late = await officer1.post('/api/cases/summary', summary('AQ-099-1'));
    expect(late.status).toBe(422);
    expect(late.body.message).toMatch(/撤销/);
    expect((await head.post(`/api/delegations/${id}/revoke`, { reason: '再次撤销' })).status).toBe(409);
  });

  it('pages: the head drafts through a form (bad input shown, nothing written), others may not; the city sees the evaluation', async () => {
    const page = await sessionAs(sys.baseUrl, 'hongta.head');
    const form = await page('GET', '/delegations/new');
    expect(form.status).toBe(200);
    expect(form.html).toContain('大营街街道');
    expect(form.html).not.toContain('WH-008-5'); // coercive measures are not even offered
    const rows = await sys.prisma.delegation.count();
    const today = shanghaiDate(new Date());
    const bad = await page('POST', '/delegations/new', { _csrf: csrfOf(form.html), townshipOrgId: 'yx-hongta-yuxing-st', itemCodes: 'WH-008-5',
      officerIds: 'u-hongta-yuxing-officer1', startDate: today, endDate: addDays(today, 30) });
    expect(bad.status).toBe(422);
    expect(bad.html).toMatch(/行政强制措施/);
    expect(await sys.prisma.delegation.count()).toBe(rows);
    expect((await (await sessionAs(sys.baseUrl, 'hongta.handler1'))('GET', '/delegations/new')).status).toBe(403);
    const cityPage = await (await sessionAs(sys.baseUrl, 'city.supervisor'))('GET', '/delegations');
    expect(cityPage.status).toBe(200);
    expect(cityPage.html).toContain('全市委托执法');
    expect(cityPage.html).toContain('评查不合格');
    const pub = await fetch(`${sys.baseUrl}/public/delegations`);
    expect(pub.status).toBe(200);
    expect(await pub.text()).toContain('行政执法委托公示');
  });
});
