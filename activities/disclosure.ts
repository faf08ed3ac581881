import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { disclosedPartyName, maskFreeText } from '../rules/masking.ts';
import { appendAudit } from '../store/audit.ts';
import { workflowActor } from './audit-actor.ts';

// 行政执法公示: a decision appears publicly with individuals' personal data masked;
// enterprises are named (国办发〔2018〕118号; CF Art 48).
export function disclosureActivities(prisma: PrismaClient) {
  return {
    async publishDisclosure(d: { caseId: string; decisionNumber: string; penalty: string; decidedAt: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.disclosure.findUnique({ where: { caseId: d.caseId }, select: { id: true } })) return;
        const c = await tx.case.findUniqueOrThrow({ where: { id: d.caseId } });
        const item = await tx.catalogItem.findUniqueOrThrow({ where: { code: c.catalogItemId } });
        await tx.disclosure.create({ data: {
          id: randomUUID(), caseId: c.id, orgId: c.orgId, decisionNumber: d.decisionNumber,
          partyName: disclosedPartyName(c.partyKind as 'PERSON' | 'ORG', c.partyName), catalogItemId: c.catalogItemId,
          facts: maskFreeText(c.facts), penalty: d.penalty, basis: item.penaltyBasis, decidedAt: new Date(d.decidedAt),
        } });
        await appendAudit(tx, { ...workflowActor(), action: 'disclosure.published', subjectType: 'Case', subjectId: c.id, caseId: c.id, orgId: c.orgId,
          data: { decisionNumber: d.decisionNumber } });
      });
    },

    /** Withdrawn within 3 working days when the decision is revoked or changed (CF Art 48 ②). */
    async withdrawDisclosure(w: { caseId: string; reason: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const row = await tx.disclosure.findUnique({ where: { caseId: w.caseId } });
        if (!row || row.withdrawnAt) return;
        await tx.disclosure.update({ where: { id: row.id }, data: { withdrawnAt: new Date(), withdrawReason: w.reason } });
        await appendAudit(tx, { ...workflowActor(), action: 'disclosure.withdrawn', subjectType: 'Case', subjectId: w.caseId, caseId: w.caseId, orgId: row.orgId, data: { reason: w.reason } });
      });
    },
  };
}
