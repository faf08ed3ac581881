import type { Prisma } from '../generated/prisma/client.ts';
import type { Actor, TaskResult } from '../workflows/messages.ts';
import { userActor, workflowActor } from './audit-actor.ts';
import { checkStoredAnswer } from './task-answers.ts';
import type { StepScope } from './transition.ts';
import { currentFormVersion } from '../rules/form-versions.ts';

export interface OpenTaskRecord {
  id: string; workflowId: string; caseId?: string; step: string; kind: string; title: string; orgId: string;
  candidateRoles: string[]; dueAt?: string; dueProvisional: boolean; deadlineId?: string;
  allowedOutcomes: string[]; payload: Record<string, unknown>;
}

export interface UpdateTask {
  taskId: string; action: string; actor?: Actor; claimedById?: string | null; candidateRoles?: string[];
  escalationLevel?: number; dueAt?: string; dueProvisional?: boolean; data?: Record<string, unknown>;
}

export interface CloseTask {
  taskId: string; status: 'COMPLETED' | 'EXPIRED' | 'CANCELLED'; result?: TaskResult; actor?: Actor;
  /** Known to the workflow: the audit event needs no read of the row. */
  caseId?: string; orgId: string; taskKind: string;
}

const actorOf = (a?: Actor) => (a ? userActor(a) : workflowActor());

// Every write is idempotent by the task id the workflow chose deterministically, so a step
// replayed after a crash never doubles a row or an audit event. They run inside a transition
// (activities/transition.ts), whose transaction also holds the step's other effects.

/** The row of a task to open. */
export const taskRow = (t: OpenTaskRecord): Prisma.TaskCreateManyInput => ({
  ...t, dueAt: t.dueAt ? new Date(t.dueAt) : null, status: 'OPEN', payload: t.payload as Prisma.InputJsonValue,
  // The form it is answered under, for as long as it stays open (rules/form-versions.ts).
  formVersion: currentFormVersion(),
});

export const taskOpenedAudit = (t: OpenTaskRecord) => ({ ...workflowActor(), action: 'task.opened', subjectType: 'Task', subjectId: t.id,
  caseId: t.caseId, orgId: t.orgId, data: { kind: t.kind, title: t.title, dueAt: t.dueAt ?? null, roles: t.candidateRoles } });

export async function openTaskIn(s: StepScope, t: OpenTaskRecord): Promise<void> {
  const created = await s.tx.task.createMany({ data: [taskRow(t)], skipDuplicates: true });
  if (created.count === 0) return;
  s.audits.push(taskOpenedAudit(t));
}

export async function updateTaskIn(s: StepScope, u: UpdateTask): Promise<void> {
  const before = await s.tx.task.findUniqueOrThrow({ where: { id: u.taskId } });
  const data: Prisma.TaskUpdateInput = {};
  if (u.claimedById !== undefined) data.claimedById = u.claimedById;
  if (u.candidateRoles) data.candidateRoles = u.candidateRoles;
  if (u.escalationLevel !== undefined) { data.escalationLevel = u.escalationLevel; data.escalatedAt = new Date(); }
  if (u.dueAt) { data.dueAt = new Date(u.dueAt); data.dueProvisional = u.dueProvisional ?? false; }
  // A replayed step finds its change already there: no second audit event.
  if (u.escalationLevel !== undefined && before.escalationLevel >= u.escalationLevel) return;
  if (u.claimedById !== undefined && before.claimedById === u.claimedById && u.action !== 'task.reassigned') return;
  if (u.dueAt && before.dueAt?.getTime() === Date.parse(u.dueAt) && before.dueProvisional === u.dueProvisional) return;
  await s.tx.task.update({ where: { id: u.taskId }, data });
  s.audits.push({ ...actorOf(u.actor), action: u.action, subjectType: 'Task',
    subjectId: u.taskId, caseId: before.caseId, orgId: before.orgId,
    data: { ...(u.data ?? {}), ...(u.dueAt ? { dueAt: u.dueAt, provisional: u.dueProvisional } : {}) } as Prisma.InputJsonValue });
}

export async function closeTaskIn(s: StepScope, c: CloseTask): Promise<void> {
  const closed = await s.tx.task.updateManyAndReturn({
    where: { id: c.taskId, status: 'OPEN' },
    data: {
      status: c.status, outcome: c.result?.outcome ?? null,
      result: (c.result?.data ?? undefined) as Prisma.InputJsonValue | undefined,
      completedById: c.result?.completedBy ?? null,
      completedAt: c.result ? new Date(c.result.completedAt) : new Date(),
      ...(c.result ? { claimedById: c.result.completedBy } : {}),
    },
    select: { formVersion: true },
  });
  if (closed.length === 0) return;
  if (c.result) checkStoredAnswer(c.taskKind, closed[0]!.formVersion, c.result);
  s.audits.push({ ...actorOf(c.actor), action: `task.${c.status.toLowerCase()}`,
    subjectType: 'Task', subjectId: c.taskId, caseId: c.caseId ?? null, orgId: c.orgId,
    data: { kind: c.taskKind, outcome: c.result?.outcome ?? null, ...(c.result?.data ?? {}) } as Prisma.InputJsonValue });
}
