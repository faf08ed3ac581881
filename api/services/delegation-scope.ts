import { matterRefusal } from '../../rules/delegation-rules.ts';
import { shanghaiDate } from '../../rules/iso-date.ts';
import { delegationWorkflowId, routeMatterUpdate, type MatterInput } from '../../workflows/delegation-messages.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { invalid } from '../errors.ts';
import { update } from '../workflow-calls.ts';

/**
 * The delegation under which a township may handle a matter of this item today, or a 4xx naming
 * why not (no delegation, expired, revoked, item or officer outside the 委托书). Reads only.
 */
export async function delegationFor(deps: AppDeps, townshipOrgId: string, itemCode: string, officerIds: readonly string[] = []) {
  const all = await deps.prisma.delegation.findMany({ where: { townshipOrgId }, orderBy: { createdAt: 'desc' } });
  const now = new Date();
  const today = shanghaiDate(now);
  const inForce = all.filter((d) => d.status === 'IN_FORCE' && d.startDate <= today && today <= d.endDate);
  const covering = inForce.find((d) => d.itemCodes.includes(itemCode));
  if (covering) {
    const refusal = matterRefusal(covering, { itemCode, townshipOrgId, officerIds }, now);
    if (refusal) throw invalid(refusal);
    return covering;
  }
  const ended = all.find((d) => d.itemCodes.includes(itemCode) && ['REVOKED', 'EXPIRED'].includes(d.status));
  if (!inForce.length && ended) throw invalid(matterRefusal(ended, { itemCode, townshipOrgId }, now)!);
  if (!inForce.length) throw invalid('该乡镇（街道）没有生效的委托执法，不能以委托名义办理，请由县局办理');
  throw invalid(`执法事项 ${itemCode} 不在委托范围内，请由县局办理`);
}

/** Records a matter under the delegation; the workflow's validator has the last word (revocation). */
export async function routeToDelegation(deps: AppDeps, delegationId: string, m: MatterInput) {
  return update(deps, delegationWorkflowId(delegationId), routeMatterUpdate, [m], `route-${m.matterId}${m.caseId ? `-${m.caseId}` : ''}`);
}

/**
 * 当场处罚 by a township officer (CF 20, 51): only under a delegation in force covering the item,
 * by officers named in the 委托书; decided in the county bureau's name. Returns the county as
 * the deciding org and a hook that records the matter before the case starts.
 */
export async function delegatedSummary(deps: AppDeps, actor: Actor, b: { catalogItemId: string; officerIds: string[]; party: { name: string }; facts: string }, matterId?: string) {
  const org = await deps.prisma.org.findUniqueOrThrow({ where: { id: actor.orgId }, select: { kind: true, parentId: true } });
  if (!org.parentId || (org.kind !== 'TOWNSHIP' && org.kind !== 'DEV_ZONE')) throw invalid('只有乡镇（街道）受委托执法人员可以委托名义办理');
  let existing: Awaited<ReturnType<typeof deps.prisma.delegatedMatter.findUnique>> = null;
  if (matterId) {
    existing = await deps.prisma.delegatedMatter.findUnique({ where: { id: matterId } });
    if (!existing || existing.townshipOrgId !== actor.orgId) throw invalid('委托事项不存在或不属于本乡镇（街道）');
    if (existing.status !== 'OPEN') throw invalid('该委托事项已办结或已由县局收回，不能再作出处罚决定');
    if (existing.catalogItemCode !== b.catalogItemId) throw invalid(`该委托事项的执法事项为 ${existing.catalogItemCode}，不能按 ${b.catalogItemId} 处罚`);
  }
  const d = await delegationFor(deps, actor.orgId, b.catalogItemId, [...new Set([actor.userId, ...b.officerIds])]);
  return {
    countyOrgId: d.countyOrgId, delegationId: d.id,
    record: (caseId: string) => routeToDelegation(deps, existing?.delegationId ?? d.id, {
      matterId: matterId ?? `case-${caseId}`, itemCode: b.catalogItemId, townshipOrgId: actor.orgId, partyName: b.party.name,
      location: existing?.location ?? '当场', facts: b.facts, reportedBy: actor, caseId, officerIds: [...new Set([actor.userId, ...b.officerIds])],
    }),
  };
}
