// 联合执法 and visit frequency (issue 21 items 3, 5): an inspection started outside the plan
// (ad hoc, on a complaint, or jointly with other units and departments), the participants'
// signatures, and every visit an enterprise has had, by whom.
import { randomUUID } from 'node:crypto';
import { hashId } from '../../store/inspection-draws.ts';
import { canSeeOrg } from '../../store/visibility.ts';
import { overLimitOf, reserveVisit, visitPolicy, windowStart } from '../../store/visits.ts';
import { shanghaiDate } from '../../rules/iso-date.ts';
import { inspectionWorkflowId, type InspectionInput, type JointParticipant } from '../../workflows/inspection-messages.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { completeTask } from './tasks.ts';
import { startRecorded } from '../workflow-calls.ts';

export interface NewInspection {
  enterpriseId: string;
  officerIds: string[];
  kind: 'AD_HOC' | 'COMPLAINT';
  scheduledFor?: string;
  participants: { orgId: string; unit?: string; officerIds: string[] }[];
  overLimitReason?: string;
}

const PARTICIPANT_KINDS = new Set(['DEPARTMENT', 'COUNTY_BUREAU', 'CITY_BUREAU', 'TOWNSHIP', 'DEV_ZONE']);

/** Who of the participating org can sign: a department's portal users, a bureau's officers. */
const signerRoles = (kind: string): JointParticipant['roles'] => (kind === 'DEPARTMENT' ? ['DEPT_RECEIVER'] : ['HANDLER', 'SUPERVISOR', 'HEAD']);

async function participantsOf(deps: AppDeps, actor: Actor, list: NewInspection['participants']): Promise<JointParticipant[]> {
  const out: JointParticipant[] = [];
  for (const [n, p] of list.entries()) {
    const at = `参加单位${n + 1}`;
    if (out.some((o) => o.orgId === p.orgId)) throw invalid(`${at}：同一单位只能登记一次`);
    const org = await deps.prisma.org.findUnique({ where: { id: p.orgId }, select: { kind: true, name: true } });
    if (!org || !PARTICIPANT_KINDS.has(org.kind)) throw invalid(`${at}：${p.orgId} 不是可参加联合检查的单位或部门`);
    // The bureau's own 内设机构 takes part under the bureau's id, with the unit's name.
    if (p.orgId === actor.orgId && !p.unit) throw invalid(`${at}：本机关内设机构参加的，须填写内设机构名称`);
    const users = await deps.prisma.user.findMany({ where: { id: { in: p.officerIds }, active: true }, select: { id: true, orgId: true, displayName: true } });
    for (const id of p.officerIds) {
      const u = users.find((x) => x.id === id);
      if (!u || u.orgId !== p.orgId) throw invalid(`${at}：人员 ${id} 不是${org.name}的在职人员`);
    }
    out.push({ orgId: p.orgId, ...(p.unit ? { unit: p.unit } : {}), roles: signerRoles(org.kind), officerIds: [...new Set(p.officerIds)] });
  }
  return out;
}

/**
 * Starts an inspection outside the plan. A visit that would take the enterprise over the
 * frequency policy needs a reason, which the head decides on (the workflow's first step);
 * without one it is refused here, naming the enterprise and its count. Complaints do not count.
 */
export async function startInspection(deps: AppDeps, actor: Actor, body: NewInspection, key?: string) {
  const org = await deps.prisma.org.findUniqueOrThrow({ where: { id: actor.orgId }, select: { kind: true } });
  if (org.kind !== 'COUNTY_BUREAU' && org.kind !== 'CITY_BUREAU') throw forbidden('只有应急管理部门可以开展监督检查');
  const e = await deps.prisma.enterprise.findUnique({ where: { id: body.enterpriseId }, select: { id: true, orgId: true } });
  if (!e || !(await canSeeOrg(deps.prisma, actor, e.orgId))) throw invalid(`生产经营单位 ${body.enterpriseId} 不存在或不归本机关监管`);
  const officers = await deps.prisma.user.findMany({ where: { id: { in: body.officerIds }, orgId: actor.orgId, active: true }, select: { id: true } });
  const missing = body.officerIds.find((id) => !officers.some((o) => o.id === id));
  if (missing) throw invalid(`执法人员 ${missing} 不是本机关的在职人员`);
  const participants = await participantsOf(deps, actor, body.participants);

  const inspectionId = key ? hashId('inspection', actor.userId, key) : randomUUID();
  const existing = await deps.prisma.inspection.findUnique({ where: { id: inspectionId }, select: { id: true, enterpriseId: true } });
  if (existing) {
    if (existing.enterpriseId !== body.enterpriseId) throw conflict('该 Idempotency-Key 已用于另一次检查');
    return { inspectionId, workflowId: inspectionWorkflowId(inspectionId), visits: null, overLimit: null };
  }
  const scheduledFor = body.scheduledFor ?? shanghaiDate(new Date());
  const visits = body.kind === 'COMPLAINT' ? null : await reserveVisit(deps.prisma, {
    inspectionId, enterpriseId: body.enterpriseId, scheduledFor, reason: body.overLimitReason, field: 'overLimitReason',
  }, visitPolicy(deps.deadlineOverrides, deps.thresholdOverrides));
  const overLimit = overLimitOf(visits, body.overLimitReason);
  const input: InspectionInput = {
    inspectionId, orgId: actor.orgId, enterpriseId: body.enterpriseId, kind: body.kind, scheduledFor,
    officerIds: body.officerIds, createdBy: actor.userId, ...(participants.length ? { participants } : {}), ...(overLimit ? { overLimit } : {}),
  };
  await startRecorded(deps, 'inspectionWorkflow', inspectionWorkflowId(inspectionId), input);
  return { inspectionId, workflowId: inspectionWorkflowId(inspectionId), visits: visits ? { count: visits.count, limit: visits.limit, windowMonths: visits.windowMonths } : null, overLimit: overLimit ?? null };
}

/** Whether the actor's org takes part in the inspection (its officers see it and sign in their portal). */
export async function participatesIn(deps: AppDeps, actor: Actor, inspectionId: string): Promise<boolean> {
  return !!(await deps.prisma.inspectionParticipant.findUnique({ where: { inspectionId_orgId: { inspectionId, orgId: actor.orgId } }, select: { id: true } }));
}

/** The participants with their org, officers and signature, for the inspection page. */
export async function participantsView(deps: AppDeps, inspectionId: string) {
  const rows = await deps.prisma.inspectionParticipant.findMany({ where: { inspectionId }, orderBy: { createdAt: 'asc' } });
  const [orgs, users] = await Promise.all([
    deps.prisma.org.findMany({ where: { id: { in: rows.map((r) => r.orgId) } }, select: { id: true, name: true } }),
    deps.prisma.user.findMany({ where: { id: { in: rows.flatMap((r) => [...r.officerIds, r.signedById ?? '']) } }, select: { id: true, displayName: true } }),
  ]);
  const name = (id: string | null) => users.find((u) => u.id === id)?.displayName ?? '';
  return rows.map((r) => ({
    orgId: r.orgId, orgName: orgs.find((o) => o.id === r.orgId)?.name ?? '', unit: r.unit, officers: r.officerIds.map(name),
    signedBy: r.signedById ? name(r.signedById) : null, signedAt: r.signedAt, signedVia: r.signedVia, signatureSha256: r.signatureSha256,
  }));
}

/** A participant's officer signs the 现场检查记录 (in the portal, or on site on their own device). */
export async function signJointRecord(deps: AppDeps, actor: Actor, id: string, body: { image: string; via: 'ON_SITE' | 'PORTAL'; comment?: string }) {
  if (!(await participatesIn(deps, actor, id))) {
    const i = await deps.prisma.inspection.findUnique({ where: { id }, select: { orgId: true } });
    if (!i || !(await canSeeOrg(deps.prisma, actor, i.orgId))) throw notFound('检查');
    throw conflict('本单位不是该检查的联合检查参加单位，无需签署');
  }
  const task = await deps.prisma.task.findFirst({ where: { workflowId: inspectionWorkflowId(id), kind: 'JOINT_SIGNATURE', orgId: actor.orgId, status: 'OPEN' } });
  if (!task) throw conflict('本单位当前没有待签署的现场检查记录（尚未填写记录，或已签署、已逾期）');
  const r = await completeTask(deps, actor, task.id, 'SIGN', body);
  return { inspectionId: id, completedAt: r.completedAt, taskId: task.id };
}

const VISIT_KIND = (i: { kind: string; planId: string | null; campaignId: string | null }, joint: boolean) => {
  if (i.campaignId) return 'CAMPAIGN';
  if (i.kind === 'COMPLAINT') return 'COMPLAINT';
  if (joint) return 'JOINT';
  return i.planId ? 'PLAN' : 'AD_HOC';
};

/** Every visit to the enterprise by any Zhifa org, by whom, and its rolling count against the policy. */
export async function enterpriseVisits(deps: AppDeps, enterpriseId: string) {
  const policy = visitPolicy(deps.deadlineOverrides, deps.thresholdOverrides);
  const rows = await deps.prisma.inspection.findMany({ where: { enterpriseId }, orderBy: [{ scheduledFor: 'desc' }, { createdAt: 'desc' }], take: 200,
    select: { id: true, orgId: true, kind: true, planId: true, campaignId: true, scheduledFor: true, status: true, result: true, noticeNumber: true, officerIds: true } });
  const parts = await deps.prisma.inspectionParticipant.findMany({ where: { inspectionId: { in: rows.map((r) => r.id) } } });
  const orgIds = [...new Set([...rows.map((r) => r.orgId), ...parts.map((p) => p.orgId)])];
  const userIds = [...new Set([...rows.flatMap((r) => r.officerIds), ...parts.flatMap((p) => p.officerIds)])];
  const [orgs, users] = await Promise.all([
    deps.prisma.org.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } }),
    deps.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } }),
  ]);
  const org = (id: string) => orgs.find((o) => o.id === id)?.name ?? '';
  const who = (ids: string[]) => ids.map((id) => users.find((u) => u.id === id)?.displayName ?? '').filter(Boolean);
  const since = windowStart(shanghaiDate(new Date()), policy.windowMonths);
  const visits = rows.map((r) => {
    const mine = parts.filter((p) => p.inspectionId === r.id);
    const counts = r.kind !== 'COMPLAINT' && r.result !== 'NOT_APPROVED' && r.scheduledFor.toISOString().slice(0, 10) >= since;
    return {
      inspectionId: r.id, date: r.scheduledFor.toISOString().slice(0, 10), visitKind: VISIT_KIND(r, mine.length > 0), status: r.status, result: r.result,
      noticeNumber: r.noticeNumber, orgName: org(r.orgId), officers: who(r.officerIds), counts,
      participants: mine.map((p) => ({ orgName: org(p.orgId), unit: p.unit, officers: who(p.officerIds), signed: !!p.signedAt })),
    };
  });
  return { visits, count: visits.filter((v) => v.counts).length, limit: policy.limit, windowMonths: policy.windowMonths, since };
}

/** What the page's form offers: the bureau's enterprises and officers, and who may take part. */
export async function newInspectionChoices(deps: AppDeps, actor: Actor) {
  const [enterprises, officers, orgs] = await Promise.all([
    deps.prisma.enterprise.findMany({ where: { orgId: actor.orgId }, orderBy: { id: 'asc' }, select: { id: true, name: true } }),
    deps.prisma.user.findMany({ where: { orgId: actor.orgId, active: true, roles: { hasSome: ['HANDLER', 'SUPERVISOR'] } }, orderBy: { id: 'asc' }, select: { id: true, displayName: true } }),
    deps.prisma.org.findMany({ where: { kind: 'DEPARTMENT' }, orderBy: { id: 'asc' }, select: { id: true, name: true } }),
  ]);
  const own = await deps.prisma.org.findUniqueOrThrow({ where: { id: actor.orgId }, select: { id: true, name: true } });
  const people = await deps.prisma.user.findMany({ where: { orgId: { in: [own.id, ...orgs.map((o) => o.id)] }, active: true }, orderBy: [{ orgId: 'asc' }, { id: 'asc' }],
    select: { id: true, displayName: true, orgId: true } });
  const orgName = (id: string) => (id === own.id ? own.name : orgs.find((o) => o.id === id)?.name ?? '');
  return {
    enterprises, officers, participantOrgs: [{ id: own.id, name: `${own.name}（内设机构）` }, ...orgs],
    participantPeople: people.map((p) => ({ id: p.id, label: `${orgName(p.orgId)}：${p.displayName}` })),
  };
}
