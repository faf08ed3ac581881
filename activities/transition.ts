// One workflow step, one transaction (issue 18): the effects a step collects — the task closed,
// the next task opened with its limit, the case filed and numbered, documents issued, the stage
// moved, escalations raised — commit together or not at all, with their audit events. The
// StepCommit row (key = workflow id + step) is written in the same transaction: a retried
// activity whose first attempt committed answers with the stored result and writes nothing.
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { computeDue, computeDueWithPauses, computeLatestBefore, type HolidayCalendar } from '../rules/calendar.ts';
import { deadlineRule, type DeadlineOverrides } from '../rules/deadlines.ts';
import { createHolidayCalendar } from '../rules/holiday-calendar.ts';
import { appendAudit, type AuditEntry } from '../store/audit.ts';
import { nextNumber, shanghaiYear } from '../store/numbering.ts';
import { workflowActor } from './audit-actor.ts';
import type { DeadlineRequest, DueDate } from './deadlines.ts';
import { issueDocumentWithin, type IssueDocumentInput, type IssuedDocument } from './documents.ts';
import { raiseEscalationIn, resolveEscalationIn, warnNearDueIn, type RaiseEscalation, type ResolveEscalation } from './escalations.ts';
import { closeTaskIn, openTaskIn, updateTaskIn, type CloseTask, type OpenTaskRecord, type UpdateTask } from './tasks.ts';

/** A task's limit as computed in the transaction, with its near-due warning time when asked. */
export interface TaskDue extends DueDate { warnAt?: string }

export type Effect =
  | { kind: 'openTask'; task: Omit<OpenTaskRecord, 'dueAt' | 'dueProvisional'>; deadline?: DeadlineRequest; warn?: boolean }
  /** A task's limit recomputed (calendar loaded, extension): recorded on the row when it changed. */
  | { kind: 'due'; deadline: DeadlineRequest; warn?: boolean; task?: { id: string; dueAt?: string; provisional: boolean } }
  | ({ kind: 'closeTask' } & CloseTask)
  | ({ kind: 'updateTask' } & UpdateTask)
  | { kind: 'fileCase'; caseId: string; orgId: string; approvedBy: string; filedAt: string }
  | { kind: 'issueDocument'; input: IssueDocumentInput }
  | ({ kind: 'caseStage' } & CaseStage)
  | { kind: 'warnNearDue'; taskId: string; warnAt: string; dueAt: string; at: string }
  | ({ kind: 'raiseEscalation' } & RaiseEscalation)
  | ({ kind: 'resolveEscalation' } & ResolveEscalation);

export type EffectResult = TaskDue | { number: string; filedAt: string } | IssuedDocument | null;

export interface CaseStage {
  /** No stage: the step leaves the case where it is (the decision clock runs beside the steps). */
  caseId: string; stage?: string; status?: string; action: string; data?: Record<string, unknown>;
  /** Merged into Case.data (what the case page shows); `state` replaces the stored state whole. */
  view?: { state?: Record<string, unknown> } & Record<string, unknown>;
  closed?: boolean;
  /** The step's identity in the case's action history (default action@stage): recorded once. */
  key?: string;
  /** The decision clock recomputed with this step: its limit goes into data and view.state.decisionClock. */
  clock?: DeadlineRequest & { paused: boolean };
}

/** What the effects of one transaction share: the calendar read once, the case filed in it. */
export interface StepScope {
  tx: Prisma.TransactionClient;
  overrides: DeadlineOverrides;
  audits: AuditEntry[];
  calendar(): Promise<HolidayCalendar>;
  /** Cases numbered in this transaction: later effects of the step (next task, stage view) carry the number. */
  filed: Map<string, { number: string; filedAt: string }>;
  /** State a case gained in this transaction (number, decision clock): the step's later views keep it. */
  gained: Map<string, Record<string, unknown>>;
}

/** Test hook: throws after this many effects were written, inside the transaction (all-or-nothing tests). */
export interface TransitionFaults { failAfterEffects?: (key: string) => number | undefined }

export function transitionActivities(prisma: PrismaClient, overrides: DeadlineOverrides = {}, faults: TransitionFaults = {}) {
  return {
    async commitTransition(t: { key: string; effects: Effect[] }): Promise<EffectResult[]> {
      try {
        return await prisma.$transaction(async (tx) => {
          let years: Promise<HolidayCalendar> | undefined;
          const scope: StepScope = {
            tx, overrides, audits: [], filed: new Map(), gained: new Map(),
            calendar: () => (years ??= tx.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } }).then(createHolidayCalendar)),
          };
          const results: EffectResult[] = [];
          const failAfter = faults.failAfterEffects?.(t.key);
          for (const e of t.effects) {
            results.push(await apply(scope, e));
            if (failAfter !== undefined && results.length >= failAfter) {
              throw new Error(`fault injected after ${results.length} effects of ${t.key}`);
            }
          }
          // Audit events in the order of the effects that caused them.
          for (const a of scope.audits) await appendAudit(tx, a);
          // Last: the step's record. A concurrent attempt of the same step fails here and rolls back whole.
          await tx.stepCommit.create({ data: { key: t.key, result: results as unknown as Prisma.InputJsonValue } });
          return results;
        }, { timeout: 20_000 });
      } catch (err) {
        const done = await prisma.stepCommit.findUnique({ where: { key: t.key } });
        if (done) return done.result as unknown as EffectResult[];
        throw err;
      }
    },
  };
}

async function apply(s: StepScope, e: Effect): Promise<EffectResult> {
  switch (e.kind) {
    case 'openTask': {
      const due = e.deadline ? await dueOf(s, e.deadline, e.warn) : undefined;
      const filed = e.task.caseId ? s.filed.get(e.task.caseId) : undefined;
      const payload = filed && e.task.payload.caseNumber === undefined ? { ...e.task.payload, caseNumber: filed.number } : e.task.payload;
      await openTaskIn(s, { ...e.task, payload, dueAt: due?.dueAt, dueProvisional: due?.provisional ?? false });
      return due ?? null;
    }
    case 'due': {
      const due = await dueOf(s, e.deadline, e.warn);
      if (e.task && (e.task.dueAt !== due.dueAt || e.task.provisional !== due.provisional)) {
        await updateTaskIn(s, { taskId: e.task.id, dueAt: due.dueAt, dueProvisional: due.provisional, action: 'task.due_recomputed' });
      }
      return due;
    }
    case 'closeTask': await closeTaskIn(s, e); return null;
    case 'updateTask': await updateTaskIn(s, e); return null;
    case 'fileCase': return fileCaseIn(s, e);
    case 'issueDocument': {
      const doc = await issueDocumentWithin(s.tx, e.input, s.audits);
      return doc;
    }
    case 'caseStage': return caseStageIn(s, e);
    case 'warnNearDue': await warnNearDueIn(s, e); return null;
    case 'raiseEscalation': await raiseEscalationIn(s, e); return null;
    case 'resolveEscalation': await resolveEscalationIn(s, e); return null;
  }
}

/** A limit from the deadline table and the holiday calendar; with `warn`, its near-due warning time. */
export async function dueOf(s: StepScope, d: DeadlineRequest, warn?: boolean): Promise<TaskDue> {
  const calendar = await s.calendar();
  const rule = deadlineRule(d.deadlineId, s.overrides);
  const due = d.pauses?.length ? computeDueWithPauses(rule, d.from, d.pauses, calendar, d.asOf) : computeDue(rule, d.from, calendar);
  const out: TaskDue = { dueAt: due.dueAt, lastDay: due.lastDay, provisional: due.provisional };
  // The period ends at 24:00 of its last day; the warning counts back from that day, not the next.
  if (warn) out.warnAt = computeLatestBefore(deadlineRule('ESCALATION_WARNING', s.overrides), new Date(Date.parse(due.dueAt) - 1), calendar).dueAt;
  return out;
}

/** 立案: the case number (e.g. 红塔应急立〔2026〕3号) assigned once, at the approval's time. */
async function fileCaseIn(s: StepScope, f: { caseId: string; orgId: string; approvedBy: string; filedAt: string }) {
  const [c] = await s.tx.$queryRaw<{ number: string | null; filedAt: Date | null; shortName: string | null }[]>`
    SELECT c."number", c."filedAt", o."shortName" FROM "Case" c LEFT JOIN "Org" o ON o."id" = ${f.orgId} WHERE c."id" = ${f.caseId}`;
  if (!c) throw ApplicationFailure.nonRetryable(`案件 ${f.caseId} 不存在`, 'NotFound');
  if (c.number && c.filedAt) {
    const done = { number: c.number, filedAt: c.filedAt.toISOString() };
    s.filed.set(f.caseId, done);
    gain(s, f.caseId, done);
    return done;
  }
  const filedAt = new Date(f.filedAt);
  const year = shanghaiYear(filedAt);
  const number = `${c.shortName}立〔${year}〕${await nextNumber(s.tx, f.orgId, 'FILING', year)}号`;
  await s.tx.case.update({ where: { id: f.caseId }, data: { number, filedAt, stage: 'INVESTIGATION' } });
  s.audits.push({ ...workflowActor(), action: 'case.filed', subjectType: 'Case', subjectId: f.caseId, caseId: f.caseId, orgId: f.orgId,
    data: { number, approvedBy: f.approvedBy } });
  const out = { number, filedAt: filedAt.toISOString() };
  s.filed.set(f.caseId, out);
  gain(s, f.caseId, out);
  return out;
}

/**
 * Moves the case to a stage in one UPDATE (no read-merge-write: two steps at once both land) and
 * appends the step to its action history; a step already recorded changes nothing.
 */
async function caseStageIn(s: StepScope, c: CaseStage): Promise<TaskDue | null> {
  const key = c.key ?? `${c.action}@${c.stage}`;
  const due = c.clock ? await dueOf(s, c.clock) : undefined;
  const clock = c.clock && due ? { deadlineId: c.clock.deadlineId, dueAt: due.dueAt, provisional: due.provisional, paused: c.clock.paused } : undefined;
  const data = { ...(c.data ?? {}), ...(clock ?? {}) };
  const inserted = await s.tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "CaseAction" ("caseId", "key", "action", "stage", "data")
    VALUES (${c.caseId}, ${key}, ${c.action}, ${c.stage}, ${JSON.stringify(data)}::jsonb)
    ON CONFLICT ("caseId", "key") DO NOTHING RETURNING "id"`;
  if (!inserted.length) return due ?? null;
  if (clock) gain(s, c.caseId, { decisionClock: clock });
  // A view staged before this transaction numbered the case or computed its clock lacks them.
  const gained = s.gained.get(c.caseId) ?? {};
  const state = c.view?.state
    ? { ...c.view.state, ...Object.fromEntries(Object.entries(gained).filter(([k]) => k === 'decisionClock' || c.view!.state![k] === undefined)) }
    : undefined;
  const view = { ...(c.view ?? {}), ...(state ? { state } : {}) };
  const rows = await s.tx.$queryRaw<{ orgId: string; status: string; stage: string }[]>`
    UPDATE "Case" SET "stage" = COALESCE(${c.stage ?? null}, "stage"), "status" = COALESCE(${c.status ?? null}, "status"),
      "closedAt" = CASE WHEN ${c.closed ?? false} THEN (now() AT TIME ZONE 'UTC') ELSE "closedAt" END,
      "data" = "data" || ${JSON.stringify(view)}::jsonb
    WHERE "id" = ${c.caseId} RETURNING "orgId", "status", "stage"`;
  if (!rows[0]) throw ApplicationFailure.nonRetryable(`案件 ${c.caseId} 不存在`, 'NotFound');
  s.audits.push({ ...workflowActor(), action: c.action, subjectType: 'Case', subjectId: c.caseId, caseId: c.caseId, orgId: rows[0].orgId,
    data: { stage: rows[0].stage, status: rows[0].status, ...data } as Prisma.InputJsonValue });
  return due ?? null;
}

function gain(s: StepScope, caseId: string, fields: Record<string, unknown>): void {
  s.gained.set(caseId, { ...(s.gained.get(caseId) ?? {}), ...fields });
}
