// 提级管辖 / 指定管辖 (issue 21 item 4): the running case moves to another bureau. The superior
// bureau may handle a subordinate's case itself or hand a case to a subordinate (安全生产违法行为
// 行政处罚办法 Art 11 ①); the common superior assigns a case between its bureaus (行政处罚法 Art 25 ②,
// the 办法 Art 8 ②); the handling bureau may ask the superior to take a major or difficult case
// (Art 11 ②), and the superior decides within JURISDICTION_REQUEST_DECISION (policy, unconfirmed).
// The history and the documents already issued stay the former bureau's; the open steps go to the
// new bureau's queue, and every later document is issued in its name from its own number series
// (the decision names the organ that decides, 行政处罚法 Art 59 ①(六)). After the decision the case
// does not move: execution belongs to the deciding organ (the 办法 Art 77).
// Live patch id: case-jurisdiction (listed in workflows/case.ts); runs before it never accepted these updates.
import { patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { fail, type CaseCtx } from './case-context.ts';
import { cancelTask, humanTask, rehomeTasks } from './human-task.ts';
import {
  FAILURE, moveJurisdictionUpdate, requestTakeUpUpdate,
  type Actor, type JurisdictionKind, type JurisdictionMove, type JurisdictionTarget,
} from './messages.ts';
import { upsertCaseSearch } from './search-attributes.ts';
import { stage, stageOnly } from './transition.ts';

export const JURISDICTION_PATCH = 'case-jurisdiction';

const SUPERIOR_ROLES = ['HEAD', 'CITY_SUPERVISOR'];

/** Why the case cannot change its bureau now, if it cannot. */
function closedRefusal(ctx: CaseCtx): string | undefined {
  if (ctx.state.status !== 'OPEN') return '案件已结案或不予立案，不能改变管辖';
  if (ctx.state.decision) return '案件已作出处罚决定，由作出决定的机关执行，不能再改变管辖';
  return undefined;
}

function requireSuperior(ctx: CaseCtx, actor: Actor, kind: JurisdictionKind, to: JurisdictionTarget): void {
  const closed = closedRefusal(ctx);
  if (closed) fail(FAILURE.conflict, closed);
  if (!actor.roles.some((r) => SUPERIOR_ROLES.includes(r))) fail(FAILURE.forbidden, '只有上级应急管理部门的负责人或执法监督人员可以决定提级管辖或指定管辖');
  if (!actor.certified) fail(FAILURE.forbidden, '您没有有效的行政执法证');
  const { orgId, parentOrgId } = ctx.input;
  if (kind === 'TAKE_UP') {
    if (actor.orgId !== parentOrgId || to.orgId !== actor.orgId) {
      fail(FAILURE.forbidden, '只有办案单位的上一级应急管理部门可以提级管辖（《安全生产违法行为行政处罚办法》第11条第1款）');
    }
    return;
  }
  // 指定管辖: the common superior between its bureaus, or the superior handing its own case down.
  const handsDown = actor.orgId === orgId && ctx.input.orgLevel === 'CITY';
  if (actor.orgId !== parentOrgId && !handsDown) fail(FAILURE.forbidden, '只有办案单位的上一级应急管理部门可以指定管辖（《行政处罚法》第25条）');
  if (to.parentOrgId !== actor.orgId || to.orgId === orgId) fail(FAILURE.invalid, '指定管辖的单位须是本局所属的其他县级应急管理部门');
}

/** Registers 提级管辖 / 指定管辖 and 报请提级管辖 on a case workflow. */
export function acceptJurisdictionMoves(ctx: CaseCtx): void {
  let moves = 0;
  let requests = 0;

  async function move(kind: JurisdictionKind, to: JurisdictionTarget, reason: string, decidedBy: string, requestedBy?: string): Promise<void> {
    const fromOrgId = ctx.input.orgId;
    const n = ++moves;
    ctx.input.orgId = to.orgId;
    ctx.input.orgLevel = to.level;
    ctx.input.parentOrgId = to.parentOrgId;
    const taskIds = rehomeTasks(fromOrgId, to.orgId);
    upsertCaseSearch({ orgId: to.orgId, caseNumber: ctx.state.number });
    const record: JurisdictionMove = {
      kind, fromOrgId, toOrgId: to.orgId, toOrgName: to.name, reason, decidedBy, at: new Date().toISOString(),
      ...(requestedBy ? { requestedBy } : {}),
    };
    ctx.state.jurisdiction = [...(ctx.state.jurisdiction ?? []), record];
    ctx.state.takeUpRequested = false;
    const key = `jurisdiction-${n}`;
    // One transaction: the case's bureau, its open steps, the record of the move and its audit events.
    stageOnly({ kind: 'caseStage', caseId: ctx.input.caseId, action: 'case.jurisdiction_moved', key, data: { ...record }, view: { state: { ...ctx.state } } });
    await stage({ kind: 'moveCase', id: `${workflowInfo().workflowId}/${key}`, caseId: ctx.input.caseId, taskIds, move: record });
    // A 报请 still waiting is answered by the move itself.
    await cancelTask('jurisdiction-request');
  }

  setHandler(moveJurisdictionUpdate, async ({ actor, kind, to, reason }) => {
    if (!patched(JURISDICTION_PATCH)) fail(FAILURE.conflict, '本案的流程版本不支持改变管辖');
    await move(kind, to, reason, actor.userId);
    return ctx.state;
  }, { validator: ({ actor, kind, to }) => requireSuperior(ctx, actor, kind, to) });

  setHandler(requestTakeUpUpdate, async ({ actor, reason, to }) => {
    if (!patched(JURISDICTION_PATCH)) fail(FAILURE.conflict, '本案的流程版本不支持报请提级管辖');
    ctx.state.takeUpRequested = true;
    const n = ++requests;
    const from = new Date().toISOString();
    stageOnly({
      kind: 'caseStage', caseId: ctx.input.caseId, action: 'case.jurisdiction_requested', key: `jurisdiction-request-${n}`,
      data: { reason, to: to.name, requestedBy: actor.userId }, view: { state: { ...ctx.state } },
    });
    void humanTask({
      step: 'jurisdiction-request', kind: 'JURISDICTION_REQUEST', title: `报请提级管辖：${ctx.input.party.name}`, orgId: to.orgId,
      roles: ['HEAD', 'CITY_SUPERVISOR'], caseId: ctx.input.caseId, onExpiry: 'ESCALATE',
      deadline: { id: 'JURISDICTION_REQUEST_DECISION', from },
      payload: { partyName: ctx.input.party.name, catalogName: ctx.input.catalog.name, facts: ctx.input.facts, reason, requestedBy: actor.userId, requestedByName: actor.name, fromOrgId: ctx.input.orgId },
      validate: (answer) => (answer.outcome === 'TAKE_UP' ? closedRefusal(ctx) : undefined),
    }).then(async (end) => {
      if (end.expired) return; // withdrawn: the case moved another way first
      const r = end.result;
      if (r.outcome === 'TAKE_UP') {
        const comment = typeof r.data.comment === 'string' && r.data.comment ? `；上级意见：${r.data.comment}` : '';
        await move('TAKE_UP', to, `${reason}${comment}`, r.completedBy, actor.userId);
        return;
      }
      ctx.state.takeUpRequested = false;
      stageOnly({
        kind: 'caseStage', caseId: ctx.input.caseId, action: 'case.jurisdiction_request_refused', key: `jurisdiction-refused-${n}`,
        data: { reason: r.data.reason, decidedBy: r.completedBy }, view: { state: { ...ctx.state } },
      });
    });
    return { requested: true as const };
  }, {
    validator: ({ actor, to }) => {
      const closed = closedRefusal(ctx);
      if (closed) fail(FAILURE.conflict, closed);
      if (actor.orgId !== ctx.input.orgId || !actor.roles.includes('HEAD')) fail(FAILURE.forbidden, '只有办案单位的负责人可以报请上级提级管辖');
      if (!actor.certified) fail(FAILURE.forbidden, '您没有有效的行政执法证');
      if (!ctx.input.parentOrgId || to.orgId !== ctx.input.parentOrgId) fail(FAILURE.invalid, '只能报请办案单位的上一级应急管理部门管辖');
      if (ctx.state.takeUpRequested) fail(FAILURE.conflict, '已报请提级管辖，正在等待上级决定');
    },
  });
}
