import { randomUUID } from 'node:crypto';
import Handlebars from 'handlebars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { reviewPeriodOf } from '../../rules/case-review.ts';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { caseReviewWorkflowId } from '../../workflows/case-review-messages.ts';
import type { CaseInput } from '../../workflows/case-input.ts';
import { delegationWorkflowId } from '../../workflows/delegation-messages.ts';
import { inspectionWorkflowId } from '../../workflows/inspection-messages.ts';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { freshUscc, signedReceipt } from '../support/cases.ts';
import { createCounty, createStaff } from '../support/own-county.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// Hostile text on the pages xss-pages.test.ts does not reach: escalations, the sampling review
// (抽查 / 评议考核), delegation to a township and inspections, with the documents they issue.
// Markup must arrive as text, never as markup; SQL is stored verbatim. Everything happens in a
// county of this file's own (its staff, one township, one enterprise), so files running in
// parallel neither see these rows nor change what this file counts; no review cycle is started.
const SCRIPT = '<script>alert("xss")</script>';
const IMG = '<img src=x onerror=alert(1)>';
const SVG = '"><svg onload=alert(2)>';
const SQL = `'); DROP TABLE "Case"; --`;
const RAW = [SCRIPT, IMG, SVG, '<svg onload', 'onerror=alert', '<script>'];
const tag = randomUUID().slice(0, 8);
const esc = (s: string) => Handlebars.escapeExpression(s);

const COUNTY = `xss-${tag}`;
const TOWNSHIP = `${COUNTY}-town`;
const ENTERPRISE = `ent-${COUNTY}`;
const ENTERPRISE_NAME = `${SCRIPT}化工有限公司-${tag}`;
const uid = (k: string) => `u-${COUNTY}-${k}`;
// Display names come from outside (HR records): a hostile one must be shown as text too.
const NAMES: Record<string, string> = { handler1: `${IMG}张执法${tag}`, officer1: `${SVG}蒋乡镇${tag}` };
const STAFF: [string, string, string[]][] = [
  ['head', COUNTY, ['HEAD']], ['legal', COUNTY, ['LEGAL_REVIEWER']], ['supervisor', COUNTY, ['SUPERVISOR']],
  ['handler1', COUNTY, ['HANDLER']], ['handler2', COUNTY, ['HANDLER']],
  ['officer1', TOWNSHIP, ['TOWNSHIP_OFFICER']], ['officer2', TOWNSHIP, ['TOWNSHIP_OFFICER']],
];

async function seedCounty(prisma: PrismaClient) {
  await createCounty(prisma, {
    id: COUNTY, name: `测试县应急管理局XSS${tag}`, shortName: `测${tag}应急`,
    township: { id: TOWNSHIP, name: `测试镇XSS${tag}人民政府`, shortName: `测试镇${tag}` },
  });
  // Everyone but the legal reviewer holds a valid 行政执法证.
  await createStaff(prisma, STAFF.map(([k, orgId, roles]) => ({
    id: uid(k), username: `xss.${tag}.${k}`, displayName: NAMES[k] ?? `测试${k}`, orgId, roles, certified: k !== 'legal',
  })));
  await prisma.enterprise.create({ data: {
    id: ENTERPRISE, uscc: freshUscc(), name: ENTERPRISE_NAME, industry: '危险化学品生产', orgId: COUNTY, address: '玉溪市测试路1号', legalRep: '李某', riskLevel: 'HIGH',
  } });
}

let sys: System;
const as: Record<string, Api> = {};
let city: Api;
const started: string[] = [];
beforeAll(async () => {
  sys = await startSystem();
  await seedCounty(sys.prisma);
  await Promise.all(STAFF.map(async ([k]) => { as[k] = await apiAs(sys.baseUrl, `xss.${tag}.${k}`); }));
  city = await apiAs(sys.baseUrl, 'city.supervisor');
}, 60_000);
afterAll(async () => {
  for (const id of started) await sys?.temporal.workflow.getHandle(id).terminate('test done').catch(() => undefined);
  await sys?.stop();
});

/** The page as `api` sees it: 200, HTML, no markup from the hostile text, and each of `shown` escaped. */
async function page(api: Api, path: string, shown: string[] = []): Promise<string> {
  const res = await fetch(sys.baseUrl + path, { headers: { accept: 'text/html', authorization: `Bearer ${api.token}` } });
  const html = await res.text();
  expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  for (const raw of RAW) expect(html.includes(raw), `${path} contains raw ${raw}`).toBe(false);
  for (const s of shown) expect(html, `${path} shows ${s}`).toContain(esc(s));
  return html;
}

const openTask = (where: Record<string, unknown>, timeoutMs = 30_000) =>
  eventually(() => sys.prisma.task.findFirst({ where: { status: 'OPEN', ...where } }), timeoutMs);

describe('hostile text on the remaining pages is shown as text', () => {
  it('escalations: the late step\'s party and facts, and the head\'s comment', { timeout: 120_000 }, async () => {
    // A lead received long ago: its 立案审批 limit has passed when the workflow starts.
    const registeredAt = '2025-09-26T02:00:00.000Z';
    const args: CaseInput = {
      caseId: randomUUID(), orgId: COUNTY, orgLevel: 'COUNTY', parentOrgId: 'yx-city', procedure: 'GENERAL',
      party: { kind: 'ORG', name: `${SCRIPT}逾期公司-${tag}`, idNumber: freshUscc() },
      catalog: { code: 'AQ-099-1', name: '未设置安全警示标志', fineMinFen: 0, fineMaxFen: 5_000_000, penaltyTypes: ['WARNING', 'FINE'] },
      source: 'INSPECTION', facts: `${IMG}未设置安全警示标志 ${SQL}`, occurredAt: registeredAt, harmToLife: false,
      registeredBy: uid('handler1'), registeredAt,
    };
    await sys.temporal.workflow.start('caseWorkflow', { args: [args], workflowId: caseWorkflowId(args.caseId), taskQueue: sys.taskQueue });
    started.push(caseWorkflowId(args.caseId));
    const task = await openTask({ caseId: args.caseId, kind: 'ESCALATION' });
    await page(as.head, `/tasks/${task.id}`, [args.party.name, args.facts]);
    await page(as.head, '/escalations', [args.party.name]);

    const comment = `${SVG}请本周内作出立案决定-${tag} ${SQL}`;
    expect((await as.head.post(`/api/tasks/${task.id}/complete`, { outcome: 'COMMENT', data: { comment } })).status).toBe(200);
    const stored = await eventually(() => sys.prisma.escalation.findFirst({ where: { id: task.id, outcome: 'COMMENTED' } }));
    expect(stored.comment).toBe(comment);
    expect((await sys.prisma.case.findUniqueOrThrow({ where: { id: args.caseId } })).facts).toBe(args.facts);
    await page(as.head, '/escalations?state=ALL', [args.party.name, comment]);
    await page(as.head, `/cases/${args.caseId}`, [args.party.name, args.facts]);
  });

  it('case reviews (抽查 / 评议考核): the reviewers\' comments, the correction, the list and the report', { timeout: 120_000 }, async () => {
    // One recorded draw of one closed case, as drawCaseReviews leaves it, in the current period:
    // a city cycle running elsewhere draws only periods that have ended.
    const now = new Date();
    const period = reviewPeriodOf(now.getTime(), 3);
    const caseId = randomUUID();
    const partyName = `${IMG}抽查机械有限公司-${tag}`;
    await sys.prisma.case.create({ data: {
      id: caseId, orgId: COUNTY, number: `测${tag}应急立〔2026〕${caseId.slice(0, 6)}号`, procedure: 'GENERAL', stage: 'CLOSED', status: 'CLOSED', partyKind: 'ORG',
      partyName, partyIdNumber: freshUscc(), catalogItemId: 'AQ-099-1', source: 'INSPECTION', facts: `${SVG}未设置安全警示标志。`, occurredAt: now,
      registeredById: uid('handler1'), closedAt: now,
    } });
    const drawId = randomUUID();
    const reviewId = randomUUID();
    await sys.prisma.caseReviewDraw.create({ data: {
      id: drawId, cityOrgId: 'yx-city', countyOrgId: COUNTY, period: period.key, periodFrom: new Date(period.from), periodTo: new Date(period.to),
      seed: `${period.key}/${COUNTY}/xss`, population: [caseId], sampleSize: 1, chosen: [caseId], policy: {}, workflowId: 'xss-test', drawnAt: now,
    } });
    await sys.prisma.caseReview.create({ data: {
      id: reviewId, drawId, caseId, orgId: COUNTY, cityOrgId: 'yx-city', period: period.key, officerIds: [uid('handler1')], status: 'AWAITING_REVIEW',
      failedItems: [], data: { actions: [], events: [] },
    } });
    await sys.temporal.workflow.start('caseReviewWorkflow', {
      args: [{ reviewId, drawId, caseId, caseNumber: null, orgId: COUNTY, cityOrgId: 'yx-city', period: period.key, officerIds: [uid('handler1')], drawnAt: now.toISOString() }],
      workflowId: caseReviewWorkflowId(reviewId), taskQueue: sys.taskQueue,
    });
    started.push(caseReviewWorkflowId(reviewId));

    await openTask({ workflowId: caseReviewWorkflowId(reviewId), kind: 'CASE_REVIEW' });
    const evidence = `${SCRIPT}现场检查记录无当事人签字-${tag}`;
    const documents = `${SVG}送达回证缺失 ${SQL}`;
    const pass = { pass: true };
    const scores = { procedure: pass, evidence: { pass: false, comment: evidence }, legalBasis: pass, discretion: pass,
      documents: { pass: false, comment: documents }, deadlines: pass, comment: `${IMG}总体意见-${tag}` };
    const scored = await city.post(`/api/case-reviews/${reviewId}/review`, scores);
    expect(scored.status, JSON.stringify(scored.body)).toBe(200);
    const correction = await openTask({ workflowId: caseReviewWorkflowId(reviewId), kind: 'CASE_REVIEW_CORRECTION' });
    const stored = await sys.prisma.caseReview.findUniqueOrThrow({ where: { id: reviewId } });
    expect((stored.scores as Record<string, { comment?: string }>).documents.comment).toBe(documents);
    // While the correction is open, its form repeats each problem.
    await page(as.head, `/case-reviews/${reviewId}`, [partyName, evidence, documents]);
    await page(as.head, `/tasks/${correction.id}`, [partyName]);

    const actions = [{ item: 'evidence', action: `${IMG}已由当事人补签-${tag}` }, { item: 'documents', action: `已补送达回证 ${SQL}` }];
    expect((await as.head.post(`/api/case-reviews/${reviewId}/correction`, { items: actions })).status).toBe(200);
    const corrected = await eventually(async () => {
      const r = await sys.prisma.caseReview.findUniqueOrThrow({ where: { id: reviewId } });
      return r.status === 'CORRECTED' && r;
    }, 30_000);
    expect((corrected.corrections as { items: { action: string }[] }).items.map((i) => i.action)).toEqual(actions.map((a) => a.action));
    await page(as.head, `/case-reviews/${reviewId}`, [partyName, evidence, documents, ...actions.map((a) => a.action)]);
    await page(city, `/case-reviews/${reviewId}`, [partyName, evidence]);
    await page(as.head, `/case-reviews?period=${period.key}`, [partyName]);
    await page(as.head, `/case-reviews/report?period=${period.key}`, [NAMES.handler1]);
    await page(city, `/case-reviews/report?period=${period.key}`);
  });

  it('delegation (委托乡镇执法): the 委托书, the township queue, a matter, its 当场处罚, a return, a recall and the revocation', { timeout: 180_000 }, async () => {
    const today = shanghaiDate(new Date());
    const draft = { townshipOrgId: TOWNSHIP, itemCodes: ['AQ-099-1', 'AQ-097-4'], officerIds: [uid('officer1'), uid('officer2')], startDate: today, endDate: addDays(today, 60) };
    const created = await as.head.post('/api/delegations', draft);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const wf = delegationWorkflowId(id);
    started.push(wf);
    await openTask({ workflowId: wf, kind: 'DELEGATION_LEGAL_REVIEW' });
    expect((await as.legal.post(`/api/delegations/${id}/review`, { outcome: 'APPROVE', comment: `${SVG}符合委托条件-${tag}` })).status).toBe(200);
    await openTask({ workflowId: wf, kind: 'DELEGATION_SIGNATURE' });
    expect((await as.head.post(`/api/delegations/${id}/sign`, { outcome: 'SIGN', comment: `${IMG}同意签发-${tag}` })).status).toBe(200);
    const inForce = await eventually(async () => { const r = await as.head.get(`/api/delegations/${id}`); return r.body?.status === 'IN_FORCE' && r.body; }, 30_000);
    expect(inForce.letters).toHaveLength(1);
    await page(as.head, `/documents/${inForce.letters[0].id}`, [NAMES.officer1]);

    const matter = async (partyName: string, location: string, facts: string) => {
      const r = await as.handler1.post('/api/delegated-matters', { townshipOrgId: TOWNSHIP, itemCode: 'AQ-099-1', partyName, location, facts });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const task = await openTask({ workflowId: { startsWith: wf }, kind: 'DELEGATED_MATTER', payload: { path: ['matterId'], equals: r.body.id } });
      return { id: r.body.id as string, task, partyName, location, facts };
    };
    const a = await matter(`${SCRIPT}某商店-${tag}`, `${IMG}测试镇星云路`, `${SVG}群众反映未设置安全警示标志 ${SQL}`);
    expect((await sys.prisma.delegatedMatter.findUniqueOrThrow({ where: { id: a.id } })).facts).toBe(a.facts);
    await page(as.officer1, '/delegations', [a.partyName]);
    await page(as.officer1, `/delegated-matters/${a.id}`, [a.partyName, a.location, a.facts]);
    await page(as.officer1, `/tasks/${a.task.id}`, [a.partyName]);
    await page(as.head, '/delegations', [a.partyName]);

    // 当场处罚 in the county bureau's name: the decision carries the party and the facts.
    const facts = `${IMG}检查发现仓库出口未设置安全警示标志-${tag} ${SQL}`;
    const decided = await as.officer1.post(`/api/delegated-matters/${a.id}/summary`, {
      party: { kind: 'ORG', name: a.partyName, idNumber: freshUscc() }, source: 'INSPECTION', facts, occurredAt: new Date().toISOString(),
      harmToLife: false, officerIds: [uid('officer2')], penalty: { penaltyTypes: ['WARNING'], fineFen: 0 }, receipt: signedReceipt(),
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(201);
    const caseId = decided.body.caseId as string;
    started.push(caseWorkflowId(caseId));
    expect((await sys.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).facts).toBe(facts);
    const doc = await eventually(() => sys.prisma.document.findFirst({ where: { caseId, kind: 'SUMMARY_DECISION' } }), 30_000);
    await page(as.head, `/documents/${doc.id}`, [a.partyName, facts]);
    await page(as.head, `/cases/${caseId}`, [a.partyName, facts]);
    await page(as.head, `/delegated-matters/${a.id}`, [a.partyName, a.facts]);

    // Handed back by the township, and taken back by the county: the reason reaches the county's queue.
    const b = await matter(`${IMG}某五金店-${tag}`, '测试镇', '群众反映未如实记录安全培训情况');
    const returned = `${SCRIPT}案情复杂，报请县局办理-${tag} ${SQL}`;
    expect((await as.officer1.post(`/api/delegated-matters/${b.id}/close`, { outcome: 'RETURN', reason: returned })).status).toBe(200);
    const c = await matter(`${SVG}某超市-${tag}`, '测试镇', '未设置安全警示标志的线索');
    const recalled = `${IMG}收回县局办理-${tag}`;
    expect((await as.supervisor.post(`/api/delegated-matters/${c.id}/recall`, { reason: recalled })).status).toBe(200);
    const countyTask = (m: { id: string }) => openTask({ workflowId: { startsWith: wf }, kind: 'DELEGATED_MATTER_COUNTY', payload: { path: ['matterId'], equals: m.id } });
    await page(as.supervisor, `/tasks/${(await countyTask(b)).id}`, [b.partyName, returned]);
    await page(as.supervisor, `/tasks/${(await countyTask(c)).id}`, [c.partyName, recalled]);

    const revocation = `${SVG}街道执法力量调整-${tag} ${SQL}`;
    expect((await as.head.post(`/api/delegations/${id}/revoke`, { reason: revocation })).status).toBe(200);
    const events = ((await sys.prisma.delegation.findUniqueOrThrow({ where: { id } })).data as { events?: { reason?: string }[] }).events ?? [];
    expect(events.map((e) => e.reason)).toContain(revocation);
    await page(as.head, `/delegations/${id}`, [NAMES.officer1, a.partyName, b.partyName, c.partyName]);
    await page(as.officer1, `/delegations/${id}`, [NAMES.officer1]);
    await page(city, '/delegations');
  });

  it('inspections (监督检查): the record, hazards, the orders and answers, the enterprise page and the case', { timeout: 180_000 }, async () => {
    const drawn = await as.supervisor.post('/api/draws', { count: 1 });
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(201);
    const id = drawn.body.inspections[0] as string;
    const officerIds = drawn.body.checks[0].officerIds as string[];
    const keys = officerIds.map((o) => STAFF.find(([k]) => uid(k) === o)![0]);
    const officer = as[keys[0]];
    const i = await eventually(async () => {
      const r = await officer.get(`/api/inspections/${id}`);
      return r.body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'INSPECTION_RECORD' && t.status === 'OPEN') && r.body;
    }, 30_000);
    expect(i.enterpriseId).toBe(ENTERPRISE);

    const hazard = { description: `${SCRIPT}配电柜前堆放杂物-${tag} ${SQL}`, location: `${IMG}配电室`, photos: [{ fileName: `${SVG}.jpg`, sha256: 'e'.repeat(64) }] };
    const record = {
      officerIds, startedAt: new Date().toISOString(), place: `${IMG}生产区-${tag}`, staffPresent: [{ name: `${SCRIPT}王某`, position: `${SVG}主要负责人` }],
      checklist: [{ itemId: i.checklist[0].id, ok: false, note: `${IMG}未见责任制文件` }], findings: `${SVG}检查了生产区及台账-${tag} ${SQL}`,
      hazards: [hazard], rectifyBy: addDays(shanghaiDate(new Date()), 2),
    };
    const recorded = await officer.post(`/api/inspections/${id}/record`, record);
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    await eventually(async () => (await officer.get(`/api/inspections/${id}`)).body?.status === 'RECTIFYING', 30_000);
    expect((await sys.prisma.hazard.findFirstOrThrow({ where: { inspectionId: id } })).description).toBe(hazard.description);

    // The deadline is two days off: inside the 10 working days in which an extension may be asked.
    const asked = `${IMG}设备采购周期长-${tag} ${SQL}`;
    const request = await as.supervisor.post(`/api/inspections/${id}/extension-request`, { reason: asked });
    expect(request.status, JSON.stringify(request.body)).toBe(200);
    const extension = await openTask({ workflowId: inspectionWorkflowId(id), kind: 'RECTIFICATION_EXTENSION' });
    await page(as.supervisor, `/tasks/${extension.id}`, [asked]);
    const refused = `${SCRIPT}不属于不可抗力-${tag}`;
    expect((await as.head.post(`/api/inspections/${id}/extension-answer`, { outcome: 'REFUSE', reason: refused })).status).toBe(200);

    expect((await as.supervisor.post(`/api/inspections/${id}/reinspection-request`, {})).status).toBe(200);
    await openTask({ workflowId: inspectionWorkflowId(id), kind: 'REINSPECTION' });
    const findings = `${SVG}配电柜前仍堆放杂物-${tag} ${SQL}`;
    expect((await officer.post(`/api/inspections/${id}/reinspection`, { outcome: 'NOT_CORRECTED', officerIds, findings, catalogItemId: 'AQ-099-1' })).status).toBe(200);
    const closed = await eventually(async () => { const r = await officer.get(`/api/inspections/${id}`); return r.body?.status === 'CLOSED' && r.body; }, 60_000);
    expect(closed.result).toBe('CASE_OPENED');
    started.push(caseWorkflowId(closed.caseId));

    const blacklist = `${SVG}一年内两次逾期未整改-${tag}`;
    expect((await as.supervisor.post(`/api/enterprises/${ENTERPRISE}/credit`, { kind: 'BLACKLIST', reason: blacklist })).status).toBe(201);

    await page(as.supervisor, '/inspections', [ENTERPRISE_NAME]);
    await page(as.supervisor, `/inspections/${id}`, [ENTERPRISE_NAME, hazard.description, hazard.location, asked,
      ...keys.map((k) => NAMES[k] ?? `测试${k}`)]);
    await page(as.supervisor, `/enterprises/${ENTERPRISE}`, [ENTERPRISE_NAME, blacklist]);
    await page(as.supervisor, `/cases/${closed.caseId}`, [ENTERPRISE_NAME]);
    const byKind = new Map<string, string>((closed.documents as { kind: string; id: string }[]).map((d) => [d.kind, d.id]));
    const shown: Record<string, string[]> = {
      INSPECTION_NOTICE: [ENTERPRISE_NAME],
      INSPECTION_RECORD: [ENTERPRISE_NAME, record.place, record.findings, record.staffPresent[0].name],
      RECTIFICATION_ORDER: [ENTERPRISE_NAME, hazard.description, hazard.location],
      RECTIFICATION_EXTENSION_ANSWER: [ENTERPRISE_NAME, refused],
      REINSPECTION_OPINION: [ENTERPRISE_NAME, findings],
    };
    for (const [kind, texts] of Object.entries(shown)) {
      expect(byKind.get(kind), kind).toBeTruthy();
      await page(as.supervisor, `/documents/${byKind.get(kind)}`, texts);
    }
  });
});
