import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { apiAs, eventually, startSystem, type System } from '../support/system.ts';
import { freshUscc } from '../support/cases.ts';
import { createCounty, createStaff } from '../support/own-county.ts';
import { makePng } from '../support/uploads.ts';

// 联合执法 and visit frequency (issue 21 items 3, 5) through the HTTP API (API → Temporal dev server →
// worker → PostgreSQL). Each test's county is its own, so its counts are exact.
let sys: System;
beforeAll(async () => { sys = await startSystem(); });
afterAll(async () => sys?.stop());

const SIGNATURE = `data:image/png;base64,${makePng(120, 40, [10, 10, 10]).toString('base64')}`;

/** A county with a head and two handlers, and one enterprise of its own. */
async function county(tag: string) {
  const id = `yx-t-${tag}-${randomUUID().slice(0, 6)}`;
  await createCounty(sys.prisma, { id, name: `测试${tag}县应急管理局`, shortName: `测${tag}` });
  const staff = ['head', 'handler1', 'handler2'].map((w) => ({ id: `u-${id}-${w}`, username: `${id}.${w}`, orgId: id, roles: [w === 'head' ? 'HEAD' : 'HANDLER'] }));
  await createStaff(sys.prisma, staff);
  const enterprise = async (name: string) => {
    const e = await sys.prisma.enterprise.create({ data: { id: `ent-${id}-${randomUUID().slice(0, 6)}`, uscc: freshUscc(), name, industry: '工贸（食品加工）', orgId: id,
      address: '云南省玉溪市测试路1号', legalRep: '测试', riskLevel: 'MEDIUM' } });
    return e.id;
  };
  const [head, handler] = await Promise.all([apiAs(sys.baseUrl, `${id}.head`), apiAs(sys.baseUrl, `${id}.handler1`)]);
  return { id, head, handler, officers: [`u-${id}-handler1`, `u-${id}-handler2`], enterprise };
}

/** Earlier visits of the window (closed inspections of last month), as the rolling count finds them. */
async function pastVisits(orgId: string, enterpriseId: string, n: number) {
  const day = new Date(`${addDays(shanghaiDate(new Date()), -30)}T00:00:00Z`);
  await sys.prisma.inspection.createMany({ data: Array.from({ length: n }, (_, i) => ({
    id: `past-${enterpriseId}-${i}`, orgId, enterpriseId, kind: 'AD_HOC', scheduledFor: day, status: 'CLOSED', result: 'NO_ISSUE', officerIds: [],
  })) });
}

const openTask = (workflowId: string, kind: string) =>
  eventually(() => sys.prisma.task.findFirst({ where: { workflowId, kind, status: 'OPEN' } }), 60_000);

describe('联合执法 API', () => {
  it('a joint inspection signed by a department officer in its portal creates the referral; the department alone of the departments sees it', async () => {
    const c = await county('joint');
    const ent = await c.enterprise('测试联合检查食品厂');
    const [samr, housing] = await Promise.all([apiAs(sys.baseUrl, 'samr.receiver'), apiAs(sys.baseUrl, 'housing.receiver')]);
    // Bad participants are refused with nothing started.
    const bad = await c.handler.post('/api/inspections', { enterpriseId: ent, officerIds: c.officers, participants: [{ orgId: 'yx-dept-samr', officerIds: ['u-housing-receiver'] }] });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(/不是玉溪市市场监督管理局的在职人员/);
    expect(await sys.prisma.inspection.count({ where: { enterpriseId: ent } })).toBe(0);

    const started = await c.handler.post('/api/inspections', { enterpriseId: ent, officerIds: c.officers, participants: [{ orgId: 'yx-dept-samr', officerIds: ['u-samr-receiver'] }] });
    expect(started.status).toBe(201);
    const id = started.body.inspectionId as string;
    await openTask(`inspection-${id}`, 'INSPECTION_RECORD');
    const recorded = await c.handler.post(`/api/inspections/${id}/record`, {
      officerIds: c.officers, startedAt: new Date().toISOString(), place: '加工车间', staffPresent: [{ name: '测试', position: '主要负责人' }], findings: '与市场监管部门联合检查。',
      hazards: [{ description: '货梯未经定期检验仍在使用', location: '仓库', outsideRemit: true, toOrgId: 'yx-dept-samr', remitReason: '特种设备属市场监督管理部门职责' }],
    });
    expect(recorded.status).toBe(200);
    await openTask(`inspection-${id}`, 'JOINT_SIGNATURE');

    // The participating department sees the inspection; another department does not.
    const seen = await samr.get(`/api/inspections/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.participants).toEqual([expect.objectContaining({ orgId: 'yx-dept-samr', orgName: '玉溪市市场监督管理局', signedAt: null })]);
    expect((await housing.get(`/api/inspections/${id}`)).status).toBe(404);
    expect((await housing.post(`/api/inspections/${id}/joint-signature`, { image: SIGNATURE })).status).toBe(404);
    const notPng = await samr.post(`/api/inspections/${id}/joint-signature`, { image: 'data:image/png;base64,AAAA' });
    expect(notPng.status).toBeGreaterThanOrEqual(400);
    expect(notPng.status).toBeLessThan(500);
    expect(notPng.body.message).toMatch(/签名/);

    expect((await samr.post(`/api/inspections/${id}/joint-signature`, { image: SIGNATURE, via: 'PORTAL' })).status).toBe(200);
    const closed = await eventually(async () => { const r = await sys.prisma.inspection.findUnique({ where: { id } }); return r?.status === 'CLOSED' && r; }, 60_000);
    expect(closed.result).toBe('REFERRED');
    const referral = await sys.prisma.referral.findUniqueOrThrow({ where: { id: `${id}-h1` } });
    expect(referral).toMatchObject({ fromOrgId: c.id, toOrgId: 'yx-dept-samr', enterpriseId: ent });
    expect((await samr.get(`/api/inspections/${id}`)).body.participants[0]).toMatchObject({ signedBy: '尹志华', signedVia: 'PORTAL' });

    // The enterprise page lists the visit as joint, with both orgs and their officers.
    const credit = await c.handler.get(`/api/enterprises/${ent}/credit`);
    expect(credit.body.visits.visits).toEqual([expect.objectContaining({
      inspectionId: id, visitKind: 'JOINT', orgName: '测试joint县应急管理局', counts: true,
      participants: [expect.objectContaining({ orgName: '玉溪市市场监督管理局', officers: ['尹志华'], signed: true })],
    })]);
    expect(credit.body.visits.count).toBe(1);
  });
});

describe('visit frequency API (检查频次)', () => {
  it('a visit over the limit is refused without a reason, naming the enterprise and the count; with one, it waits for the head and goes ahead once approved', async () => {
    const c = await county('freq');
    const ent = await c.enterprise('测试频次食品厂');
    // Four visits in the window (the policy's default limit) by the county.
    for (let n = 0; n < 4; n++) expect((await c.handler.post('/api/inspections', { enterpriseId: ent, officerIds: c.officers })).status).toBe(201);
    const refused = await c.handler.post('/api/inspections', { enterpriseId: ent, officerIds: c.officers });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/企业“测试频次食品厂”近12个月已被检查4次/);
    expect(refused.body.message).toMatch(/超出检查频次的理由/);
    expect(await sys.prisma.inspection.count({ where: { enterpriseId: ent } })).toBe(4);
    // A complaint does not count and needs no reason.
    const complaint = await c.handler.post('/api/inspections', { enterpriseId: ent, officerIds: c.officers, kind: 'COMPLAINT' });
    expect(complaint.status).toBe(201);
    expect(complaint.body.visits).toBeNull();

    const withReason = await c.handler.post('/api/inspections', { enterpriseId: ent, officerIds: c.officers, overLimitReason: '举报反映夜间违规使用液氨，须现场核实' });
    expect(withReason.status).toBe(201);
    expect(withReason.body.overLimit).toMatchObject({ count: 4, limit: 4, windowMonths: 12 });
    const wf = `inspection-${withReason.body.inspectionId}`;
    const task = await openTask(wf, 'VISIT_OVER_LIMIT');
    expect(task.candidateRoles).toEqual(['HEAD']);
    // No notice before the head approves; a handler cannot approve.
    expect((await sys.prisma.inspection.findUniqueOrThrow({ where: { id: withReason.body.inspectionId } })).noticeNumber).toBeNull();
    // A handler is not among the step's roles: the step is not his to see.
    expect((await c.handler.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: {} })).status).toBe(404);
    expect((await c.head.post(`/api/tasks/${task.id}/complete`, { outcome: 'APPROVE', data: { comment: '同意' } })).status).toBe(200);
    const notified = await eventually(async () => { const r = await sys.prisma.inspection.findUnique({ where: { id: withReason.body.inspectionId } }); return !!r?.noticeNumber && r; }, 60_000);
    expect(notified.status).toBe('NOTIFIED');

    const page = await c.handler.get(`/api/enterprises/${ent}/credit`);
    expect(page.body.visits).toMatchObject({ count: 5, limit: 4 });
    expect(page.body.visits.visits.filter((v: { visitKind: string }) => v.visitKind === 'COMPLAINT')).toHaveLength(1);
  });

  it('of simultaneous requests for the last allowed visit exactly one passes; the others are refused naming the enterprise and the count', async () => {
    const c = await county('race');
    const ent = await c.enterprise('测试并发食品厂');
    await pastVisits(c.id, ent, 3);
    // A visit whose start failed more than the hold ago no longer keeps a place (RESERVATION_HOLD_SECONDS).
    await sys.prisma.$executeRaw`INSERT INTO "VisitReservation" ("id", "enterpriseId", "scheduledFor", "createdAt")
      VALUES (${`stale-${ent}`}, ${ent}, ${shanghaiDate(new Date())}::date, (now() AT TIME ZONE 'UTC') - interval '2 hours')`;
    const replies = await Promise.all(Array.from({ length: 5 }, () => c.handler.post('/api/inspections', { enterpriseId: ent, officerIds: c.officers })));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422]);
    for (const r of replies.filter((x) => x.status === 422)) {
      expect(r.body.message).toMatch(/企业“测试并发食品厂”近12个月已被检查4次/);
      expect(r.body.details).toMatchObject({ field: 'overLimitReason', enterpriseId: ent, count: 4, limit: 4 });
    }
    const passed = replies.find((r) => r.status === 201)!.body;
    expect(passed.visits).toMatchObject({ count: 3, limit: 4 });
    expect(await sys.prisma.inspection.count({ where: { enterpriseId: ent } })).toBe(4);
    // The place the passing visit held is its row now; the stale one is gone.
    expect(await sys.prisma.visitReservation.count({ where: { enterpriseId: ent } })).toBe(0);
  });

  it('a random draw never picks an enterprise at the limit; the draw records it as left out, and the public reproduction matches', async () => {
    const c = await county('draw');
    const full = await c.enterprise('测试满额食品厂');
    const free = await c.enterprise('测试未满食品厂');
    await pastVisits(c.id, full, 4);
    const draw = await c.head.post('/api/draws', { count: 2 }, { 'idempotency-key': randomUUID() });
    expect(draw.status).toBe(201);
    expect(draw.body.checks.map((x: { enterpriseId: string }) => x.enterpriseId)).toEqual([free]);
    const stored = await sys.prisma.inspectionDraw.findUniqueOrThrow({ where: { id: draw.body.drawId } });
    const inputs = stored.inputs as { pool: { id: string }[]; excluded: unknown[] };
    expect(inputs.pool.map((e) => e.id)).toEqual([free]);
    expect(inputs.excluded).toEqual([{ id: full, reason: 'VISIT_LIMIT', count: 4, limit: 4, windowMonths: 12 }]);
    const verified = await fetch(`${sys.baseUrl}/api/public/draws/${draw.body.drawId}`).then((r) => r.json() as Promise<{ matches: boolean; poolSize: number }>);
    expect(verified).toMatchObject({ matches: true, poolSize: 1 });
  });

  it('a sanctioned enterprise gets the higher frequency in the next plan; a plan item over the limit needs a reason', async () => {
    const c = await county('plan');
    const [bad, ok] = [await c.enterprise('测试失信化工厂'), await c.enterprise('测试普通食品厂')];
    expect((await c.head.post(`/api/enterprises/${bad}/credit`, { kind: 'BLACKLIST', reason: '发生较大事故，列入严重失信主体名单' })).status).toBe(201);
    const year = Number(shanghaiDate(new Date()).slice(0, 4)) + 1;
    const over = await c.handler.post('/api/plans', { year, randomChecks: 0, keyEnterprises: [{ enterpriseId: ok, perYear: 5 }] });
    expect(over.status).toBe(422);
    expect(over.body.message).toMatch(/企业“测试普通食品厂”.*合计5次，超过每12个月4次的检查频次上限/);
    expect(await sys.prisma.inspectionPlan.count({ where: { orgId: c.id } })).toBe(0);

    const plan = await c.handler.post('/api/plans', { year, randomChecks: 0, keyEnterprises: [{ enterpriseId: ok, perYear: 5, overLimitReason: '该厂涉氨制冷改造期间须按季度加一次检查' }] });
    expect(plan.status).toBe(201);
    const view = await c.handler.get(`/api/plans/${plan.body.id}`);
    expect(view.body.keyEnterprises).toEqual(expect.arrayContaining([
      expect.objectContaining({ enterpriseId: bad, perYear: 6, sanctioned: true }),
      expect.objectContaining({ enterpriseId: ok, perYear: 5, overLimitReason: '该厂涉氨制冷改造期间须按季度加一次检查' }),
    ]));
    const approval = await openTask(`plan-${c.id}-${year}`, 'PLAN_APPROVAL');
    expect((await c.head.post(`/api/plans/${plan.body.id}/approval`, { outcome: 'APPROVE' })).status).toBe(200);
    expect(approval.id).toBeTruthy();
    const published = await eventually(async () => { const p = await sys.prisma.inspectionPlan.findUnique({ where: { id: plan.body.id } }); return p?.status === 'PUBLISHED' && p; }, 60_000);
    const schedule = (published.data as { schedule: { enterpriseId: string }[] }).schedule;
    expect(schedule.filter((s) => s.enterpriseId === bad)).toHaveLength(6);
    expect(schedule.filter((s) => s.enterpriseId === ok)).toHaveLength(5);
  });
});
