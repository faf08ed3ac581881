import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit } from '../store/audit.ts';
import { workflowActor } from './audit-actor.ts';
import { nextNumber, shanghaiYear } from '../store/numbering.ts';
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

    /** 立案: assigns the case number (e.g. 红塔应急立〔2026〕3号) once, however often retried. */
    async fileCase(f: { caseId: string; orgId: string; approvedBy: string }): Promise<{ number: string; filedAt: string }> {
      return prisma.$transaction(async (tx) => {
        const existing = await tx.case.findUniqueOrThrow({ where: { id: f.caseId }, select: { number: true, filedAt: true } });
        if (existing.number && existing.filedAt) return { number: existing.number, filedAt: existing.filedAt.toISOString() };
        const org = await tx.org.findUniqueOrThrow({ where: { id: f.orgId }, select: { shortName: true } });
        const now = new Date();
        const year = shanghaiYear(now);
        const number = `${org.shortName}立〔${year}〕${await nextNumber(tx, f.orgId, 'FILING', year)}号`;
        await tx.case.update({ where: { id: f.caseId }, data: { number, filedAt: now, stage: 'INVESTIGATION' } });
        await appendAudit(tx, { ...workflowActor(), action: 'case.filed', subjectType: 'Case', subjectId: f.caseId,
          caseId: f.caseId, orgId: f.orgId, data: { number, approvedBy: f.approvedBy } });
        return { number, filedAt: now.toISOString() };
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

    /**
     * Moves the case to a stage and merges `view` into Case.data (what the case page shows).
     * `key` (default: action@stage) is the step's identity: a retried call records nothing twice.
     */
    async setCaseStage(s: {
      caseId: string; stage: string; status?: string; action: string; data?: Record<string, unknown>;
      view?: Record<string, unknown>; closed?: boolean; key?: string;
    }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const before = await tx.case.findUniqueOrThrow({ where: { id: s.caseId }, select: { stage: true, status: true, orgId: true, data: true } });
        const view = { ...(before.data as Record<string, unknown>), ...(s.view ?? {}) };
        const done = (before.data as { actions?: string[] }).actions ?? [];
        const step = s.key ?? `${s.action}@${s.stage}`;
        if (done.includes(step)) return;
        await tx.case.update({ where: { id: s.caseId }, data: {
          stage: s.stage, ...(s.status ? { status: s.status } : {}), ...(s.closed ? { closedAt: new Date() } : {}),
          data: { ...view, actions: [...done, step].slice(-200) } as Prisma.InputJsonValue,
        } });
        await appendAudit(tx, { ...workflowActor(), action: s.action, subjectType: 'Case', subjectId: s.caseId,
          caseId: s.caseId, orgId: before.orgId, data: { stage: s.stage, status: s.status ?? before.status, ...(s.data ?? {}) } as Prisma.InputJsonValue });
      });
    },
  };
}
