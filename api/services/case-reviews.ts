import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Prisma } from '../../generated/prisma/client.ts';
import { drawReviewSample, parseReviewPeriod, REVIEW_ITEMS, REVIEW_ITEM_LABELS, type ReviewItem } from '../../rules/case-review.ts';
import { orgFilter, orgSubtree, visibleOrgIds } from '../../store/visibility.ts';
import {
  caseReviewCycleStateQuery, caseReviewCycleWorkflowId, caseReviewWorkflowId,
  type CaseReviewCycleInput, type CaseReviewCycleState,
} from '../../workflows/case-review-messages.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { completeTask } from './tasks.ts';

// 抽查 / 评议考核 (issue 8): the city starts its review cycle once; its reviewers score the
// sampled cases; the county answers failed items; everyone entitled reads the evaluation report.

/** Interference counts are shown only to those who may see the records (干预留痕). */
const seesInterference = (a: Actor) => a.roles.some((r) => r === 'CITY_SUPERVISOR' || r === 'DISCIPLINE');

/** The sampling city's staff see its reviews, the city's supervision roles those of its subtree, a county its own. */
async function visibleWhere(deps: Pick<AppDeps, 'prisma'>, actor: Actor): Promise<Prisma.CaseReviewWhereInput> {
  const orgs = await orgFilter(deps.prisma, actor);
  return { OR: [{ cityOrgId: orgs }, { orgId: orgs }] };
}

export async function startReviewCycle(deps: AppDeps, actor: Actor, o: { catchUp: boolean }) {
  const org = await deps.prisma.org.findUnique({ where: { id: actor.orgId }, select: { kind: true } });
  if (org?.kind !== 'CITY_BUREAU') throw forbidden('只有市级应急管理部门可以组织案卷抽查');
  const workflowId = caseReviewCycleWorkflowId(actor.orgId);
  const input: CaseReviewCycleInput = { cityOrgId: actor.orgId, thresholdOverrides: deps.thresholdOverrides, catchUp: o.catchUp };
  try {
    await deps.temporal.workflow.start('caseReviewCycleWorkflow', { args: [input], workflowId, taskQueue: deps.taskQueue });
    return { workflowId, started: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return { workflowId, started: false };
  }
}

export async function reviewCycleState(deps: AppDeps, actor: Actor): Promise<CaseReviewCycleState | null> {
  try {
    return await deps.temporal.workflow.getHandle(caseReviewCycleWorkflowId(actor.orgId)).query(caseReviewCycleStateQuery);
  } catch {
    return null; // never started (or terminated): the page offers to start it
  }
}

export async function listCaseReviews(deps: AppDeps, actor: Actor, f: { period?: string; status?: string; orgId?: string }) {
  const rows = await deps.prisma.caseReview.findMany({
    where: { AND: [await visibleWhere(deps, actor), f.period ? { period: f.period } : {}, f.status ? { status: f.status } : {}, f.orgId ? { orgId: f.orgId } : {}] },
    orderBy: [{ period: 'desc' }, { orgId: 'asc' }, { createdAt: 'asc' }], take: 500,
    select: { id: true, caseId: true, orgId: true, period: true, status: true, failedItems: true, reviewedAt: true, correctedAt: true, officerIds: true },
  });
  const [cases, orgs] = await Promise.all([
    deps.prisma.case.findMany({ where: { id: { in: rows.map((r) => r.caseId) } }, select: { id: true, number: true, partyName: true } }),
    deps.prisma.org.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.orgId))] } }, select: { id: true, name: true } }),
  ]);
  return { items: rows.map((r) => ({
    ...r, caseNumber: cases.find((c) => c.id === r.caseId)?.number ?? null, partyName: cases.find((c) => c.id === r.caseId)?.partyName ?? '',
    orgName: orgs.find((o) => o.id === r.orgId)?.name ?? r.orgId, failedLabels: r.failedItems.map((i) => REVIEW_ITEM_LABELS[i as ReviewItem] ?? i),
  })) };
}

export async function getCaseReview(deps: AppDeps, actor: Actor, id: string) {
  const r = await deps.prisma.caseReview.findFirst({ where: { AND: [{ id }, await visibleWhere(deps, actor)] } });
  if (!r) throw notFound('抽查案卷');
  const [draw, c, org, tasks, people] = await Promise.all([
    deps.prisma.caseReviewDraw.findUniqueOrThrow({ where: { id: r.drawId } }),
    deps.prisma.case.findUnique({ where: { id: r.caseId }, select: { id: true, number: true, partyName: true, closedAt: true, catalogItemId: true } }),
    deps.prisma.org.findUnique({ where: { id: r.orgId }, select: { name: true } }),
    deps.prisma.task.findMany({ where: { workflowId: caseReviewWorkflowId(id) }, orderBy: { createdAt: 'asc' },
      select: { id: true, kind: true, title: true, orgId: true, status: true, dueAt: true, outcome: true, completedAt: true, escalationLevel: true, candidateRoles: true } }),
    deps.prisma.user.findMany({ where: { id: { in: [...r.officerIds, r.reviewedById ?? '', r.correctedById ?? ''] } }, select: { id: true, displayName: true } }),
  ]);
  const name = (u: string | null) => (u ? people.find((p) => p.id === u)?.displayName ?? u : null);
  const scores = (r.scores ?? {}) as Record<string, { pass: boolean; comment?: string }>;
  const { actions: _a, ...data } = r.data as Record<string, unknown>;
  return {
    ...r, data, case: c, orgName: org?.name ?? r.orgId, tasks,
    officers: r.officerIds.map((u) => ({ id: u, name: name(u) })), reviewedByName: name(r.reviewedById), correctedByName: name(r.correctedById),
    correctionList: ((r.corrections as { items?: { item: ReviewItem; action: string }[] } | null)?.items ?? [])
      .map((c) => ({ ...c, label: REVIEW_ITEM_LABELS[c.item] ?? c.item })),
    checklist: REVIEW_ITEMS.map((i) => ({ item: i, label: REVIEW_ITEM_LABELS[i], pass: scores[i]?.pass ?? null, comment: scores[i]?.comment ?? '' })),
    // Anyone can redo the draw from what was recorded: the same seed and population give the same ids.
    draw: { id: draw.id, period: draw.period, seed: draw.seed, populationSize: draw.population.length, sampleSize: draw.sampleSize, chosen: draw.chosen,
      policy: draw.policy, drawnAt: draw.drawnAt, reproduced: drawReviewSample(draw.seed, draw.population, draw.sampleSize).join() === [...draw.chosen].sort().join() },
  };
}

/** The draw itself, for an audit: seed, population and chosen ids, and whether they reproduce. */
export async function getReviewDraw(deps: AppDeps, actor: Actor, id: string) {
  const d = await deps.prisma.caseReviewDraw.findUnique({ where: { id } });
  const orgs = d ? await visibleOrgIds(deps.prisma, actor) : [];
  if (!d || !(orgs.includes(d.cityOrgId) || orgs.includes(d.countyOrgId))) throw notFound('抽取记录');
  return { ...d, reproduced: drawReviewSample(d.seed, d.population, d.sampleSize).join() === [...d.chosen].sort().join() };
}

const STEP = { review: { kind: 'CASE_REVIEW', outcome: 'SCORE' }, correction: { kind: 'CASE_REVIEW_CORRECTION', outcome: 'CORRECTED' } } as const;

/** A reviewer's scores or the county's correction, as the completion of the open task. */
export async function caseReviewStep(deps: AppDeps, actor: Actor, id: string, step: keyof typeof STEP, data: Record<string, unknown>) {
  const r = await deps.prisma.caseReview.findFirst({ where: { AND: [{ id }, await visibleWhere(deps, actor)] } });
  if (!r) throw notFound('抽查案卷');
  const { kind, outcome } = STEP[step];
  // The open task, or the one this person already completed (a retried submit gets its first answer).
  const task = await deps.prisma.task.findFirst({
    where: { workflowId: caseReviewWorkflowId(id), kind, OR: [{ status: 'OPEN' }, { completedById: actor.userId }] }, orderBy: { createdAt: 'desc' },
  });
  if (!task) {
    if (step === 'review') throw conflict(r.status === 'AWAITING_REVIEW' ? '评查任务尚未开启，请稍后再试' : '该案卷已评查，不能重复评查');
    throw conflict(r.status === 'CORRECTED' ? '该案卷已整改完毕' : r.status === 'PASSED' ? '该案卷评查合格，无需整改' : '该案卷尚无整改任务');
  }
  const result = await completeTask(deps, actor, task.id, outcome, data);
  return { reviewId: id, step, taskId: task.id, outcome: result.outcome, completedAt: result.completedAt };
}

interface Tally { sampled: number; reviewed: number; passed: number; failed: number; corrected: number; openCorrections: number; itemFailures: Record<string, number> }
const tally = (): Tally => ({ sampled: 0, reviewed: 0, passed: 0, failed: 0, corrected: 0, openCorrections: 0, itemFailures: Object.fromEntries(REVIEW_ITEMS.map((i) => [i, 0])) });
const rate = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);

/**
 * 评议考核: per county and per officer (the case's handlers), over one period or all. A case
 * passes when every checklist item passed; a failed case counts for each of its officers.
 */
export async function evaluationReport(deps: AppDeps, actor: Actor, q: { period?: string }) {
  const period = q.period ? parseReviewPeriod(q.period) : undefined;
  if (q.period && !period) throw invalid(`期间“${q.period}”格式不正确，应如 2026Q4、2026M11、2026H2 或 2026Y`);
  const reviews = await deps.prisma.caseReview.findMany({
    where: { AND: [await visibleWhere(deps, actor), q.period ? { period: q.period } : {}] },
    select: { orgId: true, status: true, failedItems: true, officerIds: true },
  });
  const counties = new Map<string, Tally>();
  const officers = new Map<string, Tally & { orgId: string }>();
  for (const r of reviews) {
    const targets: Tally[] = [counties.get(r.orgId) ?? counties.set(r.orgId, tally()).get(r.orgId)!];
    for (const o of r.officerIds) targets.push(officers.get(o) ?? officers.set(o, { ...tally(), orgId: r.orgId }).get(o)!);
    for (const t of targets) {
      t.sampled += 1;
      if (r.status === 'AWAITING_REVIEW') continue;
      t.reviewed += 1;
      if (r.status === 'PASSED') t.passed += 1; else t.failed += 1;
      if (r.status === 'CORRECTED') t.corrected += 1;
      if (r.status === 'CORRECTING') t.openCorrections += 1;
      for (const i of r.failedItems) t.itemFailures[i] = (t.itemFailures[i] ?? 0) + 1;
    }
  }
  const interference = seesInterference(actor)
    ? new Map((await deps.prisma.interferenceRecord.groupBy({
      by: ['orgId'], _count: { _all: true },
      where: { orgId: await orgFilter(deps.prisma, actor), ...(period ? { recordedAt: { gte: new Date(period.from), lt: new Date(period.to) } } : {}) },
    })).map((g) => [g.orgId, g._count._all]))
    : undefined;
  // Every county under the city shows, sampled or not (never another city's); a county sees only itself.
  const cityLevel = await deps.prisma.org.count({ where: { id: actor.orgId, kind: 'CITY_BUREAU' } });
  const countyOrgs = await deps.prisma.org.findMany({
    where: cityLevel
      ? { OR: [{ kind: 'COUNTY_BUREAU', id: { in: await orgSubtree(deps.prisma, actor.orgId) } }, { id: { in: [...counties.keys()] } }] } : { id: actor.orgId },
    select: { id: true, name: true }, orderBy: { id: 'asc' },
  });
  const users = await deps.prisma.user.findMany({ where: { id: { in: [...officers.keys()] } }, select: { id: true, displayName: true, org: { select: { name: true } } } });
  return {
    period: period ?? null,
    items: REVIEW_ITEMS.map((i) => ({ item: i, label: REVIEW_ITEM_LABELS[i] })),
    showsInterference: !!interference,
    counties: countyOrgs.map((o) => {
      const t = counties.get(o.id) ?? tally();
      return { orgId: o.id, name: o.name, ...t, passRate: rate(t.passed, t.reviewed), ...(interference ? { interference: interference.get(o.id) ?? 0 } : {}) };
    }),
    officers: [...officers].map(([userId, t]) => ({ userId, name: users.find((u) => u.id === userId)?.displayName ?? userId,
      orgName: users.find((u) => u.id === userId)?.org.name ?? t.orgId, ...t, passRate: rate(t.passed, t.reviewed) }))
      .sort((a, b) => a.orgId.localeCompare(b.orgId) || a.userId.localeCompare(b.userId)),
  };
}
