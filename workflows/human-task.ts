// The human task (DESIGN §3): one mechanism for every step that waits for a person.
// A task row is written through an activity, the queue shows it to everyone entitled,
// people act through Updates whose validators refuse the wrong actor, outcome or data
// before anything enters history, and a timer decides what the law says on expiry.
import { ApplicationFailure, condition, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { DeadlineId } from '../rules/deadlines.ts';
import type { Role } from '../rules/roles.ts';
import { ESCALATION_LADDER, taskForm, type TaskKind } from '../rules/task-forms.ts';
import {
  calendarUpdatedSignal, claimTaskUpdate, completeTaskUpdate, FAILURE, openTasksQuery,
  reassignTaskUpdate, unclaimTaskUpdate,
  type Actor, type CompleteTaskInput, type TaskResult, type TaskView,
} from './messages.ts';
import { acts } from './activities-proxy.ts';

/** What the workflow does when a task's due date passes. */
export type OnExpiry = 'PROCEED' | 'ESCALATE';

export interface TaskSpec {
  step: string;
  kind: TaskKind;
  title: string;
  orgId: string;
  roles: Role[];
  caseId?: string;
  deadline?: { id: DeadlineId; from: string };
  onExpiry?: OnExpiry;
  payload?: Record<string, unknown>;
  /** Rules that need the procedure's own state; returns the refusal message, if any. */
  validate?: (input: CompleteTaskInput) => string | undefined;
}

export type TaskEnd = { expired: false; result: TaskResult } | { expired: true };

interface LiveTask extends TaskView {
  spec: TaskSpec; result?: TaskResult; dueStale: boolean;
  /** End of the current period, kept after escalation clears the timer. */
  periodEnd?: string;
  recorded: boolean;
}

const tasks = new Map<string, LiveTask>();

const fail = (type: string, message: string): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

function openTask(taskId: string): LiveTask {
  const task = tasks.get(taskId) ?? fail(FAILURE.notFound, `任务 ${taskId} 不存在`);
  if (task.status !== 'OPEN') fail(FAILURE.conflict, `任务“${task.title}”已${task.status === 'COMPLETED' ? '办结' : '关闭'}`);
  return task;
}

function checkEligible(task: LiveTask, actor: Actor, who = '您'): void {
  if (actor.orgId !== task.orgId) fail(FAILURE.forbidden, `${who}不属于承办该任务的单位`);
  if (!actor.roles.some((r) => task.candidateRoles.includes(r))) {
    fail(FAILURE.forbidden, `${who}的角色不能办理“${task.title}”`);
  }
  if (taskForm(task.kind)?.requiresCertificate && !actor.certified) {
    fail(FAILURE.forbidden, `${who}没有有效的行政执法证，不能办理“${task.title}”`);
  }
}

function checkNotClaimedByOther(task: LiveTask, actor: Actor): void {
  if (task.claimedBy && task.claimedBy !== actor.userId) fail(FAILURE.conflict, `任务已由他人认领`);
}

const view = ({ spec: _s, result: _r, dueStale: _d, periodEnd: _p, recorded: _w, ...v }: LiveTask): TaskView => v;

/** Registers the task updates and queries; call once at the start of a workflow. */
export function installTaskHandlers(): void {
  setHandler(openTasksQuery, () => [...tasks.values()].filter((t) => t.status === 'OPEN').map(view));

  setHandler(completeTaskUpdate, async ({ taskId, actor, outcome, data: raw }) => {
    const task = tasks.get(taskId)!;
    // Store what the schema made of the input (defaults applied, strings trimmed).
    const data = taskForm(task.kind)!.outcomes[outcome].schema.parse(raw ?? {});
    const result: TaskResult = { taskId, outcome, data, completedBy: actor.userId, completedAt: new Date().toISOString() };
    task.status = 'COMPLETED';
    task.claimedBy = actor.userId;
    task.result = result;
    await acts.closeTaskRecord({ taskId, status: 'COMPLETED', result, actor });
    return result;
  }, {
    validator: (input) => {
      const { taskId, actor, outcome, data } = input;
      const task = openTask(taskId);
      checkEligible(task, actor);
      checkNotClaimedByOther(task, actor);
      const form = taskForm(task.kind)!;
      const outcomeForm = form.outcomes[outcome] ?? fail(FAILURE.invalid,
        `办理结果“${outcome}”无效，可选：${Object.keys(form.outcomes).join('、')}`);
      const parsed = outcomeForm.schema.safeParse(data ?? {});
      if (!parsed.success) {
        const shape = (outcomeForm.schema as { shape?: Record<string, { description?: string }> }).shape ?? {};
        const label = (path: PropertyKey[]) => shape[String(path[0])]?.description ?? (path.join('.') || '表单');
        fail(FAILURE.invalid, parsed.error.issues.map((i) => `${label(i.path)}：${i.message}`).join('；'));
      }
      const refusal = task.spec.validate?.({ ...input, data: parsed.data! });
      if (refusal) fail(FAILURE.invalid, refusal);
    },
  });

  setHandler(claimTaskUpdate, async ({ taskId, actor }) => {
    const task = tasks.get(taskId)!;
    if (task.claimedBy !== actor.userId) {
      task.claimedBy = actor.userId;
      await acts.updateTaskRecord({ taskId, claimedById: actor.userId, actor, action: 'task.claimed' });
    }
    return view(task);
  }, {
    validator: ({ taskId, actor }) => {
      const task = openTask(taskId);
      checkEligible(task, actor);
      checkNotClaimedByOther(task, actor);
    },
  });

  setHandler(unclaimTaskUpdate, async ({ taskId, actor }) => {
    const task = tasks.get(taskId)!;
    if (task.claimedBy) {
      task.claimedBy = undefined;
      await acts.updateTaskRecord({ taskId, claimedById: null, actor, action: 'task.unclaimed' });
    }
    return view(task);
  }, {
    validator: ({ taskId, actor }) => {
      const task = openTask(taskId);
      const supervises = actor.orgId === task.orgId && actor.roles.some((r: Role) => r === 'SUPERVISOR' || r === 'HEAD');
      if (task.claimedBy && task.claimedBy !== actor.userId && !supervises) fail(FAILURE.forbidden, '只有认领人或负责人可以退回认领');
      if (!task.claimedBy) checkEligible(task, actor);
    },
  });

  setHandler(reassignTaskUpdate, async ({ taskId, actor, to }) => {
    const task = tasks.get(taskId)!;
    task.claimedBy = to.userId;
    await acts.updateTaskRecord({ taskId, claimedById: to.userId, actor, action: 'task.reassigned', data: { to: to.userId } });
    return view(task);
  }, {
    validator: ({ taskId, actor, to }) => {
      const task = openTask(taskId);
      if (actor.orgId !== task.orgId || !actor.roles.some((r: Role) => r === 'SUPERVISOR' || r === 'HEAD')) {
        fail(FAILURE.forbidden, '只有本单位负责人可以改派任务');
      }
      checkEligible(task, to, '被指派人');
    },
  });

  setHandler(calendarUpdatedSignal, () => {
    for (const t of tasks.values()) if (t.status === 'OPEN' && t.dueProvisional) t.dueStale = true;
  });
}

async function refreshDue(task: LiveTask): Promise<void> {
  const d = task.spec.deadline;
  if (!d) return;
  const due = await acts.computeDeadline({ deadlineId: d.id, from: d.from });
  task.dueStale = false;
  const changed = task.periodEnd !== due.dueAt || task.dueProvisional !== due.provisional;
  task.periodEnd = due.dueAt;
  task.dueAt = due.dueAt;
  task.dueProvisional = due.provisional;
  if (changed && task.recorded) {
    await acts.updateTaskRecord({ taskId: task.id, dueAt: due.dueAt, dueProvisional: due.provisional, action: 'task.due_recomputed' });
  }
}

/**
 * Opens a task and waits for a person to complete it. On expiry: PROCEED returns
 * `{ expired: true }` (e.g. silence = waiver); ESCALATE hands the task up the ladder
 * (SUPERVISOR → HEAD within the bureau) and keeps waiting.
 */
export async function humanTask(spec: TaskSpec): Promise<TaskEnd> {
  const task: LiveTask = {
    id: uuid4(), step: spec.step, kind: spec.kind, title: spec.title, orgId: spec.orgId,
    candidateRoles: [...spec.roles], status: 'OPEN', dueProvisional: false, escalationLevel: 0,
    spec, dueStale: false, recorded: false,
  };
  await refreshDue(task);
  // Known to the validators before the row exists: once people can see the row, an update
  // may arrive in the same activation as this activity's result, and updates run first.
  tasks.set(task.id, task);
  await acts.openTaskRecord({
    id: task.id, workflowId: workflowInfo().workflowId, caseId: spec.caseId, step: spec.step, kind: spec.kind,
    title: spec.title, orgId: spec.orgId, candidateRoles: task.candidateRoles, dueAt: task.dueAt,
    dueProvisional: task.dueProvisional, deadlineId: spec.deadline?.id,
    allowedOutcomes: Object.keys(taskForm(spec.kind)!.outcomes), payload: spec.payload ?? {},
  });
  task.recorded = true;

  for (;;) {
    const remaining = task.dueAt ? Date.parse(task.dueAt) - Date.now() : undefined;
    const woke = remaining === undefined
      ? (await condition(() => task.status !== 'OPEN' || task.dueStale), true)
      : remaining > 0 && await condition(() => task.status !== 'OPEN' || task.dueStale, remaining);
    if (task.status === 'COMPLETED') return { expired: false, result: task.result! };
    if (task.status === 'CANCELLED') return { expired: true };
    if (woke && task.dueStale) { await refreshDue(task); continue; }
    if (woke) continue;
    if ((spec.onExpiry ?? 'ESCALATE') === 'PROCEED') {
      task.status = 'EXPIRED';
      await acts.closeTaskRecord({ taskId: task.id, status: 'EXPIRED' });
      return { expired: true };
    }
    await escalate(task);
  }
}

/**
 * Extends an open task's limit with an approved extension that runs on from the end of the
 * current period (e.g. 立案 +5 working days, AB25 Art 34 ①); the task re-reads its due date.
 */
export function extendTask(step: string, deadlineId: DeadlineId): boolean {
  for (const task of tasks.values()) {
    if (task.step !== step || task.status !== 'OPEN' || !task.spec.deadline) continue;
    // The period ended at 24:00 of its last day; that day is the start day of the extension.
    const from = task.periodEnd ? new Date(Date.parse(task.periodEnd) - 1).toISOString() : task.spec.deadline.from;
    task.spec = { ...task.spec, deadline: { id: deadlineId, from } };
    task.dueStale = true;
    return true;
  }
  return false;
}

/** Withdraws an open task that the procedure no longer needs (e.g. paid before the court step). */
export async function cancelTask(step: string): Promise<void> {
  for (const task of tasks.values()) {
    if (task.step !== step || task.status !== 'OPEN') continue;
    task.status = 'CANCELLED';
    await acts.closeTaskRecord({ taskId: task.id, status: 'CANCELLED' });
  }
}

async function escalate(task: LiveTask): Promise<void> {
  const highest = Math.max(...task.candidateRoles.map((r) => ESCALATION_LADDER.indexOf(r)));
  const next = ESCALATION_LADDER[highest + 1];
  task.escalationLevel += 1;
  // Beyond the ladder the task stays with the highest level, marked overdue; no more timers.
  if (next) task.candidateRoles.push(next);
  task.dueAt = undefined;
  await acts.updateTaskRecord({
    taskId: task.id, candidateRoles: task.candidateRoles, escalationLevel: task.escalationLevel,
    action: 'task.escalated', data: { to: next ?? null },
  });
}
