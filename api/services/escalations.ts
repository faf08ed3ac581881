// 逾期升级督办 (issue 8): the escalations a supervisor may see — their own bureau's (raised
// about its steps or addressed to it), or every org's for the city supervisor — with the
// step they are about and how each ended. Acting on one is completing its ESCALATION task.
import type { Prisma } from '../../generated/prisma/client.ts';
import { ESCALATION_OUTCOMES, ESCALATION_RUNGS } from '../../rules/escalation.ts';
import { orgFilter } from '../../store/visibility.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';

export interface EscalationFilter { state: 'OPEN' | 'RESOLVED' | 'ALL'; page: number; pageSize: number; caseId?: string }

export async function escalationScope(deps: Pick<AppDeps, 'prisma'>, actor: Actor): Promise<Prisma.EscalationWhereInput> {
  const orgs = await orgFilter(deps.prisma, actor);
  return { OR: [{ orgId: orgs }, { toOrgId: orgs }] };
}

export async function listEscalations(deps: AppDeps, actor: Actor, f: EscalationFilter) {
  const scope = await escalationScope(deps, actor);
  const where: Prisma.EscalationWhereInput = {
    ...scope, ...(f.caseId ? { caseId: f.caseId } : {}), ...(f.state === 'OPEN' ? { resolvedAt: null } : f.state === 'RESOLVED' ? { resolvedAt: { not: null } } : {}),
  };
  const [rows, total, byOutcome] = await Promise.all([
    deps.prisma.escalation.findMany({ where, orderBy: [{ raisedAt: 'desc' }, { id: 'asc' }], skip: (f.page - 1) * f.pageSize, take: f.pageSize }),
    deps.prisma.escalation.count({ where }),
    deps.prisma.escalation.groupBy({ by: ['outcome'], where: scope, _count: { _all: true } }),
  ]);
  const [steps, orgs, cases] = await Promise.all([
    deps.prisma.task.findMany({ where: { id: { in: rows.map((r) => r.taskId) } }, select: { id: true, title: true, status: true, claimedById: true } }),
    deps.prisma.org.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => [r.orgId, r.toOrgId]))] } }, select: { id: true, name: true } }),
    deps.prisma.case.findMany({ where: { id: { in: rows.map((r) => r.caseId).filter((x): x is string => !!x) } }, select: { id: true, number: true, partyName: true } }),
  ]);
  const step = new Map(steps.map((s) => [s.id, s]));
  const org = new Map(orgs.map((o) => [o.id, o.name]));
  const kase = new Map(cases.map((c) => [c.id, c]));
  const now = Date.now();
  return {
    total, page: f.page, pageSize: f.pageSize,
    counts: Object.fromEntries(byOutcome.map((g) => [g.outcome ?? 'OPEN', g._count._all])),
    items: rows.map((r) => ({
      ...r,
      step: step.get(r.taskId) ?? null,
      case: r.caseId ? kase.get(r.caseId) ?? null : null,
      orgName: org.get(r.orgId) ?? r.orgId, toOrgName: org.get(r.toOrgId) ?? r.toOrgId,
      levelLabel: ESCALATION_RUNGS.find((x) => x.rung === r.level)?.label ?? String(r.level),
      outcomeLabel: r.outcome ? ESCALATION_OUTCOMES[r.outcome as keyof typeof ESCALATION_OUTCOMES] ?? r.outcome : '待处理',
      // How late the step was when it was raised, and is now if still open.
      overdueDays: Math.floor(((r.resolvedAt?.getTime() ?? now) - r.dueAt.getTime()) / 86_400_000),
      actionable: !r.resolvedAt && r.toOrgId === actor.orgId && actor.roles.includes(r.toRole as never),
    })),
  };
}
