// 联合执法 and visit frequency (issue 21): the two steps the inspection workflow adds behind its
// patches. Reform plan (二): "内设机构和综合行政执法队伍协调联动机制，联合实施行政检查，减少检查频次";
// (六): "减少不必要的执法，切实防止执法扰民".
import type { InspectionInput, InspectionState, VisitOverLimit } from './inspection-messages.ts';
import { acts } from './activities-proxy.ts';
import { humanTask } from './human-task.ts';

/**
 * The head decides on a visit beyond the policy, on the reason given. No answer within the
 * limit is no approval: the visit is not made (the background-checks rule, "not accepted in time").
 */
export async function decideOverLimitVisit(input: InspectionInput, o: VisitOverLimit): Promise<{ approved: boolean; by?: string; comment?: string }> {
  const answer = await humanTask({
    step: 'over-limit', kind: 'VISIT_OVER_LIMIT', title: `超出检查频次审批（近${o.windowMonths}个月已检查${o.count}次，上限${o.limit}次）`,
    orgId: input.orgId, roles: ['HEAD'], deadline: { id: 'VISIT_OVER_LIMIT_ANSWER', from: new Date().toISOString() }, onExpiry: 'PROCEED',
    payload: { inspectionId: input.inspectionId, enterpriseId: input.enterpriseId, reason: o.reason, count: o.count, limit: o.limit, windowMonths: o.windowMonths },
  });
  if (answer.expired) return { approved: false, comment: '负责人未在期限内批准' };
  const d = answer.result.data;
  return { approved: answer.result.outcome === 'APPROVE', by: answer.result.completedBy, comment: String(d.comment ?? d.reason ?? '') || undefined };
}

/**
 * Each participant signs the 现场检查记录 in its own queue (its portal), on site or later; one who
 * has not signed within the limit is noted as unsigned and the inspection goes on without it.
 */
export async function collectJointSignatures(input: InspectionInput, recordNumber: string, s: InspectionState): Promise<void> {
  const from = new Date().toISOString();
  s.signedBy = [];
  await Promise.all((input.participants ?? []).map(async (p) => {
    const sign = await humanTask({
      step: `joint-sign-${p.orgId}`, kind: 'JOINT_SIGNATURE', title: `联合检查签署现场检查记录：${recordNumber}`, orgId: p.orgId, roles: [...p.roles],
      deadline: { id: 'JOINT_RECORD_SIGNATURE', from }, onExpiry: 'PROCEED',
      payload: { inspectionId: input.inspectionId, recordNumber, leadOrgId: input.orgId, unit: p.unit ?? null, officerIds: p.officerIds },
      validate: (i) => (p.officerIds.includes(i.actor.userId) ? undefined : '您不是本次联合检查登记的参加人员，不能签署'),
    });
    await acts.signJointRecord({
      inspectionId: input.inspectionId, orgId: p.orgId, key: `joint-sign-${p.orgId}`,
      ...(sign.expired ? {} : { signedById: sign.result.completedBy, via: String(sign.result.data.via ?? 'PORTAL'), image: String(sign.result.data.image), signedAt: sign.result.completedAt }),
    });
    if (!sign.expired) s.signedBy!.push(p.orgId);
  }));
}
