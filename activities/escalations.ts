// 逾期升级 (issue 8): the near-due warning, the escalation of an overdue step to the next rung
// of the ladder, and how each escalation ended. Every write is idempotent by the key the
// workflow chose (task id + warning time, escalation id) and appends its audit event in the
// same transaction; times come from the workflow, so a retried activity records the same.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { ESCALATION_RUNGS, type EscalationOutcome } from '../rules/escalation.ts';
import type { Role } from '../rules/roles.ts';
import { workflowActor } from './audit-actor.ts';
import type { StepScope } from './transition.ts';

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

export function escalationActivities(prisma: PrismaClient) {
  return {
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
  };
}

// The writes below run inside a transition (activities/transition.ts); each is idempotent by the
// key the workflow chose (task id + warning time, escalation id), and times come from the
// workflow, so a replayed step records the same.

export async function warnNearDueIn(s: StepScope, w: { taskId: string; warnAt: string; dueAt: string; at: string }): Promise<void> {
  const task = await s.tx.task.findUniqueOrThrow({ where: { id: w.taskId }, select: { status: true, warnedAt: true, caseId: true, orgId: true, title: true } });
  if (task.status !== 'OPEN' || (task.warnedAt && task.warnedAt.getTime() >= Date.parse(w.warnAt))) return;
  await s.tx.task.update({ where: { id: w.taskId }, data: { warnedAt: new Date(w.at) } });
  s.audits.push({ ...workflowActor(), action: 'task.near_due', subjectType: 'Task', subjectId: w.taskId,
    caseId: task.caseId, orgId: task.orgId, data: { title: task.title, dueAt: w.dueAt, warnAt: w.warnAt } });
}

export async function raiseEscalationIn(s: StepScope, e: RaiseEscalation): Promise<void> {
  const { tx } = s;
  if (await tx.escalation.findUnique({ where: { id: e.id }, select: { id: true } })) return;
  const task = await tx.task.update({
    where: { id: e.taskId },
    data: { escalationLevel: e.escalationLevel, escalatedAt: new Date(e.at), candidateRoles: e.candidateRoles },
  });
  await tx.escalation.create({ data: {
    id: e.id, taskId: e.taskId, workflowId: task.workflowId, caseId: task.caseId, orgId: task.orgId, toOrgId: e.toOrgId,
    toRole: e.toRole, level: e.level, step: task.step, kind: task.kind, dueAt: new Date(e.dueAt), raisedAt: new Date(e.at),
  } });
  s.audits.push({ ...workflowActor(), action: 'task.escalated', subjectType: 'Task', subjectId: e.taskId,
    caseId: task.caseId, orgId: task.orgId, data: {
      escalationId: e.id, level: e.level, to: e.toRole, toOrgId: e.toOrgId, dueAt: e.dueAt,
      overdueHours: Math.max(0, Math.floor((Date.parse(e.at) - Date.parse(e.dueAt)) / 3_600_000)),
    } });
}

export async function resolveEscalationIn(s: StepScope, r: ResolveEscalation): Promise<void> {
  const { tx } = s;
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
    s.audits.push({ ...actor, action: r.step.action, subjectType: 'Task', subjectId: r.step.taskId, caseId: e.caseId, orgId: e.orgId,
      data: { escalationId: r.id, ...(r.step.claimedById ? { to: r.step.claimedById } : {}) } });
  }
  s.audits.push({ ...actor, action: 'escalation.resolved', subjectType: 'Escalation', subjectId: r.id, caseId: e.caseId, orgId: e.toOrgId,
    data: { taskId: e.taskId, level: e.level, outcome: r.outcome, comment: r.comment ?? null, ...(r.data ?? {}) } as Prisma.InputJsonValue });
}
