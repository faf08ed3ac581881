// 专项执法 campaigns (issue 21 item 1): drafting, approval, the counties' inspections for a
// campaign, and what the pages show. The campaign's procedure is workflows/campaign.ts.
import { createHash, randomUUID } from 'node:crypto';
import { shanghaiDate } from '../../rules/iso-date.ts';
import type { Role } from '../../rules/roles.ts';
import { campaignCounts } from '../../store/campaign-counts.ts';
import { overLimitOf, reserveVisit, visitPolicy } from '../../store/visits.ts';
import { visibleOrgIds } from '../../store/visibility.ts';
import { campaignWorkflowId, type CampaignChecklistItem, type CampaignInput, type CampaignShareInput } from '../../workflows/campaign-messages.ts';
import { inspectionWorkflowId, type InspectionInput } from '../../workflows/inspection-messages.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { startRecorded } from '../workflow-calls.ts';
import { completeTask } from './tasks.ts';

const hashId = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

export interface DraftCampaign {
  name: string;
  legalBasis: string;
  industries: string[];
  hazardTypes: string[];
  startDate: string;
  endDate: string;
  shares: { orgId: string; target?: number; enterpriseIds: string[] }[];
  checklist: CampaignChecklistItem[];
}

/** Who answers for a share: a county's head (escalated to the city), a township's officers (its county's). */
const SHARE_ROLES: Record<string, Role[]> = { COUNTY_BUREAU: ['HEAD'], TOWNSHIP: ['TOWNSHIP_OFFICER'] };

export async function createCampaign(deps: AppDeps, actor: Actor, d: DraftCampaign, key?: string) {
  const org = await deps.prisma.org.findUniqueOrThrow({ where: { id: actor.orgId }, select: { kind: true } });
  if (org.kind !== 'CITY_BUREAU' && org.kind !== 'COUNTY_BUREAU') throw forbidden('只有市、县级应急管理部门可以组织专项执法');
  const today = shanghaiDate(new Date());
  if (d.endDate < d.startDate) throw invalid('结束日期：不能早于开始日期');
  if (d.endDate <= today) throw invalid('结束日期：须晚于今天');
  const ids = d.shares.map((s) => s.orgId);
  if (new Set(ids).size !== ids.length) throw invalid('任务分配：同一单位出现了两次');
  // The city shares out to its counties; a county to its own townships (reform plan 主要任务（二）).
  const orgs = await deps.prisma.org.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, kind: true, parentId: true } });
  const shares: CampaignShareInput[] = [];
  for (const s of d.shares) {
    const o = orgs.find((x) => x.id === s.orgId);
    if (!o || o.parentId !== actor.orgId || !SHARE_ROLES[o.kind]) throw invalid(`任务分配：${o?.name ?? s.orgId}不是本机关所辖的县级应急管理部门或乡镇（街道）`);
    const enterpriseIds = [...new Set(s.enterpriseIds)];
    if (enterpriseIds.length) {
      // Enterprises are registered to the county bureau; a township's list comes from its county's register.
      const owner = o.kind === 'TOWNSHIP' ? actor.orgId : o.id;
      const found = await deps.prisma.enterprise.findMany({ where: { id: { in: enterpriseIds } }, select: { id: true, orgId: true } });
      const stray = enterpriseIds.find((e) => found.find((f) => f.id === e)?.orgId !== owner);
      if (stray) throw invalid(`企业名单：${stray}不存在或不归${o.name}监管`);
    } else if (!s.target || s.target < 1) {
      throw invalid(`任务分配：请填写${o.name}的检查任务数或企业名单`);
    }
    shares.push({ orgId: o.id, target: enterpriseIds.length || s.target!, enterpriseIds, roles: SHARE_ROLES[o.kind]! });
  }
  const campaignId = key ? hashId('campaign', actor.userId, key) : randomUUID();
  const input: CampaignInput = {
    campaignId, orgId: actor.orgId, name: d.name, legalBasis: d.legalBasis, industries: d.industries, hazardTypes: d.hazardTypes,
    startDate: d.startDate, endDate: d.endDate, shares, checklist: d.checklist, createdBy: actor, requestKey: key,
  };
  await startRecorded(deps, 'campaignWorkflow', campaignWorkflowId(campaignId), input);
  return { id: campaignId, workflowId: campaignWorkflowId(campaignId) };
}

/** A campaign is seen by whoever sees its organising bureau or one of the orgs it is shared to. */
async function visibleCampaign(deps: AppDeps, actor: Actor, id: string) {
  const c = await deps.prisma.campaign.findUnique({ where: { id } });
  if (!c) throw notFound('专项执法');
  const seen = await visibleOrgIds(deps.prisma, actor);
  if (seen.includes(c.orgId)) return c;
  if (await deps.prisma.campaignShare.count({ where: { campaignId: id, orgId: { in: seen } } })) return c;
  throw notFound('专项执法');
}

export async function listCampaigns(deps: AppDeps, actor: Actor) {
  const seen = await visibleOrgIds(deps.prisma, actor);
  const rows = await deps.prisma.campaign.findMany({
    where: { OR: [{ orgId: { in: seen } }, { id: { in: (await deps.prisma.campaignShare.findMany({ where: { orgId: { in: seen } }, select: { campaignId: true } })).map((s) => s.campaignId) } }] },
    orderBy: { createdAt: 'desc' }, take: 200,
    select: { id: true, orgId: true, name: true, startDate: true, endDate: true, status: true, summaryNumber: true, createdAt: true },
  });
  const names = await deps.prisma.org.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.orgId))] } }, select: { id: true, name: true } });
  const items = [];
  for (const r of rows) {
    const { totals } = await campaignCounts(deps.prisma, r.id);
    items.push({ ...r, orgName: names.find((n) => n.id === r.orgId)?.name ?? r.orgId, target: totals.target, inspections: totals.inspections });
  }
  return { items };
}

export async function getCampaign(deps: AppDeps, actor: Actor, id: string) {
  const c = await visibleCampaign(deps, actor, id);
  const wf = campaignWorkflowId(id);
  const [counts, shares, tasks, documents, org] = await Promise.all([
    campaignCounts(deps.prisma, id),
    deps.prisma.campaignShare.findMany({ where: { campaignId: id }, orderBy: { orgId: 'asc' } }),
    deps.prisma.task.findMany({ where: { workflowId: wf }, orderBy: { createdAt: 'asc' },
      select: { id: true, kind: true, title: true, status: true, orgId: true, outcome: true, completedAt: true, warnedAt: true, escalationLevel: true } }),
    deps.prisma.document.findMany({ where: { key: { startsWith: `${wf}/` } }, select: { id: true, kind: true, title: true, number: true, issuedAt: true } }),
    deps.prisma.org.findUniqueOrThrow({ where: { id: c.orgId }, select: { name: true } }),
  ]);
  const { actions: _a, events, ...data } = c.data as Record<string, unknown>;
  const rows = counts.rows.map((r) => {
    const share = shares.find((s) => s.orgId === r.orgId)!;
    return { ...r, enterpriseIds: share.enterpriseIds, warnedAt: share.warnedAt, escalatedAt: share.escalatedAt, lagging: r.inspections < r.target };
  });
  return {
    id: c.id, orgId: c.orgId, orgName: org.name, name: c.name, legalBasis: c.legalBasis, industries: c.industries, hazardTypes: c.hazardTypes,
    startDate: c.startDate, endDate: c.endDate, checklist: c.checklist, status: c.status, createdById: c.createdById, approvedById: c.approvedById,
    warnAt: c.warnAt, summaryNumber: c.summaryNumber, createdAt: c.createdAt, events: (events as unknown[] | undefined) ?? [], workflowId: data.workflowId,
    rows, totals: counts.totals, tasks, documents,
  };
}

export async function campaignApproval(deps: AppDeps, actor: Actor, id: string, outcome: 'APPROVE' | 'REJECT', data: Record<string, unknown>) {
  const c = await visibleCampaign(deps, actor, id);
  if (c.orgId !== actor.orgId) throw notFound('专项执法');
  const task = await deps.prisma.task.findFirst({ where: { workflowId: campaignWorkflowId(id), kind: 'CAMPAIGN_APPROVAL', status: 'OPEN' } });
  if (!task) throw conflict('该专项执法当前不在审批环节');
  const r = await completeTask(deps, actor, task.id, outcome, data);
  return { campaignId: id, outcome: r.outcome, completedAt: r.completedAt };
}

/**
 * A county starts an inspection for its share: the inspection carries the campaign's id. A campaign
 * visit counts against the enterprise's visit frequency like any other (reform plan (六)): over the
 * limit it needs a reason, which the head decides on in the inspection's first step.
 */
export async function startCampaignInspection(deps: AppDeps, actor: Actor, id: string, body: { enterpriseId: string; officerIds: string[]; overLimitReason?: string }, key?: string) {
  const c = await visibleCampaign(deps, actor, id);
  const share = await deps.prisma.campaignShare.findUnique({ where: { campaignId_orgId: { campaignId: id, orgId: actor.orgId } } });
  if (!share) throw forbidden('本单位没有该专项执法的检查任务');
  if (c.status !== 'RUNNING') throw conflict('该专项执法未在实施中，不能开展检查');
  const enterprise = await deps.prisma.enterprise.findUnique({ where: { id: body.enterpriseId }, select: { orgId: true } });
  if (!enterprise || enterprise.orgId !== actor.orgId) throw invalid('企业：不存在或不归本机关监管');
  if (share.enterpriseIds.length && !share.enterpriseIds.includes(body.enterpriseId)) throw invalid('企业：不在本单位的专项执法企业名单中');
  const officers = await deps.prisma.user.findMany({ where: { id: { in: body.officerIds }, orgId: actor.orgId, active: true }, select: { id: true } });
  if (new Set(body.officerIds).size < 2 || officers.length !== new Set(body.officerIds).size) throw invalid('检查人员：须为本单位两名以上执法人员');
  const inspectionId = key ? hashId('campaign-inspection', actor.userId, key) : randomUUID();
  const existing = await deps.prisma.inspection.findUnique({ where: { id: inspectionId }, select: { enterpriseId: true, campaignId: true } });
  if (existing) {
    if (existing.enterpriseId !== body.enterpriseId || existing.campaignId !== id) throw conflict('该 Idempotency-Key 已用于另一次检查');
    return { inspectionId, overLimit: null };
  }
  const scheduledFor = shanghaiDate(new Date());
  const visits = await reserveVisit(deps.prisma, { inspectionId, enterpriseId: body.enterpriseId, scheduledFor, reason: body.overLimitReason, field: 'overLimitReason' },
    visitPolicy(deps.deadlineOverrides, deps.thresholdOverrides));
  const overLimit = overLimitOf(visits, body.overLimitReason);
  const input: InspectionInput = {
    inspectionId, orgId: actor.orgId, enterpriseId: body.enterpriseId, kind: 'AD_HOC', campaignId: id, scheduledFor,
    officerIds: body.officerIds, createdBy: actor.userId, ...(overLimit ? { overLimit } : {}),
  };
  await startRecorded(deps, 'inspectionWorkflow', inspectionWorkflowId(inspectionId), input);
  return { inspectionId, overLimit: overLimit ?? null };
}

/** The supervision page's chart: each running or finished campaign's targets and inspections per county. */
export async function campaignChart(deps: AppDeps, actor: Actor) {
  const { items } = await listCampaigns(deps, actor);
  const shown = items.filter((i) => i.status === 'RUNNING' || i.status === 'COMPLETED').slice(0, 5);
  const out = [];
  for (const c of shown) {
    const counts = await campaignCounts(deps.prisma, c.id);
    out.push({ id: c.id, name: c.name, status: c.status, summaryNumber: c.summaryNumber, endDate: c.endDate,
      orgs: counts.rows.map((r) => r.orgName), target: counts.rows.map((r) => r.target), inspections: counts.rows.map((r) => r.inspections),
      hazards: counts.rows.map((r) => r.hazardsFound), cases: counts.rows.map((r) => r.cases) });
  }
  return out;
}
