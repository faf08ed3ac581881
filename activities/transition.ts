// One workflow step, one transaction (issue 18): the effects a step collects — the task closed,
// the next task opened with its limit, the case filed and numbered, documents issued, the stage
// moved, escalations raised — commit together or not at all, with their audit events. The
// StepCommit row (key = workflow id + step) is written in the same transaction: a retried
// activity whose first attempt committed answers with the stored result and writes nothing.
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { computeDue, computeLatestBefore, type HolidayCalendar } from '../rules/calendar.ts';
import { computeDueWithPauses } from '../rules/calendar-pauses.ts';
import { deadlineRule, type DeadlineOverrides } from '../rules/deadlines.ts';
import { createHolidayCalendar } from '../rules/holiday-calendar.ts';
import { appendAudits, type AuditEntry } from '../store/audit.ts';
import { nextNumber, shanghaiYear } from '../store/numbering.ts';
import { FAILURE } from '../workflows/messages.ts';
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
  /** Case changes, written together at the end of the transaction. */
  cases: Map<string, CaseWrite>;
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
            tx, overrides, audits: [], filed: new Map(), gained: new Map(), cases: new Map(),
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
          await writeCases(scope);
          // Audit events in the order of the effects that caused them, in one multi-row insert.
          await appendAudits(tx, scope.audits);
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
      // The case numbered in this transaction is written at its end: the document states the number now.
      const filed = e.input.caseId ? s.filed.get(e.input.caseId) : undefined;
      const input = filed && e.input.data.caseNumber === undefined ? { ...e.input, data: { ...e.input.data, caseNumber: filed.number, filedAt: e.input.data.filedAt ?? filed.filedAt } } : e.input;
      return issueDocumentWithin(s.tx, input, s.audits);
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
  if (!c) throw ApplicationFailure.nonRetryable(`案件 ${f.caseId} 不存在`, FAILURE.notFound);
  let out = c.number && c.filedAt ? { number: c.number, filedAt: c.filedAt.toISOString() } : undefined;
  if (!out) {
    const year = shanghaiYear(new Date(f.filedAt));
    out = { number: `${c.shortName}立〔${year}〕${await nextNumber(s.tx, f.orgId, 'FILING', year)}号`, filedAt: new Date(f.filedAt).toISOString() };
    caseWrite(s, f.caseId).ops.push({ filed: out });
    s.audits.push({ ...workflowActor(), action: 'case.filed', subjectType: 'Case', subjectId: f.caseId, caseId: f.caseId, orgId: f.orgId,
      data: { number: out.number, approvedBy: f.approvedBy } });
  }
  s.filed.set(f.caseId, out);
  gain(s, f.caseId, out);
  return out;
}

/**
 * Moves the case to a stage and appends the step to its action history. The moves of one
 * transaction are written together at its end (writeCases): one INSERT of the steps, one UPDATE
 * of the case that merges the views in SQL, so two transactions at once both land and a step
 * already recorded changes nothing.
 */
async function caseStageIn(s: StepScope, c: CaseStage): Promise<TaskDue | null> {
  const key = c.key ?? `${c.action}@${c.stage}`;
  const due = c.clock ? await dueOf(s, c.clock) : undefined;
  const clock = c.clock && due ? { deadlineId: c.clock.deadlineId, dueAt: due.dueAt, provisional: due.provisional, paused: c.clock.paused } : undefined;
  const data = { ...(c.data ?? {}), ...(clock ?? {}) };
  if (clock) gain(s, c.caseId, { decisionClock: clock });
  // A view staged before this transaction numbered the case or computed its clock lacks them.
  const gained = s.gained.get(c.caseId) ?? {};
  const state = c.view?.state
    ? { ...c.view.state, ...Object.fromEntries(Object.entries(gained).filter(([k]) => k === 'decisionClock' || c.view!.state![k] === undefined)) }
    : undefined;
  const audit: AuditEntry = { ...workflowActor(), action: c.action, subjectType: 'Case', subjectId: c.caseId, caseId: c.caseId };
  s.audits.push(audit);
  caseWrite(s, c.caseId).ops.push({ step: { ...c, key, data, view: { ...(c.view ?? {}), ...(state ? { state } : {}) } }, audit });
  return due ?? null;
}

type CaseOp = { filed: { number: string; filedAt: string } } | { step: CaseStage & { key: string; data: Record<string, unknown> }; audit: AuditEntry };
interface CaseWrite { ops: CaseOp[] }

function caseWrite(s: StepScope, caseId: string): CaseWrite {
  let w = s.cases.get(caseId);
  if (!w) s.cases.set(caseId, w = { ops: [] });
  return w;
}

/** The transaction's case changes, in the order they were staged: two statements per case. */
async function writeCases(s: StepScope): Promise<void> {
  for (const [caseId, w] of s.cases) {
    const steps = w.ops.flatMap((o) => ('step' in o ? [o] : []));
    const rows = steps.map(({ step }) => ({ key: step.key, action: step.action, stage: step.stage ?? null, data: step.data }));
    const inserted = new Set(rows.length ? (await s.tx.$queryRaw<{ key: string }[]>`
      INSERT INTO "CaseAction" ("caseId", "key", "action", "stage", "data")
      SELECT ${caseId}, x."key", x."action", x."stage", x."data" FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS x("key" TEXT, "action" TEXT, "stage" TEXT, "data" JSONB)
      ON CONFLICT ("caseId", "key") DO NOTHING RETURNING "key"`).map((r) => r.key) : []);
    const seen = new Set<string>();
    let number: string | null = null, filedAt: string | null = null, stage: string | null = null, status: string | null = null, closed = false;
    let view: Record<string, unknown> = {};
    const applied: { step: CaseStage & { data: Record<string, unknown> }; audit: AuditEntry }[] = [];
    for (const o of w.ops) {
      if ('filed' in o) { ({ number, filedAt } = o.filed); stage = 'INVESTIGATION'; continue; }
      // Already recorded (a retry, or the same step twice in one transaction): nothing changes, no event.
      if (!inserted.has(o.step.key) || seen.has(o.step.key)) { s.audits.splice(s.audits.indexOf(o.audit), 1); continue; }
      seen.add(o.step.key);
      applied.push(o);
      stage = o.step.stage ?? stage;
      status = o.step.status ?? status;
      closed ||= !!o.step.closed;
      view = { ...view, ...(o.step.view ?? {}) };
    }
    if (!number && !applied.length) continue;
    const [row] = await s.tx.$queryRaw<{ orgId: string; status: string; stage: string }[]>`
      UPDATE "Case" SET "number" = COALESCE(${number}, "number"),
        "filedAt" = COALESCE((${filedAt}::timestamptz AT TIME ZONE 'UTC'), "filedAt"),
        "stage" = COALESCE(${stage}, "stage"), "status" = COALESCE(${status}, "status"),
        "closedAt" = CASE WHEN ${closed} THEN (now() AT TIME ZONE 'UTC') ELSE "closedAt" END,
        "data" = "data" || ${JSON.stringify(view)}::jsonb
      WHERE "id" = ${caseId} RETURNING "orgId", "status", "stage"`;
    if (!row) throw ApplicationFailure.nonRetryable(`案件 ${caseId} 不存在`, FAILURE.notFound);
    for (const { step, audit } of applied) {
      Object.assign(audit, { orgId: row.orgId, data: { stage: step.stage ?? row.stage, status: step.status ?? row.status, ...step.data } });
    }
  }
}

function gain(s: StepScope, caseId: string, fields: Record<string, unknown>): void {
  s.gained.set(caseId, { ...(s.gained.get(caseId) ?? {}), ...fields });
}
