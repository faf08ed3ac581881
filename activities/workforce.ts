import { createHash } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { DeadlineOverrides } from '../rules/deadlines.ts';
import { shanghaiDate } from '../rules/iso-date.ts';
import { isOfficer } from '../rules/workforce.ts';
import { appendAudit } from '../store/audit.ts';
import { reminderDays } from '../store/certificate-reminders.ts';
import { certificateReminderWorkflowId, type CertificateReminderInput } from '../workflows/workforce-messages.ts';

const isoDay = (d: Date) => d.toISOString().slice(0, 10); // @db.Date columns come back as UTC midnight
const TOWNSHIP_KINDS = ['TOWNSHIP', 'DEV_ZONE'];

// 行政执法证 reminders: which certificates are due one, and recording a renewed certificate.
export function workforceActivities(prisma: PrismaClient, overrides: DeadlineOverrides = {}) {
  return {
    /**
     * Certificates in force whose reminder day has come, held by an active officer who has no
     * later certificate already and has not been reminded (no task of its reminder workflow).
     */
    async certificatesDueForReminder(q: { asOf: string }): Promise<CertificateReminderInput[]> {
      const today = shanghaiDate(q.asOf);
      const remindFrom = await reminderDays(prisma, overrides);
      const certs = await prisma.certificate.findMany({
        where: { revokedAt: null, validUntil: { gte: new Date(`${today}T00:00:00Z`) } },
        select: { id: true, number: true, issuer: true, validUntil: true, user: {
          select: { id: true, displayName: true, roles: true, active: true, orgId: true, org: { select: { kind: true, parentId: true } },
            certificates: { where: { revokedAt: null }, select: { id: true, validUntil: true } } },
        } },
      });
      const due = certs.filter((c) => isOfficer(c.user) && remindFrom(isoDay(c.validUntil)) <= today
        && !c.user.certificates.some((o) => o.id !== c.id && o.validUntil > c.validUntil));
      const reminded = new Set((await prisma.task.findMany({
        where: { workflowId: { in: due.map((c) => certificateReminderWorkflowId(c.id)) } }, select: { workflowId: true },
      })).map((t) => t.workflowId));
      return due.filter((c) => !reminded.has(certificateReminderWorkflowId(c.id))).map((c) => {
        const validUntil = isoDay(c.validUntil);
        return {
          certificateId: c.id, userId: c.user.id, holderName: c.user.displayName, number: c.number, issuer: c.issuer, validUntil,
          remindOrgId: TOWNSHIP_KINDS.includes(c.user.org.kind) && c.user.org.parentId ? c.user.org.parentId : c.user.orgId,
          reminderDay: remindFrom(validUntil),
        };
      });
    },

    /** The head records the new certificate; its id comes from the workflow step, so a retry writes nothing twice. */
    async recordRenewedCertificate(r: {
      key: string; userId: string; replaces: string; number: string; issuer: string; validFrom: string; validUntil: string; recordedBy: string;
    }): Promise<{ recorded: boolean; certificateId?: string }> {
      const id = `cert-${createHash('sha256').update(r.key).digest('hex').slice(0, 24)}`;
      return prisma.$transaction(async (tx) => {
        if (await tx.certificate.findUnique({ where: { id }, select: { id: true } })) return { recorded: true, certificateId: id };
        const user = await tx.user.findUniqueOrThrow({ where: { id: r.userId }, select: { orgId: true } });
        const clash = await tx.certificate.findUnique({ where: { number: r.number }, select: { id: true } });
        const audit = { actorKind: 'USER' as const, actorId: r.recordedBy, subjectType: 'User', subjectId: r.userId, orgId: user.orgId };
        if (clash) {
          const told = await tx.auditEvent.findFirst({ where: { action: 'certificate.renewal_refused', subjectId: r.userId, data: { path: ['key'], equals: r.key } }, select: { id: true } });
          if (!told) await appendAudit(tx, { ...audit, action: 'certificate.renewal_refused', data: { key: r.key, number: r.number, reason: '证号已被其他执法证使用' } });
          return { recorded: false };
        }
        await tx.certificate.create({ data: {
          id, userId: r.userId, number: r.number, issuer: r.issuer, validFrom: new Date(`${r.validFrom}T00:00:00Z`), validUntil: new Date(`${r.validUntil}T00:00:00Z`),
        } });
        await appendAudit(tx, { ...audit, action: 'certificate.renewed', data: { certificateId: id, number: r.number, replaces: r.replaces, validUntil: r.validUntil } });
        return { recorded: true, certificateId: id };
      });
    },
  };
}
