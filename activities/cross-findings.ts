// 交叉执法 findings (issue 21 item 2): the read model of workflows/cross-finding.ts, and the case the
// competent county opens from them, whose facts name the inspecting team.
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { shanghaiDate } from '../rules/iso-date.ts';
import type { ThresholdOverrides } from '../rules/thresholds.ts';
import { appendAudit } from '../store/audit.ts';
import { prepareCase } from '../store/case-registration.ts';
import { AppError } from '../store/errors.ts';
import { loadActor } from '../store/users.ts';
import type { CaseInput } from '../workflows/case-input.ts';
import type { CrossFindingInput, CrossFindingStatus } from '../workflows/cross-finding-messages.ts';
import { FAILURE } from '../workflows/messages.ts';
import { partyOf, recordStep, type Step } from './inspections.ts';

export interface UpdateCrossFinding extends Step { findingId: string; status?: CrossFindingStatus; caseId?: string; closeReason?: string }

export function crossFindingActivities(prisma: PrismaClient, thresholdOverrides: ThresholdOverrides = {}) {
  return {
    async recordCrossFinding(f: CrossFindingInput): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.crossFinding.findUnique({ where: { id: f.findingId }, select: { id: true } })) return;
        await tx.crossFinding.create({ data: {
          id: f.findingId, inspectionId: f.inspectionId, homeOrgId: f.homeOrgId, teamOrgId: f.teamOrgId, officerIds: f.officerIds,
          enterpriseId: f.enterpriseId, recordNumber: f.recordNumber, status: 'OPEN', data: { actions: [], events: [] },
        } });
        await appendAudit(tx, { actorKind: 'SYSTEM', actorId: null, action: 'cross_finding.handed_over', subjectType: 'CrossFinding', subjectId: f.findingId, orgId: f.homeOrgId,
          data: { inspectionId: f.inspectionId, teamOrgId: f.teamOrgId, officerIds: f.officerIds, recordNumber: f.recordNumber } });
      });
    },

    async updateCrossFinding(u: UpdateCrossFinding): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const row = await tx.crossFinding.findUniqueOrThrow({ where: { id: u.findingId }, select: { homeOrgId: true } });
        const data = await recordStep(tx, 'CrossFinding', u.findingId, u, row.homeOrgId);
        if (!data) return;
        await tx.crossFinding.update({ where: { id: u.findingId }, data: {
          data, ...(u.status ? { status: u.status } : {}), ...(u.caseId ? { caseId: u.caseId } : {}), ...(u.closeReason ? { closeReason: u.closeReason } : {}),
          ...(u.status === 'CLOSED' || u.status === 'CASE_OPENED' ? { closedAt: new Date() } : {}),
        } });
      });
    },

    /** The case of the competent county: its facts name the cross team and its record (交叉执法). */
    async crossFindingCaseInput(q: { findingId: string; catalogItemId: string; officerId: string; key: string }): Promise<CaseInput> {
      const f = await prisma.crossFinding.findUniqueOrThrow({ where: { id: q.findingId } });
      const i = await prisma.inspection.findUniqueOrThrow({ where: { id: f.inspectionId } });
      const actor = await loadActor(prisma, q.officerId);
      if (!actor) throw ApplicationFailure.nonRetryable(`用户 ${q.officerId} 不存在`, FAILURE.notFound);
      const [{ party }, team, officers, hazards] = await Promise.all([
        partyOf(prisma, f.enterpriseId),
        prisma.org.findUniqueOrThrow({ where: { id: f.teamOrgId }, select: { name: true } }),
        prisma.user.findMany({ where: { id: { in: f.officerIds } }, select: { displayName: true }, orderBy: { id: 'asc' } }),
        prisma.hazard.findMany({ where: { inspectionId: f.inspectionId, outsideRemit: false }, orderBy: { seq: 'asc' } }),
      ]);
      const startedAt = (i.data as { record?: { startedAt?: string } }).record?.startedAt ?? i.createdAt.toISOString();
      const facts = `交叉执法检查组（${team.name}：${officers.map((o) => o.displayName).join('、')}）于${shanghaiDate(startedAt)}检查（${f.recordNumber ?? '现场检查记录'}）发现下列问题：`
        + hazards.map((h, n) => `${n + 1}. ${h.location}：${h.description}`).join('；');
      try {
        const { input } = await prepareCase({ prisma, thresholdOverrides }, actor, {
          party: { kind: 'ORG', name: party.name, idNumber: party.idNumber, enterpriseId: f.enterpriseId, address: party.address },
          catalogItemId: q.catalogItemId, source: 'INSPECTION', facts: facts.slice(0, 5000), occurredAt: startedAt, harmToLife: false,
        }, q.key);
        return input;
      } catch (err) {
        if (err instanceof AppError) throw ApplicationFailure.nonRetryable(err.message, FAILURE.invalid);
        throw err;
      }
    },
  };
}

export type CrossFindingRow = Prisma.CrossFindingGetPayload<object>;
