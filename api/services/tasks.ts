import { checkAnswer, currentFormVersion, outcomeForm } from '../../rules/form-versions.ts';
import { loadActor } from '../../store/users.ts';
import {
  claimTaskUpdate, completeTaskUpdate, reassignTaskUpdate, unclaimTaskUpdate, type Actor,
} from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, conflict, invalid, notFound } from '../errors.ts';
import { update } from '../workflow-calls.ts';
import { enrichCompletion } from './task-checks.ts';

export async function getVisibleTask(deps: AppDeps, actor: Actor, taskId: string) {
  const task = await deps.prisma.task.findUnique({ where: { id: taskId } });
  const visible = task && task.orgId === actor.orgId
    && (task.candidateRoles.some((r) => actor.roles.includes(r as never)) || task.claimedById === actor.userId || task.completedById === actor.userId);
  if (!visible) throw notFound('任务');
  return task;
}

export async function completeTask(deps: AppDeps, actor: Actor, taskId: string, outcome: string, data: Record<string, unknown>) {
  const task = await getVisibleTask(deps, actor, taskId);
  if (task.status === 'COMPLETED' && task.completedById === actor.userId) {
    // A repeated submit by the same person is answered with the first result.
    return { taskId, outcome: task.outcome!, data: (task.result ?? {}) as Record<string, unknown>, completedBy: actor.userId, completedAt: task.completedAt!.toISOString() };
  }
  if (task.status !== 'OPEN') throw conflict(`任务“${task.title}”已${task.status === 'COMPLETED' ? '由他人办结' : '关闭'}`);
  // Opened by a newer build during a roll-out: an API instance of that build checks it.
  if (task.formVersion > currentFormVersion()) throw new AppError('unavailable', '该任务的表单版本较新，系统正在升级，请稍后重试', 503);
  if (!outcomeForm(task.kind, outcome, task.formVersion)) throw invalid(`办理结果“${outcome}”无效，可选：${task.allowedOutcomes.join('、')}`);
  // The form as the task was opened with it (rules/form-versions.ts); the workflow checks state
  // only, and receives what the schema made of the answer (defaults, trimmed text).
  const answer = checkAnswer(task.kind, outcome, data, task.formVersion);
  if (!answer.ok) throw invalid(answer.message, { fields: answer.fields });
  const extra = await enrichCompletion(deps, task, outcome, answer.data);
  // The task id is the update id: a double submit gets the first answer, never a second effect.
  const result = await update(deps, task.workflowId, completeTaskUpdate, [{ taskId, actor, outcome, data: answer.data, ...extra }], taskId);
  if (result.completedBy !== actor.userId) throw conflict('该任务已由他人办结');
  return result;
}

export async function claimTask(deps: AppDeps, actor: Actor, taskId: string) {
  const task = await getVisibleTask(deps, actor, taskId);
  return update(deps, task.workflowId, claimTaskUpdate, [{ taskId, actor }]);
}

export async function unclaimTask(deps: AppDeps, actor: Actor, taskId: string) {
  const task = await getVisibleTask(deps, actor, taskId);
  return update(deps, task.workflowId, unclaimTaskUpdate, [{ taskId, actor }]);
}

export async function reassignTask(deps: AppDeps, actor: Actor, taskId: string, toUserId: string) {
  // The bureau's 队长/局长 assign any task of their bureau, not only those their own roles could
  // take (a handler's 调查取证 is assigned by the 队长); the workflow checks the rest.
  const task = await deps.prisma.task.findUnique({ where: { id: taskId } });
  if (!task || task.orgId !== actor.orgId) throw notFound('任务');
  const to = await loadActor(deps.prisma, toUserId);
  if (!to) throw invalid(`用户 ${toUserId} 不存在或已停用`);
  return update(deps, task.workflowId, reassignTaskUpdate, [{ taskId, actor, to }]);
}
