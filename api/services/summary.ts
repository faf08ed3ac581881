import type { SummaryReceipt } from '../../rules/forms/signatures.ts';
import { dateTolerance } from '../../rules/date-bounds.ts';
import { shanghaiDate } from '../../rules/iso-date.ts';
import { summaryProcedureAllowed } from '../../rules/penalty-rules.ts';
import { withThresholdOverrides } from '../../rules/thresholds.ts';
import { loadActor } from '../../store/users.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { SummaryCaseInput } from '../../workflows/case-input.ts';
import type { AppDeps } from '../deps.ts';
import { forbidden, invalid } from '../errors.ts';
import { prepareCase, type RegisterCase } from '../../store/case-registration.ts';
import { startCase } from './cases.ts';
import { delegatedSummary } from './delegation-scope.ts';

export interface SummaryCase extends RegisterCase {
  officerIds: string[];
  penalty: { penaltyTypes: string[]; fineFen: number };
  receipt: SummaryReceipt;
}

/**
 * A signature's time is when it was drawn on site: not after this request, nor on a day before the
 * act (by the Beijing day: a page may give the act's time as the moment it is submitted).
 */
function receiptTimeProblem(r: SummaryReceipt, occurredAt: string, now: number, toleranceMinutes: number): string | undefined {
  const [field, at] = r.refused ? ['receipt.refused.witness.signedAt', r.refused.witness.signedAt] : ['receipt.signedAt', r.signedAt!];
  // A phone's clock may run a little ahead of the server's: the policy allowance, no more.
  if (Date.parse(at) > now + toleranceMinutes * 60_000) return `${field}: 签名时间不能晚于现在`;
  if (shanghaiDate(at) < shanghaiDate(occurredAt)) return `${field}: 签名时间不能早于违法行为发生的日期`;
  return undefined;
}

/** 当场处罚: refused above the thresholds, with a pointer to the general procedure. */
export async function registerSummaryCase(deps: AppDeps, actor: Actor, body: SummaryCase, idempotencyKey?: string, opts: { matterId?: string } = {}) {
  // 委托执法 (issue 4): a township officer decides only under a delegation in force, in the county bureau's name.
  const delegated = actor.roles.includes('TOWNSHIP_OFFICER') ? await delegatedSummary(deps, actor, body, opts.matterId) : undefined;
  const base = await prepareCase(deps, delegated ? { ...actor, orgId: delegated.countyOrgId } : actor, body, idempotencyKey);
  if (!base.item.summaryEligible) throw invalid(`执法事项 ${base.item.code} 不适用简易程序，请按普通程序立案`);
  const allowed = summaryProcedureAllowed({ partyKind: body.party.kind, fineFen: body.penalty.fineFen, penaltyTypes: body.penalty.penaltyTypes }, withThresholdOverrides(deps.thresholdOverrides ?? {}));
  if (!allowed.ok) throw invalid(`${allowed.message}。请按普通程序登记立案`);
  const late = receiptTimeProblem(body.receipt, body.occurredAt, Date.now(), dateTolerance(deps.thresholdOverrides));
  if (late) throw invalid(late);
  const ids = [...new Set([actor.userId, ...body.officerIds])];
  if (ids.length < 2) throw invalid('当场处罚须由两名以上执法人员作出（《行政处罚法》第52条）');
  for (const id of ids) {
    const o = await loadActor(deps.prisma, id);
    if (!o || o.orgId !== actor.orgId) throw invalid(`执法人员 ${id} 不属于本单位`);
    if (!o.certified) throw forbidden(`${o.name}没有有效的行政执法证，不能作出当场处罚`);
  }
  const input: SummaryCaseInput = { ...base.input, procedure: 'SUMMARY', officerIds: ids, penalty: body.penalty, decidedAt: base.input.registeredAt, receipt: body.receipt };
  if (delegated) await delegated.record(input.caseId);
  return startCase(deps, 'summaryCaseWorkflow', input);
}
