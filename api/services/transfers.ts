import { createHash, randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.ts';
import { CRIME_CATEGORIES, type CrimeCategoryId, type HarmFacts } from '../../rules/criminal-thresholds.ts';
import { loadActor } from '../../store/users.ts';
import { caseWorkflowId, type Actor } from '../../workflows/messages.ts';
import {
  checkTransferOfficers, flagSuspectedCrimeUpdate, OPEN_TRANSFER_STATUSES, recordHarmUpdate, recordProcuratorOpinionUpdate,
  transferWorkflowId, type TransferInput,
} from '../../workflows/transfer-messages.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../errors.ts';
import { completeTask } from './tasks.ts';
import { startRecorded, update } from '../workflow-calls.ts';

// 行刑衔接 (issue 5): the bureau's, the police's, the procuratorate's and the city's view of
// criminal transfers. The API only checks who asks; the workflow decides.

export interface TransferReport { category: CrimeCategoryId; harm: HarmFacts; facts: string; report: string; officerIds: string[] }
export interface StandaloneTransfer extends TransferReport { inspectionRef: string; enterpriseId?: string; partyName: string }

const BUREAU_ROLES = ['HANDLER', 'SUPERVISOR', 'HEAD'];
const isBureau = (a: Actor) => a.roles.some((r) => BUREAU_ROLES.includes(r));
const isCity = (a: Actor) => a.roles.includes('CITY_SUPERVISOR');
const isPolice = (a: Actor) => a.roles.includes('PSB_RECEIVER');
const isProcurator = (a: Actor) => a.roles.includes('PROCURATOR');
/** Not yet sent: only the bureau (and the city) see it. */
const UNSENT = ['AWAITING_APPROVAL', 'APPROVED', 'REFUSED'];
const CITY_REGION = '530400';

async function officersOf(deps: AppDeps, ids: string[]): Promise<Actor[]> {
  const unique = [...new Set(ids)].slice(0, 10);
  return (await Promise.all(unique.map((id) => loadActor(deps.prisma, id)))).filter((a): a is Actor => !!a);
}

const keyed = (actor: Actor, what: string, key: string) => createHash('sha256').update(`${actor.userId}\u0000${what}\u0000${key}`).digest('hex').slice(0, 32);

/** A transfer started from an inspection record, without a case (as referrals can be). */
export async function createTransfer(deps: AppDeps, actor: Actor, d: StandaloneTransfer, key?: string) {
  if (!isBureau(actor)) throw forbidden('只有执法机关人员可以移送涉嫌犯罪案件');
  if (d.enterpriseId) {
    const e = await deps.prisma.enterprise.findUnique({ where: { id: d.enterpriseId }, select: { orgId: true } });
    if (!e) throw invalid(`生产经营单位 ${d.enterpriseId} 不存在`);
  }
  const refusal = checkTransferOfficers(actor.orgId, d.officerIds, await officersOf(deps, d.officerIds));
  if (refusal) throw invalid(refusal);
  const transferId = key ? keyed(actor, 'transfer', key) : randomUUID();
  const input: TransferInput = {
    transferId, fromOrgId: actor.orgId, inspectionRef: d.inspectionRef, enterpriseId: d.enterpriseId, partyName: d.partyName,
    category: d.category, harm: d.harm, facts: d.facts, report: d.report, officerIds: d.officerIds, flaggedBy: actor,
  };
  await startRecorded(deps, 'transferWorkflow', transferWorkflowId(transferId), input);
  return { id: transferId, workflowId: transferWorkflowId(transferId) };
}

async function openCase(deps: AppDeps, actor: Actor, caseId: string) {
  const c = await deps.prisma.case.findUnique({ where: { id: caseId }, select: { orgId: true, status: true, filedAt: true } });
  if (!c || c.orgId !== actor.orgId) throw notFound('案件');
  if (!c.filedAt) throw conflict('案件尚未立案');
  if (c.status !== 'OPEN') throw conflict('案件已结案，不能再移送');
  return caseWorkflowId(caseId);
}

/** A handler flags a suspected crime on a case: the case workflow starts the transfer. */
export async function flagCaseTransfer(deps: AppDeps, actor: Actor, caseId: string, r: TransferReport, key?: string) {
  const h = await openCase(deps, actor, caseId);
  const officers = await officersOf(deps, r.officerIds);
  return update(deps, h, flagSuspectedCrimeUpdate, [{ actor, ...r, officers }], key ? `flag:${keyed(actor, 'flag', key)}` : undefined);
}

export async function recordHarm(deps: AppDeps, actor: Actor, caseId: string, harm: HarmFacts) {
  const h = await openCase(deps, actor, caseId);
  return update(deps, h, recordHarmUpdate, [{ actor, harm }]);
}

/** Who sees a transfer: the bureau, the receiving police office once sent, the procuratorate of its area, the city. */
async function visibleWhere(deps: AppDeps, actor: Actor): Promise<Prisma.TransferWhereInput> {
  if (isCity(actor)) return {};
  if (isPolice(actor)) return { psbOrgId: actor.orgId, status: { notIn: UNSENT } };
  if (isProcurator(actor)) {
    const org = await deps.prisma.org.findUnique({ where: { id: actor.orgId }, select: { regionCode: true } });
    // The city procuratorate's area is the whole city; a county's is its own county.
    return org?.regionCode === CITY_REGION ? { status: { notIn: UNSENT } } : { procuratorateOrgId: actor.orgId, status: { notIn: UNSENT } };
  }
  if (isBureau(actor)) return { fromOrgId: actor.orgId };
  return { id: '' };
}

const isOverdue = (r: { status: string; stepDueAt: Date | null }, now: Date) =>
  OPEN_TRANSFER_STATUSES.includes(r.status as never) && !!r.stepDueAt && r.stepDueAt < now;

export async function listTransfers(deps: AppDeps, actor: Actor, f: { status?: string; overdue?: boolean }) {
  const now = new Date();
  const overdueWhere: Prisma.TransferWhereInput = { status: { in: [...OPEN_TRANSFER_STATUSES] }, stepDueAt: { lt: now } };
  const where: Prisma.TransferWhereInput = { AND: [await visibleWhere(deps, actor), f.status ? { status: f.status } : {}, f.overdue ? overdueWhere : {}] };
  const rows = await deps.prisma.transfer.findMany({
    where, orderBy: { createdAt: 'desc' }, take: 200,
    select: { id: true, caseId: true, fromOrgId: true, psbOrgId: true, procuratorateOrgId: true, category: true, status: true, partyName: true,
      letterNumber: true, stepDueAt: true, overdueSteps: true, createdAt: true, closedAt: true },
  });
  const orgs = await deps.prisma.org.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => [r.fromOrgId, r.psbOrgId]))] } }, select: { id: true, name: true } });
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  const items = rows.map((r) => ({
    ...r, fromOrgName: name(r.fromOrgId), psbOrgName: name(r.psbOrgId), overdue: isOverdue(r, now),
    crime: CRIME_CATEGORIES[r.category as CrimeCategoryId]?.label ?? r.category,
  }));
  const out: Record<string, unknown> = { items };
  if (isCity(actor)) {
    // Every bureau's overdue steps so far (evaluation data), not only this page.
    const all = await deps.prisma.transfer.groupBy({ by: ['fromOrgId'], _sum: { overdueSteps: true }, where: { overdueSteps: { gt: 0 } } });
    const names = await deps.prisma.org.findMany({ where: { id: { in: all.map((a) => a.fromOrgId) } }, select: { id: true, name: true } });
    out.overdueByBureau = all.map((a) => ({ orgId: a.fromOrgId, name: names.find((o) => o.id === a.fromOrgId)?.name ?? a.fromOrgId, count: a._sum.overdueSteps ?? 0 }))
      .sort((a, b) => b.count - a.count);
    // Suggested transfers a supervisor dismissed, with the reason (不得有案不移: evaluation data).
    const dismissed = await deps.prisma.auditEvent.findMany({
      where: { action: 'transfer.suggestion_dismissed' }, orderBy: { id: 'desc' }, take: 100,
      select: { caseId: true, orgId: true, at: true, data: true },
    });
    const dnames = await deps.prisma.org.findMany({ where: { id: { in: [...new Set(dismissed.map((x) => x.orgId ?? ''))] } }, select: { id: true, name: true } });
    out.dismissedSuggestions = dismissed.map((x) => ({
      caseId: x.caseId, orgId: x.orgId, orgName: dnames.find((o) => o.id === x.orgId)?.name ?? x.orgId, at: x.at,
      reason: (x.data as { reason?: string }).reason ?? null, reasons: (x.data as { reasons?: string[] }).reasons ?? [],
    }));
  }
  return out;
}

async function visibleRow(deps: AppDeps, actor: Actor, id: string) {
  const r = await deps.prisma.transfer.findFirst({ where: { AND: [{ id }, await visibleWhere(deps, actor)] } });
  if (r) return r;
  // A police or procuratorate user of another office: say so plainly, show nothing.
  if ((isPolice(actor) || isProcurator(actor)) && await deps.prisma.transfer.count({ where: { id, status: { notIn: UNSENT } } })) {
    throw forbidden(isPolice(actor) ? '该案件不是移送给本机关的，不能办理' : '该案件不在本院监督范围内');
  }
  throw notFound('移送案件');
}

export async function getTransfer(deps: AppDeps, actor: Actor, id: string) {
  const r = await visibleRow(deps, actor, id);
  const wf = transferWorkflowId(id);
  const [orgs, tasks, documents] = await Promise.all([
    deps.prisma.org.findMany({ where: { id: { in: [r.fromOrgId, r.psbOrgId, r.procuratorateOrgId] } }, select: { id: true, name: true } }),
    deps.prisma.task.findMany({ where: { workflowId: wf }, orderBy: { createdAt: 'asc' },
      select: { id: true, kind: true, title: true, orgId: true, status: true, dueAt: true, outcome: true, completedAt: true, escalationLevel: true } }),
    deps.prisma.document.findMany({ where: { key: { startsWith: `${wf}/` } }, orderBy: { issuedAt: 'asc' },
      select: { id: true, kind: true, title: true, number: true, sha256: true, issuedAt: true } }),
  ]);
  const { requests: _r, actions: _a, ...data } = r.data as Record<string, unknown>;
  const name = (o: string) => orgs.find((x) => x.id === o)?.name ?? o;
  return {
    ...r, data, fromOrgName: name(r.fromOrgId), psbOrgName: name(r.psbOrgId), procuratorateOrgName: name(r.procuratorateOrgId),
    crime: CRIME_CATEGORIES[r.category as CrimeCategoryId]?.label ?? r.category, overdue: isOverdue(r, new Date()), tasks, documents,
  };
}

export type TransferStep = 'approval' | 'delivery' | 'receipt' | 'decision' | 'reconsideration-request' | 'reconsideration'
  | 'supervision-request' | 'supervision' | 'materials' | 'result' | 'opinion-response';
const STEP_KIND: Record<TransferStep, string> = {
  approval: 'TRANSFER_APPROVAL', delivery: 'TRANSFER_DELIVERY', receipt: 'TRANSFER_RECEIPT', decision: 'TRANSFER_FILING_REVIEW',
  'reconsideration-request': 'TRANSFER_NOT_FILED_RESPONSE', reconsideration: 'TRANSFER_RECONSIDERATION',
  'supervision-request': 'TRANSFER_SUPERVISION_REQUEST', supervision: 'TRANSFER_PROCURATORATE_SUPERVISION',
  materials: 'TRANSFER_MATERIALS_HANDOVER', result: 'TRANSFER_CRIMINAL_RESULT', 'opinion-response': 'TRANSFER_OPINION_RESPONSE',
};
const AFTER_RECEIPT = ['RECEIVED', 'FILED', 'NOT_FILED', 'RECONSIDERATION', 'SUPERVISION', 'RETURNED', 'CONCLUDED'];

function noOpenStep(step: TransferStep, status: string): AppError {
  if (step === 'receipt' && AFTER_RECEIPT.includes(status)) return conflict('该移送案件已签收，不能重复签收');
  if (step === 'decision' && ['APPROVED', 'DELIVERED'].includes(status)) return conflict('尚未签收移送案件，不能作出立案或者不予立案决定');
  if (step === 'decision' && AFTER_RECEIPT.includes(status)) return conflict('已作出立案或者不予立案决定');
  return conflict(`该移送案件当前（${status}）不在此办理环节`);
}

/**
 * One step of a transfer, sent as the completion of its open task (the workflow validates the
 * actor and the data). Retries with the same Idempotency-Key get the first answer; without
 * one, a second receipt is a 409. Nothing is written unless the workflow accepted the step.
 */
export async function transferStep(deps: AppDeps, actor: Actor, id: string, step: TransferStep, outcome: string,
  data: Record<string, unknown>, key?: string) {
  const r = await visibleRow(deps, actor, id);
  const requestKey = key ? `${actor.userId}:${step}:${key}` : undefined;
  const done = (r.data as { requests?: Record<string, unknown> }).requests?.[requestKey ?? ''];
  if (done) return done;
  if (step === 'decision' && outcome === 'FORWARD') {
    const to = await deps.prisma.org.findUnique({ where: { id: String(data.toOrgId ?? '') }, select: { kind: true } });
    if (to?.kind !== 'PUBLIC_SECURITY') throw invalid(`${String(data.toOrgId)} 不是公安机关`);
  }
  const task = await deps.prisma.task.findFirst({
    where: { workflowId: transferWorkflowId(id), kind: STEP_KIND[step], status: 'OPEN' }, orderBy: { createdAt: 'desc' },
  });
  if (!task) throw noOpenStep(step, r.status);
  if (task.orgId !== actor.orgId) throw forbidden('该环节不由您的单位办理');
  const result = await completeTask(deps, actor, task.id, outcome, data);
  const answer = { transferId: id, step, outcome: result.outcome, completedAt: result.completedAt, taskId: task.id };
  if (requestKey) {
    await deps.prisma.$executeRaw`UPDATE "Transfer" SET "data" = jsonb_set("data", ARRAY['requests'], COALESCE("data"->'requests', '{}'::jsonb) || jsonb_build_object(${requestKey}::text, ${JSON.stringify(answer)}::jsonb)) WHERE "id" = ${id}`;
  }
  return answer;
}

/** 检察意见 of the procuratorate of the transfer's area. */
export async function recordOpinion(deps: AppDeps, actor: Actor, id: string, opinion: string, key?: string) {
  await visibleRow(deps, actor, id);
  return update(deps, transferWorkflowId(id), recordProcuratorOpinionUpdate, [{ actor, opinion }], key ? `opinion:${keyed(actor, 'opinion', key)}` : undefined);
}
