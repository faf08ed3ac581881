// 逾期升级 (issue 8): the near-due warning, the escalation of an overdue step to the next rung
// of the ladder, and how each escalation ended. Every write is idempotent by the key the
// workflow chose (task id + warning time, escalation id) and appends its audit event in the
// same transaction; times come from the workflow, so a retried activity records the same.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { computeLatestBefore } from '../rules/calendar.ts';
import { deadlineRule, type DeadlineOverrides } from '../rules/deadlines.ts';
import { ESCALATION_RUNGS, type EscalationOutcome } from '../rules/escalation.ts';
import { createHolidayCalendar } from '../rules/holiday-calendar.ts';
import type { Role } from '../rules/roles.ts';
import { appendAudit } from '../store/audit.ts';
import { workflowActor } from './audit-actor.ts';

export interface EscalationTarget { rung: number; orgId: string; role: Role; orgName: string; stepOrgName: string }

export interface RaiseEscalation {
  id: string; taskId: string; level: number; toOrgId: string; toRole: Role; dueAt: string; at: string;
  escalationLevel: number; candidateRoles: string[];
}

export interface ResolveEscalation {
  id: string; outcome: EscalationOutcome; at: string; actorId?: string; comment?: string;
  data?: Record<string, unknown>;
  /** The change to the overdue step that the outcome makes, written in the same transaction. */
  step?: { taskId: string; action: string; claimedById?: string; candidateRoles?: string[] };
}

export function escalationActivities(prisma: PrismaClient, overrides: DeadlineOverrides = {}) {
  return {
    /** When the near-due warning for a limit is due (ESCALATION_WARNING, counted back from the last day). */
    async escalationWarningAt(q: { dueAt: string }): Promise<{ warnAt: string }> {
      const years = await prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } });
      // The period ends at 24:00 of its last day; count back from that day, not the next.
      const at = computeLatestBefore(deadlineRule('ESCALATION_WARNING', overrides), new Date(Date.parse(q.dueAt) - 1), createHolidayCalendar(years));
      return { warnAt: at.dueAt };
    },

    async warnNearDue(w: { taskId: string; warnAt: string; dueAt: string; at: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const task = await tx.task.findUniqueOrThrow({ where: { id: w.taskId }, select: { status: true, warnedAt: true, caseId: true, orgId: true, title: true } });
        if (task.status !== 'OPEN' || (task.warnedAt && task.warnedAt.getTime() >= Date.parse(w.warnAt))) return;
        await tx.task.update({ where: { id: w.taskId }, data: { warnedAt: new Date(w.at) } });
        await appendAudit(tx, { ...workflowActor(), action: 'task.near_due', subjectType: 'Task', subjectId: w.taskId,
          caseId: task.caseId, orgId: task.orgId, data: { title: task.title, dueAt: w.dueAt, warnAt: w.warnAt } });
      });
    },

    /**
     * The first rung from `fromRung` up that exists for this org and has someone to act:
     * rungs 1–2 are the org's own team lead and head, rung 3 the CITY_SUPERVISOR of the org's
     * parent. An org without a parent (the city itself) stops at its head; null = beyond the ladder.
     */
    async escalationTarget(q: { orgId: string; fromRung: number }): Promise<EscalationTarget | null> {
      const org = await prisma.org.findUniqueOrThrow({ where: { id: q.orgId }, select: { name: true, parent: { select: { id: true, name: true } } } });
      for (const r of ESCALATION_RUNGS.filter((x) => x.rung >= q.fromRung)) {
        const at = r.inParent ? org.parent : { id: q.orgId, name: org.name };
        if (!at) return null;
        const holders = await prisma.user.count({ where: { orgId: at.id, active: true, roles: { has: r.role } } });
        if (holders > 0) return { rung: r.rung, orgId: at.id, role: r.role, orgName: at.name, stepOrgName: org.name };
      }
      return null;
    },

    async raiseEscalation(e: RaiseEscalation): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.escalation.findUnique({ where: { id: e.id }, select: { id: true } })) return;
        const task = await tx.task.update({
          where: { id: e.taskId },
          data: { escalationLevel: e.escalationLevel, escalatedAt: new Date(e.at), candidateRoles: e.candidateRoles },
        });
        await tx.escalation.create({ data: {
          id: e.id, taskId: e.taskId, workflowId: task.workflowId, caseId: task.caseId, orgId: task.orgId, toOrgId: e.toOrgId,
          toRole: e.toRole, level: e.level, step: task.step, kind: task.kind, dueAt: new Date(e.dueAt), raisedAt: new Date(e.at),
        } });
        await appendAudit(tx, { ...workflowActor(), action: 'task.escalated', subjectType: 'Task', subjectId: e.taskId,
          caseId: task.caseId, orgId: task.orgId, data: {
            escalationId: e.id, level: e.level, to: e.toRole, toOrgId: e.toOrgId, dueAt: e.dueAt,
            overdueHours: Math.max(0, Math.floor((Date.parse(e.at) - Date.parse(e.dueAt)) / 3_600_000)),
          } });
      });
    },

    async resolveEscalation(r: ResolveEscalation): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const done = await tx.escalation.updateMany({
          where: { id: r.id, resolvedAt: null },
          data: { resolvedAt: new Date(r.at), outcome: r.outcome, actorId: r.actorId ?? null, comment: r.comment ?? null },
        });
        if (done.count === 0) return;
        const e = await tx.escalation.findUniqueOrThrow({ where: { id: r.id } });
        const actor = r.actorId ? { actorKind: 'USER' as const, actorId: r.actorId } : workflowActor();
        if (r.step) {
          await tx.task.update({ where: { id: r.step.taskId }, data: {
            ...(r.step.claimedById !== undefined ? { claimedById: r.step.claimedById } : {}),
            ...(r.step.candidateRoles ? { candidateRoles: r.step.candidateRoles } : {}),
          } });
          await appendAudit(tx, { ...actor, action: r.step.action, subjectType: 'Task', subjectId: r.step.taskId, caseId: e.caseId, orgId: e.orgId,
            data: { escalationId: r.id, ...(r.step.claimedById ? { to: r.step.claimedById } : {}) } });
        }
        await appendAudit(tx, { ...actor, action: 'escalation.resolved', subjectType: 'Escalation', subjectId: r.id, caseId: e.caseId, orgId: e.toOrgId,
          data: { taskId: e.taskId, level: e.level, outcome: r.outcome, comment: r.comment ?? null, ...(r.data ?? {}) } as Prisma.InputJsonValue });
      });
    },
  };
}
