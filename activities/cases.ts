import type { PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit } from '../store/audit.ts';
import { workflowActor } from './audit-actor.ts';
import type { CaseInput } from '../workflows/case-input.ts';


export function caseActivities(prisma: PrismaClient) {
  return {
    async recordCaseRegistered(input: CaseInput & { workflowId: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.case.findUnique({ where: { id: input.caseId }, select: { id: true } })) return;
        await tx.case.create({
          data: {
            id: input.caseId, orgId: input.orgId, procedure: input.procedure, stage: 'FILING', status: 'OPEN',
            partyKind: input.party.kind, partyName: input.party.name, partyIdNumber: input.party.idNumber,
            enterpriseId: input.party.enterpriseId ?? null, catalogItemId: input.catalog.code, source: input.source,
            facts: input.facts, occurredAt: new Date(input.occurredAt), harmToLife: input.harmToLife,
            registeredById: input.registeredBy, registeredAt: new Date(input.registeredAt),
            data: { workflowId: input.workflowId, ...(input.party.address ? { partyAddress: input.party.address } : {}) },
          },
        });
        await appendAudit(tx, { actorKind: 'USER', actorId: input.registeredBy, ip: input.registeredFromIp ?? null, action: 'case.registered', subjectType: 'Case',
          subjectId: input.caseId, caseId: input.caseId, orgId: input.orgId,
          data: { catalogItemId: input.catalog.code, source: input.source, procedure: input.procedure } });
      });
    },

    /** 归档: from here on the database refuses any change to the case (trigger in migration). */
    async archiveCase(a: { caseId: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const c = await tx.case.findUniqueOrThrow({ where: { id: a.caseId }, select: { status: true, orgId: true } });
        if (c.status === 'ARCHIVED') return;
        await tx.case.update({ where: { id: a.caseId }, data: { status: 'ARCHIVED', stage: 'ARCHIVED' } });
        await appendAudit(tx, { ...workflowActor(), action: 'case.archived', subjectType: 'Case', subjectId: a.caseId, caseId: a.caseId, orgId: c.orgId });
      });
    },
  };
}
