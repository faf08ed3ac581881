import { allHandlersFinished, condition } from '@temporalio/workflow';
import { issue, moveTo, caseActs, type CaseCtx } from './case-context.ts';
import { humanTask } from './human-task.ts';
import { settled } from './transition.ts';
import type { CaseState } from './messages.ts';

/** 结案 within 10 working days (AB25 Art 54), then 归档: the file is frozen (AB25 Art 86). */
export async function close(ctx: CaseCtx, ending: string): Promise<void> {
  const since = new Date().toISOString();
  moveTo(ctx, 'CLOSING', 'case.closing', { ending });
  const c = await humanTask({
    step: 'closing', kind: 'CLOSING', title: '结案审批（10个工作日内）', orgId: ctx.input.orgId, roles: ['HEAD'],
    caseId: ctx.input.caseId, onExpiry: 'ESCALATE', deadline: { id: 'CASE_CLOSING', from: since },
    payload: { caseNumber: ctx.state.number, ending, paidFen: ctx.state.paidFen },
  });
  if (c.expired) return;
  void issue(ctx, 'closing-form', 'CLOSING_FORM', { ending, summary: c.result.data.summary, paidFen: ctx.state.paidFen }, c.result.completedBy);
  moveTo(ctx, 'CLOSED', 'case.closed', { ending }, { status: 'CLOSED', closed: true });
  await caseActs.archiveCase({ caseId: ctx.input.caseId });
  ctx.state.status = 'ARCHIVED';
  ctx.state.stage = 'ARCHIVED';
}

export async function finish(ctx: CaseCtx): Promise<CaseState> {
  await condition(allHandlersFinished);
  // What the last steps staged commits before the run ends.
  await settled();
  return ctx.state;
}
