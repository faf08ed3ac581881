// The plan's key enterprises under the visit-frequency policy (issue 21 item 5). Reform plan (二):
// "对实施惩戒的企业，增加执法检查频次" — an enterprise under sanction (active 不良记录 or 黑名单,
// rules/credit.ts) gets the policy's higher frequency in the next plan without anyone asking;
// (六) "减少不必要的执法" — any other item whose visits in the year, with those other orgs' plans
// already schedule for it, exceed the policy needs a reason, which the head approves with the plan.
import { sanctionedEnterprises, visitPolicy } from '../../store/visits.ts';
import { invalid } from '../errors.ts';
import type { PlanKeyEnterprise } from '../../workflows/inspection-messages.ts';
import type { AppDeps } from '../deps.ts';

/** Visits other bureaus' plans of the same year already schedule for each enterprise. */
async function otherPlansVisits(deps: AppDeps, planId: string, year: number): Promise<Map<string, number>> {
  const plans = await deps.prisma.inspectionPlan.findMany({ where: { year, id: { not: planId }, status: { in: ['PUBLISHED', 'COMPLETED'] } }, select: { data: true } });
  const n = new Map<string, number>();
  for (const p of plans) for (const c of (p.data as { schedule?: { enterpriseId: string }[] }).schedule ?? []) n.set(c.enterpriseId, (n.get(c.enterpriseId) ?? 0) + 1);
  return n;
}

export async function planItemsWithVisitPolicy(deps: AppDeps, orgId: string, planId: string, year: number, items: PlanKeyEnterprise[]): Promise<PlanKeyEnterprise[]> {
  const policy = visitPolicy(deps.deadlineOverrides, deps.thresholdOverrides);
  const sanctioned = new Set(await sanctionedEnterprises(deps.prisma, orgId));
  const out: PlanKeyEnterprise[] = items.map((k) => (sanctioned.has(k.enterpriseId)
    ? { ...k, perYear: Math.max(k.perYear, policy.sanctionedPerYear), sanctioned: true } : { ...k }));
  for (const id of sanctioned) if (!out.some((k) => k.enterpriseId === id)) out.push({ enterpriseId: id, perYear: policy.sanctionedPerYear, sanctioned: true });
  const others = await otherPlansVisits(deps, planId, year);
  for (const k of out) {
    if (k.sanctioned) continue;
    const planned = (others.get(k.enterpriseId) ?? 0) + k.perYear;
    if (planned <= policy.limit) { delete k.overLimitReason; continue; }
    if (!k.overLimitReason) {
      const e = await deps.prisma.enterprise.findUniqueOrThrow({ where: { id: k.enterpriseId }, select: { name: true } });
      throw invalid(`企业“${e.name}”${year}年已列入其他机关计划检查${others.get(k.enterpriseId) ?? 0}次，本计划每年检查${k.perYear}次，合计${planned}次，`
        + `超过每${policy.windowMonths}个月${policy.limit}次的检查频次上限：须填写该企业“超出检查频次的理由”，随计划报负责人批准`, { field: 'overLimitReason', enterpriseId: k.enterpriseId, count: planned, limit: policy.limit });
    }
  }
  return out;
}
