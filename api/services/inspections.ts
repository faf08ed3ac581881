import { createHash } from 'node:crypto';
import { performDraw } from '../../store/inspection-draws.ts';
import { CREDIT_KIND_LABELS, CREDIT_KINDS, CREDIT_PERIOD, creditValidUntil, type CreditKind } from '../../rules/credit.ts';
import { deadlineRule } from '../../rules/deadlines.ts';
import { checklistFor, CATEGORY_LABELS, industryCategory, suggestedKeyEnterprise } from '../../rules/inspection-checklists.ts';
import { countByKind } from '../../rules/draw-reveal.ts';
import type { SignedInspectionRecord } from '../../rules/forms/inspection-forms.ts';
import { appendAudit } from '../../store/audit.ts';
import { canSeeOrg, orgFilter } from '../../store/visibility.ts';
import {
  inspectionWorkflowId, planWorkflowId, requestExtensionUpdate, requestReinspectionUpdate,
  type InspectionInput, type PlanInput, type PlanKeyEnterprise,
} from '../../workflows/inspection-messages.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../errors.ts';
import { suggestDepartment } from './referrals.ts';
import { enterpriseVisits, participantsView, participatesIn } from './joint-inspections.ts';
import { planItemsWithVisitPolicy } from './plan-visits.ts';
import { drawDisclosure, planSlots } from './public-draws.ts';
import { completeTask } from './tasks.ts';
import { startRecorded, update } from '../workflow-calls.ts';

const hashId = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function requireBureau(deps: AppDeps, actor: Actor) {
  const org = await deps.prisma.org.findUniqueOrThrow({ where: { id: actor.orgId }, select: { kind: true } });
  if (org.kind !== 'COUNTY_BUREAU' && org.kind !== 'CITY_BUREAU') throw forbidden('只有应急管理部门可以制定检查计划和开展监督检查');
}

// ---- 年度计划 ----

export interface DraftPlan { year: number; keyEnterprises: PlanKeyEnterprise[]; randomChecks: number; focusIndustries: string[]; withExpert: boolean }

export async function createPlan(deps: AppDeps, actor: Actor, d: DraftPlan, key?: string) {
  await requireBureau(deps, actor);
  const thisYear = Number(shanghaiToday().slice(0, 4));
  if (d.year < thisYear || d.year > thisYear + 1) throw invalid(`计划年度须为 ${thisYear} 或 ${thisYear + 1} 年`);
  const ids = d.keyEnterprises.map((k) => k.enterpriseId);
  if (new Set(ids).size !== ids.length) throw invalid('重点企业名单中有重复的企业');
  const found = await deps.prisma.enterprise.findMany({ where: { id: { in: ids } }, select: { id: true, orgId: true } });
  for (const id of ids) {
    const e = found.find((x) => x.id === id);
    if (!e) throw invalid(`生产经营单位 ${id} 不存在`);
    if (e.orgId !== actor.orgId) throw invalid(`生产经营单位 ${id} 不归本机关监管`);
  }
  const planId = `${actor.orgId}-${d.year}`;
  const existing = await deps.prisma.inspectionPlan.findUnique({ where: { id: planId } });
  if (existing) {
    const same = key && existing.createdById === actor.userId && (existing.data as { requestKey?: string }).requestKey === key;
    if (!same) throw conflict(`本机关${d.year}年度执法检查计划已存在`);
    return { id: planId, workflowId: planWorkflowId(actor.orgId, d.year) };
  }
  const keyEnterprises = await planItemsWithVisitPolicy(deps, actor.orgId, planId, d.year, d.keyEnterprises);
  const input: PlanInput = { planId, orgId: actor.orgId, year: d.year, keyEnterprises, randomChecks: d.randomChecks,
    focusIndustries: d.focusIndustries, withExpert: d.withExpert, createdBy: actor, requestKey: key };
  await startRecorded(deps, 'annualPlanWorkflow', planWorkflowId(actor.orgId, d.year), input);
  return { id: planId, workflowId: planWorkflowId(actor.orgId, d.year) };
}

export async function listPlans(deps: AppDeps, actor: Actor) {
  const where = { orgId: await orgFilter(deps.prisma, actor) };
  const plans = await deps.prisma.inspectionPlan.findMany({ where, orderBy: [{ year: 'desc' }, { orgId: 'asc' }], take: 200,
    select: { id: true, orgId: true, year: true, status: true, randomChecks: true, keyEnterprises: true, publishedAt: true, createdAt: true } });
  const progress = await planProgress(deps, plans.map((p) => p.id));
  const orgs = await orgNames(deps, plans.map((p) => p.orgId));
  return { items: plans.map((p) => ({ ...p, orgName: orgs.get(p.orgId) ?? p.orgId, ...progress.get(p.id) })) };
}

async function orgNames(deps: AppDeps, ids: string[]) {
  const orgs = await deps.prisma.org.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(orgs.map((o) => [o.id, o.name]));
}

/** Completion against the plan, from the read model: scheduled in the plan, started, closed. */
async function planProgress(deps: AppDeps, planIds: string[]) {
  const plans = await deps.prisma.inspectionPlan.findMany({ where: { id: { in: planIds } }, select: { id: true, data: true } });
  const rows = await deps.prisma.inspection.groupBy({ by: ['planId', 'status'], where: { planId: { in: planIds } }, _count: true });
  const out = new Map<string, { scheduled: number; started: number; closed: number }>();
  for (const p of plans) {
    const scheduled = ((p.data as { schedule?: unknown[] }).schedule ?? []).length;
    const mine = rows.filter((r) => r.planId === p.id);
    out.set(p.id, { scheduled, started: mine.reduce((n, r) => n + r._count, 0), closed: mine.filter((r) => r.status === 'CLOSED').reduce((n, r) => n + r._count, 0) });
  }
  return out;
}

async function planView(deps: AppDeps, plan: NonNullable<Awaited<ReturnType<AppDeps['prisma']['inspectionPlan']['findUnique']>>>, publicView: boolean) {
  const data = plan.data as { schedule?: { ref: string; date: string; kind: 'KEY' | 'RANDOM'; enterpriseId: string }[]; events?: unknown[]; drawId?: string };
  const schedule = data.schedule ?? [];
  const keyIds = (plan.keyEnterprises as unknown as PlanKeyEnterprise[]).map((k) => k.enterpriseId);
  const enterprises = await deps.prisma.enterprise.findMany({ where: { id: { in: [...new Set([...schedule.map((c) => c.enterpriseId), ...keyIds])] } }, select: { id: true, name: true, industry: true, riskLevel: true } });
  const name = (id: string) => enterprises.find((e) => e.id === id)?.name ?? id;
  const inspections = await deps.prisma.inspection.findMany({ where: { planId: plan.id }, select: { id: true, enterpriseId: true, scheduledFor: true, status: true, result: true, kind: true } });
  const draw = await deps.prisma.inspectionDraw.findFirst({ where: { planId: plan.id }, select: { id: true, seed: true, drawnAt: true } });
  const progress = (await planProgress(deps, [plan.id])).get(plan.id);
  const orgName = (await orgNames(deps, [plan.orgId])).get(plan.orgId);
  const byRef = new Map(inspections.map((i) => [i.id.slice(plan.id.length + 1), i]));
  const { data: _d, createdById: _c, approvedById: _a, ...rest } = plan;
  return {
    ...rest, orgName, progress, draw,
    keyEnterprises: (plan.keyEnterprises as unknown as PlanKeyEnterprise[]).map((k) => ({ ...k, name: name(k.enterpriseId) })),
    schedule: schedule.map((c) => {
      const i = byRef.get(c.ref);
      return { ...c, enterpriseName: name(c.enterpriseId), inspectionId: i?.id ?? null, status: i?.status ?? null, result: i?.result ?? null };
    }),
    ...(publicView ? {} : { events: data.events ?? [] }),
  };
}

export async function getPlan(deps: AppDeps, actor: Actor, id: string) {
  const plan = await deps.prisma.inspectionPlan.findUnique({ where: { id } });
  if (!plan || !(await canSeeOrg(deps.prisma, actor, plan.orgId))) throw notFound('检查计划');
  const tasks = await deps.prisma.task.findMany({ where: { workflowId: planWorkflowId(plan.orgId, plan.year) }, select: { id: true, kind: true, status: true, orgId: true, title: true } });
  return { ...(await planView(deps, plan, false)), tasks };
}

/** The enterprises a bureau may put on its plan, with the suggestion of the key-enterprise rule. */
export async function planCandidates(deps: AppDeps, actor: Actor) {
  const list = await deps.prisma.enterprise.findMany({ where: { orgId: actor.orgId }, orderBy: { id: 'asc' }, select: { id: true, name: true, industry: true, riskLevel: true } });
  return list.map((e) => ({ ...e, category: CATEGORY_LABELS[industryCategory(e.industry)], suggestedKey: suggestedKeyEnterprise(e) }));
}

export async function planApproval(deps: AppDeps, actor: Actor, id: string, outcome: 'APPROVE' | 'REJECT', data: Record<string, unknown>) {
  const plan = await deps.prisma.inspectionPlan.findUnique({ where: { id } });
  if (!plan || plan.orgId !== actor.orgId) throw notFound('检查计划');
  const task = await deps.prisma.task.findFirst({ where: { workflowId: planWorkflowId(plan.orgId, plan.year), kind: 'PLAN_APPROVAL', status: 'OPEN' } });
  if (!task) throw conflict(`该计划当前（${plan.status}）不在审批环节`);
  const r = await completeTask(deps, actor, task.id, outcome, data);
  return { planId: id, outcome: r.outcome, completedAt: r.completedAt };
}

/** 一公开: published plans, their checks and results; no login, no personal data. */
export async function publicPlans(deps: AppDeps) {
  const plans = await deps.prisma.inspectionPlan.findMany({ where: { publishedAt: { not: null } }, orderBy: [{ year: 'desc' }, { orgId: 'asc' }],
    select: { id: true, orgId: true, year: true, randomChecks: true, publishedAt: true, status: true } });
  const progress = await planProgress(deps, plans.map((p) => p.id));
  const orgs = await orgNames(deps, plans.map((p) => p.orgId));
  return { items: plans.map((p) => ({ ...p, orgName: orgs.get(p.orgId), ...progress.get(p.id) })) };
}

/**
 * The published plan as the public may see it now (双随机、一公开 without a tip-off, rules/draw-reveal.ts):
 * the key enterprises the head approved, the number of checks of each kind, the draw's commitment;
 * of the schedule only the checks whose inspection has begun or whose day has passed.
 */
export async function publicPlan(deps: AppDeps, id: string) {
  const plan = await deps.prisma.inspectionPlan.findUnique({ where: { id } });
  if (!plan?.publishedAt) throw notFound('公布的检查计划');
  const { schedule, draw, ...view } = await planView(deps, plan, true);
  const slots = await planSlots(deps, plan.id, schedule);
  const shown = new Set(slots.filter((s) => s.revealed).map((s) => s.ref));
  const row = draw ? await deps.prisma.inspectionDraw.findUnique({ where: { id: draw.id } }) : null;
  const disclosure = row ? await drawDisclosure(deps, row, slots) : null;
  return {
    ...view,
    draw: row && disclosure ? { id: row.id, drawnAt: row.drawnAt, revealed: disclosure.revealed, commitment: disclosure.commitment, seed: disclosure.revealed ? row.seed : null } : null,
    checkCounts: countByKind(slots), pendingCounts: countByKind(slots.filter((s) => !s.revealed)),
    // The officers stay off the public page; the enterprise and the day show once the check has begun.
    schedule: schedule.filter((c) => shown.has(c.ref)).map((c) => ({ ref: c.ref, date: c.date, kind: c.kind, enterpriseId: c.enterpriseId, enterpriseName: c.enterpriseName,
      inspectionId: c.inspectionId, status: c.status, result: c.result })),
  };
}

// ---- 双随机 ----

/** An ad-hoc 双随机 draw outside the plan: the drawn checks start at once. */
export async function createDraw(deps: AppDeps, actor: Actor, body: { count: number; withExpert: boolean }, key?: string) {
  await requireBureau(deps, actor);
  const drawKey = key ? `${actor.userId}\u0000${key}` : `${actor.userId}\u0000${Date.now()}\u0000${Math.random()}`;
  const draw = await performDraw(deps.prisma, { key: drawKey, orgId: actor.orgId, fixedIds: [], randomCount: body.count, withExpert: body.withExpert, drawnById: actor.userId }, deps.deadlineOverrides, undefined, deps.thresholdOverrides);
  if (!draw.checks.length) throw invalid('没有可抽取的企业或执法人员不足两名，未产生检查');
  const inspections: string[] = [];
  for (const [n, c] of draw.checks.entries()) {
    const inspectionId = `${draw.drawId}-${n + 1}`;
    const input: InspectionInput = { inspectionId, orgId: actor.orgId, enterpriseId: c.enterpriseId, kind: 'RANDOM', drawId: draw.drawId,
      scheduledFor: shanghaiToday(), officerIds: c.officerIds, expertId: c.expertId, createdBy: actor.userId };
    await startRecorded(deps, 'inspectionWorkflow', inspectionWorkflowId(inspectionId), input);
    inspections.push(inspectionId);
  }
  return { drawId: draw.drawId, seed: draw.seed, checks: draw.checks, unstaffed: draw.unstaffed, inspections };
}

// ---- 检查 ----


export async function listInspections(deps: AppDeps, actor: Actor, f: { status?: string; enterpriseId?: string }) {
  const rows = await deps.prisma.inspection.findMany({
    where: { AND: [{ orgId: await orgFilter(deps.prisma, actor) }, f.status ? { status: f.status } : {}, f.enterpriseId ? { enterpriseId: f.enterpriseId } : {}] },
    orderBy: [{ scheduledFor: 'desc' }, { createdAt: 'desc' }], take: 200,
    select: { id: true, orgId: true, enterpriseId: true, kind: true, scheduledFor: true, status: true, result: true, noticeNumber: true, rectifyBy: true, reinspectDueAt: true, caseId: true, planId: true },
  });
  const ents = await deps.prisma.enterprise.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.enterpriseId))] } }, select: { id: true, name: true } });
  return { items: rows.map((r) => ({ ...r, enterpriseName: ents.find((e) => e.id === r.enterpriseId)?.name ?? r.enterpriseId })) };
}

export async function getInspection(deps: AppDeps, actor: Actor, id: string) {
  const i = await deps.prisma.inspection.findUnique({ where: { id } });
  // The units and departments of a joint inspection see it too (联合执法, issue 21).
  if (!i || !((await canSeeOrg(deps.prisma, actor, i.orgId)) || (await participatesIn(deps, actor, id)))) throw notFound('检查');
  const [enterprise, hazards, tasks, documents, referrals, officers, expert] = await Promise.all([
    deps.prisma.enterprise.findUniqueOrThrow({ where: { id: i.enterpriseId } }),
    deps.prisma.hazard.findMany({ where: { inspectionId: id }, orderBy: { seq: 'asc' } }),
    deps.prisma.task.findMany({ where: { workflowId: inspectionWorkflowId(id) }, orderBy: { createdAt: 'asc' },
      select: { id: true, kind: true, title: true, status: true, dueAt: true, orgId: true, candidateRoles: true, outcome: true, completedAt: true } }),
    deps.prisma.document.findMany({ where: { key: { startsWith: `${inspectionWorkflowId(id)}/` } }, orderBy: { issuedAt: 'asc' }, select: { id: true, kind: true, title: true, number: true, sha256: true, issuedAt: true } }),
    deps.prisma.referral.findMany({ where: { id: { startsWith: `${id}-h` } }, select: { id: true, toOrgId: true, status: true, letterNumber: true } }),
    deps.prisma.user.findMany({ where: { orgId: i.orgId, roles: { hasSome: ['HANDLER', 'SUPERVISOR'] }, active: true }, select: { id: true, displayName: true }, orderBy: { id: 'asc' } }),
    i.expertId ? deps.prisma.expert.findUnique({ where: { id: i.expertId }, select: { name: true, specialties: true } }) : null,
  ]);
  const { actions: _a, ...data } = i.data as Record<string, unknown>;
  return { ...i, data, enterprise, hazards, tasks, documents, referrals, expert, checklist: checklistFor(enterprise.industry), orgOfficers: officers,
    participants: await participantsView(deps, id) };
}

async function openTaskOf(deps: AppDeps, actor: Actor, id: string, kind: string, what: string) {
  const i = await deps.prisma.inspection.findUnique({ where: { id }, select: { orgId: true, status: true } });
  if (!i || !(await canSeeOrg(deps.prisma, actor, i.orgId))) throw notFound('检查');
  if (i.orgId !== actor.orgId) throw new AppError('forbidden', '该检查不由您的单位办理', 403);
  const task = await deps.prisma.task.findFirst({ where: { workflowId: inspectionWorkflowId(id), kind, status: 'OPEN' }, orderBy: { createdAt: 'desc' } });
  if (!task) throw conflict(`该检查当前不在“${what}”环节`);
  return task;
}

async function requireDepartment(deps: AppDeps, orgId: string) {
  const org = await deps.prisma.org.findUnique({ where: { id: orgId }, select: { kind: true } });
  if (org?.kind !== 'DEPARTMENT') throw invalid(`接收部门 ${orgId} 不是可接收移交的有关部门`);
}

/**
 * The 现场检查记录. `taskId` names the step the form was opened for: a record sent again from the
 * phone's outbox (its idempotency key is that step) gets the first answer, never a second record.
 */
export async function recordOnSite(deps: AppDeps, actor: Actor, id: string, record: SignedInspectionRecord, taskId?: string) {
  const named = taskId ? await deps.prisma.task.findUnique({ where: { id: taskId } }) : null;
  const task = named && named.workflowId === inspectionWorkflowId(id) && named.kind === 'INSPECTION_RECORD' && named.status !== 'OPEN'
    ? named : await openTaskOf(deps, actor, id, 'INSPECTION_RECORD', '现场检查');
  const i = await deps.prisma.inspection.findUniqueOrThrow({ where: { id }, select: { enterpriseId: true } });
  const e = await deps.prisma.enterprise.findUniqueOrThrow({ where: { id: i.enterpriseId }, select: { industry: true } });
  const known = new Set(checklistFor(e.industry).map((c) => c.id));
  const unknown = record.checklist.find((c) => !known.has(c.itemId));
  if (unknown) throw invalid(`检查表项目 ${unknown.itemId} 不属于该企业行业的检查表`);
  const hazards = [];
  for (const [n, h] of record.hazards.entries()) {
    if (!h.outsideRemit) { hazards.push(h); continue; }
    const toOrgId = h.toOrgId ?? suggestDepartment(`${e.industry} ${h.description}`);
    if (!toOrgId) throw invalid(`隐患${n + 1}不属于本机关职责，无法按行业推荐接收部门，请选择移交的部门`);
    await requireDepartment(deps, toOrgId);
    hazards.push({ ...h, toOrgId });
  }
  const r = await completeTask(deps, actor, task.id, 'RECORD', { ...record, hazards });
  return { inspectionId: id, completedAt: r.completedAt, taskId: task.id };
}

export async function enterpriseRequest(deps: AppDeps, actor: Actor, id: string, what: 'extension' | 'reinspection', reason?: string) {
  const i = await deps.prisma.inspection.findUnique({ where: { id }, select: { orgId: true } });
  if (!i || !(await canSeeOrg(deps.prisma, actor, i.orgId))) throw notFound('检查');
  const state = await update(deps, inspectionWorkflowId(id), what === 'extension' ? requestExtensionUpdate : requestReinspectionUpdate, [{ actor, reason }]);
  return { inspectionId: id, status: state.status, extensionRequestedAt: state.extensionRequestedAt ?? null, reinspectionRequestedAt: state.reinspectionRequestedAt ?? null };
}

export async function inspectionStep(deps: AppDeps, actor: Actor, id: string, kind: 'RECTIFICATION_EXTENSION' | 'REINSPECTION' | 'SUSPENSION_REVIEW', outcome: string, data: Record<string, unknown>) {
  const what = { RECTIFICATION_EXTENSION: '延期整改申请答复', REINSPECTION: '整改复查', SUSPENSION_REVIEW: '复产审查' }[kind];
  const task = await openTaskOf(deps, actor, id, kind, what);
  if (kind === 'REINSPECTION' && outcome === 'NOT_CORRECTED') {
    const item = await deps.prisma.catalogItem.findUnique({ where: { code: String(data.catalogItemId ?? '') } });
    if (!item) throw invalid(`执法事项 ${String(data.catalogItemId)} 不在执法事项清单中`);
    if (item.coercive) throw invalid(`执法事项 ${item.code} 是行政强制措施，不能作为行政处罚案件登记`);
  }
  const r = await completeTask(deps, actor, task.id, outcome, data);
  return { inspectionId: id, outcome: r.outcome, completedAt: r.completedAt, taskId: task.id };
}

// ---- 信用 and 回避 ----

export async function enterpriseCredit(deps: AppDeps, actor: Actor, enterpriseId: string) {
  const e = await deps.prisma.enterprise.findUnique({ where: { id: enterpriseId } });
  if (!e || !(await canSeeOrg(deps.prisma, actor, e.orgId))) throw notFound('生产经营单位');
  const now = new Date();
  const [records, inspections, penalties] = await Promise.all([
    deps.prisma.creditRecord.findMany({ where: { enterpriseId }, orderBy: { validFrom: 'desc' } }),
    deps.prisma.inspection.findMany({ where: { enterpriseId }, orderBy: { scheduledFor: 'desc' }, take: 50, select: { id: true, scheduledFor: true, status: true, result: true, kind: true, noticeNumber: true } }),
    deps.prisma.$queryRaw<{ caseId: string; decisionNumber: string; penalty: string; decidedAt: Date }[]>`SELECT d."caseId", d."decisionNumber", d."penalty", d."decidedAt"
      FROM "Disclosure" d JOIN "Case" c ON c."id" = d."caseId" WHERE c."enterpriseId" = ${enterpriseId} AND d."withdrawnAt" IS NULL ORDER BY d."decidedAt" DESC`,
  ]);
  const active = (r: { validFrom: Date; validUntil: Date | null }) => r.validFrom <= now && (!r.validUntil || r.validUntil > now);
  return {
    enterprise: { ...e, category: CATEGORY_LABELS[industryCategory(e.industry)] },
    blacklisted: records.some((r) => r.kind === 'BLACKLIST' && active(r)),
    records: records.map((r) => ({ ...r, label: CREDIT_KIND_LABELS[r.kind as CreditKind] ?? r.kind, active: active(r) })),
    penalties, inspections, visits: await enterpriseVisits(deps, enterpriseId),
    periods: Object.fromEntries(CREDIT_KINDS.map((k) => {
      const r = deadlineRule(CREDIT_PERIOD[k], deps.deadlineOverrides);
      return [k, `${r.amount}${r.unit === 'MONTH' ? '个月' : '日'}`];
    })),
  };
}

export async function addCredit(deps: AppDeps, actor: Actor, enterpriseId: string, body: { kind: CreditKind; reason: string }, key?: string) {
  const e = await deps.prisma.enterprise.findUnique({ where: { id: enterpriseId } });
  if (!e || !(await canSeeOrg(deps.prisma, actor, e.orgId))) throw notFound('生产经营单位');
  if (e.orgId !== actor.orgId) throw new AppError('forbidden', '只有监管该企业的机关可以记录信用信息', 403);
  const recordKey = `manual/${actor.userId}/${key ?? hashId(enterpriseId, body.kind, body.reason, String(Date.now()))}`;
  const id = hashId('credit', recordKey);
  await deps.prisma.$transaction(async (tx) => {
    if (await tx.creditRecord.findUnique({ where: { key: recordKey }, select: { id: true } })) return;
    const now = new Date();
    await tx.creditRecord.create({ data: { id, key: recordKey, enterpriseId, kind: body.kind, reason: body.reason, source: 'MANUAL', validFrom: now,
      validUntil: new Date(creditValidUntil(body.kind, now, deps.deadlineOverrides)), createdById: actor.userId } });
    await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip, action: 'credit.recorded', subjectType: 'Enterprise', subjectId: enterpriseId, orgId: e.orgId,
      data: { kind: body.kind, reason: body.reason } });
  });
  return deps.prisma.creditRecord.findUniqueOrThrow({ where: { id } });
}

export async function addConflict(deps: AppDeps, actor: Actor, body: { officerId: string; enterpriseId: string; reason: string }) {
  const [officer, e] = await Promise.all([
    deps.prisma.user.findUnique({ where: { id: body.officerId }, select: { orgId: true } }),
    deps.prisma.enterprise.findUnique({ where: { id: body.enterpriseId }, select: { orgId: true } }),
  ]);
  if (!officer || officer.orgId !== actor.orgId) throw invalid(`执法人员 ${body.officerId} 不是本机关人员`);
  if (!e || e.orgId !== actor.orgId) throw invalid(`生产经营单位 ${body.enterpriseId} 不归本机关监管`);
  const id = hashId('conflict', body.officerId, body.enterpriseId);
  await deps.prisma.$transaction(async (tx) => {
    if (await tx.conflictOfInterest.findUnique({ where: { id }, select: { id: true } })) return;
    await tx.conflictOfInterest.create({ data: { id, officerId: body.officerId, enterpriseId: body.enterpriseId, reason: body.reason, createdById: actor.userId } });
    await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip, action: 'conflict.recorded', subjectType: 'ConflictOfInterest', subjectId: id, orgId: actor.orgId,
      data: { officerId: body.officerId, enterpriseId: body.enterpriseId, reason: body.reason } });
  });
  return { id, ...body };
}

export async function listConflicts(deps: AppDeps, actor: Actor) {
  const officers = await deps.prisma.user.findMany({ where: { orgId: actor.orgId }, select: { id: true } });
  return { items: await deps.prisma.conflictOfInterest.findMany({ where: { officerId: { in: officers.map((o) => o.id) } }, orderBy: { createdAt: 'desc' } }) };
}
