import { ApplicationFailure } from '@temporalio/common';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { crimeTitle } from '../rules/criminal-thresholds.ts';
import { appendAudit, type AuditEntry } from '../store/audit.ts';
import { appendEvents } from '../store/outbox.ts';
import { FAILURE } from '../workflows/messages.ts';
import type { TransferInput, TransferStatus } from '../workflows/transfer-messages.ts';
import { userActor, workflowActor } from './audit-actor.ts';

const DATE_FIELDS = ['stepDueAt', 'closedAt'] as const;

export interface UpdateTransfer {
  transferId: string;
  /** Idempotency: a step recorded once, whatever the retries. */
  key: string;
  action: string;
  status?: TransferStatus;
  fields?: { psbOrgId?: string; letterNumber?: string; stepDueAt?: string | null; closedAt?: string | null };
  /** Counts a step that passed its limit (evaluation data). */
  overdue?: boolean;
  /** Merged into the row's data under `events`, and audited. */
  data?: Record<string, unknown>;
  actorId?: string;
}

/**
 * The public security organ and the procuratorate of the SAME level as the bureau (310号令 Art 5
 * ②; 54号文 Art 8): the organ of that kind in the bureau's own region (seed: yx-hongta →
 * yx-hongta-psb, yx-city → yx-psb).
 */
async function sameLevel(prisma: PrismaClient, orgId: string) {
  const org = await prisma.org.findUnique({ where: { id: orgId }, select: { regionCode: true, kind: true } });
  if (!org) throw ApplicationFailure.nonRetryable(`机关 ${orgId} 不存在`, FAILURE.notFound);
  const [psb, procuratorate] = await Promise.all(['PUBLIC_SECURITY', 'PROCURATORATE'].map((kind) =>
    prisma.org.findFirst({ where: { kind, regionCode: org.regionCode }, orderBy: { id: 'asc' }, select: { id: true } })));
  if (!psb || !procuratorate) throw ApplicationFailure.nonRetryable(`机关 ${orgId} 所在地没有同级公安机关或人民检察院`, FAILURE.invalid);
  return { psbOrgId: psb.id, procuratorateOrgId: procuratorate.id };
}

// The transfer read model (table Transfer) and its audit trail, written only by the workflow.
export function transferActivities(prisma: PrismaClient) {
  return {
    async recordTransfer(t: TransferInput & { workflowId: string }): Promise<{ psbOrgId: string; procuratorateOrgId: string }> {
      const existing = await prisma.transfer.findUnique({ where: { id: t.transferId }, select: { psbOrgId: true, procuratorateOrgId: true } });
      if (existing) return existing;
      const orgs = await sameLevel(prisma, t.fromOrgId);
      await prisma.$transaction(async (tx) => {
        if (await tx.transfer.findUnique({ where: { id: t.transferId }, select: { id: true } })) return;
        await tx.transfer.create({ data: {
          id: t.transferId, caseId: t.caseId ?? null, fromOrgId: t.fromOrgId, ...orgs, category: t.category, status: 'AWAITING_APPROVAL',
          partyName: t.partyName,
          data: { workflowId: t.workflowId, inspectionRef: t.inspectionRef ?? null, enterpriseId: t.enterpriseId ?? null, harm: t.harm,
            facts: t.facts, report: t.report, officerIds: t.officerIds, suggested: t.suggested ?? false, flaggedBy: t.flaggedBy.userId,
            actions: [], events: [] } as unknown as Prisma.InputJsonValue,
        } });
        await appendAudit(tx, { ...userActor(t.flaggedBy), action: 'transfer.reported', subjectType: 'Transfer', subjectId: t.transferId,
          caseId: t.caseId ?? null, orgId: t.fromOrgId,
          data: { category: t.category, harm: t.harm, officerIds: t.officerIds, suggested: t.suggested ?? false, ...orgs } as unknown as Prisma.InputJsonValue });
      });
      return orgs;
    },

    async updateTransfer(u: UpdateTransfer): Promise<void> {
      await prisma.$transaction(async (tx) => {
        // The API writes idempotency records into the same row: lock it for the read-modify-write.
        await tx.$queryRaw`SELECT "id" FROM "Transfer" WHERE "id" = ${u.transferId} FOR UPDATE`;
        const before = await tx.transfer.findUniqueOrThrow({ where: { id: u.transferId } });
        const data = before.data as { actions?: string[]; events?: unknown[] };
        if ((data.actions ?? []).includes(u.key)) return;
        const set: Prisma.TransferUpdateInput = {};
        for (const [k, v] of Object.entries(u.fields ?? {})) {
          if ((DATE_FIELDS as readonly string[]).includes(k)) (set as Record<string, unknown>)[k] = v ? new Date(v) : null;
          else (set as Record<string, unknown>)[k] = v;
        }
        if (u.status) set.status = u.status;
        if (u.overdue) set.overdueSteps = { increment: 1 };
        const at = new Date().toISOString();
        set.data = {
          ...data, actions: [...(data.actions ?? []), u.key].slice(-500),
          events: [...(data.events ?? []), { at, action: u.action, by: u.actorId ?? null, ...(u.data ?? {}) }].slice(-300),
        } as Prisma.InputJsonValue;
        await tx.transfer.update({ where: { id: u.transferId }, data: set });
        const actor = u.actorId ? { actorKind: 'USER' as const, actorId: u.actorId } : workflowActor();
        const audit: AuditEntry = { ...actor, action: u.action, subjectType: 'Transfer', subjectId: u.transferId,
          caseId: before.caseId, orgId: before.fromOrgId,
          data: { status: u.status ?? before.status, ...(u.data ?? {}) } as Prisma.InputJsonValue };
        await appendAudit(tx, audit);
        await appendEvents(tx, `${u.transferId}/${u.key}`, [audit], [before.psbOrgId, before.procuratorateOrgId]);
      });
    },

    /** What the transfer documents state, looked up by name (the workflow knows only ids). */
    async transferDocumentData(q: { transferId: string }): Promise<Record<string, unknown>> {
      const t = await prisma.transfer.findUniqueOrThrow({ where: { id: q.transferId } });
      const d = t.data as { harm?: unknown; facts?: string; report?: string; officerIds?: string[]; inspectionRef?: string | null };
      const [psb, proc, c, users] = await Promise.all([
        prisma.org.findUniqueOrThrow({ where: { id: t.psbOrgId }, select: { name: true } }),
        prisma.org.findUniqueOrThrow({ where: { id: t.procuratorateOrgId }, select: { name: true } }),
        t.caseId ? prisma.case.findUnique({ where: { id: t.caseId }, select: { number: true } }) : null,
        prisma.user.findMany({ where: { id: { in: d.officerIds ?? [] } }, select: { id: true, displayName: true,
          certificates: { select: { number: true }, orderBy: { validUntil: 'desc' }, take: 1 } } }),
      ]);
      return {
        recipientName: psb.name, procuratorateName: proc.name, party: { name: t.partyName }, caseNumber: c?.number ?? undefined,
        inspectionRef: d.inspectionRef ?? undefined, crimeTitle: crimeTitle(t.category as never), facts: d.facts, harm: d.harm, report: d.report,
        officers: (d.officerIds ?? []).map((id) => users.find((u) => u.id === id)).filter((u) => !!u)
          .map((u) => ({ name: u!.displayName, certNo: u!.certificates[0]?.number ?? '' })),
        letterNumber: t.letterNumber ?? undefined,
      };
    },
  };
}
