import { Prisma } from '../../generated/prisma/client.ts';
import { taskForm } from '../../rules/task-forms.ts';
import { loadActor } from '../../store/users.ts';
import {
  claimTaskUpdate, completeTaskUpdate, reassignTaskUpdate, unclaimTaskUpdate, type Actor,
} from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, fromTemporal, invalid, notFound } from '../errors.ts';
import { enrichCompletion } from './task-checks.ts';

export interface QueueFilter {
  kind?: string; status: 'OPEN' | 'COMPLETED' | 'EXPIRED' | 'ALL'; overdue?: boolean; mine?: boolean;
  page: number; pageSize: number;
}

/** My work queue: tasks of my org that one of my roles may take (or that I hold). */
function queueWhere(actor: Actor, f: Pick<QueueFilter, 'kind' | 'status' | 'mine'>): Prisma.TaskWhereInput {
  return {
    orgId: actor.orgId,
    ...(f.mine ? { claimedById: actor.userId } : { OR: [{ candidateRoles: { hasSome: actor.roles } }, { claimedById: actor.userId }] }),
    ...(f.status === 'ALL' ? {} : { status: f.status }),
    ...(f.kind ? { kind: f.kind } : {}),
  };
}

const QUEUE_SELECT = {
  id: true, caseId: true, kind: true, title: true, status: true, dueAt: true, dueProvisional: true,
  claimedById: true, escalationLevel: true, warnedAt: true, createdAt: true, allowedOutcomes: true, payload: true,
} satisfies Prisma.TaskSelect;
type QueueRow = Prisma.TaskGetPayload<{ select: typeof QUEUE_SELECT }>;

/** My open tasks, as SQL: the same rows as queueWhere with status OPEN. */
function openWhere(actor: Actor, f: Pick<QueueFilter, 'kind' | 'mine'>): Prisma.Sql {
  const who = f.mine ? Prisma.sql`"claimedById" = ${actor.userId}`
    : Prisma.sql`("candidateRoles" && ${actor.roles}::text[] OR "claimedById" = ${actor.userId})`;
  const kind = f.kind ? Prisma.sql`AND kind = ${f.kind}` : Prisma.empty;
  return Prisma.sql`"orgId" = ${actor.orgId} AND status = 'OPEN' AND ${who} ${kind}`;
}

/**
 * Total and overdue. The usual view (open tasks) gets both from one index scan; at a million
 * tasks the counts, not the page, are what the queue costs.
 */
async function queueCounts(deps: AppDeps, actor: Actor, f: QueueFilter, filtered: Prisma.TaskWhereInput, now: Date) {
  if (f.status !== 'OPEN' || f.overdue) {
    const [total, overdue] = await Promise.all([
      deps.prisma.task.count({ where: filtered }),
      deps.prisma.task.count({ where: { ...queueWhere(actor, { status: 'OPEN', mine: f.mine, kind: f.kind }), dueAt: { lt: now } } }),
    ]);
    return { total, overdue };
  }
  const [row] = await deps.prisma.$queryRaw<{ total: number; overdue: number }[]>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE "dueAt" < ${now})::int AS overdue FROM "Task" WHERE ${openWhere(actor, f)}`;
  return row!;
}

/**
 * One page of the queue. The usual view (open tasks) is one SQL statement: the database does
 * the same work either way, but Prisma's own work on a findMany cost as much again as the query
 * at a million tasks (bench target 2b).
 */
function queuePage(deps: AppDeps, actor: Actor, f: QueueFilter, filtered: Prisma.TaskWhereInput): Promise<QueueRow[]> {
  const skip = (f.page - 1) * f.pageSize;
  if (f.status !== 'OPEN' || f.overdue) {
    return deps.prisma.task.findMany({
      where: filtered, orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }], skip, take: f.pageSize, select: QUEUE_SELECT,
    });
  }
  return deps.prisma.$queryRaw<QueueRow[]>`
    SELECT id, "caseId", kind, title, status, "dueAt", "dueProvisional", "claimedById", "escalationLevel", "warnedAt", "createdAt", "allowedOutcomes", payload
    FROM "Task" WHERE ${openWhere(actor, f)}
    ORDER BY "dueAt" ASC NULLS LAST, "createdAt" ASC LIMIT ${f.pageSize} OFFSET ${skip}`;
}

export async function listQueue(deps: AppDeps, actor: Actor, f: QueueFilter) {
  const now = new Date();
  const where = queueWhere(actor, f);
  const filtered: Prisma.TaskWhereInput = f.overdue ? { ...where, status: 'OPEN', dueAt: { lt: now } } : where;
  const [items, { total, overdue }] = await Promise.all([queuePage(deps, actor, f, filtered), queueCounts(deps, actor, f, filtered, now)]);
  return {
    items: items.map((t) => ({ ...t, overdue: t.status === 'OPEN' && !!t.dueAt && t.dueAt < now })),
    page: f.page, pageSize: f.pageSize, total, overdue,
  };
}

export async function getVisibleTask(deps: AppDeps, actor: Actor, taskId: string) {
  const task = await deps.prisma.task.findUnique({ where: { id: taskId } });
  const visible = task && task.orgId === actor.orgId
    && (task.candidateRoles.some((r) => actor.roles.includes(r as never)) || task.claimedById === actor.userId || task.completedById === actor.userId);
  if (!visible) throw notFound('任务');
  return task;
}

const handle = (deps: AppDeps, workflowId: string) => deps.temporal.workflow.getHandle(workflowId);

export async function send<T>(fn: () => Promise<T>): Promise<T> {
  try { return await fn(); } catch (err) { throw fromTemporal(err); }
}

export async function completeTask(deps: AppDeps, actor: Actor, taskId: string, outcome: string, data: Record<string, unknown>) {
  const task = await getVisibleTask(deps, actor, taskId);
  if (task.status === 'COMPLETED' && task.completedById === actor.userId) {
    // A repeated submit by the same person is answered with the first result.
    return { taskId, outcome: task.outcome!, data: (task.result ?? {}) as Record<string, unknown>, completedBy: actor.userId, completedAt: task.completedAt!.toISOString() };
  }
  if (task.status !== 'OPEN') throw conflict(`任务“${task.title}”已${task.status === 'COMPLETED' ? '由他人办结' : '关闭'}`);
  if (!taskForm(task.kind)?.outcomes[outcome]) throw invalid(`办理结果“${outcome}”无效，可选：${task.allowedOutcomes.join('、')}`);
  const extra = await enrichCompletion(deps, task, outcome, data);
  // The task id is the update id: a double submit gets the first answer, never a second effect.
  const result = await send(() => handle(deps, task.workflowId).executeUpdate(completeTaskUpdate, {
    args: [{ taskId, actor, outcome, data, ...extra }], updateId: taskId,
  }));
  if (result.completedBy !== actor.userId) throw conflict('该任务已由他人办结');
  return result;
}

export async function claimTask(deps: AppDeps, actor: Actor, taskId: string) {
  const task = await getVisibleTask(deps, actor, taskId);
  return send(() => handle(deps, task.workflowId).executeUpdate(claimTaskUpdate, { args: [{ taskId, actor }] }));
}

export async function unclaimTask(deps: AppDeps, actor: Actor, taskId: string) {
  const task = await getVisibleTask(deps, actor, taskId);
  return send(() => handle(deps, task.workflowId).executeUpdate(unclaimTaskUpdate, { args: [{ taskId, actor }] }));
}

export async function reassignTask(deps: AppDeps, actor: Actor, taskId: string, toUserId: string) {
  // The bureau's 队长/局长 assign any task of their bureau, not only those their own roles could
  // take (a handler's 调查取证 is assigned by the 队长); the workflow checks the rest.
  const task = await deps.prisma.task.findUnique({ where: { id: taskId } });
  if (!task || task.orgId !== actor.orgId) throw notFound('任务');
  const to = await loadActor(deps.prisma, toUserId);
  if (!to) throw invalid(`用户 ${toUserId} 不存在或已停用`);
  return send(() => handle(deps, task.workflowId).executeUpdate(reassignTaskUpdate, { args: [{ taskId, actor, to }] }));
}
