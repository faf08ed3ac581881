// 提级管辖 / 指定管辖 (issue 21 item 4): the rows a move of a running case changes, in the step's
// transaction (activities/transition.ts). The move's record is keyed by the workflow's key of the
// move, so a retried step finds it written and changes nothing twice.
import type { JurisdictionMove } from '../workflows/messages.ts';
import type { StepScope } from './transition.ts';

export interface MoveCase { id: string; caseId: string; taskIds: string[]; move: JurisdictionMove }

export async function moveCaseIn(s: StepScope, { id, caseId, taskIds, move }: MoveCase): Promise<null> {
  const m = { id, caseId, taskIds, ...move };
  const created = await s.tx.caseJurisdiction.createMany({
    data: [{ id: m.id, caseId: m.caseId, kind: m.kind, fromOrgId: m.fromOrgId, toOrgId: m.toOrgId, reason: m.reason,
      decidedById: m.decidedBy, requestedById: m.requestedBy ?? null, at: new Date(m.at) }],
    skipDuplicates: true,
  });
  if (created.count === 0) return null;
  await s.tx.case.update({ where: { id: m.caseId }, data: { orgId: m.toOrgId } });
  // Unclaimed in the new bureau's queue: nobody there was named in them.
  if (m.taskIds.length) await s.tx.task.updateMany({ where: { id: { in: m.taskIds }, status: 'OPEN' }, data: { orgId: m.toOrgId, claimedById: null } });
  // The former bureau's chain records that its case left it; the case's own event (case.jurisdiction_moved)
  // goes on the new bureau's chain with the case's step.
  s.audits.push({
    actorKind: 'USER', actorId: m.decidedBy, action: 'case.jurisdiction_handed_over', subjectType: 'Case', subjectId: m.caseId,
    caseId: m.caseId, orgId: m.fromOrgId,
    data: { kind: m.kind, toOrgId: m.toOrgId, toOrgName: m.toOrgName, reason: m.reason, tasks: m.taskIds, ...(m.requestedBy ? { requestedBy: m.requestedBy } : {}) },
  });
  return null;
}
