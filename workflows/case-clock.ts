// 办案期限: the decision is due 90 days after 立案 (CF Art 60), 120 with the head's approval,
// 180 with the next-level bureau's (AB25 Art 53 ①); 检测、检验、检疫、鉴定 time is excluded (②),
// from the commission (or, by policy, the head's approval: THRESHOLDS.TESTING_PAUSE_FROM_COMMISSION)
// to the result's date.
// The clock runs beside the steps: it never blocks them, it only raises the alarm.
import { condition, setHandler } from '@temporalio/workflow';
import type { DeadlineId } from '../rules/deadlines.ts';
import type { TaskDue } from '../activities/transition.ts';
import { checkDate, fail, issue, moveTo, requireCaseOfficer, thresholds, type CaseCtx } from './case-context.ts';
import { humanTask } from './human-task.ts';
import { stage } from './transition.ts';
import { FAILURE, pauseClockUpdate, requestExtensionUpdate, resumeClockUpdate, type ClockPauseView } from './messages.ts';

const LADDER: DeadlineId[] = ['DECISION', 'DECISION_EXTENDED', 'DECISION_FURTHER_EXTENDED'];

interface Clock {
  step: number; pauses: { from: string; to?: string }[]; stale: boolean; extending: boolean; decided: boolean;
  /** The open pause belongs to a procedure (a criminal transfer), not to an officer. */
  heldBy?: string;
  /** A 检测 pause awaits the head's approval. */
  requesting: boolean;
  requests: number;
}

/** The running clock, for the procedures beside the case that stop it (行刑衔接, issue 5). */
export interface DecisionClock {
  stop(): void;
  /** Pauses on behalf of `holder` (taking over an officer's open pause); false when decided or already held. */
  pause(reason: string, holder: string): Promise<boolean>;
  /** Ends the holder's pause; false when the open pause is not the holder's. */
  resume(reason: string, holder: string): Promise<boolean>;
}

const text = (label: string, v: unknown, min = 2, max = 500) => {
  if (typeof v !== 'string' || v.trim().length < min || v.length > max) fail(FAILURE.invalid, `请填写${label}（${min}至${max}字）`);
};

export function startDecisionClock(ctx: CaseCtx): DecisionClock {
  const clock: Clock = { step: 0, pauses: [], stale: true, extending: false, decided: false, requesting: false, requests: 0 };
  const views: ClockPauseView[] = (ctx.state.clockPauses = []);
  const paused = () => clock.pauses.some((p) => !p.to);
  const open = () => { if (clock.decided) fail(FAILURE.conflict, '已作出决定，办案期限不再计算'); };

  const pause = async (view: ClockPauseView) => {
    clock.pauses.push({ from: view.from });
    views.push(view);
    clock.stale = true;
    moveTo(ctx, ctx.state.stage, 'clock.paused', {
      reason: view.reason, at: view.from, ...(view.commission ? { commission: view.commission, noticeNumber: view.noticeNumber } : {}),
    }, { key: `clock.paused.${clock.pauses.length}` });
  };
  const resume = async (reason: string, to: string) => {
    clock.pauses.at(-1)!.to = to;
    views.at(-1)!.to = to;
    clock.stale = true;
    moveTo(ctx, ctx.state.stage, 'clock.resumed', { reason, at: to }, { key: `clock.resumed.${clock.pauses.length}` });
  };

  // An officer asks with the commission's 委托书; the head decides (AB25 Art 53: the limit is the
  // head's to change); on approval the party is told in writing by a numbered notice.
  setHandler(pauseClockUpdate, async ({ actor, reason, commission }) => {
    clock.requesting = true;
    ctx.state.clockPauseRequested = true;
    const n = ++clock.requests;
    moveTo(ctx, ctx.state.stage, 'clock.pause_requested', { reason, commission, requestedBy: actor.userId }, { key: `clock.pause_requested.${n}` });
    void humanTask({
      step: `clock-pause-${n}`, kind: 'CLOCK_PAUSE_APPROVAL', title: '检测、检验、检疫、鉴定期间中止办案期限（负责人审批）',
      orgId: ctx.input.orgId, roles: ['HEAD'], caseId: ctx.input.caseId,
      payload: { reason, commission, requestedBy: actor.userId, caseNumber: ctx.state.number, partyName: ctx.input.party.name },
    }).then(async (end) => {
      clock.requesting = false;
      ctx.state.clockPauseRequested = false;
      const approved = !end.expired && end.result.outcome === 'APPROVE';
      // Decided meanwhile, or a transfer holds the clock already: the approval has nothing to stop.
      if (!approved || clock.decided || paused()) {
        moveTo(ctx, ctx.state.stage, approved ? 'clock.pause_not_applied' : 'clock.pause_refused',
          { reason: end.expired ? '' : end.result.data.reason ?? '' }, { key: `clock.pause_decided.${n}` });
        return;
      }
      const from = thresholds(ctx).TESTING_PAUSE_FROM_COMMISSION.value === 1 ? commission.commissionedAt : end.result.completedAt;
      const notice = await issue(ctx, `testing-notice-${n}`, 'TESTING_PERIOD_NOTICE', { commission, pausedAt: from, reason }, end.result.completedBy);
      await pause({ from, kind: 'TESTING', reason, commission, noticeNumber: notice.number, approvedBy: end.result.completedBy });
    });
    return { requested: true as const };
  }, {
    validator: ({ actor, reason, commission }) => {
      requireCaseOfficer(ctx, actor); open();
      if (paused()) fail(FAILURE.conflict, '办案期限已中止计算');
      if (clock.requesting) fail(FAILURE.conflict, '已有中止办案期限的申请在审批中');
      text('中止理由', reason, 2, 2000);
      text('委托书编号', commission?.number, 2, 100);
      text('受委托的检测、检验、检疫、鉴定机构', commission?.institution, 2, 200);
      text('检测、检验、检疫、鉴定事项', commission?.subject, 2, 500);
      if (typeof commission.commissionedAt !== 'string') fail(FAILURE.invalid, '请填写委托日期');
      checkDate(ctx, 'clockPause.commissionedAt', commission.commissionedAt);
    },
  });

  setHandler(resumeClockUpdate, async ({ reason, resultAt }) => {
    await resume(reason, resultAt);
    return ctx.state;
  }, {
    validator: ({ actor, reason, resultAt }) => {
      requireCaseOfficer(ctx, actor); open(); if (!paused()) fail(FAILURE.conflict, '办案期限未中止');
      if (clock.heldBy) fail(FAILURE.conflict, `办案期限因${clock.heldBy}中止，不能手动恢复`);
      text('恢复理由', reason, 2, 2000);
      if (typeof resultAt !== 'string') fail(FAILURE.invalid, '请填写检测、检验、检疫、鉴定结果作出日期');
      checkDate(ctx, 'clockResume.resultAt', resultAt, { clockPausedFrom: clock.pauses.at(-1)!.from });
    },
  });

  setHandler(requestExtensionUpdate, async ({ actor, reason }) => {
    clock.extending = true;
    const toCity = clock.step === 1;
    const next = LADDER[clock.step + 1];
    const approval = humanTask({
      step: `extension-${clock.step + 1}`, kind: 'EXTENSION_APPROVAL', caseId: ctx.input.caseId,
      title: toCity ? '办案期限延长至180日（上一级应急管理部门审批）' : '办案期限延长至120日（负责人审批）',
      orgId: toCity ? ctx.input.parentOrgId! : ctx.input.orgId, roles: ['HEAD'],
      payload: { reason, requestedBy: actor.userId, caseNumber: ctx.state.number, partyName: ctx.input.party.name },
    });
    void approval.then((end) => {
      clock.extending = false;
      if (!end.expired && end.result.outcome === 'APPROVE' && !clock.decided) {
        clock.step = LADDER.indexOf(next);
        clock.stale = true;
      }
    });
    return { requested: true as const };
  }, {
    validator: ({ actor }) => {
      requireCaseOfficer(ctx, actor); open();
      if (clock.extending) fail(FAILURE.conflict, '已有延期申请在审批中');
      if (clock.step >= LADDER.length - 1) fail(FAILURE.conflict, '办案期限已延长至180日，不能再延长');
      if (clock.step === 1 && !ctx.input.parentOrgId) fail(FAILURE.conflict, '没有上一级应急管理部门可以审批');
    },
  });

  void (async () => {
    let due: string | undefined;
    let alarmed = -1;
    while (!clock.decided) {
      if (clock.stale) {
        clock.stale = false;
        // Published with the pause state it was computed for: a resume during the activity must
        // not label the paused due date as running (the next pass recomputes it).
        const computedPaused = paused();
        // Computed and recorded in the step's own transaction (with the filing, on the first pass).
        const d = await stage<TaskDue>({
          kind: 'caseStage', caseId: ctx.input.caseId, action: 'clock.due_computed',
          key: `clock.due.${clock.step}.${clock.pauses.length}.${computedPaused}`, view: { state: { ...ctx.state } },
          clock: { deadlineId: LADDER[clock.step], from: ctx.state.filedAt!, pauses: clock.pauses, asOf: new Date().toISOString(), paused: computedPaused },
        });
        due = d.dueAt;
        ctx.state.decisionClock = { deadlineId: LADDER[clock.step], dueAt: d.dueAt, provisional: d.provisional, paused: computedPaused };
      }
      const wait = paused() ? undefined : Date.parse(due!) - Date.now();
      if (wait === undefined) await condition(() => clock.decided || clock.stale);
      else if (wait > 0) await condition(() => clock.decided || clock.stale, wait);
      if (clock.decided || clock.stale || paused()) continue;
      if (Date.now() >= Date.parse(due!) && alarmed !== clock.step) {
        alarmed = clock.step;
        // Overdue without a decision: the head must act (CF Art 76; LZ22 Art 7 无正当理由超期).
        void humanTask({
          step: `decision-overdue-${clock.step}`, kind: 'DECISION_OVERDUE', title: '办案期限已届满，尚未作出决定',
          orgId: ctx.input.orgId, roles: ['HEAD'], caseId: ctx.input.caseId,
          payload: { caseNumber: ctx.state.number, partyName: ctx.input.party.name, dueAt: due },
        });
        await condition(() => clock.decided || clock.stale);
      }
    }
  })();

  return {
    stop: () => { clock.decided = true; },
    async pause(reason, holder) {
      if (clock.decided || clock.heldBy) return false;
      clock.heldBy = holder;
      // An officer's 检测 pause already open: the holder takes it over, so it cannot be resumed by hand.
      if (paused()) moveTo(ctx, ctx.state.stage, 'clock.pause_held', { reason, holder }, { key: `clock.held.${clock.pauses.length}` });
      else await pause({ from: new Date().toISOString(), kind: 'HELD', reason });
      return true;
    },
    async resume(reason, holder) {
      if (clock.decided || !paused() || clock.heldBy !== holder) return false;
      clock.heldBy = undefined;
      await resume(reason, new Date().toISOString());
      return true;
    },
  };
}
