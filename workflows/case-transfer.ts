// 行刑衔接 on the case side (issue 5): a handler flags a suspected crime, or recorded harm that
// meets the basic threshold opens a supervisor's 是否移送 review that must be confirmed or
// dismissed with a reason (不得有案不移). While a transfer (or an undecided suggestion) is open
// the case carries a hold, so no fine can be decided in place of the criminal process
// (不得以罚代刑, 310号令 Art 11 ①; the guard is in case-decision.ts). Filed by the police, the
// decision clock pauses (unconfirmed) and any fine already paid is
// recorded for 折抵 (310号令 Art 11 ③); returned or not filed, the hold lifts and the clock runs on.
import { condition, ParentClosePolicy, setHandler, startChild, uuid4 } from '@temporalio/workflow';
import {
  crimeTitle, isCrimeCategory, transferSuggestionReasons, type CrimeCategoryId, type HarmFacts,
} from '../rules/criminal-thresholds.ts';
import type { DecisionClock } from './case-clock.ts';
import { fail, moveTo, requireCaseOfficer, thresholds, caseActs, type CaseCtx } from './case-context.ts';
import { humanTask } from './human-task.ts';
import { FAILURE, type Actor } from './messages.ts';
import {
  checkTransferOfficers, flagSuspectedCrimeUpdate, recordHarmUpdate, transferProgressSignal, transferWorkflowId,
  type TransferInput, type TransferProgress,
} from './transfer-messages.ts';

export const TRANSFER_HOLD = '已移送公安机关（涉嫌犯罪）';
export const SUGGESTION_HOLD = '疑似涉嫌犯罪，待审查是否移送';
const CLOCK_HOLDER = '移送公安机关';

interface Report { category: CrimeCategoryId; facts: string; report: string; officerIds: string[] }

export function installTransferHandlers(ctx: CaseCtx, clock: DecisionClock): void {
  let transferId: string | undefined;
  let suggestionOpen = false;
  let suggestions = 0;
  let harms = 0;
  let harm: HarmFacts = { deaths: 0, seriousInjuries: 0, directLossFen: 0, refusedStopOrder: false };
  const progress: TransferProgress[] = [];

  const hold = (reason: string) => { if (!ctx.state.holds.includes(reason)) ctx.state.holds.push(reason); };
  const release = (reason: string) => { ctx.state.holds = ctx.state.holds.filter((h) => h !== reason); };
  const stillOpen = () => {
    if (!ctx.state.filedAt) fail(FAILURE.conflict, '案件尚未立案');
    if (ctx.state.status !== 'OPEN') fail(FAILURE.conflict, '案件已结案，不能再移送');
  };
  const checkReport = (r: Partial<Report>, officers: Actor[] | undefined): string | undefined => {
    if (!isCrimeCategory(r.category)) return '请选择涉嫌罪名';
    if (typeof r.facts !== 'string' || r.facts.trim().length < 5) return '请写明涉嫌犯罪的事实';
    if (typeof r.report !== 'string' || r.report.trim().length < 5) return '请填写移送报告';
    if (transferId) return '本案已移送公安机关，不能重复移送';
    return checkTransferOfficers(ctx.input.orgId, r.officerIds ?? [], officers);
  };

  async function start(by: Actor, r: Report, suggested: boolean) {
    const id = uuid4();
    transferId = id;
    hold(TRANSFER_HOLD);
    const input: TransferInput = {
      transferId: id, fromOrgId: ctx.input.orgId, caseId: ctx.input.caseId, enterpriseId: ctx.input.party.enterpriseId,
      partyName: ctx.input.party.name, category: r.category, harm: { ...harm }, facts: r.facts, report: r.report, officerIds: r.officerIds,
      flaggedBy: by, suggested,
    };
    moveTo(ctx, ctx.state.stage, 'transfer.flagged', { transferId: id, category: r.category, crime: crimeTitle(r.category), suggested }, { key: `transfer.flagged.${id}` });
    // The transfer outlives the case if the case closes first (a 不予处罚 during a filed transfer).
    await startChild('transferWorkflow', {
      workflowId: transferWorkflowId(id), args: [input], parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return { transferId: id, workflowId: transferWorkflowId(id) };
  }

  setHandler(flagSuspectedCrimeUpdate, async ({ actor, category, facts, report, officerIds, harm: h }) => {
    if (h) harm = { ...h };
    return start(actor, { category, facts, report, officerIds }, false);
  }, {
    validator: (i) => {
      requireCaseOfficer(ctx, i.actor);
      stillOpen();
      const refusal = checkReport(i, i.officers);
      if (refusal) fail(FAILURE.invalid, refusal);
    },
  });

  setHandler(recordHarmUpdate, async ({ harm: h }) => {
    harm = { ...h };
    const reasons = transferSuggestionReasons(harm, thresholds(ctx));
    moveTo(ctx, ctx.state.stage, 'case.harm_recorded', { harm, reasons }, { key: `harm.${++harms}` });
    const suggest = reasons.length > 0 && !transferId && !suggestionOpen;
    if (suggest) void review(reasons);
    return { suggested: suggest, reasons };
  }, {
    validator: ({ actor, harm: h }) => {
      requireCaseOfficer(ctx, actor);
      stillOpen();
      const counts = [h?.deaths, h?.seriousInjuries, h?.directLossFen];
      if (!h || counts.some((n) => !Number.isSafeInteger(n) || (n as number) < 0)) fail(FAILURE.invalid, '死亡、重伤人数和直接经济损失（分）须为非负整数');
      if (typeof h.refusedStopOrder !== 'boolean') fail(FAILURE.invalid, '请说明是否拒不执行责令停产停业等决定');
    },
  });

  /** The supervisor's 是否移送 review; its dismissal is recorded with the reason (evaluation data). */
  async function review(reasons: string[]): Promise<void> {
    const n = ++suggestions;
    suggestionOpen = true;
    hold(SUGGESTION_HOLD);
    moveTo(ctx, ctx.state.stage, 'transfer.suggested', { reasons, harm }, { key: `transfer.suggested.${n}` });
    const end = await humanTask({
      step: `transfer-suggestion-${n}`, kind: 'TRANSFER_SUGGESTION', title: '疑似涉嫌犯罪：是否移送', orgId: ctx.input.orgId,
      roles: ['SUPERVISOR'], caseId: ctx.input.caseId,
      payload: { caseNumber: ctx.state.number, partyName: ctx.input.party.name, reasons, harm },
      validate: (i) => (i.outcome === 'CONFIRM' ? checkReport(i.data as Partial<Report>, i.officers) : undefined),
    });
    suggestionOpen = false;
    release(SUGGESTION_HOLD);
    if (end.expired) return;
    const { outcome, data, completedBy } = end.result;
    if (outcome === 'DISMISS') {
      moveTo(ctx, ctx.state.stage, 'transfer.suggestion_dismissed', { reason: data.reason, reasons, harm, by: completedBy }, { key: `transfer.suggestion.${n}.dismissed` });
      return;
    }
    moveTo(ctx, ctx.state.stage, 'transfer.suggestion_confirmed', { reasons, by: completedBy }, { key: `transfer.suggestion.${n}.confirmed` });
    const by: Actor = { userId: completedBy, name: completedBy, orgId: ctx.input.orgId, roles: ['SUPERVISOR'], certified: true };
    await start(by, data as unknown as Report, true);
  }

  // What the transfer reports is applied one at a time, in order.
  setHandler(transferProgressSignal, (p) => { if (p.transferId === transferId) progress.push(p); });
  void (async () => {
    for (;;) {
      await condition(() => progress.length > 0);
      const p = progress.shift()!;
      if (p.status === 'FILED') {
        const paused = thresholds(ctx).TRANSFER_PAUSES_DECISION_CLOCK.value === 1 && await clock.pause('涉嫌犯罪案件已移送公安机关并立案', CLOCK_HOLDER);
        // 折抵: a fine already paid is set off against the court's 罚金 (310号令 Art 11 ③).
        await caseActs.updateTransfer({ transferId: p.transferId, key: 'case-offset', action: 'transfer.offset_recorded',
          data: { paidFen: ctx.state.paidFen, decisionNumber: ctx.state.decision?.number ?? null, clockPaused: paused } });
        moveTo(ctx, ctx.state.stage, 'transfer.case_held', { transferId: p.transferId, paidFen: ctx.state.paidFen, clockPaused: paused }, { key: `transfer.held.${p.transferId}` });
      } else if (p.released) {
        if (p.courtFine) ctx.state.fineBarred = '人民法院已判处罚金';
        release(TRANSFER_HOLD);
        transferId = undefined;
        const resumed = await clock.resume(`移送程序结束（${p.status}），恢复行政处罚程序`, CLOCK_HOLDER);
        moveTo(ctx, ctx.state.stage, 'transfer.case_released', {
          transferId: p.transferId, status: p.status, clockResumed: resumed, courtFine: p.courtFine ?? false,
        }, { key: `transfer.released.${p.transferId}` });
      }
    }
  })();
}
