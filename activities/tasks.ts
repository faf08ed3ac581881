import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit } from '../store/audit.ts';
import { userActor, workflowActor } from './audit-actor.ts';
import type { Actor, TaskResult } from '../workflows/messages.ts';

export interface OpenTaskRecord {
  id: string; workflowId: string; caseId?: string; step: string; kind: string; title: string; orgId: string;
  candidateRoles: string[]; dueAt?: string; dueProvisional: boolean; deadlineId?: string;
  allowedOutcomes: string[]; payload: Record<string, unknown>;
}


// Every write is idempotent by the task id the workflow chose deterministically, so an
// activity retried after a crash never doubles a row or an audit event.
export function taskActivities(prisma: PrismaClient) {
  return {
    async openTaskRecord(t: OpenTaskRecord): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.task.findUnique({ where: { id: t.id }, select: { id: true } })) return;
        await tx.task.create({
          data: { ...t, dueAt: t.dueAt ? new Date(t.dueAt) : null, status: 'OPEN', payload: t.payload as Prisma.InputJsonValue },
        });
        await appendAudit(tx, { ...workflowActor(), action: 'task.opened', subjectType: 'Task', subjectId: t.id,
          caseId: t.caseId, orgId: t.orgId, data: { kind: t.kind, title: t.title, dueAt: t.dueAt ?? null, roles: t.candidateRoles } });
      });
    },

    async updateTaskRecord(u: {
      taskId: string; action: string; actor?: Actor; claimedById?: string | null; candidateRoles?: string[];
      escalationLevel?: number; dueAt?: string; dueProvisional?: boolean; data?: Record<string, unknown>;
    }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const before = await tx.task.findUniqueOrThrow({ where: { id: u.taskId } });
        const data: Prisma.TaskUpdateInput = {};
        if (u.claimedById !== undefined) data.claimedById = u.claimedById;
        if (u.candidateRoles) data.candidateRoles = u.candidateRoles;
        if (u.escalationLevel !== undefined) { data.escalationLevel = u.escalationLevel; data.escalatedAt = new Date(); }
        if (u.dueAt) { data.dueAt = new Date(u.dueAt); data.dueProvisional = u.dueProvisional ?? false; }
        // A retried activity finds its change already there: no second audit event.
        if (u.escalationLevel !== undefined && before.escalationLevel >= u.escalationLevel) return;
        if (u.claimedById !== undefined && before.claimedById === u.claimedById && u.action !== 'task.reassigned') return;
        if (u.dueAt && before.dueAt?.getTime() === Date.parse(u.dueAt) && before.dueProvisional === u.dueProvisional) return;
        await tx.task.update({ where: { id: u.taskId }, data });
        await appendAudit(tx, { ...(u.actor ? userActor(u.actor) : workflowActor()), action: u.action, subjectType: 'Task',
          subjectId: u.taskId, caseId: before.caseId, orgId: before.orgId,
          data: { ...(u.data ?? {}), ...(u.dueAt ? { dueAt: u.dueAt, provisional: u.dueProvisional } : {}) } as Prisma.InputJsonValue });
      });
    },

    async closeTaskRecord(c: { taskId: string; status: 'COMPLETED' | 'EXPIRED' | 'CANCELLED'; result?: TaskResult; actor?: Actor }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const closed = await tx.task.updateMany({
          where: { id: c.taskId, status: 'OPEN' },
          data: {
            status: c.status, outcome: c.result?.outcome ?? null,
            result: (c.result?.data ?? undefined) as Prisma.InputJsonValue | undefined,
            completedById: c.result?.completedBy ?? null,
            completedAt: c.result ? new Date(c.result.completedAt) : new Date(),
            ...(c.result ? { claimedById: c.result.completedBy } : {}),
          },
        });
        if (closed.count === 0) return;
        const task = await tx.task.findUniqueOrThrow({ where: { id: c.taskId }, select: { caseId: true, orgId: true, kind: true } });
        await appendAudit(tx, { ...(c.actor ? userActor(c.actor) : workflowActor()), action: `task.${c.status.toLowerCase()}`,
          subjectType: 'Task', subjectId: c.taskId, caseId: task.caseId, orgId: task.orgId,
          data: { kind: task.kind, outcome: c.result?.outcome ?? null, ...(c.result?.data ?? {}) } as Prisma.InputJsonValue });
      });
    },
  };
}
