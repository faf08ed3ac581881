import { timingSafeEqual } from 'node:crypto';
import { auditClientPayment } from '../../store/api-clients.ts';
import { canSeeOrg, orgSubtree } from '../../store/visibility.ts';
import {
  applyDeferralUpdate, caseStateQuery, caseWorkflowId, confirmPaymentUpdate, pauseClockUpdate, recordLawsuitUpdate, requestExtensionUpdate,
  requestPreservationUpdate, resumeClockUpdate, type Actor, type PaymentInput, type PreservedItem, type TestingCommission,
} from '../../workflows/messages.ts';
import type { ClientClaims } from '../client-tokens.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { send, update } from '../workflow-calls.ts';

/** The running case's workflow, after checking the actor may see the case. */
async function caseHandle(deps: AppDeps, actor: Actor, caseId: string) {
  const c = await deps.prisma.case.findUnique({ where: { id: caseId }, select: { orgId: true, status: true } });
  if (!c || !(await canSeeOrg(deps.prisma, actor, c.orgId))) throw notFound('案件');
  if (c.status === 'ARCHIVED') throw new AppError('archived', '案件已归档，不能再办理', 409);
  return caseWorkflowId(caseId);
}

export async function caseState(deps: AppDeps, actor: Actor, caseId: string) {
  const h = await caseHandle(deps, actor, caseId);
  return send(deps, () => deps.temporal.workflow.getHandle(h).query(caseStateQuery));
}

/** Asks the head to stop the decision clock for 检测、检验、检疫、鉴定 (AB25 Art 53 ②). */
export async function requestClockPause(deps: AppDeps, actor: Actor, caseId: string, reason: string, commission: TestingCommission) {
  const h = await caseHandle(deps, actor, caseId);
  if (commission.evidenceId) {
    // The commission names an item of this case's evidence, not another case's.
    const item = await deps.prisma.evidence.findFirst({ where: { id: commission.evidenceId, caseId }, select: { id: true } });
    if (!item) throw invalid('关联证据：本案没有该证据');
  }
  return update(deps, h, pauseClockUpdate, [{ actor, reason, commission }]);
}

/** The result is in: the clock runs again from the result's date. */
export async function resumeClock(deps: AppDeps, actor: Actor, caseId: string, reason: string, resultAt: string) {
  const h = await caseHandle(deps, actor, caseId);
  return update(deps, h, resumeClockUpdate, [{ actor, reason, resultAt }]);
}

export async function requestExtension(deps: AppDeps, actor: Actor, caseId: string, reason: string) {
  const h = await caseHandle(deps, actor, caseId);
  return update(deps, h, requestExtensionUpdate, [{ actor, reason }]);
}

export async function requestPreservation(deps: AppDeps, actor: Actor, caseId: string, items: PreservedItem[], urgent: boolean, performedAt?: string) {
  const h = await caseHandle(deps, actor, caseId);
  return update(deps, h, requestPreservationUpdate, [{ actor, items, urgent, ...(performedAt ? { performedAt } : {}) }]);
}

export async function recordLawsuit(deps: AppDeps, actor: Actor, caseId: string, court: string, filedAt: string) {
  const h = await caseHandle(deps, actor, caseId);
  return update(deps, h, recordLawsuitUpdate, [{ actor, court, filedAt }]);
}

export async function applyDeferral(deps: AppDeps, actor: Actor, caseId: string, reason: string, newDueDay: string) {
  const h = await caseHandle(deps, actor, caseId);
  return update(deps, h, applyDeferralUpdate, [{ actor, reason, newDueDay }]);
}

/** The payment channel's shared secret, compared in constant time. */
export function checkChannelToken(deps: AppDeps, sent: string | undefined): void {
  const expected = deps.paymentChannelToken;
  if (!expected || !sent || sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
    throw new AppError('unauthorized', '缴款渠道认证失败', 401);
  }
}

/** 罚缴分离: only the payment channel confirms money; the reference is the update id. */
export async function confirmPayment(deps: AppDeps, caseId: string, p: PaymentInput) {
  const c = await deps.prisma.case.findUnique({ where: { id: caseId }, select: { status: true } });
  if (!c) throw notFound('案件');
  if (c.status !== 'OPEN') throw new AppError('conflict', '案件已结案，不接受缴款确认', 409);
  // A case not waiting for money (not yet decided or served) refuses with FAILURE.conflict
  // (workflows/case-context.ts), which is mapped to 409 by its type.
  return update(deps, caseWorkflowId(caseId), confirmPaymentUpdate, [p], `payment:${p.reference}`);
}

/**
 * A payment reported by the payment platform's own system (OAuth client with payments:notify,
 * rules/api-scopes.ts): only for a case of its bureau or an org under it. Any other case answers as
 * one that does not exist, which a partner sees as the same 403 either way (api/errors.ts). Then the
 * same Update as the channel's, under the same reference, so a retry has one effect.
 */
export async function confirmClientPayment(deps: AppDeps, client: ClientClaims, ip: string | undefined, caseId: string, p: PaymentInput) {
  const c = await deps.prisma.case.findUnique({ where: { id: caseId }, select: { orgId: true } });
  if (!c || !(await orgSubtree(deps.prisma, client.orgId)).includes(c.orgId)) throw notFound('案件');
  const result = await confirmPayment(deps, caseId, p);
  await auditClientPayment(deps.prisma, { clientId: client.id, caseId, orgId: c.orgId, reference: p.reference, ip });
  return result;
}
