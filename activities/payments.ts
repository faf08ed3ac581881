import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit } from '../store/audit.ts';

// 罚缴分离: officers never record money; the channel's reference makes a repeated
// confirmation of the same payment a no-op.
export function paymentActivities(prisma: PrismaClient) {
  return {
    async recordPayment(p: { caseId: string; reference: string; amountFen: number; paidAt: string; channel: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.payment.findUnique({ where: { reference: p.reference }, select: { id: true } })) return;
        const c = await tx.case.findUniqueOrThrow({ where: { id: p.caseId }, select: { orgId: true } });
        await tx.payment.create({ data: {
          id: randomUUID(), caseId: p.caseId, reference: p.reference, amountFen: BigInt(p.amountFen), paidAt: new Date(p.paidAt), channel: p.channel,
        } });
        await appendAudit(tx, { actorKind: 'SYSTEM', actorId: `payment:${p.channel}`, action: 'payment.confirmed', subjectType: 'Case',
          subjectId: p.caseId, caseId: p.caseId, orgId: c.orgId, data: { reference: p.reference, amountFen: p.amountFen, paidAt: p.paidAt } });
      });
    },
  };
}
