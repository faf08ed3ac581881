// The human task (DESIGN §3): one mechanism for every step that waits for a person.
// A task row is written through an activity, the queue shows it to everyone entitled,
// people act through Updates whose validators refuse the wrong actor, outcome or data
// before anything enters history, and a timer decides what the law says on expiry.
// A bureau duty warns before its limit and, past it, raises an ESCALATION task up the ladder
// of rules/escalation.ts (issue 8); tasks opened before that patch keep the old in-bureau ladder.
// The validators check state only (task open, who may act, the procedure's own rules): the form's
// schema is checked by the API before the Update and by the activity that writes the answer, with
// the task's form version (rules/form-versions.ts), so replay never depends on a schema (issue 20).
import { ApplicationFailure, condition, patched, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { formDateRefusal, type DateFacts } from '../rules/date-bounds.ts';
import type { DeadlineId } from '../rules/deadlines.ts';
import { ESCALATION_OUTCOMES, EXTENSIONS, extensionRefusal, firstRung, needsCertificate, type EscalationOutcome } from '../rules/escalation.ts';
import type { Role } from '../rules/roles.ts';
import { THRESHOLDS } from '../rules/thresholds.ts';
import type { TaskKind } from '../rules/task-forms.ts';
import { ESCALATION_LADDER, taskKind } from '../rules/task-kinds.ts';
import {
  calendarUpdatedSignal, claimTaskUpdate, completeTaskUpdate, FAILURE, openTasksQuery,
  reassignTaskUpdate, unclaimTaskUpdate,
  type Actor, type CompleteTaskInput, type TaskResult, type TaskView,
} from './messages.ts';
import type { TaskDue } from '../activities/transition.ts';
import { acts } from './activities-proxy.ts';
import { upsertTaskSearch } from './search-attributes.ts';
import { stage } from './transition.ts';

/** What the workflow does when a task's due date passes. */
export type OnExpiry = 'PROCEED' | 'ESCALATE';

export interface TaskSpec {
  /** Only for a task whose id the caller must know first (an escalation's id is its task's). */
  id?: string;
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
  /** Opened under ESCALATIONS_PATCH: warns before its limit and escalates with ESCALATION tasks. */
  ladder: boolean;
  warnAt?: string;
  warned: boolean;
  /** The next rung of rules/escalation.ts to raise, and the limit already escalated. */
  nextRung: number;
  escalatedDue?: string;
  /** ESCALATION tasks raised for this step and not yet resolved. */
  escalations: string[];
}

/** Live patch id (listed in workflows/case.ts): near-due warnings and ESCALATION tasks. */
export const ESCALATIONS_PATCH = 'escalation-tasks';

const tasks = new Map<string, LiveTask>();

/** What the running procedure knows of its timeline, for the dates people enter (rules/date-bounds.ts). */
export interface DateContext { facts: DateFacts; toleranceMinutes: number }
let dateContext = (): DateContext => ({ facts: {}, toleranceMinutes: THRESHOLDS.DATE_FUTURE_TOLERANCE_MINUTES.value });
/** A procedure states its timeline once; a procedure that states none still refuses dates ahead of now. */
export function setDateContext(get: () => DateContext): void { dateContext = get; }

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
  if (taskKind(task.kind)?.requiresCertificate && !actor.certified) {
    fail(FAILURE.forbidden, `${who}没有有效的行政执法证，不能办理“${task.title}”`);
  }
}

function checkNotClaimedByOther(task: LiveTask, actor: Actor): void {
  if (task.claimedBy && task.claimedBy !== actor.userId) fail(FAILURE.conflict, `任务已由他人认领`);
}

const view = ({
  spec: _s, result: _r, dueStale: _d, periodEnd: _p, recorded: _w, ladder: _l, warnAt: _a, warned: _n, nextRung: _g,
  escalatedDue: _e, escalations: _x, ...v
}: LiveTask): TaskView => v;
const now = () => new Date().toISOString();

/** Registers the task updates and queries; call once at the start of a workflow. */
export function installTaskHandlers(): void {
  setHandler(openTasksQuery, () => [...tasks.values()].filter((t) => t.status === 'OPEN').map(view));

  setHandler(completeTaskUpdate, async ({ taskId, actor, outcome, data = {} }) => {
    const task = tasks.get(taskId)!;
    const result: TaskResult = { taskId, outcome, data, completedBy: actor.userId, completedAt: new Date().toISOString() };
    task.status = 'COMPLETED';
    task.claimedBy = actor.userId;
    task.result = result;
    // No activity of its own: the close commits with what the step does next (the next task, the
    // case filed, its documents), and the answer waits for that, so the caller sees the new state.
    await stage({ kind: 'closeTask', taskId, status: 'COMPLETED', result, actor, caseId: task.spec.caseId, orgId: task.orgId, taskKind: task.kind });
    return result;
  }, {
    validator: (input) => {
      const { taskId, actor, outcome, data } = input;
      const task = openTask(taskId);
      checkEligible(task, actor);
      checkNotClaimedByOther(task, actor);
      const outcomes = taskKind(task.kind)!.outcomes;
      if (!outcomes.includes(outcome)) fail(FAILURE.invalid, `办理结果“${outcome}”无效，可选：${outcomes.join('、')}`);
      const { facts, toleranceMinutes } = dateContext();
      const answer = { ...input, data: data ?? {} };
      // The procedure's own rule first: it names the law (e.g. evidence collected after the decision).
      const refusal = task.spec.validate?.(answer)
        ?? formDateRefusal(task.kind, outcome, answer.data, facts, Date.now(), toleranceMinutes);
      if (refusal) fail(FAILURE.invalid, refusal);
    },
  });

  setHandler(claimTaskUpdate, async ({ taskId, actor }) => {
    const task = tasks.get(taskId)!;
    if (task.claimedBy !== actor.userId) {
      task.claimedBy = actor.userId;
      await stage({ kind: 'updateTask', taskId, claimedById: actor.userId, actor, action: 'task.claimed' });
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
      await stage({ kind: 'updateTask', taskId, claimedById: null, actor, action: 'task.unclaimed' });
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
    await stage({ kind: 'updateTask', taskId, claimedById: to.userId, actor, action: 'task.reassigned', data: { to: to.userId } });
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
  applyDue(task, await stage<TaskDue>({
    kind: 'due', deadline: { deadlineId: d.id, from: d.from }, warn: task.ladder,
    task: task.recorded ? { id: task.id, dueAt: task.periodEnd, provisional: task.dueProvisional } : undefined,
  }));
}

/** The limit computed in the step's transaction (deadline table + holiday calendar), with its warning time. */
function applyDue(task: LiveTask, due: TaskDue): void {
  task.dueStale = false;
  const changed = task.periodEnd !== due.dueAt || task.dueProvisional !== due.provisional;
  task.periodEnd = due.dueAt;
  // A recomputed limit that is already escalated does not escalate again.
  const escalated = task.ladder && task.escalatedDue !== undefined && Date.parse(due.dueAt) <= Date.parse(task.escalatedDue);
  task.dueAt = escalated ? undefined : due.dueAt;
  task.dueProvisional = due.provisional;
  if (task.ladder && task.dueAt && (changed || !task.warnAt)) {
    task.warnAt = due.warnAt;
    task.warned = false;
  }
}

const closeEffect = (task: LiveTask, status: 'EXPIRED' | 'CANCELLED') =>
  ({ kind: 'closeTask', taskId: task.id, status, caseId: task.spec.caseId, orgId: task.orgId, taskKind: task.kind }) as const;

/**
 * Opens a task and waits for a person to complete it. On expiry: PROCEED returns
 * `{ expired: true }` (e.g. silence = waiver); ESCALATE warns before the limit and past it
 * raises an ESCALATION task up the ladder (team lead → head → city supervisor) and keeps waiting.
 */
export async function humanTask(spec: TaskSpec): Promise<TaskEnd> {
  const task: LiveTask = {
    id: spec.id ?? uuid4(), step: spec.step, kind: spec.kind, title: spec.title, orgId: spec.orgId,
    candidateRoles: [...spec.roles], status: 'OPEN', dueProvisional: false, escalationLevel: 0,
    spec, dueStale: false, recorded: false,
    ladder: (spec.onExpiry ?? 'ESCALATE') === 'ESCALATE' && !!spec.deadline && patched(ESCALATIONS_PATCH),
    warned: false, nextRung: firstRung(spec.roles), escalations: [],
  };
  // Known to the validators before the row exists: once people can see the row, an update
  // may arrive in the same activation as the step's commit, and updates run first.
  tasks.set(task.id, task);
  // Its limit is computed in the same transaction that opens it (deadline table + holiday calendar).
  const due = await stage<TaskDue | null>({
    kind: 'openTask',
    task: {
      id: task.id, workflowId: workflowInfo().workflowId, caseId: spec.caseId, step: spec.step, kind: spec.kind,
      title: spec.title, orgId: spec.orgId, candidateRoles: task.candidateRoles, deadlineId: spec.deadline?.id,
      allowedOutcomes: [...taskKind(spec.kind)!.outcomes], payload: spec.payload ?? {},
    },
    deadline: spec.deadline && { deadlineId: spec.deadline.id, from: spec.deadline.from }, warn: task.ladder,
  });
  if (due) applyDue(task, due);
  task.recorded = true;

  for (;;) {
    upsertTaskSearch(tasks.values());
    // Before the limit, a ladder task wakes once at its warning time.
    const warning = task.ladder && !task.warned && !!task.warnAt && !!task.dueAt && Date.parse(task.warnAt) < Date.parse(task.dueAt);
    const wakeAt = warning ? task.warnAt : task.dueAt;
    const remaining = wakeAt ? Date.parse(wakeAt) - Date.now() : undefined;
    const woke = remaining === undefined
      ? (await condition(() => task.status !== 'OPEN' || task.dueStale), true)
      : remaining > 0 && await condition(() => task.status !== 'OPEN' || task.dueStale, remaining);
    upsertTaskSearch(tasks.values());
    if (task.status === 'COMPLETED') {
      await settleEscalations(task, 'STEP_DONE');
      return { expired: false, result: task.result! };
    }
    if (task.status === 'CANCELLED') {
      await settleEscalations(task, 'STEP_CLOSED');
      return { expired: true };
    }
    if (woke && task.dueStale) { await refreshDue(task); continue; }
    if (woke) continue;
    if (warning) {
      task.warned = true;
      await stage({ kind: 'warnNearDue', taskId: task.id, warnAt: task.warnAt!, dueAt: task.dueAt!, at: now() });
      continue;
    }
    if ((spec.onExpiry ?? 'ESCALATE') === 'PROCEED') {
      task.status = 'EXPIRED';
      await stage(closeEffect(task, 'EXPIRED'));
      return { expired: true };
    }
    await (task.ladder ? raise(task) : escalate(task));
  }
}

/**
 * Extends an open task's limit with an approved extension that runs on from the end of the
 * current period (e.g. 立案 +5 working days, AB25 Art 34 ①); the task re-reads its due date.
 */
export function extendTask(step: string, deadlineId: DeadlineId): boolean {
  for (const task of tasks.values()) {
    if (task.step !== step || task.status !== 'OPEN' || !task.spec.deadline) continue;
    // Already extended (e.g. through an escalation): the law allows the extension once.
    if (task.spec.deadline.id === deadlineId) return false;
    extend(task, deadlineId);
    return true;
  }
  return false;
}

/** The step's open task already runs on this (extension) limit. */
export function taskExtended(step: string, deadlineId: DeadlineId): boolean {
  return [...tasks.values()].some((t) => t.step === step && t.status === 'OPEN' && t.spec.deadline?.id === deadlineId);
}

function extend(task: LiveTask, deadlineId: DeadlineId): void {
  // The period ended at 24:00 of its last day; that day is the start day of the extension.
  const from = task.periodEnd ? new Date(Date.parse(task.periodEnd) - 1).toISOString() : task.spec.deadline!.from;
  task.spec = { ...task.spec, deadline: { id: deadlineId, from } };
  task.dueStale = true;
}

/**
 * 提级管辖 / 指定管辖 (issue 21): the open steps of the bureau that handled the case go to the new
 * bureau's queue, unclaimed (its officers were never named in them); returns their ids. Steps of
 * other orgs (an escalation raised to the city) stay where they are.
 */
export function rehomeTasks(fromOrgId: string, toOrgId: string): string[] {
  const moved: string[] = [];
  for (const task of tasks.values()) {
    if (task.status !== 'OPEN' || task.orgId !== fromOrgId) continue;
    task.orgId = toOrgId;
    task.spec = { ...task.spec, orgId: toOrgId };
    task.claimedBy = undefined;
    moved.push(task.id);
  }
  return moved;
}

/**
 * Warns the open task of `step` and raises it up the escalation ladder now, as if a limit at
 * `dueAt` were about to pass: a procedure whose own rule finds the step lagging (a campaign share
 * below its target at the warning time, issue 21) uses the same ESCALATION tasks and rows.
 */
export async function escalateNow(step: string, dueAt: string): Promise<boolean> {
  const task = [...tasks.values()].find((t) => t.step === step && t.status === 'OPEN');
  if (!task) return false;
  const at = now();
  await stage({ kind: 'warnNearDue', taskId: task.id, warnAt: at, dueAt, at });
  task.warned = true;
  task.dueAt = undefined;
  task.escalatedDue = dueAt;
  await raise(task);
  return true;
}

/** Withdraws an open task that the procedure no longer needs (e.g. paid before the court step). */
export async function cancelTask(step: string): Promise<void> {
  for (const task of tasks.values()) {
    if (task.step !== step || task.status !== 'OPEN') continue;
    task.status = 'CANCELLED';
    await stage(closeEffect(task, 'CANCELLED'));
  }
}

async function escalate(task: LiveTask): Promise<void> {
  const highest = Math.max(...task.candidateRoles.map((r) => ESCALATION_LADDER.indexOf(r)));
  const next = ESCALATION_LADDER[highest + 1];
  task.escalationLevel += 1;
  // Beyond the ladder the task stays with the highest level, marked overdue; no more timers.
  if (next) task.candidateRoles.push(next);
  task.dueAt = undefined;
  await stage({
    kind: 'updateTask', taskId: task.id, candidateRoles: task.candidateRoles, escalationLevel: task.escalationLevel,
    action: 'task.escalated', data: { to: next ?? null },
  });
}

/**
 * Past its limit, a ladder task raises an ESCALATION task for the next rung that has someone
 * to act (rules/escalation.ts); within the bureau that rung may also do the step itself, as
 * before. The escalation's own period (ESCALATION_RESPONSE) drives the rung after it.
 */
async function raise(task: LiveTask): Promise<void> {
  // From the step's timer the limit is its due date; from a higher rung, the one already passed.
  const dueAt = task.dueAt ?? task.escalatedDue!;
  task.escalatedDue = dueAt;
  task.dueAt = undefined;
  const target = await acts.escalationTarget({ orgId: task.orgId, fromRung: task.nextRung });
  // Beyond the ladder the step stays overdue and visible as such; no more timers.
  if (!target) return;
  task.nextRung = target.rung + 1;
  task.escalationLevel += 1;
  if (target.orgId === task.orgId && !task.candidateRoles.includes(target.role)) task.candidateRoles.push(target.role);
  const id = uuid4();
  const at = now();
  await stage({
    kind: 'raiseEscalation', id, taskId: task.id, level: target.rung, toOrgId: target.orgId, toRole: target.role, dueAt, at,
    escalationLevel: task.escalationLevel, candidateRoles: task.candidateRoles,
  });
  task.escalations.push(id);
  void supervise(task, id, { ...target, dueAt, at });
}

interface Raised { rung: number; orgId: string; role: Role; orgName: string; stepOrgName: string; dueAt: string; at: string }

async function supervise(task: LiveTask, id: string, e: Raised): Promise<void> {
  const extension = task.spec.deadline && EXTENSIONS[task.spec.deadline.id];
  const end = await humanTask({
    id, step: `escalation-${task.step}-${e.rung}`, kind: 'ESCALATION', title: `逾期督办：${task.title}`,
    orgId: e.orgId, roles: [e.role], caseId: task.spec.caseId, onExpiry: 'PROCEED',
    deadline: { id: 'ESCALATION_RESPONSE', from: e.at },
    payload: {
      ...pick(task.spec.payload, ['caseNumber', 'partyName']),
      escalation: {
        taskId: task.id, title: task.title, kind: task.kind, step: task.step, orgId: task.orgId, orgName: e.stepOrgName,
        dueAt: e.dueAt, raisedAt: e.at, level: e.rung, claimedBy: task.claimedBy ?? null,
        extension: extension ? { deadlineId: extension.to, basis: extension.basis } : null,
      },
    },
    validate: (input) => escalationRefusal(task, input),
  });
  task.escalations = task.escalations.filter((x) => x !== id);
  // The step ended first: settleEscalations recorded it.
  if (task.status !== 'OPEN') return;
  if (end.expired) {
    await stage({ kind: 'resolveEscalation', id, outcome: 'ESCALATED', at: now() });
    await raise(task);
    return;
  }
  const r = end.result;
  const comment = typeof r.data.comment === 'string' ? r.data.comment : typeof r.data.reason === 'string' ? r.data.reason : undefined;
  const base = { id, at: now(), actorId: r.completedBy, comment };
  if (r.outcome === 'EXTEND') {
    const to = EXTENSIONS[task.spec.deadline!.id]!;
    await stage({ kind: 'resolveEscalation', ...base, outcome: 'EXTENDED', data: { deadlineId: to.to, basis: to.basis, approvedBy: r.completedBy } });
    extend(task, to.to);
    return;
  }
  const outcome: EscalationOutcome = r.outcome === 'REASSIGN' ? 'REASSIGNED' : r.outcome === 'TAKE_OVER' ? 'TAKEN_OVER' : 'COMMENTED';
  const step = outcome === 'REASSIGNED' ? { taskId: task.id, action: 'task.reassigned', claimedById: (r.data.officerIds as string[])[0]! }
    : outcome === 'TAKEN_OVER' ? { taskId: task.id, action: 'task.taken_over', claimedById: r.completedBy } : undefined;
  if (step) task.claimedBy = step.claimedById;
  // Whoever acted has one more period; a step still open after it goes up the next rung.
  const [, next] = await Promise.all([
    stage({ kind: 'resolveEscalation', ...base, outcome, ...(step ? { step } : {}) }),
    stage<TaskDue>({ kind: 'due', deadline: { deadlineId: 'ESCALATION_RESPONSE', from: base.at } }),
  ]);
  const settled = await condition(() => task.status !== 'OPEN' || task.dueAt !== undefined, Math.max(1, Date.parse(next.dueAt) - Date.now()));
  if (!settled && task.status === 'OPEN') await raise(task);
}

/** What an escalation's outcome may do to the step; checked before anything is recorded. */
function escalationRefusal(task: LiveTask, input: CompleteTaskInput): string | undefined {
  if (task.status !== 'OPEN') return `“${task.title}”已办结或关闭，无需督办`;
  const form = taskKind(task.kind);
  if (input.outcome === 'REASSIGN') {
    const id = (input.data.officerIds as string[])[0];
    const to = input.officers?.find((o) => o.userId === id);
    if (!to) return '被指派人不存在或已停用';
    if (to.orgId !== task.orgId) return '被指派人不属于承办该环节的单位';
    if (!to.roles.some((r) => task.candidateRoles.includes(r))) return `被指派人的角色不能办理“${task.title}”`;
    if ((form?.requiresCertificate || needsCertificate(to.roles, task.candidateRoles)) && !to.certified) {
      return '被指派人没有有效的行政执法证，不能改派';
    }
    if (task.claimedBy === to.userId) return '该环节已由此人承办，请改派给其他执法人员';
  }
  if (input.outcome === 'EXTEND') {
    const refusal = extensionRefusal(task.spec.deadline?.id, input.actor, task.orgId);
    if (refusal) return refusal;
    if (!input.actor.certified) return '您没有有效的行政执法证，不能批准延长期限';
  }
  if (input.outcome === 'TAKE_OVER') {
    // The step is an act of the bureau that owns it (行政处罚法 Art 17, 22): the organ above
    // supervises, it does not act in the bureau's name.
    if (input.actor.orgId !== task.orgId) return '上级机关不能代替承办单位办理该环节，请改派或提出督办意见';
    if (form?.requiresCertificate && !input.actor.certified) return `您没有有效的行政执法证，不能接手办理“${task.title}”`;
  }
  return undefined;
}

/** The step ended: its open escalations end with it. */
async function settleEscalations(task: LiveTask, outcome: EscalationOutcome): Promise<void> {
  for (const id of task.escalations.splice(0)) {
    const e = tasks.get(id);
    const close = e?.status === 'OPEN' ? stage(closeEffect(e, 'CANCELLED')) : undefined;
    if (e) e.status = e.status === 'OPEN' ? 'CANCELLED' : e.status;
    await Promise.all([close, stage({ kind: 'resolveEscalation', id, outcome, at: now(), data: { label: ESCALATION_OUTCOMES[outcome] } })]);
  }
}

function pick(o: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => o?.[k] !== undefined).map((k) => [k, o![k]]));
}
