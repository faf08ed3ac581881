// 交叉执法 (issue 21 item 2): the city draws teams of one county for another's enterprises and each
// check starts an inspection by the team; the findings go to the competent county
// (workflows/cross-finding.ts), whose handling the city follows here.
import { createHash, randomUUID } from 'node:crypto';
import { drawCross } from '../../rules/cross-draw.ts';
import { shanghaiDate } from '../../rules/iso-date.ts';
import { performCrossDraw } from '../../store/cross-draws.ts';
import { visibleOrgIds } from '../../store/visibility.ts';
import { crossFindingWorkflowId } from '../../workflows/cross-finding-messages.ts';
import { inspectionWorkflowId, type InspectionInput } from '../../workflows/inspection-messages.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { startRecorded } from '../workflow-calls.ts';
import { completeTask } from './tasks.ts';

const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

export async function createCrossDraw(deps: AppDeps, actor: Actor, body: { countyIds: string[]; perCounty: number; campaignId?: string }, key?: string) {
  const org = await deps.prisma.org.findUniqueOrThrow({ where: { id: actor.orgId }, select: { kind: true } });
  if (org.kind !== 'CITY_BUREAU') throw forbidden('交叉执法由市应急管理局组织');
  const countyIds = [...new Set(body.countyIds)].sort();
  if (countyIds.length < 2) throw invalid('参加单位：交叉执法至少需要两个县级应急管理部门');
  const counties = await deps.prisma.org.findMany({ where: { id: { in: countyIds }, parentId: actor.orgId, kind: 'COUNTY_BUREAU' }, select: { id: true } });
  if (counties.length !== countyIds.length) throw invalid('参加单位：须为本市所辖的县级应急管理部门');
  if (body.campaignId) {
    const c = await deps.prisma.campaign.findUnique({ where: { id: body.campaignId }, select: { orgId: true, status: true } });
    if (!c || c.orgId !== actor.orgId) throw invalid('专项执法：不存在或不是本机关组织的');
    if (c.status !== 'RUNNING') throw conflict('该专项执法未在实施中');
  }
  const draw = await performCrossDraw(deps.prisma, {
    key: key ? `${actor.userId}\u0000${key}` : `${actor.userId}\u0000${randomUUID()}`, orgId: actor.orgId, countyIds, perCounty: body.perCounty,
    campaignId: body.campaignId, drawnById: actor.userId,
  }, deps.deadlineOverrides, deps.thresholdOverrides);
  if (!draw.checks.length) throw invalid('没有抽到可由其他县检查组检查的企业（企业不足或无回避之外的执法人员），未产生检查');
  const inspections: string[] = [];
  for (const c of draw.checks) {
    // One inspection per draw and enterprise: a retried request starts nothing twice.
    const inspectionId = createHash('sha256').update(`${draw.drawId}\u0000${c.enterpriseId}`).digest('hex').slice(0, 32);
    const input: InspectionInput = {
      inspectionId, orgId: c.teamOrgId, enterpriseId: c.enterpriseId, kind: 'RANDOM', drawId: draw.drawId, campaignId: draw.inputs.campaignId ?? undefined,
      scheduledFor: shanghaiDate(new Date()), officerIds: c.officerIds, createdBy: actor.userId,
      cross: { homeOrgId: c.homeOrgId, cityOrgId: actor.orgId, drawId: draw.drawId },
    };
    await startRecorded(deps, 'inspectionWorkflow', inspectionWorkflowId(inspectionId), input);
    inspections.push(inspectionId);
  }
  return { drawId: draw.drawId, seed: draw.seed, checks: draw.checks, unstaffed: draw.unstaffed, inspections };
}

/** A cross draw with its seed and inputs, and whether the same seed reproduces it. */
export async function getCrossDraw(deps: AppDeps, actor: Actor, id: string) {
  const d = await deps.prisma.inspectionDraw.findUnique({ where: { id } });
  const inputs = d?.inputs as (Parameters<typeof drawCross>[0] & { kind?: string; campaignId: string | null }) | undefined;
  if (!d || inputs?.kind !== 'CROSS' || !(await visibleOrgIds(deps.prisma, actor)).includes(d.orgId)) throw notFound('交叉执法抽取记录');
  const recorded = d.result as unknown as ReturnType<typeof drawCross>;
  return { id: d.id, orgId: d.orgId, seed: d.seed, drawnAt: d.drawnAt, counties: inputs.counties.map((c) => c.orgId), perCounty: inputs.perCounty,
    campaignId: inputs.campaignId, checks: recorded.checks, unstaffed: recorded.unstaffed, matches: canonical(drawCross(inputs)) === canonical(recorded) };
}

/**
 * Cross inspections and their findings: the city sees all of its counties', a county those its team
 * did and those done in its territory (its findings), with their state.
 */
export async function listCrossInspections(deps: AppDeps, actor: Actor) {
  const seen = await visibleOrgIds(deps.prisma, actor);
  const rows = await deps.prisma.inspection.findMany({
    where: { crossHomeOrgId: { not: null }, OR: [{ orgId: { in: seen } }, { crossHomeOrgId: { in: seen } }] },
    orderBy: { createdAt: 'desc' }, take: 200,
    select: { id: true, orgId: true, crossHomeOrgId: true, enterpriseId: true, status: true, result: true, recordNumber: true, officerIds: true, drawId: true, campaignId: true, createdAt: true },
  });
  const [findings, orgs, ents] = await Promise.all([
    deps.prisma.crossFinding.findMany({ where: { id: { in: rows.map((r) => r.id) } } }),
    deps.prisma.org.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => [r.orgId, r.crossHomeOrgId!]))] } }, select: { id: true, name: true } }),
    deps.prisma.enterprise.findMany({ where: { id: { in: rows.map((r) => r.enterpriseId) } }, select: { id: true, name: true } }),
  ]);
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  return {
    items: rows.map((r) => {
      const f = findings.find((x) => x.id === r.id);
      return { ...r, teamOrgName: name(r.orgId), homeOrgName: name(r.crossHomeOrgId!), enterpriseName: ents.find((e) => e.id === r.enterpriseId)?.name ?? '',
        finding: f ? { status: f.status, caseId: f.caseId, closeReason: f.closeReason } : null };
    }),
  };
}

async function visibleFinding(deps: AppDeps, actor: Actor, id: string) {
  const f = await deps.prisma.crossFinding.findUnique({ where: { id } });
  const seen = await visibleOrgIds(deps.prisma, actor);
  if (!f || !(seen.includes(f.homeOrgId) || seen.includes(f.teamOrgId))) throw notFound('交叉执法发现的问题');
  return f;
}

export async function getCrossFinding(deps: AppDeps, actor: Actor, id: string) {
  const f = await visibleFinding(deps, actor, id);
  const tasks = await deps.prisma.task.findMany({ where: { workflowId: crossFindingWorkflowId(id) }, orderBy: { createdAt: 'asc' },
    select: { id: true, kind: true, title: true, status: true, orgId: true, outcome: true, completedAt: true } });
  const { actions: _a, ...data } = f.data as Record<string, unknown>;
  return { ...f, data, tasks };
}

/** The competent county's handling: a case (naming the team) or a closure the city must accept. */
export async function handleCrossFinding(deps: AppDeps, actor: Actor, id: string, outcome: 'OPEN_CASE' | 'CLOSE', data: Record<string, unknown>) {
  const f = await visibleFinding(deps, actor, id);
  if (f.homeOrgId !== actor.orgId) throw forbidden('只有属地县级应急管理部门可以处理交叉执法发现的问题');
  const task = await deps.prisma.task.findFirst({ where: { workflowId: crossFindingWorkflowId(id), kind: 'CROSS_FINDING', status: 'OPEN' } });
  if (!task) throw conflict('该问题当前不在属地处理环节');
  const r = await completeTask(deps, actor, task.id, outcome, data);
  return { findingId: id, outcome: r.outcome, completedAt: r.completedAt };
}

/** The city's ruling on a closure without a case. */
export async function ruleCrossFindingClosure(deps: AppDeps, actor: Actor, id: string, outcome: 'ACCEPT' | 'REFUSE', data: Record<string, unknown>) {
  await visibleFinding(deps, actor, id);
  const task = await deps.prisma.task.findFirst({ where: { workflowId: crossFindingWorkflowId(id), kind: 'CROSS_FINDING_CLOSURE', status: 'OPEN' } });
  if (!task) throw conflict('该问题没有待审核的不予立案申请');
  const r = await completeTask(deps, actor, task.id, outcome, data);
  return { findingId: id, outcome: r.outcome, completedAt: r.completedAt };
}
