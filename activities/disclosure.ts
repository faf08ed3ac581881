import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { computeDue } from '../rules/calendar.ts';
import { deadlineRule } from '../rules/deadlines.ts';
import { createHolidayCalendar } from '../rules/holiday-calendar.ts';
import { disclosedPartyName, maskFreeText } from '../rules/masking.ts';
import { appendAudit } from '../store/audit.ts';
import { workflowActor } from './audit-actor.ts';

// 行政执法公示: a decision appears publicly with individuals' personal data masked;
// enterprises are named (国办发〔2018〕118号; CF Art 48). The limits come from the DISCLOSURE
// and DISCLOSURE_WITHDRAWAL rows: the workflows publish and withdraw at once, and the due
// moment is recorded so that a late publication (an outage, a backlog of retries) shows.
export function disclosureActivities(prisma: PrismaClient) {
  const dueFrom = async (id: 'DISCLOSURE' | 'DISCLOSURE_WITHDRAWAL', from: Date) => {
    const years = await prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } });
    return new Date(computeDue(deadlineRule(id), from, createHolidayCalendar(years)).dueAt);
  };

  return {
    async publishDisclosure(d: { caseId: string; decisionNumber: string; penalty: string; decidedAt: string }): Promise<void> {
      const decidedAt = new Date(d.decidedAt);
      const publishDueAt = await dueFrom('DISCLOSURE', decidedAt);
      await prisma.$transaction(async (tx) => {
        if (await tx.disclosure.findUnique({ where: { caseId: d.caseId }, select: { id: true } })) return;
        const c = await tx.case.findUniqueOrThrow({ where: { id: d.caseId } });
        const item = await tx.catalogItem.findUniqueOrThrow({ where: { code: c.catalogItemId } });
        const enterprise = c.enterpriseId ? await tx.enterprise.findUnique({ where: { id: c.enterpriseId }, select: { legalRep: true } }) : null;
        // Individuals named in the facts: the party when a natural person, an enterprise's legal representative.
        const names = [...(c.partyKind === 'PERSON' ? [c.partyName] : []), ...(enterprise?.legalRep ? [enterprise.legalRep] : [])];
        const now = new Date();
        await tx.disclosure.create({ data: {
          id: randomUUID(), caseId: c.id, orgId: c.orgId, decisionNumber: d.decisionNumber,
          partyName: disclosedPartyName(c.partyKind as 'PERSON' | 'ORG', c.partyName), catalogItemId: c.catalogItemId,
          facts: maskFreeText(c.facts, { names }), penalty: d.penalty, basis: item.penaltyBasis, decidedAt, publishedAt: now, publishDueAt,
        } });
        await appendAudit(tx, { ...workflowActor(), action: 'disclosure.published', subjectType: 'Case', subjectId: c.id, caseId: c.id, orgId: c.orgId,
          data: { decisionNumber: d.decisionNumber, dueAt: publishDueAt.toISOString(), late: now > publishDueAt } });
      });
    },

    /** Withdrawn within 3 working days when the decision is revoked or changed (CF Art 48 ②), with the reason shown. */
    async withdrawDisclosure(w: { caseId: string; reason: string; revokedAt?: string }): Promise<void> {
      const dueAt = await dueFrom('DISCLOSURE_WITHDRAWAL', w.revokedAt ? new Date(w.revokedAt) : new Date());
      await prisma.$transaction(async (tx) => {
        const row = await tx.disclosure.findUnique({ where: { caseId: w.caseId } });
        if (!row || row.withdrawnAt) return;
        const now = new Date();
        await tx.disclosure.update({ where: { id: row.id }, data: { withdrawnAt: now, withdrawReason: w.reason } });
        await appendAudit(tx, { ...workflowActor(), action: 'disclosure.withdrawn', subjectType: 'Case', subjectId: w.caseId, caseId: w.caseId, orgId: row.orgId,
          data: { reason: w.reason, dueAt: dueAt.toISOString(), late: now > dueAt } });
      });
    },
  };
}
