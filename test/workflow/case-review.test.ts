import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drawReviewSample, reviewPeriodOf } from '../../rules/case-review.ts';
import {
  caseReviewCycleStateQuery, caseReviewCycleWorkflowId, caseReviewStateQuery, caseReviewWorkflowId, type CaseReviewCycleInput,
} from '../../workflows/case-review-messages.ts';
import type { Actor } from '../../workflows/messages.ts';
import { taskActions } from '../support/case-driver.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkippingWithCalendar, type TimeSkippingWithCalendar } from '../support/workflow-env.ts';

// 抽查 / 评议考核 on the time-skipping server, real activities on the test database: the quarter
// ends, the county's closed cases are drawn with a recorded seed, the city scores them, a
// failed item goes back to the county and its correction is recorded.
let t: TimeSkippingWithCalendar;
beforeEach(async () => { t = await startTimeSkippingWithCalendar(); });
afterEach(async () => t?.stop());

const actor = (userId: string, orgId: string, roles: Actor['roles'], certified = true): Actor => ({ userId, name: userId, orgId, roles, certified });
const citySupervisor = actor('u-city-supervisor', 'yx-city', ['CITY_SUPERVISOR']);
const cityLegal = actor('u-city-legal', 'yx-city', ['LEGAL_REVIEWER'], false);
const pass = { pass: true };
const allPass = { procedure: pass, evidence: pass, legalBasis: pass, discretion: pass, documents: pass, deadlines: pass };

/** A county bureau of its own, so that no other test's closed cases enter the population. */
async function county() {
  const id = `yx-test-${randomUUID().slice(0, 8)}`;
  await t.prisma.org.create({ data: { id, name: `测试县应急管理局${id}`, shortName: '测试应急', kind: 'COUNTY_BUREAU', regionCode: '530499', parentId: 'yx-city' } });
  return id;
}

async function closedCase(orgId: string, closedAt: Date, status = 'CLOSED') {
  const id = randomUUID();
  await t.prisma.case.create({ data: {
    id, orgId, number: `测试应急立〔2026〕${id.slice(0, 6)}号`, procedure: 'GENERAL', stage: status, status, partyKind: 'ORG', partyName: '玉溪某机械有限公司',
    partyIdNumber: '91530402MA6K00000X', catalogItemId: 'AQ-099-1', source: 'INSPECTION', facts: '未设置安全警示标志。', occurredAt: closedAt,
    registeredById: 'u-hongta-handler1', closedAt,
  } });
  return id;
}

describe('sampling review (抽查 / 评议考核)', () => {
  it('at the end of the quarter draws a reproducible sample of the county\'s closed cases; a pass closes the review, a failed item opens a correction task for the county', { timeout: 300_000 }, async () => {
    const countyId = await county();
    const head = actor(`u-${countyId}-head`, countyId, ['HEAD']);
    const now = new Date(await t.env.currentTimeMs());
    const quarter = reviewPeriodOf(now.getTime(), 3);
    const closed = await Promise.all([0, 1, 2, 3, 4].map(() => closedCase(countyId, now)));
    // Not in the population: closed in the previous quarter, and never filed (不予立案).
    const earlier = await closedCase(countyId, new Date(Date.parse(quarter.from) - 86_400_000));
    const rejected = await closedCase(countyId, now, 'REJECTED');

    const worker = await t.worker();
    await worker.runUntil(async () => {
      const input: CaseReviewCycleInput = { cityOrgId: 'yx-city', countyOrgIds: [countyId], thresholdOverrides: { CASE_REVIEW_SAMPLE_MIN: { value: 2 } } };
      const cycle = await t.env.client.workflow.start('caseReviewCycleWorkflow', {
        args: [input], workflowId: `${caseReviewCycleWorkflowId('yx-city')}-${countyId}`, taskQueue: t.taskQueue,
      });
      const waiting = await eventually(async () => { const q = await cycle.query(caseReviewCycleStateQuery); return q.nextDrawAt && q; });
      expect(waiting).toMatchObject({ currentPeriod: quarter.key, nextDrawAt: quarter.to, draws: 0 });
      expect(await t.prisma.caseReviewDraw.count({ where: { countyOrgId: countyId } })).toBe(0);

      // The quarter ends: one draw, recorded with its seed, population and the chosen ids.
      await t.env.sleep(Date.parse(quarter.to) - (await t.env.currentTimeMs()) + 60_000);
      const draw = await eventually(() => t.prisma.caseReviewDraw.findFirst({ where: { countyOrgId: countyId } }), 30_000);
      expect(draw.period).toBe(quarter.key);
      expect(draw.population).toEqual([...closed].sort());
      expect(draw.population).not.toContain(earlier);
      expect(draw.population).not.toContain(rejected);
      expect(draw.sampleSize).toBe(2); // 10 % of 5 rounded up is 1; the configured minimum is 2
      expect(draw.chosen).toHaveLength(2);
      expect(drawReviewSample(draw.seed, draw.population, draw.sampleSize)).toEqual(draw.chosen);
      expect(draw.seed).toContain(`${quarter.key}/${countyId}/`);
      const nextQuarter = reviewPeriodOf(Date.parse(quarter.to), 3);
      const after = await eventually(async () => { const q = await cycle.query(caseReviewCycleStateQuery); return q.lastPeriod === quarter.key && q; });
      expect(after).toMatchObject({ draws: 1, sampled: 2, currentPeriod: nextQuarter.key, nextDrawAt: nextQuarter.to });
      expect((await t.prisma.auditEvent.findMany({ where: { subjectType: 'CaseReviewDraw', subjectId: draw.id } })).map((a) => a.action)).toEqual(['case_review.drawn']);
      await recordHistory(t.env.client, 'case-review-cycle/quarter-drawn', cycle.workflowId);
      // Nothing more to wait for in this test: the next quarter's timer would only draw an empty population.
      await cycle.terminate('test done');

      const reviews = await t.prisma.caseReview.findMany({ where: { drawId: draw.id }, orderBy: { caseId: 'asc' } });
      expect(reviews.map((r) => r.caseId)).toEqual(draw.chosen);
      expect(reviews.every((r) => r.status === 'AWAITING_REVIEW' && r.officerIds.join() === 'u-hongta-handler1' && r.orgId === countyId)).toBe(true);
      const [passing, failing] = reviews.map((r) => {
        const handle = t.env.client.workflow.getHandle(caseReviewWorkflowId(r.id));
        const openTask = (kind: string) => eventually(() => t.prisma.task.findFirst({ where: { workflowId: handle.workflowId, kind, status: 'OPEN' } }), 30_000);
        return { r, handle, openTask, ...taskActions(handle, openTask) };
      });

      // Scored by the city's reviewers within the CASE_REVIEW_SCORING row.
      const task = await passing.openTask('CASE_REVIEW');
      expect(task).toMatchObject({ orgId: 'yx-city', candidateRoles: ['CITY_SUPERVISOR', 'LEGAL_REVIEWER'] });
      expect(task.dueAt!.toISOString()).toBe(t.due('CASE_REVIEW_SCORING', draw.drawnAt.toISOString()));
      expect(await passing.refused('CASE_REVIEW', head, 'SCORE', allPass)).toMatch(/不属于/);
      expect(await passing.refused('CASE_REVIEW', citySupervisor, 'SCORE', { ...allPass, evidence: { pass: false } })).toMatch(/证据：不合格的项目须写明问题/);
      expect(await passing.refused('CASE_REVIEW', citySupervisor, 'SCORE', { procedure: pass })).toMatch(/证据/);
      await passing.complete('CASE_REVIEW', citySupervisor, 'SCORE', { ...allPass, comment: '案卷规范' });
      expect(await passing.handle.result()).toMatchObject({ status: 'PASSED', failedItems: [] });
      await recordHistory(t.env.client, 'case-review/passed', passing.handle.workflowId);
      const passed = await t.prisma.caseReview.findUniqueOrThrow({ where: { id: passing.r.id } });
      expect(passed).toMatchObject({ status: 'PASSED', reviewedById: citySupervisor.userId, failedItems: [] });
      expect(await t.prisma.task.count({ where: { workflowId: passing.handle.workflowId, kind: 'CASE_REVIEW_CORRECTION' } })).toBe(0);

      // Two failed items: one correction task for the county's head or team lead.
      await failing.complete('CASE_REVIEW', cityLegal, 'SCORE', {
        ...allPass, evidence: { pass: false, comment: '询问笔录无当事人签字' }, documents: { pass: false, comment: '送达回证缺失' },
      });
      const correction = await failing.openTask('CASE_REVIEW_CORRECTION');
      expect(correction).toMatchObject({ orgId: countyId, caseId: failing.r.caseId, candidateRoles: ['HEAD', 'SUPERVISOR'] });
      expect((correction.payload as { failedItems: string[] }).failedItems).toEqual(['evidence', 'documents']);
      expect(correction.dueAt!.getTime()).toBeGreaterThan(Date.now());
      expect((await failing.handle.query(caseReviewStateQuery)).status).toBe('CORRECTING');
      expect(await failing.refused('CASE_REVIEW_CORRECTION', citySupervisor, 'CORRECTED', { items: [{ item: 'evidence', action: '补充签字' }] })).toMatch(/不属于/);
      expect(await failing.refused('CASE_REVIEW_CORRECTION', head, 'CORRECTED', { items: [{ item: 'evidence', action: '已补充当事人签字确认' }] })).toMatch(/执法文书/);
      expect(await failing.refused('CASE_REVIEW_CORRECTION', head, 'CORRECTED', {
        items: [{ item: 'evidence', action: '已补充当事人签字确认' }, { item: 'documents', action: '已补送达回证' }, { item: 'deadlines', action: '期限无问题' }],
      })).toMatch(/办案期限/);
      await failing.complete('CASE_REVIEW_CORRECTION', head, 'CORRECTED', {
        items: [{ item: 'evidence', action: '已补充当事人签字确认' }, { item: 'documents', action: '已补送达回证并归入案卷' }],
      });
      expect(await failing.handle.result()).toMatchObject({ status: 'CORRECTED', failedItems: ['evidence', 'documents'] });
      await recordHistory(t.env.client, 'case-review/failed-corrected', failing.handle.workflowId);
      const corrected = await t.prisma.caseReview.findUniqueOrThrow({ where: { id: failing.r.id } });
      expect(corrected).toMatchObject({ status: 'CORRECTED', failedItems: ['evidence', 'documents'], reviewedById: cityLegal.userId, correctedById: head.userId });
      expect((corrected.corrections as { items: unknown[] }).items).toHaveLength(2);
      const trail = await t.prisma.auditEvent.findMany({ where: { subjectType: 'CaseReview', subjectId: failing.r.id }, orderBy: { id: 'asc' } });
      expect(trail.map((a) => [a.action, a.caseId])).toEqual([['case_review.scored', failing.r.caseId], ['case_review.corrected', failing.r.caseId]]);
    });
  });

  it('a correction not made by its limit goes up the escalation ladder and can still be made', { timeout: 300_000 }, async () => {
    const countyId = await county();
    const head = actor(`u-${countyId}-head`, countyId, ['HEAD']);
    const now = new Date(await t.env.currentTimeMs());
    const caseId = await closedCase(countyId, now);
    const period = reviewPeriodOf(now.getTime(), 3);
    const drawId = randomUUID();
    const reviewId = randomUUID();
    // A recorded draw of one case, as drawCaseReviews leaves it.
    await t.prisma.caseReviewDraw.create({ data: {
      id: drawId, cityOrgId: 'yx-city', countyOrgId: countyId, period: period.key, periodFrom: new Date(period.from), periodTo: new Date(period.to),
      seed: `${period.key}/${countyId}/test`, population: [caseId], sampleSize: 1, chosen: [caseId], policy: {}, workflowId: 'test', drawnAt: now,
    } });
    await t.prisma.caseReview.create({ data: {
      id: reviewId, drawId, caseId, orgId: countyId, cityOrgId: 'yx-city', period: period.key, officerIds: ['u-hongta-handler1'], status: 'AWAITING_REVIEW', failedItems: [],
    } });
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const handle = await t.env.client.workflow.start('caseReviewWorkflow', {
        args: [{ reviewId, drawId, caseId, caseNumber: null, orgId: countyId, cityOrgId: 'yx-city', period: period.key, officerIds: ['u-hongta-handler1'], drawnAt: now.toISOString() }],
        workflowId: caseReviewWorkflowId(reviewId), taskQueue: t.taskQueue,
      });
      const openTask = (kind: string) => eventually(() => t.prisma.task.findFirst({ where: { workflowId: handle.workflowId, kind, status: 'OPEN' } }), 30_000);
      const d = taskActions(handle, openTask);
      await d.complete('CASE_REVIEW', citySupervisor, 'SCORE', { ...allPass, deadlines: { pass: false, comment: '结案超过法定期限' } });
      const task = await openTask('CASE_REVIEW_CORRECTION');
      const due = task.dueAt!;
      expect(due.toISOString()).toBe(t.due('CASE_REVIEW_CORRECTION', (await t.prisma.caseReview.findUniqueOrThrow({ where: { id: reviewId } })).reviewedAt!.toISOString()));

      await t.env.sleep(due.getTime() - (await t.env.currentTimeMs()) + 60_000);
      const overdue = await eventually(async () => {
        const row = await t.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
        return row.escalationLevel >= 1 && row;
      }, 30_000);
      expect(overdue.status).toBe('OPEN');
      expect((await handle.query(caseReviewStateQuery)).status).toBe('CORRECTING');

      await d.complete('CASE_REVIEW_CORRECTION', head, 'CORRECTED', { items: [{ item: 'deadlines', action: '已对承办人进行约谈，建立结案期限提醒' }] });
      expect(await handle.result()).toMatchObject({ status: 'CORRECTED', failedItems: ['deadlines'] });
      await recordHistory(t.env.client, 'case-review/correction-escalated-corrected', handle.workflowId);
      expect((await t.prisma.caseReview.findUniqueOrThrow({ where: { id: reviewId } })).status).toBe('CORRECTED');
    });
  });
});
