import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit, type AuditEntry } from '../store/audit.ts';
import { appendEvents } from '../store/outbox.ts';
import type { ReferralInput, ReferralStatus } from '../workflows/referral-messages.ts';
import { userActor, workflowActor } from './audit-actor.ts';

const DATE_FIELDS = ['signDueAt', 'resultDueAt', 'signedAt', 'closedAt'] as const;

export interface UpdateReferral {
  referralId: string;
  /** Idempotency: a step recorded once, whatever the retries. */
  key: string;
  action: string;
  status?: ReferralStatus;
  fields?: Record<string, string | null>;
  /** Merged into the row's data under `events`, and audited. */
  data?: Record<string, unknown>;
  actorId?: string;
}

// The referral read model (table Referral) and its audit trail, written only by the workflow.
export function referralActivities(prisma: PrismaClient) {
  return {
    async recordReferral(r: ReferralInput & { workflowId: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.referral.findUnique({ where: { id: r.referralId }, select: { id: true } })) return;
        await tx.referral.create({ data: {
          id: r.referralId, caseId: r.caseId ?? null, fromOrgId: r.fromOrgId, toOrgId: r.toOrgId, enterpriseId: r.enterpriseId ?? null,
          hazard: r.hazard, location: r.location, reason: r.reason, urgent: r.urgent, status: 'AWAITING_APPROVAL',
          data: { workflowId: r.workflowId, inspectionRef: r.inspectionRef ?? null, evidence: r.evidence, draftedBy: r.draftedBy.userId,
            actions: [], events: [] } as unknown as Prisma.InputJsonValue,
        } });
        await appendAudit(tx, { ...userActor(r.draftedBy), action: 'referral.drafted', subjectType: 'Referral', subjectId: r.referralId,
          caseId: r.caseId ?? null, orgId: r.fromOrgId,
          data: { toOrgId: r.toOrgId, urgent: r.urgent, hazard: r.hazard, evidence: r.evidence } as unknown as Prisma.InputJsonValue });
      });
    },

    async updateReferral(u: UpdateReferral): Promise<void> {
      await prisma.$transaction(async (tx) => {
        // The API writes idempotency records into the same row: lock it for the read-modify-write.
        await tx.$queryRaw`SELECT "id" FROM "Referral" WHERE "id" = ${u.referralId} FOR UPDATE`;
        const before = await tx.referral.findUniqueOrThrow({ where: { id: u.referralId } });
        const data = before.data as { actions?: string[]; events?: unknown[] };
        if ((data.actions ?? []).includes(u.key)) return;
        const set: Prisma.ReferralUpdateInput = {};
        for (const [k, v] of Object.entries(u.fields ?? {})) {
          if ((DATE_FIELDS as readonly string[]).includes(k)) (set as Record<string, unknown>)[k] = v ? new Date(v) : null;
          else if (k === 'toOrgId' || k === 'letterNumber') (set as Record<string, unknown>)[k] = v;
        }
        if (u.status) set.status = u.status;
        const at = new Date().toISOString();
        set.data = {
          ...data, actions: [...(data.actions ?? []), u.key].slice(-500),
          events: [...(data.events ?? []), { at, action: u.action, by: u.actorId ?? null, ...(u.data ?? {}) }].slice(-200),
        } as Prisma.InputJsonValue;
        await tx.referral.update({ where: { id: u.referralId }, data: set });
        const actor = u.actorId ? { actorKind: 'USER' as const, actorId: u.actorId } : workflowActor();
        const toOrgId = u.fields?.toOrgId ?? before.toOrgId;
        const audit: AuditEntry = { ...actor, action: u.action, subjectType: 'Referral', subjectId: u.referralId,
          caseId: before.caseId, orgId: before.fromOrgId,
          data: { status: u.status ?? before.status, toOrgId, ...(u.data ?? {}) } as Prisma.InputJsonValue };
        await appendAudit(tx, audit);
        await appendEvents(tx, `${u.referralId}/${u.key}`, [audit], [toOrgId]);
      });
    },

    /** What the 移交函 states, looked up by name (the workflow knows only ids). */
    async referralLetterData(q: { referralId: string; toOrgId: string }): Promise<Record<string, unknown>> {
      const r = await prisma.referral.findUniqueOrThrow({ where: { id: q.referralId } });
      const [to, enterprise, c] = await Promise.all([
        prisma.org.findUniqueOrThrow({ where: { id: q.toOrgId }, select: { name: true } }),
        r.enterpriseId ? prisma.enterprise.findUnique({ where: { id: r.enterpriseId }, select: { name: true, uscc: true, address: true, industry: true } }) : null,
        r.caseId ? prisma.case.findUnique({ where: { id: r.caseId }, select: { number: true } }) : null,
      ]);
      const d = r.data as { evidence?: { description: string; sha256: string }[]; inspectionRef?: string | null };
      return {
        recipientName: to.name, enterprise, hazard: r.hazard, location: r.location, reason: r.reason, urgent: r.urgent,
        evidence: d.evidence ?? [], inspectionRef: d.inspectionRef ?? null, originCaseNumber: c?.number ?? null,
      };
    },
  };
}
