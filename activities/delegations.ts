import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { computeLatestBefore } from '../rules/calendar.ts';
import { drawSample } from '../rules/delegation-rules.ts';
import { deadlineRule, type DeadlineOverrides } from '../rules/deadlines.ts';
import { createHolidayCalendar } from '../rules/holiday-calendar.ts';
import { appendAudit } from '../store/audit.ts';
import type {
  DelegatedMatterInput, DelegationInput, DelegationNoticeInput, DelegationReviewInput, DelegationStatus, MatterInput, MatterStatus, MatterView,
} from '../workflows/delegation-messages.ts';

/** A part of a delegation that waits for people, run as a workflow of its own (workflows/delegated-matter.ts). */
export type DelegationPart =
  | { type: 'delegatedMatterWorkflow'; workflowId: string; input: DelegatedMatterInput }
  | { type: 'delegationReviewWorkflow'; workflowId: string; input: DelegationReviewInput }
  | { type: 'delegationNoticeWorkflow'; workflowId: string; input: DelegationNoticeInput };
import { userActor, workflowActor } from './audit-actor.ts';

export interface UpdateDelegation {
  delegationId: string;
  /** Idempotency: a step recorded once, whatever the retries. */
  key: string;
  action: string;
  status?: DelegationStatus;
  fields?: Record<string, string | null>;
  data?: Record<string, unknown>;
  actorId?: string;
}

export interface UpdateMatter {
  matterId: string;
  key: string;
  action: string;
  status?: MatterStatus;
  outcome?: string;
  caseId?: string;
  overdue?: boolean;
  reviewResult?: 'PASSED' | 'FAILED';
  correctedAt?: string;
  closedAt?: string;
  data?: Record<string, unknown>;
  actorId?: string;
}

const actorOf = (actorId?: string) => (actorId ? { actorKind: 'USER' as const, actorId } : workflowActor());
const json = (v: unknown) => v as Prisma.InputJsonValue;

// The delegation read model (Delegation, DelegatedMatter) and its audit trail, written only by the workflow.
export function delegationActivities(prisma: PrismaClient, overrides: DeadlineOverrides = {}) {
  return {
    async recordDelegation(d: DelegationInput & { workflowId: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.delegation.findUnique({ where: { id: d.delegationId }, select: { id: true } })) return;
        await tx.delegation.create({ data: {
          id: d.delegationId, countyOrgId: d.countyOrgId, townshipOrgId: d.townshipOrgId, itemCodes: d.itemCodes, officerIds: d.officerIds,
          startDate: d.startDate, endDate: d.endDate, samplePercent: d.samplePercent, status: 'AWAITING_REVIEW', renewsId: d.renewsId ?? null,
          data: json({ workflowId: d.workflowId, draftedBy: d.draftedBy.userId, actions: [], events: [], samplings: [] }),
        } });
        await appendAudit(tx, { ...userActor(d.draftedBy), action: 'delegation.drafted', subjectType: 'Delegation', subjectId: d.delegationId,
          orgId: d.countyOrgId, data: json({ townshipOrgId: d.townshipOrgId, itemCodes: d.itemCodes, officerIds: d.officerIds,
            startDate: d.startDate, endDate: d.endDate, samplePercent: d.samplePercent, renewsId: d.renewsId ?? null }) });
      });
    },

    async updateDelegation(u: UpdateDelegation): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT "id" FROM "Delegation" WHERE "id" = ${u.delegationId} FOR UPDATE`;
        const before = await tx.delegation.findUniqueOrThrow({ where: { id: u.delegationId } });
        const data = before.data as { actions?: string[]; events?: unknown[] };
        if ((data.actions ?? []).includes(u.key)) return;
        const set: Prisma.DelegationUpdateInput = {};
        const f = u.fields ?? {};
        if ('letterNumber' in f) set.letterNumber = f.letterNumber;
        if ('disclosedAt' in f) set.disclosedAt = f.disclosedAt ? new Date(f.disclosedAt) : null;
        if ('endedAt' in f) set.endedAt = f.endedAt ? new Date(f.endedAt) : null;
        if (u.status) set.status = u.status;
        set.data = json({ ...data, actions: [...(data.actions ?? []), u.key].slice(-500),
          events: [...(data.events ?? []), { at: new Date().toISOString(), action: u.action, by: u.actorId ?? null, ...(u.data ?? {}) }].slice(-200) });
        await tx.delegation.update({ where: { id: u.delegationId }, data: set });
        await appendAudit(tx, { ...actorOf(u.actorId), action: u.action, subjectType: 'Delegation', subjectId: u.delegationId,
          orgId: before.countyOrgId, data: json({ status: u.status ?? before.status, ...(u.data ?? {}) }) });
      });
    },

    /**
     * Starts a matter's, a review's or the notice's workflow, once per id. Not a child workflow: a delegation
     * continues as new many times in 3 years, and a part outlives the run that started it (docs/histories.md).
     */
    async startDelegationPart(p: DelegationPart): Promise<void> {
      const { client } = Context.current();
      try {
        await client.workflow.start(p.type, { workflowId: p.workflowId, taskQueue: Context.current().info.taskQueue, args: [p.input as never], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    },

    /** Writes the matter once; routed again (a retry, or after the delegation continued as new), it answers with the row. */
    async recordDelegatedMatter(m: MatterInput & { delegationId: string; countyOrgId: string; status: MatterStatus; outcome?: string; dueAt?: string; closedAt?: string }):
      Promise<{ created: boolean; status: MatterStatus; overdue: boolean; caseId: string | null }> {
      return prisma.$transaction(async (tx) => {
        const before = await tx.delegatedMatter.findUnique({ where: { id: m.matterId }, select: { status: true, overdue: true, caseId: true } });
        if (before) return { created: false, status: before.status as MatterStatus, overdue: before.overdue, caseId: before.caseId };
        await tx.delegatedMatter.create({ data: {
          id: m.matterId, delegationId: m.delegationId, countyOrgId: m.countyOrgId, townshipOrgId: m.townshipOrgId, catalogItemCode: m.itemCode,
          partyName: m.partyName, location: m.location, facts: m.facts, status: m.status, outcome: m.outcome ?? null, caseId: m.caseId ?? null,
          dueAt: m.dueAt ? new Date(m.dueAt) : null, closedAt: m.closedAt ? new Date(m.closedAt) : null,
          data: json({ reportedBy: m.reportedBy.userId, officerIds: m.officerIds ?? [], actions: [], events: [] }),
        } });
        await appendAudit(tx, { ...userActor(m.reportedBy), action: m.caseId ? 'delegation.matter_decided_on_the_spot' : 'delegation.matter_routed',
          subjectType: 'DelegatedMatter', subjectId: m.matterId, caseId: m.caseId ?? null, orgId: m.countyOrgId,
          data: json({ delegationId: m.delegationId, townshipOrgId: m.townshipOrgId, itemCode: m.itemCode, dueAt: m.dueAt ?? null }) });
        return { created: true, status: m.status, overdue: false, caseId: m.caseId ?? null };
      });
    },

    async updateDelegatedMatter(u: UpdateMatter): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT "id" FROM "DelegatedMatter" WHERE "id" = ${u.matterId} FOR UPDATE`;
        const before = await tx.delegatedMatter.findUniqueOrThrow({ where: { id: u.matterId } });
        const data = before.data as { actions?: string[]; events?: unknown[] };
        if ((data.actions ?? []).includes(u.key)) return;
        const set: Prisma.DelegatedMatterUpdateInput = {
          ...(u.status ? { status: u.status } : {}), ...(u.outcome ? { outcome: u.outcome } : {}), ...(u.caseId ? { caseId: u.caseId } : {}),
          ...(u.overdue !== undefined ? { overdue: u.overdue } : {}), ...(u.reviewResult ? { reviewResult: u.reviewResult } : {}),
          ...(u.correctedAt ? { correctedAt: new Date(u.correctedAt) } : {}), ...(u.closedAt ? { closedAt: new Date(u.closedAt) } : {}),
        };
        set.data = json({ ...data, actions: [...(data.actions ?? []), u.key].slice(-200),
          events: [...(data.events ?? []), { at: new Date().toISOString(), action: u.action, by: u.actorId ?? null, ...(u.data ?? {}) }].slice(-100) });
        await tx.delegatedMatter.update({ where: { id: u.matterId }, data: set });
        await appendAudit(tx, { ...actorOf(u.actorId), action: u.action, subjectType: 'DelegatedMatter', subjectId: u.matterId,
          caseId: u.caseId ?? before.caseId, orgId: before.countyOrgId, data: json({ delegationId: before.delegationId, ...(u.data ?? {}) }) });
      });
    },

    /** Matters as their rows stand: for a matter whose workflow has ended before the delegation could signal it. */
    async delegatedMatterViews(q: { ids: string[] }): Promise<MatterView[]> {
      const rows = await prisma.delegatedMatter.findMany({ where: { id: { in: q.ids } }, select: { id: true, status: true, overdue: true, caseId: true } });
      return rows.map((r) => ({ matterId: r.id, status: r.status as MatterView['status'], overdue: r.overdue, ...(r.caseId ? { caseId: r.caseId } : {}) }));
    },

    /** What the 委托书 states, by name: the workflow knows only ids. */
    async delegationLetterData(q: { delegationId: string }): Promise<Record<string, unknown>> {
      const d = await prisma.delegation.findUniqueOrThrow({ where: { id: q.delegationId } });
      const [county, township, items, officers] = await Promise.all([
        prisma.org.findUniqueOrThrow({ where: { id: d.countyOrgId }, select: { name: true } }),
        prisma.org.findUniqueOrThrow({ where: { id: d.townshipOrgId }, select: { name: true } }),
        prisma.catalogItem.findMany({ where: { code: { in: d.itemCodes } }, orderBy: { code: 'asc' }, select: { code: true, name: true, penaltyBasis: true } }),
        prisma.user.findMany({ where: { id: { in: d.officerIds } }, orderBy: { id: 'asc' },
          select: { displayName: true, certificates: { select: { number: true }, orderBy: { validUntil: 'desc' }, take: 1 } } }),
      ]);
      if (items.length !== d.itemCodes.length) throw ApplicationFailure.nonRetryable('委托事项已不在执法事项清单中');
      return {
        delegatingOrgName: county.name.replace(/（[^）]*）$/, ''), townshipName: township.name, items,
        officers: officers.map((o) => ({ name: o.displayName, certNo: o.certificates[0]?.number ?? '' })),
        startDate: d.startDate, endDate: d.endDate, renewsId: d.renewsId,
      };
    },

    /** The reminder day before the term ends (a policy row, BEFORE_EVENT). */
    async delegationReminderAt(q: { endsAt: string }): Promise<{ dueAt: string }> {
      const years = await prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } });
      const at = computeLatestBefore(deadlineRule('DELEGATION_EXPIRY_REMINDER', overrides), q.endsAt, createHolidayCalendar(years));
      // The reminder goes out at the start of that day, not at its end.
      return { dueAt: new Date(Date.parse(at.dueAt) - 86_400_000).toISOString() };
    },

    /**
     * 抽查: draws `percent` % of the delegation's closed matters not drawn before. The seed is
     * random and recorded with the draw, so anyone can reproduce it; a retry returns the same draw.
     */
    /** `matters`: what the review tasks name (the delegation's workflow no longer holds closed matters). */
    async drawDelegationSample(q: { delegationId: string; key: string; percent: number }): Promise<{ drawn: string[]; closed: number; seed: string; matters: { id: string; partyName: string; caseId: string | null }[] }> {
      const draw = await prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT "id" FROM "Delegation" WHERE "id" = ${q.delegationId} FOR UPDATE`;
        const d = await tx.delegation.findUniqueOrThrow({ where: { id: q.delegationId } });
        const data = d.data as { samplings?: { key: string; drawn: string[]; closed: number; seed: string }[] };
        const done = (data.samplings ?? []).find((x) => x.key === q.key);
        if (done) return { drawn: done.drawn, closed: done.closed, seed: done.seed };
        const drawnBefore = new Set((data.samplings ?? []).flatMap((x) => x.drawn));
        const closed = (await tx.delegatedMatter.findMany({ where: { delegationId: q.delegationId, status: 'CLOSED' }, select: { id: true } }))
          .map((m) => m.id).filter((id) => !drawnBefore.has(id));
        const seed = randomUUID();
        const drawn = drawSample(closed, q.percent, seed);
        const entry = { key: q.key, at: new Date().toISOString(), seed, percent: q.percent, closed: closed.length, drawn };
        await tx.delegation.update({ where: { id: q.delegationId }, data: { data: json({ ...data, samplings: [...(data.samplings ?? []), entry] }) } });
        await appendAudit(tx, { ...workflowActor(), action: 'delegation.sampled', subjectType: 'Delegation', subjectId: q.delegationId,
          orgId: d.countyOrgId, data: json(entry) });
        return { drawn, closed: closed.length, seed };
      });
      const matters = await prisma.delegatedMatter.findMany({ where: { id: { in: draw.drawn } }, select: { id: true, partyName: true, caseId: true } });
      return { ...draw, matters };
    },
  };
}
