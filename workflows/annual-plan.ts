// 年度执法检查计划 (issue 9): one workflow per bureau and year (`plan-<orgId>-<year>`). Draft →
// the head's approval → publication (public page) → 双随机 draw of the random checks and of the
// inspectors for every check → the year's checks spread over its working days → the workflow
// sleeps until each day and starts that inspection (a child left running on its own). The read
// model counts completed inspections against the plan. Long plans continue as new before the
// history grows large: each scheduled check costs a timer, a child and an activity.
//
// Live patch (issue 21): 'joint-visit-covers-plan-check' — a check the enterprise already had
// from a joint inspection this plan's bureau took part in (联合执法) is not sent a second time.
import { allHandlersFinished, condition, continueAsNew, ParentClosePolicy, patched, setHandler, sleep, startChild, workflowInfo, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { startOfInspectionDay } from '../rules/plan-schedule.ts';
import { acts } from './activities-proxy.ts';
import { answerWhenRecorded } from './recorded.ts';
import { humanTask, installTaskHandlers } from './human-task.ts';
import { inspectionWorkflowId, planStateQuery, type InspectionInput, type PlanInput, type PlanState } from './inspection-messages.ts';

/** Continue as new after this many events (well below Temporal's 50k limit and its warnings). */
const HISTORY_LIMIT = 2000;

export async function annualPlanWorkflow(input: PlanInput): Promise<PlanState> {
  const s = await runPlan(input);
  // The head's approval may still be closing its task row when the plan ends.
  await condition(allHandlersFinished);
  return s;
}

async function runPlan(input: PlanInput): Promise<PlanState> {
  const s: PlanState = { planId: input.planId, status: input.resume ? 'PUBLISHED' : 'AWAITING_APPROVAL', scheduled: input.resume?.schedule.length ?? 0, started: input.resume?.next ?? 0, drawId: input.resume?.drawId };
  setHandler(planStateQuery, () => s);
  const recorded = answerWhenRecorded();
  installTaskHandlers();
  const wf = workflowInfo().workflowId;
  let resume = input.resume;

  if (resume) recorded();
  else {
    await acts.recordPlan({ ...input, workflowId: wf });
    recorded();
    const approval = await humanTask({
      step: 'approval', kind: 'PLAN_APPROVAL', title: `${input.year}年度执法检查计划审批`, orgId: input.orgId, roles: ['HEAD'],
      payload: { planId: input.planId, year: input.year, keyEnterprises: input.keyEnterprises.length, randomChecks: input.randomChecks },
    });
    if (approval.expired) return s;
    const by = approval.result.completedBy;
    if (approval.result.outcome === 'REJECT') {
      s.status = 'REJECTED';
      await acts.updatePlan({ planId: input.planId, key: 'rejected', action: 'plan.rejected', status: 'REJECTED', actorId: by, data: { reason: approval.result.data.reason } });
      return s;
    }
    const draw = await acts.drawForPlan({ planId: input.planId, orgId: input.orgId, key: `${wf}/draw`, keyEnterprises: input.keyEnterprises,
      randomChecks: input.randomChecks, withExpert: input.withExpert, drawnById: by });
    const schedule = await acts.schedulePlan({ year: input.year, keyEnterprises: input.keyEnterprises, checks: draw.checks });
    s.status = 'PUBLISHED';
    s.drawId = draw.drawId;
    s.scheduled = schedule.length;
    await acts.updatePlan({ planId: input.planId, key: 'published', action: 'plan.published', status: 'PUBLISHED', approvedById: by, published: true, schedule, actorId: by,
      data: { drawId: draw.drawId, seed: draw.seed, scheduled: schedule.length, unstaffed: draw.unstaffed } });
    resume = { schedule, next: 0, drawId: draw.drawId };
  }

  const { schedule, drawId } = resume;
  for (let i = resume.next; i < schedule.length; i++) {
    if (workflowInfo().historyLength > (input.historyLimit ?? HISTORY_LIMIT) || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof annualPlanWorkflow>({ ...input, resume: { schedule, next: i, drawId } });
    }
    const c = schedule[i];
    s.nextDate = c.date;
    const wait = startOfInspectionDay(c.date) - Date.now();
    if (wait > 0) await sleep(wait);
    if (patched('joint-visit-covers-plan-check')) {
      const cover = await acts.coverPlanCheck({ planId: input.planId, orgId: input.orgId, year: input.year, ref: c.ref, enterpriseId: c.enterpriseId });
      if (cover) {
        s.covered = (s.covered ?? 0) + 1;
        s.started = i + 1;
        continue;
      }
    }
    const inspectionId = `${input.planId}-${c.ref}`;
    const child: InspectionInput = {
      inspectionId, orgId: input.orgId, enterpriseId: c.enterpriseId, kind: c.kind, planId: input.planId, drawId,
      scheduledFor: c.date, officerIds: c.officerIds, expertId: c.expertId,
    };
    await startChild('inspectionWorkflow', { workflowId: inspectionWorkflowId(inspectionId), args: [child], parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
    s.started = i + 1;
  }
  s.nextDate = undefined;
  s.status = 'COMPLETED';
  await acts.updatePlan({ planId: input.planId, key: 'all-started', action: 'plan.all_started', status: 'COMPLETED', data: { started: s.started } });
  return s;
}
