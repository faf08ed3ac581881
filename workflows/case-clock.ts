// 办案期限: the decision is due 90 days after 立案 (CF Art 60), 120 with the head's approval,
// 180 with the next-level bureau's (AB25 Art 53 ①); 检测、检验、鉴定 time is excluded (②).
// The clock runs beside the steps: it never blocks them, it only raises the alarm.
import { condition, setHandler } from '@temporalio/workflow';
import type { DeadlineId } from '../rules/deadlines.ts';
import { acts } from './activities-proxy.ts';
import { fail, moveTo, requireCaseOfficer, type CaseCtx } from './case-context.ts';
import { humanTask } from './human-task.ts';
import { FAILURE, pauseClockUpdate, requestExtensionUpdate, resumeClockUpdate } from './messages.ts';

const LADDER: DeadlineId[] = ['DECISION', 'DECISION_EXTENDED', 'DECISION_FURTHER_EXTENDED'];

interface Clock {
  step: number; pauses: { from: string; to?: string }[]; stale: boolean; extending: boolean; decided: boolean;
  /** The open pause belongs to a procedure (a criminal transfer), not to an officer. */
  heldBy?: string;
}

/** The running clock, for the procedures beside the case that stop it (行刑衔接, issue 5). */
export interface DecisionClock {
  stop(): void;
  /** Pauses on behalf of `holder` (taking over an officer's open pause); false when decided or already held. */
  pause(reason: string, holder: string): Promise<boolean>;
  /** Ends the holder's pause; false when the open pause is not the holder's. */
  resume(reason: string, holder: string): Promise<boolean>;
}

export function startDecisionClock(ctx: CaseCtx): DecisionClock {
  const clock: Clock = { step: 0, pauses: [], stale: true, extending: false, decided: false };
  const paused = () => clock.pauses.some((p) => !p.to);
  const open = () => { if (clock.decided) fail(FAILURE.conflict, '已作出决定，办案期限不再计算'); };

  const pause = async (reason: string) => {
    clock.pauses.push({ from: new Date().toISOString() });
    clock.stale = true;
    await moveTo(ctx, ctx.state.stage, 'clock.paused', { reason, at: clock.pauses.at(-1)!.from }, { key: `clock.paused.${clock.pauses.length}` });
  };
  const resume = async (reason: string) => {
    clock.pauses.at(-1)!.to = new Date().toISOString();
    clock.stale = true;
    await moveTo(ctx, ctx.state.stage, 'clock.resumed', { reason, at: clock.pauses.at(-1)!.to }, { key: `clock.resumed.${clock.pauses.length}` });
  };

  setHandler(pauseClockUpdate, async ({ reason }) => {
    await pause(reason);
    return ctx.state;
  }, { validator: ({ actor }) => { requireCaseOfficer(ctx, actor); open(); if (paused()) fail(FAILURE.conflict, '办案期限已中止计算'); } });

  setHandler(resumeClockUpdate, async ({ reason }) => {
    await resume(reason);
    return ctx.state;
  }, {
    validator: ({ actor }) => {
      requireCaseOfficer(ctx, actor); open(); if (!paused()) fail(FAILURE.conflict, '办案期限未中止');
      if (clock.heldBy) fail(FAILURE.conflict, `办案期限因${clock.heldBy}中止，不能手动恢复`);
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
        const d = await acts.computeDeadline({
          deadlineId: LADDER[clock.step], from: ctx.state.filedAt!, pauses: clock.pauses, asOf: new Date().toISOString(),
        });
        due = d.dueAt;
        ctx.state.decisionClock = { deadlineId: LADDER[clock.step], dueAt: d.dueAt, provisional: d.provisional, paused: computedPaused };
        await moveTo(ctx, ctx.state.stage, 'clock.due_computed', { ...ctx.state.decisionClock }, { key: `clock.due.${clock.step}.${clock.pauses.length}.${computedPaused}` });
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
      if (paused()) await moveTo(ctx, ctx.state.stage, 'clock.pause_held', { reason, holder }, { key: `clock.held.${clock.pauses.length}` });
      else await pause(reason);
      return true;
    },
    async resume(reason, holder) {
      if (clock.decided || !paused() || clock.heldBy !== holder) return false;
      clock.heldBy = undefined;
      await resume(reason);
      return true;
    },
  };
}
