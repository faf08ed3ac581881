import { createHash, randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.ts';
import { DEFAULT_SAMPLE_PERCENT, itemRefusals, overlapRefusal, termRefusal } from '../../rules/delegation-rules.ts';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { loadActor } from '../../store/users.ts';
import {
  delegatedMatterWorkflowId, delegationWorkflowId, recallMatterUpdate, revokeDelegationUpdate, type DelegationInput,
} from '../../workflows/delegation-messages.ts';
import type { Actor } from '../../workflows/messages.ts';
import { orgFilter } from '../../store/visibility.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { delegationFor, routeToDelegation } from './delegation-scope.ts';
import { registerSummaryCase, type SummaryCase } from './summary.ts';
import { completeTask } from './tasks.ts';
import { startRecorded, update } from '../workflow-calls.ts';

export interface DraftDelegation {
  townshipOrgId: string; itemCodes: string[]; officerIds: string[]; startDate: string; endDate: string; samplePercent?: number;
}

const isCity = (a: Actor) => a.roles.includes('CITY_SUPERVISOR');
const isTownship = (a: Actor) => a.roles.includes('TOWNSHIP_OFFICER');
const idFor = (actor: Actor, what: string, key?: string) =>
  (key ? createHash('sha256').update(`${actor.userId}\u0000${what}\u0000${key}`).digest('hex').slice(0, 32) : randomUUID());

/** Checks a draft against the catalog, the township, its officers and the live delegations. Writes nothing. */
async function checkDraft(deps: AppDeps, actor: Actor, d: DraftDelegation, renewsId?: string): Promise<void> {
  if (!actor.roles.includes('HEAD')) throw forbidden('只有县级应急管理部门负责人可以委托乡镇（街道）执法');
  const county = await deps.prisma.org.findUniqueOrThrow({ where: { id: actor.orgId }, select: { kind: true } });
  // The township may not pass the power on (CF 20 ③): only a county bureau delegates.
  if (county.kind !== 'COUNTY_BUREAU') throw forbidden('只有县级应急管理部门可以委托乡镇（街道）执法，受委托组织不得再委托');
  const township = await deps.prisma.org.findUnique({ where: { id: d.townshipOrgId }, select: { kind: true, parentId: true, name: true } });
  if (!township || !['TOWNSHIP', 'DEV_ZONE'].includes(township.kind) || township.parentId !== actor.orgId) {
    throw invalid(`${d.townshipOrgId} 不是本县（市、区）所辖的乡镇（街道）`);
  }
  const items = await deps.prisma.catalogItem.findMany({ where: { code: { in: d.itemCodes } }, select: { code: true, name: true, delegable: true, coercive: true } });
  const itemErrors = itemRefusals(d.itemCodes, items);
  if (itemErrors.length) throw invalid(itemErrors.join('；'));
  if (d.officerIds.length === 0) throw invalid('请列明受委托的执法人员');
  for (const id of new Set(d.officerIds)) {
    const o = await loadActor(deps.prisma, id);
    if (!o || o.orgId !== d.townshipOrgId || !o.roles.includes('TOWNSHIP_OFFICER')) throw invalid(`执法人员 ${id} 不是${township.name}的执法人员`);
    if (!o.certified) throw invalid(`${o.name}没有有效的行政执法证，不能受委托执法（《行政处罚法》第21条）`);
  }
  const term = termRefusal(d, shanghaiDate(new Date()));
  if (term) throw invalid(term);
  const existing = await deps.prisma.delegation.findMany({ where: { townshipOrgId: d.townshipOrgId, id: renewsId ? { not: renewsId } : undefined } });
  const overlap = overlapRefusal(d, existing);
  if (overlap) throw conflict(overlap);
}

export async function draftDelegation(deps: AppDeps, actor: Actor, d: DraftDelegation, key?: string, renewsId?: string) {
  const delegationId = idFor(actor, renewsId ? `renew-${renewsId}` : 'delegation', key);
  if (key && await deps.prisma.delegation.findUnique({ where: { id: delegationId }, select: { id: true } })) {
    return { id: delegationId, workflowId: delegationWorkflowId(delegationId) };
  }
  await checkDraft(deps, actor, d, renewsId);
  const input: DelegationInput = {
    delegationId, countyOrgId: actor.orgId, townshipOrgId: d.townshipOrgId, itemCodes: [...new Set(d.itemCodes)].sort(),
    officerIds: [...new Set(d.officerIds)].sort(), startDate: d.startDate, endDate: d.endDate,
    samplePercent: d.samplePercent ?? DEFAULT_SAMPLE_PERCENT, renewsId, draftedBy: actor,
  };
  await startRecorded(deps, 'delegationWorkflow', delegationWorkflowId(delegationId), input);
  return { id: delegationId, workflowId: delegationWorkflowId(delegationId) };
}

/** 续期: a new term from the day after the old one ends, through the same approval. */
export async function renewDelegation(deps: AppDeps, actor: Actor, id: string, b: { endDate: string; officerIds?: string[] }, key?: string) {
  const old = await visibleDelegation(deps, actor, id);
  if (old.countyOrgId !== actor.orgId) throw forbidden('只有委托机关可以续期');
  if (!['SIGNED', 'IN_FORCE'].includes(old.status)) throw conflict('只有已签发或正在生效的委托可以续期');
  return draftDelegation(deps, actor, {
    townshipOrgId: old.townshipOrgId, itemCodes: old.itemCodes, officerIds: b.officerIds ?? old.officerIds,
    startDate: addDays(old.endDate, 1), endDate: b.endDate, samplePercent: old.samplePercent,
  }, key ?? 'renewal', old.id);
}

async function visibleWhere(deps: AppDeps, actor: Actor): Promise<Prisma.DelegationWhereInput> {
  if (!isCity(actor) && isTownship(actor)) return { townshipOrgId: actor.orgId, status: { in: ['SIGNED', 'IN_FORCE', 'EXPIRED', 'REVOKED'] } };
  return { countyOrgId: await orgFilter(deps.prisma, actor) };
}

async function visibleDelegation(deps: AppDeps, actor: Actor, id: string) {
  const d = await deps.prisma.delegation.findFirst({ where: { AND: [{ id }, await visibleWhere(deps, actor)] } });
  if (!d) throw notFound('委托');
  return d;
}

const orgNames = async (deps: AppDeps, ids: string[]) =>
  new Map((await deps.prisma.org.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));

export async function listDelegations(deps: AppDeps, actor: Actor) {
  const rows = await deps.prisma.delegation.findMany({ where: await visibleWhere(deps, actor), orderBy: { createdAt: 'desc' }, take: 200 });
  const names = await orgNames(deps, rows.flatMap((r) => [r.countyOrgId, r.townshipOrgId]));
  const items = rows.map(({ data: _d, ...r }) => ({ ...r, countyName: names.get(r.countyOrgId), townshipName: names.get(r.townshipOrgId) }));
  // 考核 is the county's and the city's view, not a township's.
  return { items, byTownship: !isCity(actor) && isTownship(actor) ? undefined : await townshipScores(deps, actor) };
}

/** 考核: per township, matters overdue and reviews failed (over all matters, not only the list's page). */
async function townshipScores(deps: AppDeps, actor: Actor) {
  const where: Prisma.DelegatedMatterWhereInput = { countyOrgId: await orgFilter(deps.prisma, actor) };
  const [all, overdue, failed] = await Promise.all([
    deps.prisma.delegatedMatter.groupBy({ by: ['townshipOrgId'], where, _count: { _all: true } }),
    deps.prisma.delegatedMatter.groupBy({ by: ['townshipOrgId'], where: { ...where, overdue: true }, _count: { _all: true } }),
    deps.prisma.delegatedMatter.groupBy({ by: ['townshipOrgId'], where: { ...where, reviewResult: 'FAILED' }, _count: { _all: true } }),
  ]);
  const tnames = await orgNames(deps, all.map((x) => x.townshipOrgId));
  const count = (g: typeof all, id: string) => g.find((x) => x.townshipOrgId === id)?._count._all ?? 0;
  return all.map((g) => ({ townshipOrgId: g.townshipOrgId, name: tnames.get(g.townshipOrgId) ?? g.townshipOrgId,
    matters: g._count._all, overdue: count(overdue, g.townshipOrgId), failedReviews: count(failed, g.townshipOrgId) }));
}

export async function getDelegation(deps: AppDeps, actor: Actor, id: string) {
  const d = await visibleDelegation(deps, actor, id);
  const wf = delegationWorkflowId(id);
  const [names, items, officers, tasks, letters, matters] = await Promise.all([
    orgNames(deps, [d.countyOrgId, d.townshipOrgId]),
    deps.prisma.catalogItem.findMany({ where: { code: { in: d.itemCodes } }, select: { code: true, name: true } }),
    deps.prisma.user.findMany({ where: { id: { in: d.officerIds } }, select: { id: true, displayName: true } }),
    deps.prisma.task.findMany({ where: { workflowId: { startsWith: wf }, ...(isTownship(actor) ? { orgId: actor.orgId } : {}) }, orderBy: { createdAt: 'asc' },
      select: { id: true, kind: true, title: true, orgId: true, status: true, dueAt: true, outcome: true, completedAt: true } }),
    deps.prisma.document.findMany({ where: { kind: 'DELEGATION_LETTER', key: { startsWith: `${wf}/` } }, select: { id: true, number: true, sha256: true, issuedAt: true } }),
    deps.prisma.delegatedMatter.findMany({ where: { delegationId: id }, orderBy: { createdAt: 'desc' }, take: 500 }),
  ]);
  const data = d.data as { events?: unknown[]; samplings?: unknown[] };
  return {
    ...d, data: undefined, events: data.events ?? [], samplings: data.samplings ?? [],
    countyName: names.get(d.countyOrgId), townshipName: names.get(d.townshipOrgId), items, officers, tasks, letters,
    matters: matters.map(({ data: _x, ...m }) => m),
  };
}

/** 法制审核 / 签发: the completion of the open task of that kind. */
export async function delegationStep(deps: AppDeps, actor: Actor, id: string, kind: 'DELEGATION_LEGAL_REVIEW' | 'DELEGATION_SIGNATURE', outcome: string, data: Record<string, unknown>) {
  const d = await visibleDelegation(deps, actor, id);
  const task = await deps.prisma.task.findFirst({ where: { workflowId: delegationWorkflowId(id), kind, status: 'OPEN' } });
  if (!task) throw conflict(`该委托当前（${d.status}）不在${kind === 'DELEGATION_LEGAL_REVIEW' ? '法制审核' : '签发'}环节`);
  return completeTask(deps, actor, task.id, outcome, data);
}

export async function revokeDelegation(deps: AppDeps, actor: Actor, id: string, reason: string) {
  const d = await visibleDelegation(deps, actor, id);
  // An ended delegation's workflow has closed (its matters run on in their own): answer as its validator would.
  if (['REJECTED', 'EXPIRED', 'REVOKED'].includes(d.status)) throw conflict(`该委托已${d.status === 'REJECTED' ? '未获批准' : d.status === 'EXPIRED' ? '期满' : '撤销'}，不能撤销`);
  const s = await update(deps, delegationWorkflowId(id), revokeDelegationUpdate, [{ actor, reason }]);
  return { id, status: s.status, returned: s.matters.filter((m) => m.status === 'RETURNED').map((m) => m.matterId) };
}

// ---- matters -----------------------------------------------------------------------

export interface NewMatter { townshipOrgId?: string; itemCode: string; partyName: string; location: string; facts: string }

/** A matter in a township's area: to its queue if a delegation in force covers it, else refused (the county handles it). */
export async function createMatter(deps: AppDeps, actor: Actor, b: NewMatter, key?: string) {
  const townshipOrgId = isTownship(actor) ? actor.orgId : b.townshipOrgId;
  if (!townshipOrgId) throw invalid('请选择事项所在的乡镇（街道）');
  if (!isTownship(actor)) {
    const t = await deps.prisma.org.findUnique({ where: { id: townshipOrgId }, select: { parentId: true } });
    if (t?.parentId !== actor.orgId) throw invalid(`${townshipOrgId} 不是本县（市、区）所辖的乡镇（街道）`);
  }
  const d = await delegationFor(deps, townshipOrgId, b.itemCode);
  const matterId = idFor(actor, 'matter', key);
  const view = await routeToDelegation(deps, d.id, { matterId, itemCode: b.itemCode, townshipOrgId, partyName: b.partyName, location: b.location, facts: b.facts, reportedBy: actor });
  return { id: matterId, delegationId: d.id, status: view.status };
}

async function matterWhere(deps: AppDeps, actor: Actor): Promise<Prisma.DelegatedMatterWhereInput> {
  if (!isCity(actor) && isTownship(actor)) return { townshipOrgId: actor.orgId };
  return { countyOrgId: await orgFilter(deps.prisma, actor) };
}

export async function listMatters(deps: AppDeps, actor: Actor, f: { status?: string } = {}) {
  const rows = await deps.prisma.delegatedMatter.findMany({ where: { AND: [await matterWhere(deps, actor), f.status ? { status: f.status } : {}] }, orderBy: { createdAt: 'desc' }, take: 200 });
  const names = await orgNames(deps, rows.map((r) => r.townshipOrgId));
  const now = Date.now();
  return { items: rows.map(({ data: _d, ...m }) => ({ ...m, townshipName: names.get(m.townshipOrgId), late: m.status === 'OPEN' && !!m.dueAt && m.dueAt.getTime() < now })) };
}

async function visibleMatter(deps: AppDeps, actor: Actor, id: string) {
  const m = await deps.prisma.delegatedMatter.findFirst({ where: { AND: [{ id }, await matterWhere(deps, actor)] } });
  if (!m) throw notFound('委托事项');
  return m;
}

export async function getMatter(deps: AppDeps, actor: Actor, id: string) {
  const m = await visibleMatter(deps, actor, id);
  const [names, item, tasks, d] = await Promise.all([
    orgNames(deps, [m.countyOrgId, m.townshipOrgId]),
    deps.prisma.catalogItem.findUnique({ where: { code: m.catalogItemCode }, select: { code: true, name: true } }),
    deps.prisma.task.findMany({ where: { workflowId: { startsWith: delegationWorkflowId(m.delegationId) }, payload: { path: ['matterId'], equals: id } }, orderBy: { createdAt: 'asc' },
      select: { id: true, kind: true, title: true, orgId: true, status: true, dueAt: true, outcome: true } }),
    deps.prisma.delegation.findUnique({ where: { id: m.delegationId }, select: { letterNumber: true, officerIds: true } }),
  ]);
  const decision = m.caseId ? await deps.prisma.document.findFirst({ where: { caseId: m.caseId, kind: 'SUMMARY_DECISION' }, select: { number: true } }) : null;
  return {
    ...m, countyName: names.get(m.countyOrgId)?.replace(/（[^）]*）$/, ''), townshipName: names.get(m.townshipOrgId), item, tasks,
    letterNumber: d?.letterNumber, delegationOfficerIds: d?.officerIds ?? [], decisionNumber: decision?.number,
  };
}

async function openMatterTask(deps: AppDeps, m: { id: string; delegationId: string; status: string }) {
  const task = await deps.prisma.task.findFirst({ where: { workflowId: delegatedMatterWorkflowId(m.delegationId, m.id), kind: 'DELEGATED_MATTER', status: 'OPEN', payload: { path: ['matterId'], equals: m.id } } });
  if (!task) throw conflict(m.status === 'OPEN' ? '该委托事项正在登记，请稍后再试' : '该委托事项已办结或已由县局收回');
  return task;
}

/** The township closes a matter: no violation found, or handed back to the county. */
export async function closeMatter(deps: AppDeps, actor: Actor, id: string, outcome: 'NO_VIOLATION' | 'RETURN', data: Record<string, unknown>) {
  const m = await visibleMatter(deps, actor, id);
  const d = await deps.prisma.delegation.findUniqueOrThrow({ where: { id: m.delegationId } });
  if (['REVOKED', 'EXPIRED'].includes(d.status)) throw invalid(d.status === 'REVOKED' ? '该委托已被撤销，乡镇（街道）不能再办理' : '该委托已期满，乡镇（街道）不能再办理');
  const task = await openMatterTask(deps, m);
  return completeTask(deps, actor, task.id, outcome, data);
}

/** 当场处罚 on a matter in the township's queue, in the county bureau's name. */
export async function decideMatter(deps: AppDeps, actor: Actor, id: string, b: Omit<SummaryCase, 'catalogItemId'>, key?: string) {
  const m = await visibleMatter(deps, actor, id);
  if (!isTownship(actor)) throw forbidden('只有受委托的乡镇（街道）执法人员可以办理');
  return registerSummaryCase(deps, actor, { ...b, catalogItemId: m.catalogItemCode }, key ?? `matter-${id}`, { matterId: id });
}

/** 收回: the county takes an open matter back into its own queue. */
export async function recallMatter(deps: AppDeps, actor: Actor, id: string, reason: string) {
  const m = await visibleMatter(deps, actor, id);
  if (m.countyOrgId !== actor.orgId) throw notFound('委托事项');
  if (m.status !== 'OPEN' || m.caseId) throw conflict('该委托事项已办结或已收回，不能再收回');
  const view = await update(deps, delegationWorkflowId(m.delegationId), recallMatterUpdate, [{ matterId: id, actor, reason }]);
  return { id, status: view.status };
}

/** What the head's draft form offers: the county's townships, its delegable items, their certified officers. */
export async function draftOptions(deps: AppDeps, actor: Actor) {
  const townships = await deps.prisma.org.findMany({ where: { parentId: actor.orgId, kind: { in: ['TOWNSHIP', 'DEV_ZONE'] } }, orderBy: { id: 'asc' }, select: { id: true, name: true } });
  const [items, officers] = await Promise.all([
    deps.prisma.catalogItem.findMany({ where: { delegable: true, coercive: false }, orderBy: { code: 'asc' }, select: { code: true, name: true } }),
    deps.prisma.user.findMany({ where: { orgId: { in: townships.map((t) => t.id) }, roles: { has: 'TOWNSHIP_OFFICER' }, active: true }, orderBy: { id: 'asc' }, select: { id: true, displayName: true, orgId: true } }),
  ]);
  return { townships, items, officers: officers.map((o) => ({ ...o, orgName: townships.find((t) => t.id === o.orgId)?.name })) };
}

/** 公示: delegations signed and not yet ended, with their 委托书 number (CF 20 ②). */
export async function publicDelegations(deps: AppDeps) {
  const rows = await deps.prisma.delegation.findMany({ where: { status: { in: ['SIGNED', 'IN_FORCE'] }, disclosedAt: { not: null } }, orderBy: { disclosedAt: 'desc' }, take: 500 });
  const names = await orgNames(deps, rows.flatMap((r) => [r.countyOrgId, r.townshipOrgId]));
  const items = await deps.prisma.catalogItem.findMany({ where: { code: { in: [...new Set(rows.flatMap((r) => r.itemCodes))] } }, select: { code: true, name: true } });
  return { items: rows.map((r) => ({
    id: r.id, letterNumber: r.letterNumber, countyName: names.get(r.countyOrgId), townshipName: names.get(r.townshipOrgId),
    startDate: r.startDate, endDate: r.endDate, status: r.status, matters: r.itemCodes.map((c) => items.find((i) => i.code === c)?.name ?? c),
  })) };
}
