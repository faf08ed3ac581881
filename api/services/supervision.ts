import type { Prisma } from '../../generated/prisma/client.ts';
import { orgFilter } from '../../store/visibility.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { loadCalendar, remaining } from './deadline-view.ts';

const NEAR_MS = 2 * 86_400_000;

/**
 * Steps near or past their statutory limit, for the bureau's supervisors (the whole city for
 * the city supervisor), most urgent first, with the case they belong to. Near: within two days,
 * or already warned by the step's workflow (ESCALATION_WARNING counts working days, so before a
 * holiday the warning comes earlier than two calendar days) — what the work queue marks 临期.
 */
export async function deadlinesAtRisk(deps: AppDeps, actor: Actor, page = 1, pageSize = 50) {
  const now = new Date();
  const where: Prisma.TaskWhereInput = {
    status: 'OPEN', OR: [{ dueAt: { lt: new Date(now.getTime() + NEAR_MS) } }, { warnedAt: { not: null } }],
    orgId: await orgFilter(deps.prisma, actor),
  };
  const [tasks, total, overdue, calendar] = await Promise.all([
    deps.prisma.task.findMany({ where, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], skip: (page - 1) * pageSize, take: pageSize }),
    deps.prisma.task.count({ where }),
    deps.prisma.task.count({ where: { ...where, dueAt: { lt: now } } }),
    loadCalendar(deps.prisma),
  ]);
  const cases = await deps.prisma.case.findMany({
    where: { id: { in: tasks.map((t) => t.caseId).filter((x): x is string => !!x) } },
    select: { id: true, number: true, partyName: true, orgId: true },
  });
  const byId = new Map(cases.map((c) => [c.id, c]));
  return {
    total, overdue, page, pageSize,
    items: tasks.map((t) => ({
      id: t.id, kind: t.kind, title: t.title, orgId: t.orgId, dueAt: t.dueAt, escalationLevel: t.escalationLevel, warnedAt: t.warnedAt,
      left: remaining(calendar, t.dueAt, t.deadlineId, now), case: t.caseId ? byId.get(t.caseId) ?? null : null,
    })),
  };
}
