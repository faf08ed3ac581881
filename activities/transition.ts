// One workflow step, one transaction (issue 18): the effects a step collects — the task closed,
// the next task opened with its limit, the case filed and numbered, documents issued, the stage
// moved, escalations raised — commit together or not at all, with their audit events. The
// StepCommit row (key = workflow id + step) is written in the same transaction: a retried
// activity whose first attempt committed answers with the stored result and writes nothing.
// What the step reads is read in one statement at its start (activities/step-reads.ts); its
// numbers are taken together near its end (store/numbering.ts DeferredNumbers), followed only by
// the writes that state them, so the counter rows' locks are held for a few statements, not the step.
import { ApplicationFailure } from '@temporalio/common';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { computeDue, computeLatestBefore, type HolidayCalendar } from '../rules/calendar.ts';
import { computeDueWithPauses } from '../rules/calendar-pauses.ts';
import { deadlineRule, type DeadlineOverrides } from '../rules/deadlines.ts';
import { createHolidayCalendar } from '../rules/holiday-calendar.ts';
import { appendAuditsAndRecord, type AuditEntry } from '../store/audit.ts';
import { DeferredNumbers, shanghaiYear, type Fill } from '../store/numbering.ts';
import { appendEvents } from '../store/outbox.ts';
import { FAILURE } from '../workflows/messages.ts';
import { workflowActor } from './audit-actor.ts';
import type { DeadlineRequest, DueDate } from './deadlines.ts';
import { documentNeeds, draftDocument, type IssueDocumentInput, type IssuedDocument } from './documents.ts';
import { raiseEscalationIn, resolveEscalationIn, warnNearDueIn, type RaiseEscalation, type ResolveEscalation } from './escalations.ts';
import { moveCaseIn, type MoveCase } from './jurisdiction.ts';
import { readStep, type ReadNeeds, type StepReads } from './step-reads.ts';
import { closeTaskIn, openTaskIn, taskOpenedAudit, taskRow, updateTaskIn, type CloseTask, type OpenTaskRecord, type UpdateTask } from './tasks.ts';

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
  | ({ kind: 'resolveEscalation' } & ResolveEscalation)
  /** 提级管辖 / 指定管辖: the case, its open steps and the move's record (activities/jurisdiction.ts). */
  | ({ kind: 'moveCase' } & MoveCase);

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
  /** What the effects read, read once at the start (activities/step-reads.ts). */
  reads: StepReads;
  /** The step's 立案号 and 文书 numbers, placeholders until the end of the transaction. */
  numbers: DeferredNumbers;
  /** Writes that state a number: run after the numbers are taken, in the order staged. */
  numbered: ((fill: Fill) => Promise<void>)[];
  /** Documents of the step, inserted together once numbered. */
  documents: ((fill: Fill) => Prisma.DocumentCreateManyInput)[];
}

/** Test hook: throws after this many effects were written, inside the transaction (all-or-nothing tests). */
export interface TransitionFaults {
  failAfterEffects?: (key: string) => number | undefined;
  /** Throws once the step's outbound events are written, before commit (outbox tests). */
  failAfterEvents?: (key: string) => boolean;
}

export function transitionActivities(prisma: PrismaClient, overrides: DeadlineOverrides = {}, faults: TransitionFaults = {}) {
  return {
    async commitTransition(t: { key: string; effects: Effect[] }): Promise<EffectResult[]> {
      try {
        return await prisma.$transaction(async (tx) => {
          const reads = await readStep(tx, needsOf(t.effects));
          let years: Promise<HolidayCalendar> | undefined;
          const scope: StepScope = {
            tx, overrides, audits: [], filed: new Map(), gained: new Map(), cases: new Map(),
            reads, numbers: new DeferredNumbers(), numbered: [], documents: [],
            calendar: () => (years ??= (needsCalendar(t.effects)
              ? Promise.resolve(reads.holidays)
              : tx.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } })).then(createHolidayCalendar)),
          };
          let results: EffectResult[] = [];
          const failAfter = faults.failAfterEffects?.(t.key);
          for (const e of t.effects) {
            results.push(await apply(scope, e));
            if (failAfter !== undefined && results.length >= failAfter) {
              throw new Error(`fault injected after ${results.length} effects of ${t.key}`);
            }
          }
          // Numbers last: from here on only the rows that state them, the case, the audit and the step's record.
          const fill = await scope.numbers.take(tx);
          if (scope.documents.length) await tx.document.createMany({ data: scope.documents.map((d) => d(fill)) });
          for (const w of scope.numbered) await w(fill);
          await writeCases(scope, fill);
          results = fill.json(results);
          // Audit events in the order of the effects that caused them and, last, the step's record, in one
          // statement. A concurrent attempt of the same step fails on the record and rolls back whole.
          const audits = scope.audits.map((a) => fill.json(a));
          await appendAuditsAndRecord(tx, audits, { key: t.key, result: results });
          // Outbound events last (store/outbox.ts): the org's event counter is locked only to commit.
          await appendEvents(tx, t.key, audits);
          if (faults.failAfterEvents?.(t.key)) throw new Error(`fault injected after the events of ${t.key}`);
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

/** Whether an effect computes a limit from the holiday calendar. */
const usesCalendar = (e: Effect) => (e.kind === 'openTask' && !!e.deadline) || e.kind === 'due' || (e.kind === 'caseStage' && !!e.clock);
const needsCalendar = (effects: Effect[]) => effects.some(usesCalendar);

/** Everything the effects will read, for the one read at the start of the transaction. */
function needsOf(effects: Effect[]): ReadNeeds {
  const docs = documentNeeds(effects.flatMap((e) => (e.kind === 'issueDocument' ? [e.input] : [])));
  const filings = effects.flatMap((e) => (e.kind === 'fileCase' ? [e] : []));
  return {
    holidays: needsCalendar(effects), docKeys: docs.docKeys, userIds: docs.userIds,
    caseIds: [...docs.caseIds ?? [], ...filings.map((f) => f.caseId)], orgIds: [...docs.orgIds ?? [], ...filings.map((f) => f.orgId)],
  };
}

const NUMBER_PLACEHOLDER = '\uE000';

async function apply(s: StepScope, e: Effect): Promise<EffectResult> {
  switch (e.kind) {
    case 'openTask': {
      const due = e.deadline ? await dueOf(s, e.deadline, e.warn) : undefined;
      const filed = e.task.caseId ? s.filed.get(e.task.caseId) : undefined;
      const payload = filed && e.task.payload.caseNumber === undefined ? { ...e.task.payload, caseNumber: filed.number } : e.task.payload;
      const record: OpenTaskRecord = { ...e.task, payload, dueAt: due?.dueAt, dueProvisional: due?.provisional ?? false };
      if (!JSON.stringify(payload).includes(NUMBER_PLACEHOLDER)) {
        await openTaskIn(s, record);
        return due ?? null;
      }
      // The task states the case number filed in this step: opened once the number is taken, its event in place.
      const audit = taskOpenedAudit(record);
      s.audits.push(audit);
      s.numbered.push(async (fill) => {
        const created = await s.tx.task.createMany({ data: [taskRow(fill.json(record))], skipDuplicates: true });
        if (created.count === 0) s.audits.splice(s.audits.indexOf(audit), 1);
      });
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
      const staged = draftDocument(s.reads, input, s.numbers);
      if ('issued' in staged) return staged.issued;
      s.audits.push(staged.draft.event);
      s.documents.push(staged.draft.finish);
      return staged.draft.result;
    }
    case 'caseStage': return caseStageIn(s, e);
    case 'warnNearDue': await warnNearDueIn(s, e); return null;
    case 'raiseEscalation': await raiseEscalationIn(s, e); return null;
    case 'resolveEscalation': await resolveEscalationIn(s, e); return null;
    case 'moveCase': return moveCaseIn(s, e);
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
  const c = s.reads.cases.get(f.caseId);
  if (!c) throw ApplicationFailure.nonRetryable(`案件 ${f.caseId} 不存在`, FAILURE.notFound);
  let out = c.number && c.filedAt ? { number: c.number, filedAt: c.filedAt } : undefined;
  if (!out) {
    const org = s.reads.orgs.get(f.orgId);
    if (!org) throw ApplicationFailure.nonRetryable(`机关 ${f.orgId} 不存在`, FAILURE.notFound);
    const year = shanghaiYear(new Date(f.filedAt));
    out = { number: `${org.shortName}立〔${year}〕${s.numbers.placeholder({ orgId: f.orgId, series: 'FILING', year })}号`, filedAt: new Date(f.filedAt).toISOString() };
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

/** What a case's staged ops come to, given which of its steps are new. */
function fold(w: CaseWrite, isNew: (key: string) => boolean) {
  const seen = new Set<string>();
  let number: string | null = null, filedAt: string | null = null, stage: string | null = null, status: string | null = null, closed = false;
  let view: Record<string, unknown> = {};
  const applied: { step: CaseStage & { data: Record<string, unknown> }; audit: AuditEntry }[] = [];
  const dropped: AuditEntry[] = [];
  for (const o of w.ops) {
    if ('filed' in o) { ({ number, filedAt } = o.filed); stage = 'INVESTIGATION'; continue; }
    // Already recorded (a retry, or the same step twice in one transaction): nothing changes, no event.
    if (!isNew(o.step.key) || seen.has(o.step.key)) { dropped.push(o.audit); continue; }
    seen.add(o.step.key);
    applied.push(o);
    stage = o.step.stage ?? stage;
    status = o.step.status ?? status;
    closed ||= !!o.step.closed;
    view = { ...view, ...(o.step.view ?? {}) };
  }
  return { number, filedAt, stage, status, closed, view, applied, dropped };
}

const caseUpdate = (caseId: string, f: ReturnType<typeof fold>, fill: Fill) => Prisma.sql`
  UPDATE "Case" SET "number" = COALESCE(${f.number && fill(f.number)}, "number"),
    "filedAt" = COALESCE((${f.filedAt}::timestamptz AT TIME ZONE 'UTC'), "filedAt"),
    "stage" = COALESCE(${f.stage}, "stage"), "status" = COALESCE(${f.status}, "status"),
    "closedAt" = CASE WHEN ${f.closed} THEN (now() AT TIME ZONE 'UTC') ELSE "closedAt" END,
    "data" = "data" || ${fill(JSON.stringify(f.view))}::jsonb
  WHERE "id" = ${caseId}`;

type CaseRow = { orgId: string; status: string; stage: string };

/**
 * The transaction's case changes, in the order they were staged: one statement per case that
 * records the steps and moves the case when every step is new (the usual case); when some were
 * already recorded (a retry), a second UPDATE moves it by the new ones only.
 */
async function writeCases(s: StepScope, fill: Fill): Promise<void> {
  for (const [caseId, w] of s.cases) {
    // A step staged twice in one transaction is recorded as first staged.
    const steps = w.ops.flatMap((o) => ('step' in o ? [o.step] : [])).filter((st, i, all) => all.findIndex((x) => x.key === st.key) === i);
    const rows = steps.map((step) => ({ key: step.key, action: step.action, stage: step.stage ?? null, data: step.data }));
    const all = fold(w, () => true);
    if (!all.number && !all.applied.length) continue;
    const [first] = await s.tx.$queryRaw<{ inserted: string[]; row: CaseRow | null }[]>`
      WITH ins AS (
        INSERT INTO "CaseAction" ("caseId", "key", "action", "stage", "data")
        SELECT ${caseId}, x."key", x."action", x."stage", x."data" FROM jsonb_to_recordset(${fill(JSON.stringify(rows))}::jsonb)
          AS x("key" TEXT, "action" TEXT, "stage" TEXT, "data" JSONB)
        ON CONFLICT ("caseId", "key") DO NOTHING RETURNING "key"),
      upd AS (${caseUpdate(caseId, all, fill)} AND (SELECT count(*) FROM ins) = ${rows.length} RETURNING "orgId", "status", "stage")
      SELECT COALESCE((SELECT json_agg("key") FROM ins), '[]') AS "inserted", (SELECT row_to_json(upd) FROM upd) AS "row"`;
    const inserted = new Set(first!.inserted);
    let f = all, row = first!.row;
    if (!row && inserted.size < rows.length) {
      f = fold(w, (key) => inserted.has(key));
      if (!f.number && !f.applied.length) { for (const a of f.dropped) s.audits.splice(s.audits.indexOf(a), 1); continue; }
      [row = null] = await s.tx.$queryRaw<CaseRow[]>`${caseUpdate(caseId, f, fill)} RETURNING "orgId", "status", "stage"`;
    }
    if (!row) throw ApplicationFailure.nonRetryable(`案件 ${caseId} 不存在`, FAILURE.notFound);
    for (const a of f.dropped) s.audits.splice(s.audits.indexOf(a), 1);
    for (const { step, audit } of f.applied) {
      Object.assign(audit, { orgId: row.orgId, data: { stage: step.stage ?? row.stage, status: step.status ?? row.status, ...step.data } });
    }
  }
}

function gain(s: StepScope, caseId: string, fields: Record<string, unknown>): void {
  s.gained.set(caseId, { ...(s.gained.get(caseId) ?? {}), ...fields });
}
