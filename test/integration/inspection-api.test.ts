import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawInputs } from '../../store/inspection-draws.ts';
import { drawChecks, type DrawInputs } from '../../rules/random-draw.ts';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';
import { freshUscc } from '../support/cases.ts';
import { createCounty } from '../support/own-county.ts';

// 监督检查 through the HTTP API only (API → Temporal dev server → worker → PostgreSQL): the plan,
// its publication (the draw's commitment only, until its checks begin) and the draw's reproduction, an ad-hoc 双随机 check recorded with a hazard,
// rectification, 复查 and the penalty case with the evidence; bad input and other orgs refused.
let sys: System;
let handler: Api, handler2: Api, supervisor: Api, head: Api, city: Api, otherCounty: Api, dept: Api;
beforeAll(async () => {
  sys = await startSystem();
  [handler, handler2, supervisor, head, city, otherCounty, dept] = await Promise.all([
    apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.handler2'), apiAs(sys.baseUrl, 'hongta.supervisor'), apiAs(sys.baseUrl, 'hongta.head'),
    apiAs(sys.baseUrl, 'city.supervisor'), apiAs(sys.baseUrl, 'jiangchuan.handler1'), apiAs(sys.baseUrl, 'samr.receiver'),
  ]);
});
afterAll(async () => sys?.stop());

const PHOTO = 'e'.repeat(64);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const officers = ['u-hongta-handler1', 'u-hongta-handler2'];

describe('inspection API (监督检查)', () => {
  it('drafts a plan, refuses bad input with nothing written, the head approves, the public sees the plan and the draw\'s commitment but not who was drawn', async () => {
    const year = Number(shanghaiDate(new Date()).slice(0, 4)) + 1;
    const plans = () => sys.prisma.inspectionPlan.count({ where: { orgId: 'yx-hongta' } });
    const before = await plans();
    expect((await handler.post('/api/plans', { year: 1999, randomChecks: 2 })).status).toBe(400);
    expect((await handler.post('/api/plans', { year: year + 5, randomChecks: 2 })).body.message).toMatch(/计划年度/);
    expect((await handler.post('/api/plans', { year, randomChecks: 2, keyEnterprises: [{ enterpriseId: 'ent-jiangchuan-lpg', perYear: 2 }] })).body.message).toMatch(/不归本机关监管/);
    expect((await handler.post('/api/plans', { year, randomChecks: 2, keyEnterprises: [{ enterpriseId: 'no-such', perYear: 2 }] })).status).toBe(422);
    expect((await handler.post('/api/plans', { year, randomChecks: 2, keyEnterprises: [{ enterpriseId: 'ent-hongta-chem', perYear: 13 }] })).status).toBe(400);
    expect((await dept.post('/api/plans', { year, randomChecks: 2 })).status).toBe(403);
    expect(await plans()).toBe(before);

    const body = { year, randomChecks: 3, keyEnterprises: [{ enterpriseId: 'ent-hongta-chem', perYear: 4 }, { enterpriseId: 'ent-hongta-hazstore', perYear: 2 }], focusIndustries: ['危险化学品'], withExpert: true };
    const key = randomUUID();
    const created = await handler.post('/api/plans', body, { 'idempotency-key': key });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await handler.post('/api/plans', body, { 'idempotency-key': key })).body.id).toBe(id);
    await eventually(async () => (await handler.get(`/api/plans/${id}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'PLAN_APPROVAL' && t.status === 'OPEN'));
    expect((await handler.post('/api/plans', body, { 'idempotency-key': randomUUID() })).status).toBe(409);
    expect((await otherCounty.get(`/api/plans/${id}`)).status).toBe(404);
    expect((await city.get('/api/plans')).body.items.some((p: { id: string }) => p.id === id)).toBe(true);
    expect((await fetch(`${sys.baseUrl}/api/public/plans/${id}`)).status).toBe(404);
    expect((await supervisor.post(`/api/plans/${id}/approval`, { outcome: 'APPROVE' })).status).toBe(403);
    expect((await head.post(`/api/plans/${id}/approval`, { outcome: 'REJECT' })).status).toBe(400);
    expect((await head.post(`/api/plans/${id}/approval`, { outcome: 'APPROVE', comment: '同意公布' })).status).toBe(200);

    const plan = await eventually(async () => { const r = await handler.get(`/api/plans/${id}`); return r.body?.status === 'PUBLISHED' && r.body; }, 30_000);
    // Enterprises sanctioned by earlier cases in the shared database join the plan at the policy's
    // frequency (plan-visits.ts), so the count is what the plan lists, the two named at least as asked.
    const perYear = (eid: string) => plan.keyEnterprises.find((k: { enterpriseId: string }) => k.enterpriseId === eid)?.perYear;
    expect(perYear('ent-hongta-chem')).toBeGreaterThanOrEqual(4);
    expect(perYear('ent-hongta-hazstore')).toBeGreaterThanOrEqual(2);
    const expected = plan.keyEnterprises.reduce((n: number, k: { perYear: number }) => n + k.perYear, 0) + 3;
    expect(plan.schedule).toHaveLength(expected);
    expect(plan.progress.scheduled).toBe(expected);
    // 双随机 without a tip-off: next year's checks have not begun, so the public sees the counts and
    // the commitment, the key enterprises the head approved, and no drawn enterprise, date, officer or seed.
    const randomIds: string[] = plan.schedule.filter((c: { kind: string }) => c.kind === 'RANDOM').map((c: { enterpriseId: string }) => c.enterpriseId);
    expect(randomIds).toHaveLength(3);
    const pubRes = await fetch(`${sys.baseUrl}/api/public/plans/${id}`);
    const pubText = await pubRes.text();
    const pub = JSON.parse(pubText);
    expect(pub.checkCounts).toEqual({ KEY: expected - 3, RANDOM: 3 });
    expect(pub.pendingCounts).toEqual({ KEY: expected - 3, RANDOM: 3 });
    expect(pub.schedule).toEqual([]);
    expect(pub.keyEnterprises.map((k: { enterpriseId: string }) => k.enterpriseId)).toEqual(expect.arrayContaining(['ent-hongta-chem', 'ent-hongta-hazstore']));
    expect(pub.draw).toMatchObject({ id: plan.draw.id, revealed: false, seed: null, commitment: { seedSha256: sha256(plan.draw.seed) } });
    expect(pub.draw.commitment.inputsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(pub.draw.commitment.recordedAt).toBeTruthy();
    for (const hidden of [...randomIds, plan.draw.seed, 'officerIds', 'createdById', ...plan.schedule.map((c: { date: string }) => c.date)]) expect(pubText).not.toContain(hidden);

    const drawText = await (await fetch(`${sys.baseUrl}/api/public/draws/${plan.draw.id}`)).text();
    const draw = JSON.parse(drawText);
    expect(draw).toMatchObject({ revealed: false, commitment: pub.draw.commitment, checkCounts: { RANDOM: 3 }, pendingCounts: { RANDOM: 3 } });
    for (const field of ['seed', 'checks', 'matches', 'reproduced', 'unstaffed', 'commitmentMatches']) expect(draw).not.toHaveProperty(field);
    for (const hidden of [...randomIds, plan.draw.seed, 'u-hongta-']) expect(drawText).not.toContain(hidden);

    const names = (await sys.prisma.enterprise.findMany({ where: { id: { in: randomIds } }, select: { name: true } })).map((e) => e.name);
    const keyNames: string[] = pub.keyEnterprises.map((k: { name: string }) => k.name);
    const page = await fetch(`${sys.baseUrl}/public/plans/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('年度执法检查计划');
    expect(html).toContain(`抽取结果于检查实施后公开；本次抽取的种子承诺值（SHA-256）：<code class="seed-commitment">${pub.draw.commitment.seedSha256}</code>`);
    for (const name of names.filter((n) => !keyNames.some((k) => k.includes(n)))) expect(html).not.toContain(name);
    const drawPage = await (await fetch(`${sys.baseUrl}/public/draws/${plan.draw.id}`)).text();
    expect(drawPage).toContain(pub.draw.commitment.seedSha256);
    expect(drawPage).not.toContain(plan.draw.seed);

    // Days pass (the read model's dates moved back; the plan's workflow keeps its own): a check whose
    // day is over is public, the seed still waits for the last one; then everything is, and reproduces.
    const row = await sys.prisma.inspectionPlan.findUniqueOrThrow({ where: { id } });
    const stored = (row.data as { schedule: { ref: string; kind: string; date: string; enterpriseId: string }[] }).schedule;
    const setDates = (date: (c: { ref: string; kind: string }) => string | undefined) => sys.prisma.inspectionPlan.update({ where: { id },
      data: { data: { ...(row.data as object), schedule: stored.map((c) => ({ ...c, date: date(c) ?? c.date })) } } });
    const yesterday = addDays(shanghaiDate(new Date()), -1);
    const first = stored.find((c) => c.kind === 'RANDOM')!;
    try {
      await setDates((c) => (c.ref === first.ref ? yesterday : undefined));
      const one = await (await fetch(`${sys.baseUrl}/api/public/plans/${id}`)).json();
      expect(one.schedule).toEqual([expect.objectContaining({ ref: first.ref, date: yesterday, kind: 'RANDOM', enterpriseId: first.enterpriseId })]);
      expect(one.pendingCounts).toEqual({ KEY: expected - 3, RANDOM: 2 });
      expect(one.draw).toMatchObject({ revealed: false, seed: null });
      expect((await (await fetch(`${sys.baseUrl}/api/public/draws/${plan.draw.id}`)).json())).not.toHaveProperty('seed');

      await setDates(() => yesterday);
      const all = await (await fetch(`${sys.baseUrl}/api/public/plans/${id}`)).json();
      expect(all.schedule).toHaveLength(expected);
      expect(all.draw).toMatchObject({ revealed: true, seed: plan.draw.seed });
      const revealed = await (await fetch(`${sys.baseUrl}/api/public/draws/${plan.draw.id}`)).json();
      expect(revealed).toMatchObject({ revealed: true, seed: plan.draw.seed, matches: true, commitmentMatches: true, inputsMatch: true, pendingCounts: { KEY: 0, RANDOM: 0 } });
      expect(revealed.checks.filter((c: { kind: string }) => c.kind === 'RANDOM').map((c: { enterpriseId: string }) => c.enterpriseId).sort()).toEqual([...randomIds].sort());
      expect(revealed.checks.every((c: { expertId: string | null }) => c.expertId)).toBe(true);
    } finally {
      await sys.prisma.inspectionPlan.update({ where: { id }, data: { data: row.data as never } });
    }
  });

  it('an ad-hoc draw starts a check; the record with a hazard orders rectification; not corrected → a penalty case with the evidence and a bad record', async () => {
    expect((await handler.post('/api/draws', { count: 1 })).status).toBe(403);
    expect((await supervisor.post('/api/draws', { count: 0 })).status).toBe(400);
    const key = randomUUID();
    const drawn = await supervisor.post('/api/draws', { count: 1 }, { 'idempotency-key': key });
    expect(drawn.status).toBe(201);
    expect(drawn.body.checks[0].officerIds).toHaveLength(2);
    expect((await supervisor.post('/api/draws', { count: 1 }, { 'idempotency-key': key })).body.drawId).toBe(drawn.body.drawId);
    const id = drawn.body.inspections[0] as string;
    // The ad-hoc draw's inspection begins at once: once it exists, the draw and its seed are public,
    // the seed hashes to the commitment recorded at draw time, and the draw reproduces.
    const pub = await eventually(async () => { const r = await (await fetch(`${sys.baseUrl}/api/public/draws/${drawn.body.drawId}`)).json(); return r.revealed && r; });
    expect(pub).toMatchObject({ seed: drawn.body.seed, matches: true, commitmentMatches: true, inputsMatch: true, checkCounts: { KEY: 0, RANDOM: 1 }, pendingCounts: { KEY: 0, RANDOM: 0 } });
    expect(sha256(pub.seed)).toBe(pub.commitment.seedSha256);
    expect(pub.checks.map((c: { enterpriseId: string }) => c.enterpriseId)).toEqual(drawn.body.checks.map((c: { enterpriseId: string }) => c.enterpriseId));
    const revealedPage = await (await fetch(`${sys.baseUrl}/public/draws/${drawn.body.drawId}`)).text();
    expect(revealedPage).toContain('种子的 SHA-256 与抽取时公布的承诺值一致');
    expect(revealedPage).toContain(pub.checks[0].enterpriseName);

    // Tampering: a seed swapped afterwards, with a result redrawn to fit, still "reproduces" — the
    // commitment recorded in the draw's audit event is what catches it.
    const row = await sys.prisma.inspectionDraw.findUniqueOrThrow({ where: { id: drawn.body.drawId } });
    const forged = { ...(row.inputs as unknown as DrawInputs), seed: 'f'.repeat(32) };
    await sys.prisma.inspectionDraw.update({ where: { id: row.id }, data: { seed: forged.seed, inputs: forged as never, result: drawChecks(forged) as never } });
    try {
      const t = await (await fetch(`${sys.baseUrl}/api/public/draws/${row.id}`)).json();
      expect(t).toMatchObject({ seed: forged.seed, matches: true, commitmentMatches: false, inputsMatch: false, commitment: pub.commitment });
      expect(await (await fetch(`${sys.baseUrl}/public/draws/${row.id}`)).text()).toContain('种子的 SHA-256 与抽取时公布的承诺值不一致');
    } finally {
      await sys.prisma.inspectionDraw.update({ where: { id: row.id }, data: { seed: row.seed, inputs: row.inputs as never, result: row.result as never } });
    }

    const i = await eventually(async () => { const r = await handler.get(`/api/inspections/${id}`); return r.body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'INSPECTION_RECORD' && t.status === 'OPEN') && r.body; });
    expect(i.noticeNumber).toMatch(/^红塔应急检通〔\d{4}〕\d+号$/);
    expect(i.checklist.length).toBeGreaterThan(5);
    expect((await otherCounty.get(`/api/inspections/${id}`)).status).toBe(404);
    expect((await city.get(`/api/inspections/${id}`)).status).toBe(200);

    const rectifyBy = addDays(shanghaiDate(new Date()), 15);
    const record = {
      officerIds: officers, startedAt: new Date().toISOString(), place: '生产区', staffPresent: [{ name: '王志远', position: '主要负责人' }],
      checklist: [{ itemId: i.checklist[0].id, ok: false, note: '未见责任制文件' }], findings: '检查了生产区及台账。',
      hazards: [{ description: '配电柜前堆放杂物，未设置绝缘垫', location: '配电室', photos: [{ fileName: '配电室.jpg', sha256: PHOTO }] }],
      rectifyBy,
    };
    const hazards = () => sys.prisma.hazard.count({ where: { inspectionId: id } });
    expect((await handler.post(`/api/inspections/${id}/record`, { ...record, officerIds: [officers[0]] })).status).toBe(400);
    expect((await handler.post(`/api/inspections/${id}/record`, { ...record, officerIds: [officers[0], 'u-hongta-expired'] })).body.message).toMatch(/行政执法证/);
    expect((await handler.post(`/api/inspections/${id}/record`, { ...record, rectifyBy: undefined })).body.message).toMatch(/整改期限/);
    expect((await handler.post(`/api/inspections/${id}/record`, { ...record, checklist: [{ itemId: 'no-such', ok: true }] })).status).toBe(422);
    expect((await handler.post(`/api/inspections/${id}/record`, { ...record, hazards: [{ ...record.hazards[0], photos: [{ sha256: 'xyz' }] }] })).status).toBe(400);
    expect((await otherCounty.post(`/api/inspections/${id}/record`, record)).status).toBe(404);
    expect(await hazards()).toBe(0);
    expect((await handler.post(`/api/inspections/${id}/record`, record)).status).toBe(200);
    expect((await handler2.post(`/api/inspections/${id}/record`, record)).status).toBe(409);

    const rect = await eventually(async () => { const r = await handler.get(`/api/inspections/${id}`); return r.body?.status === 'RECTIFYING' && r.body; });
    expect(rect.hazards[0].photoSha256).toEqual([PHOTO]);
    expect(rect.documents.map((d: { kind: string }) => d.kind)).toEqual(expect.arrayContaining(['INSPECTION_NOTICE', 'INSPECTION_RECORD', 'RECTIFICATION_ORDER']));
    // Fifteen days out, the 10-working-day window before expiry has not opened yet.
    const early = await handler.post(`/api/inspections/${id}/extension-request`, { reason: '设备采购周期长' });
    expect(early.status).toBe(422);
    expect(early.body.message).toMatch(/10个工作日内/);

    expect((await handler.post(`/api/inspections/${id}/reinspection-request`, {})).status).toBe(200);
    expect((await handler.post(`/api/inspections/${id}/reinspection-request`, {})).status).toBe(422);
    await eventually(async () => (await handler.get(`/api/inspections/${id}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'REINSPECTION' && t.status === 'OPEN'));
    expect((await handler.post(`/api/inspections/${id}/reinspection`, { outcome: 'NOT_CORRECTED', officerIds: officers, findings: '未整改', catalogItemId: 'NOPE' })).status).toBe(422);
    expect((await handler.post(`/api/inspections/${id}/reinspection`, { outcome: 'NOT_CORRECTED', officerIds: officers, findings: '配电柜前仍堆放杂物。', catalogItemId: 'AQ-099-1' })).status).toBe(200);

    const closed = await eventually(async () => { const r = await handler.get(`/api/inspections/${id}`); return r.body?.status === 'CLOSED' && r.body; }, 30_000);
    expect(closed.result).toBe('CASE_OPENED');
    const page = await (await fetch(`${sys.baseUrl}/inspections/${id}`, { headers: { accept: 'text/html', authorization: `Bearer ${handler.token}` } })).text();
    expect(page).toContain('<td>逾期未整改</td>');
    expect(page).not.toContain('[object Object]');
    const c = await eventually(async () => { const r = await handler.get(`/api/cases/${closed.caseId}`); return r.status === 200 && r.body; });
    expect(c.case.source).toBe('INSPECTION');
    expect(c.evidence.map((e: { sha256: string }) => e.sha256)).toContain(PHOTO);
    const credit = await handler.get(`/api/enterprises/${closed.enterpriseId}/credit`);
    expect(credit.body.records.some((r: { kind: string; sourceRef: string }) => r.kind === 'BAD' && r.sourceRef === id)).toBe(true);
    expect((await otherCounty.get(`/api/enterprises/${closed.enterpriseId}/credit`)).status).toBe(404);
  });

  it('blacklist and conflicts of interest are recorded by the bureau\'s leaders only, for its own people and enterprises', async () => {
    expect((await handler.post('/api/enterprises/ent-hongta-print/credit', { kind: 'BLACKLIST', reason: '拒不整改' })).status).toBe(403);
    expect((await supervisor.post('/api/enterprises/ent-hongta-print/credit', { kind: 'PURPLE', reason: '拒不整改' })).status).toBe(400);
    expect((await supervisor.post('/api/enterprises/ent-jiangchuan-lpg/credit', { kind: 'BLACKLIST', reason: '拒不整改' })).status).toBe(404);
    const ok = await supervisor.post('/api/enterprises/ent-hongta-print/credit', { kind: 'BLACKLIST', reason: '一年内两次逾期未整改' }, { 'idempotency-key': randomUUID() });
    expect(ok.status).toBe(201);
    expect(new Date(ok.body.validUntil).getTime()).toBeGreaterThan(Date.now() + 2 * 365 * 86_400_000);
    expect((await handler.get('/api/enterprises/ent-hongta-print/credit')).body.blacklisted).toBe(true);
    expect((await supervisor.post('/api/conflicts', { officerId: 'u-jiangchuan-handler1', enterpriseId: 'ent-hongta-print', reason: '亲属关系' })).status).toBe(422);
    expect((await supervisor.post('/api/conflicts', { officerId: 'u-hongta-handler3', enterpriseId: 'ent-hongta-print', reason: '亲属在该企业任职' })).status).toBe(201);
    expect((await supervisor.get('/api/conflicts')).body.items.some((c: { officerId: string }) => c.officerId === 'u-hongta-handler3')).toBe(true);
    await sys.prisma.conflictOfInterest.deleteMany({ where: { officerId: 'u-hongta-handler3', enterpriseId: 'ent-hongta-print' } });
    await sys.prisma.creditRecord.deleteMany({ where: { enterpriseId: 'ent-hongta-print', kind: 'BLACKLIST' } });
  });

  it('a published penalty weighs a draw for the bad-record period (CREDIT_BAD_RECORD), then no longer', async () => {
    // A county and enterprises of its own: the other tests give Hongta's enterprises bad records at random.
    const tag = randomUUID().slice(0, 8);
    const org = `credit-${tag}`;
    await createCounty(sys.prisma, { id: org, name: `测试县应急管理局${tag}`, shortName: `测试${tag}` });
    const [recent, older] = [`${org}-recent`, `${org}-older`];
    await sys.prisma.enterprise.createMany({ data: [recent, older].map((id) => ({
      id, uscc: freshUscc(), name: id, industry: '危险化学品生产', orgId: org, address: '玉溪市测试路1号', legalRep: '李某', riskLevel: 'HIGH',
    })) });
    const months = (n: number) => { const d = new Date(); d.setUTCMonth(d.getUTCMonth() - n); return d; };
    const decided = async (enterpriseId: string, decidedAt: Date) => {
      const id = `case-credit-${enterpriseId}`;
      await sys.prisma.case.create({ data: { id, orgId: org, procedure: 'GENERAL', stage: 'CLOSED', status: 'CLOSED', partyKind: 'ORG',
        partyName: enterpriseId, partyIdNumber: '-', enterpriseId, catalogItemId: 'x', source: 'INSPECTION', facts: '-', occurredAt: decidedAt, registeredById: 'u-hongta-handler1' } });
      await sys.prisma.disclosure.create({ data: { id, caseId: id, orgId: org, decisionNumber: id, partyName: enterpriseId, catalogItemId: 'x',
        facts: '-', penalty: '罚款', basis: '-', decidedAt } });
      return id;
    };
    const ids = [await decided(recent, months(11)), await decided(older, months(13))];
    const penalised = async (overrides = {}) => {
      const inputs = await drawInputs(sys.prisma, { orgId: org, fixedIds: [], randomCount: 1, withExpert: false, seed: 's' }, overrides);
      return new Set(inputs.pool.filter((e) => e.penalised).map((e) => e.id));
    };
    const byDefault = await penalised();
    expect(byDefault.has(recent)).toBe(true);
    expect(byDefault.has(older)).toBe(false);
    expect((await penalised({ CREDIT_BAD_RECORD: { amount: 24, unit: 'MONTH' as const } })).has(older)).toBe(true);
    await sys.prisma.disclosure.deleteMany({ where: { id: { in: ids } } });
    await sys.prisma.case.deleteMany({ where: { id: { in: ids } } });
    await sys.prisma.enterprise.deleteMany({ where: { orgId: org } });
    await sys.prisma.org.delete({ where: { id: org } });
  });
});
