import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { withdrawalReason } from '../rules/reconsideration-rules.ts';
import { appendAudit, type AuditEntry } from '../store/audit.ts';
import { appendEvents } from '../store/outbox.ts';
import type { Penalty } from '../workflows/messages.ts';
import type { ReconsiderationInput, ReconsiderationStatus } from '../workflows/reconsideration-messages.ts';
import { userActor, workflowActor } from './audit-actor.ts';
import { disclosureActivities } from './disclosure.ts';

const DATE_FIELDS = ['receivedAt', 'acceptedAt', 'answerDueAt', 'answeredAt', 'decisionDueAt', 'decidedAt', 'litigationDueAt'] as const;

export interface UpdateReconsideration {
  reconsiderationId: string;
  /** Idempotency: a step recorded once, whatever the retries. */
  key: string;
  action: string;
  status?: ReconsiderationStatus;
  fields?: Record<string, string | boolean | null>;
  data?: Record<string, unknown>;
  actorId?: string;
}

type Tx = Prisma.TransactionClient;

/** Claims `key` in the row's action list; false when the step was already recorded. */
async function claim(tx: Tx, id: string, key: string): Promise<{ caseId: string; organId: string; respondentOrgId: string; data: Record<string, unknown>; status: string } | undefined> {
  await tx.$queryRaw`SELECT "id" FROM "Reconsideration" WHERE "id" = ${id} FOR UPDATE`;
  const row = await tx.reconsideration.findUniqueOrThrow({ where: { id } });
  const data = row.data as { actions?: string[] };
  if ((data.actions ?? []).includes(key)) return undefined;
  return { caseId: row.caseId, organId: row.organId, respondentOrgId: row.respondentOrgId, data: row.data as Record<string, unknown>, status: row.status };
}

/**
 * Refunds through the payment channel what was paid beyond `keepFen` (罚缴分离: the channel pays
 * back, officers never touch money). One refund row per payment, keyed, so a retry adds none.
 */
async function refund(tx: Tx, r: { caseId: string; keepFen: number; key: string; reason: string }): Promise<number> {
  if (await tx.refund.findFirst({ where: { key: { startsWith: `${r.key}/` } }, select: { id: true } })) return 0;
  const payments = await tx.payment.findMany({ where: { caseId: r.caseId }, orderBy: { paidAt: 'desc' } });
  let excess = payments.reduce((n, p) => n + Number(p.amountFen), 0) - r.keepFen;
  let refunded = 0;
  for (const p of payments) {
    if (excess <= 0) break;
    const amount = Math.min(excess, Number(p.amountFen));
    const key = `${r.key}/${p.reference}`;
    await tx.refund.create({ data: {
      id: createHash('sha256').update(key).digest('hex').slice(0, 32), key, caseId: r.caseId, reference: p.reference,
      amountFen: BigInt(amount), channel: p.channel, reason: r.reason,
    } });
    excess -= amount;
    refunded += amount;
  }
  if (refunded > 0) {
    const c = await tx.case.findUnique({ where: { id: r.caseId }, select: { orgId: true } });
    await appendAudit(tx, { ...workflowActor(), action: 'payment.refund_requested', subjectType: 'Case', subjectId: r.caseId, caseId: r.caseId,
      orgId: c?.orgId ?? null, data: { refundedFen: refunded, keepFen: r.keepFen, reason: r.reason } });
  }
  return refunded;
}

// The reconsideration read model (table Reconsideration), its audit trail, and its effects on
// a case that has already ended. Written only by the workflows.
export function reconsiderationActivities(prisma: PrismaClient) {
  const disclosure = disclosureActivities(prisma);
  return {
    async recordReconsideration(r: ReconsiderationInput & { workflowId: string }): Promise<{ respondentName: string; organName: string }> {
      const [respondent, organ] = await Promise.all([
        prisma.org.findUniqueOrThrow({ where: { id: r.respondentOrgId }, select: { name: true } }),
        prisma.org.findUniqueOrThrow({ where: { id: r.organId }, select: { name: true } }),
      ]);
      await prisma.$transaction(async (tx) => {
        if (await tx.reconsideration.findUnique({ where: { id: r.reconsiderationId }, select: { id: true } })) return;
        await tx.reconsideration.create({ data: {
          id: r.reconsiderationId, caseId: r.caseId, organId: r.organId, respondentOrgId: r.respondentOrgId, decisionNumber: r.decision.number,
          applicantName: r.applicant.name, via: r.via, status: r.via === 'BUREAU' ? 'FORWARDING' : 'REVIEW', receivedAt: new Date(r.filedAt),
          data: { workflowId: r.workflowId, applicant: r.applicant, requests: r.requests, grounds: r.grounds, knownAt: r.knownAt,
            rightStated: r.rightStated, suspensionRequested: r.suspensionRequested, decision: r.decision, filedBy: r.filedBy.userId,
            actions: [], events: [] } as unknown as Prisma.InputJsonValue,
        } });
        await appendAudit(tx, { ...userActor(r.filedBy), action: 'reconsideration.filed', subjectType: 'Reconsideration', subjectId: r.reconsiderationId,
          caseId: r.caseId, orgId: r.via === 'BUREAU' ? r.respondentOrgId : r.organId,
          data: { organId: r.organId, respondentOrgId: r.respondentOrgId, decisionNumber: r.decision.number, via: r.via } });
      });
      // The respondent as the documents name it: the bureau, not its brigade (局队合一).
      return { respondentName: respondent.name.replace(/（[^）]*）$/, ''), organName: organ.name };
    },

    async updateReconsideration(u: UpdateReconsideration): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const row = await claim(tx, u.reconsiderationId, u.key);
        if (!row) return;
        const set: Prisma.ReconsiderationUpdateInput = {};
        for (const [k, v] of Object.entries(u.fields ?? {})) {
          if ((DATE_FIELDS as readonly string[]).includes(k)) (set as Record<string, unknown>)[k] = v ? new Date(String(v)) : null;
          else if (k === 'simplified') set.simplified = v === true;
          else if (k === 'outcome') set.outcome = v === null ? null : String(v);
        }
        if (u.status) set.status = u.status;
        const data = row.data as { actions?: string[]; events?: unknown[] };
        set.data = {
          ...data, actions: [...(data.actions ?? []), u.key].slice(-500),
          events: [...(data.events ?? []), { at: new Date().toISOString(), action: u.action, by: u.actorId ?? null, ...(u.data ?? {}) }].slice(-200),
        } as Prisma.InputJsonValue;
        await tx.reconsideration.update({ where: { id: u.reconsiderationId }, data: set });
        const actor = u.actorId ? { actorKind: 'USER' as const, actorId: u.actorId } : workflowActor();
        const audit: AuditEntry = { ...actor, action: u.action, subjectType: 'Reconsideration', subjectId: u.reconsiderationId,
          caseId: row.caseId, orgId: row.organId, data: { status: u.status ?? row.status, ...(u.data ?? {}) } as Prisma.InputJsonValue };
        await appendAudit(tx, audit);
        await appendEvents(tx, `${u.reconsiderationId}/${u.key}`, [audit], [row.respondentOrgId]);
      });
    },

    /** An event of a running case caused by a reconsideration, audited once under the case. */
    async recordCaseRemedy(r: { reconsiderationId: string; caseId: string; key: string; action: string; data?: Record<string, unknown> }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const row = await claim(tx, r.reconsiderationId, r.key);
        if (!row) return;
        const data = row.data as { actions?: string[] };
        await tx.reconsideration.update({ where: { id: r.reconsiderationId }, data: {
          data: { ...data, actions: [...(data.actions ?? []), r.key].slice(-500) } as Prisma.InputJsonValue,
        } });
        const c = await tx.case.findUnique({ where: { id: r.caseId }, select: { orgId: true } });
        await appendAudit(tx, { ...workflowActor(), action: r.action, subjectType: 'Case', subjectId: r.caseId, caseId: r.caseId,
          orgId: c?.orgId ?? null, data: { reconsiderationId: r.reconsiderationId, ...(r.data ?? {}) } as Prisma.InputJsonValue });
      });
    },

    async refundPayments(r: { caseId: string; keepFen: number; key: string; reason: string }): Promise<{ refundedFen: number }> {
      return { refundedFen: await prisma.$transaction((tx) => refund(tx, r)) };
    },

    /**
     * The outcome reaches a case whose workflow has ended ("a reopened procedure"): the
     * disclosure is withdrawn on revocation, change or a finding of unlawfulness (CF 48 ②), money
     * refunded on revocation, the excess refunded on a change,
     * and the case's audit trail records it. An archived file itself stays frozen.
     */
    async applyToClosedCase(a: { reconsiderationId: string; caseId: string; outcome: string; penalty: Penalty | null }): Promise<void> {
      const key = `reconsideration-${a.reconsiderationId}`;
      const withdrawal = withdrawalReason(a.outcome, 'RECONSIDERATION');
      if (withdrawal) await disclosure.withdrawDisclosure({ caseId: a.caseId, reason: withdrawal });
      if (a.outcome === 'REVOKE' || (a.outcome === 'CHANGE' && a.penalty)) {
        await prisma.$transaction((tx) => refund(tx, {
          caseId: a.caseId, keepFen: a.outcome === 'REVOKE' ? 0 : a.penalty!.fineFen, key,
          reason: a.outcome === 'REVOKE' ? '行政处罚决定被撤销，退还已缴款项' : '行政处罚决定被变更，退还多缴款项',
        }));
      }
      await prisma.$transaction(async (tx) => {
        const row = await claim(tx, a.reconsiderationId, `${key}/reopened`);
        if (!row) return;
        const data = row.data as { actions?: string[] };
        await tx.reconsideration.update({ where: { id: a.reconsiderationId }, data: {
          data: { ...data, caseReopened: true, actions: [...(data.actions ?? []), `${key}/reopened`] } as Prisma.InputJsonValue,
        } });
        const c = await tx.case.findUnique({ where: { id: a.caseId }, select: { orgId: true } });
        await appendAudit(tx, { ...workflowActor(), action: 'case.reopened_by_reconsideration', subjectType: 'Case', subjectId: a.caseId, caseId: a.caseId,
          orgId: c?.orgId ?? null, data: { reconsiderationId: a.reconsiderationId, outcome: a.outcome, penalty: a.penalty } as unknown as Prisma.InputJsonValue });
      });
    },
  };
}
