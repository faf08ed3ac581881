import { createHash } from 'node:crypto';
import { beat } from './heartbeat.ts';
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { AppError } from '../store/errors.ts';
import { addWorkingDays } from '../rules/calendar.ts';
import { creditValidUntil, type CreditKind } from '../rules/credit.ts';
import { deadlineRule, type DeadlineOverrides } from '../rules/deadlines.ts';
import type { ThresholdOverrides } from '../rules/thresholds.ts';
import { createHolidayCalendar } from '../rules/holiday-calendar.ts';
import { checklistFor } from '../rules/inspection-checklists.ts';
import { endOfShanghaiDay, shanghaiDate } from '../rules/iso-date.ts';
import { planSchedule, type ScheduleItem, type ScheduledCheck } from '../rules/plan-schedule.ts';
import type { DrawnCheck } from '../rules/random-draw.ts';
import type { InspectionRecord, SignedInspectionRecord } from '../rules/forms/inspection-forms.ts';
import { confirmationWords, signaturesOf } from '../rules/on-site-service.ts';
import { appendAudit } from '../store/audit.ts';
import { hashId, performDraw } from '../store/inspection-draws.ts';
import { prepareCase } from '../store/case-registration.ts';
import { loadActor } from '../store/users.ts';
import type { CaseInput } from '../workflows/case-input.ts';
import type { InspectionInput, InspectionStatus, PlanInput, PlanStatus } from '../workflows/inspection-messages.ts';
import { FAILURE } from '../workflows/messages.ts';
import { workflowActor } from './audit-actor.ts';

const actorOf = (actorId?: string) => (actorId ? { actorKind: 'USER' as const, actorId } : safeWorkflowActor());
function safeWorkflowActor() {
  try { return workflowActor(); } catch { return { actorKind: 'SYSTEM' as const, actorId: null }; }
}

export interface Step { key: string; action: string; data?: Record<string, unknown>; actorId?: string }

/** Appends a step to a read-model row's `data` once per key (workflow id + step), audited in the same transaction. */
export async function recordStep(tx: Prisma.TransactionClient, table: 'Inspection' | 'InspectionPlan' | 'Campaign' | 'CrossFinding', id: string, s: Step, orgId: string) {
  const rows = table === 'Inspection'
    ? await tx.$queryRaw<{ data: Prisma.JsonObject }[]>`SELECT "data" FROM "Inspection" WHERE "id" = ${id} FOR UPDATE`
    : table === 'Campaign'
      ? await tx.$queryRaw<{ data: Prisma.JsonObject }[]>`SELECT "data" FROM "Campaign" WHERE "id" = ${id} FOR UPDATE`
      : table === 'CrossFinding'
        ? await tx.$queryRaw<{ data: Prisma.JsonObject }[]>`SELECT "data" FROM "CrossFinding" WHERE "id" = ${id} FOR UPDATE`
        : await tx.$queryRaw<{ data: Prisma.JsonObject }[]>`SELECT "data" FROM "InspectionPlan" WHERE "id" = ${id} FOR UPDATE`;
  const data = (rows[0]?.data ?? {}) as { actions?: string[]; events?: unknown[] };
  if ((data.actions ?? []).includes(s.key)) return null;
  const at = new Date().toISOString();
  await appendAudit(tx, { ...actorOf(s.actorId), action: s.action, subjectType: table, subjectId: id, orgId, data: (s.data ?? {}) as Prisma.InputJsonValue });
  return {
    ...data, actions: [...(data.actions ?? []), s.key].slice(-500),
    events: [...(data.events ?? []), { at, action: s.action, by: s.actorId ?? null, ...(s.data ?? {}) }].slice(-200),
  } as Prisma.InputJsonValue;
}

async function calendar(prisma: PrismaClient) {
  return createHolidayCalendar(await prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } }));
}

export async function partyOf(prisma: PrismaClient | Prisma.TransactionClient, enterpriseId: string) {
  const e = await prisma.enterprise.findUniqueOrThrow({ where: { id: enterpriseId } });
  return { enterprise: e, party: { kind: 'ORG', name: e.name, idNumber: e.uscc, address: e.address, legalRep: e.legalRep } };
}

async function officersOf(prisma: PrismaClient, ids: string[]) {
  const users = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true, certificates: { select: { number: true }, take: 1 } } });
  return ids.map((id) => users.find((u) => u.id === id)).filter((u) => !!u).map((u) => ({ name: u!.displayName, certNo: u!.certificates[0]?.number ?? '' }));
}

export interface UpdateInspection extends Step {
  inspectionId: string; status?: InspectionStatus; fields?: Record<string, string | null>;
  /** Kept at the top of the row's data (the on-site record, document numbers), not only in the event. */
  merge?: Record<string, unknown>;
}
const INSPECTION_DATES = ['rectifyBy', 'reinspectDueAt', 'suspendedUntil', 'closedAt'] as const;
const INSPECTION_TEXT = ['noticeNumber', 'recordNumber', 'result', 'caseId'] as const;

// The inspection and plan read models, written only by workflows/inspection.ts and workflows/annual-plan.ts.
export function inspectionActivities(prisma: PrismaClient, deadlineOverrides: DeadlineOverrides = {}, thresholdOverrides: ThresholdOverrides = {}) {
  return {
    async recordInspection(i: InspectionInput & { workflowId: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.inspection.findUnique({ where: { id: i.inspectionId }, select: { id: true } })) return;
        await tx.inspection.create({ data: {
          id: i.inspectionId, orgId: i.orgId, planId: i.planId ?? null, drawId: i.drawId ?? null, campaignId: i.campaignId ?? null, crossHomeOrgId: i.cross?.homeOrgId ?? null, enterpriseId: i.enterpriseId, kind: i.kind,
          scheduledFor: new Date(`${i.scheduledFor}T00:00:00Z`), status: 'NOTIFIED', officerIds: i.officerIds, expertId: i.expertId ?? null,
          data: { workflowId: i.workflowId, actions: [], events: [], ...(i.overLimit ? { overLimit: { ...i.overLimit } } : {}) },
        } });
        // The visit's place held since the API's check (store/visits.ts reserveVisit) is now the row itself.
        await tx.visitReservation.deleteMany({ where: { id: i.inspectionId } });
        for (const p of i.participants ?? []) {
          await tx.inspectionParticipant.create({ data: { id: hashId('participant', i.inspectionId, p.orgId), inspectionId: i.inspectionId, orgId: p.orgId, unit: p.unit ?? null, officerIds: p.officerIds } });
        }
        await appendAudit(tx, { ...actorOf(i.createdBy), action: 'inspection.created', subjectType: 'Inspection', subjectId: i.inspectionId, orgId: i.orgId,
          data: { enterpriseId: i.enterpriseId, kind: i.kind, scheduledFor: i.scheduledFor, officerIds: i.officerIds, planId: i.planId ?? null, drawId: i.drawId ?? null, campaignId: i.campaignId ?? null, cross: i.cross ?? null,
            participants: (i.participants ?? []).map((p) => ({ orgId: p.orgId, unit: p.unit ?? null, officerIds: p.officerIds })) } as Prisma.InputJsonValue });
      });
    },

    async updateInspection(u: UpdateInspection): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const row = await tx.inspection.findUniqueOrThrow({ where: { id: u.inspectionId }, select: { orgId: true } });
        const data = await recordStep(tx, 'Inspection', u.inspectionId, u, row.orgId);
        if (!data) return;
        const set: Record<string, unknown> = { data: { ...(data as object), ...(u.merge ?? {}) } };
        for (const [k, v] of Object.entries(u.fields ?? {})) {
          if ((INSPECTION_DATES as readonly string[]).includes(k)) set[k] = v ? new Date(v) : null;
          else if ((INSPECTION_TEXT as readonly string[]).includes(k)) set[k] = v;
        }
        if (u.status) set.status = u.status;
        await tx.inspection.update({ where: { id: u.inspectionId }, data: set });
      });
    },

    /** What the 检查通知书 states. */
    async inspectionNoticeData(q: { inspectionId: string }): Promise<Record<string, unknown>> {
      const i = await prisma.inspection.findUniqueOrThrow({ where: { id: q.inspectionId } });
      const { party, enterprise } = await partyOf(prisma, i.enterpriseId);
      const expert = i.expertId ? await prisma.expert.findUnique({ where: { id: i.expertId }, select: { name: true } }) : null;
      return {
        party, scheduledFor: i.scheduledFor.toISOString().slice(0, 10), officers: await officersOf(prisma, i.officerIds), expertName: expert?.name ?? null,
        checkKind: i.kind === 'KEY' ? '重点企业全覆盖检查' : i.kind === 'RANDOM' ? '“双随机、一公开”抽查' : '监督检查',
        drawRef: i.drawId, checklist: checklistFor(enterprise.industry).map(({ text, basis }) => ({ text, basis })),
      };
    },

    /** Stores the on-site record's hazards (one row each, photo hashes kept) and returns what the documents state. */
    async saveInspectionRecord(q: { inspectionId: string; record: SignedInspectionRecord; completedBy: string }): Promise<Record<string, unknown>> {
      const i = await prisma.inspection.findUniqueOrThrow({ where: { id: q.inspectionId } });
      await prisma.$transaction(async (tx) => {
        for (const [n, h] of q.record.hazards.entries()) {
          const id = hashId('hazard', q.inspectionId, String(n + 1));
          if (await tx.hazard.findUnique({ where: { id }, select: { id: true } })) continue;
          await tx.hazard.create({ data: { id, inspectionId: q.inspectionId, seq: n + 1, description: h.description, location: h.location, major: h.major,
            outsideRemit: h.outsideRemit, toOrgId: h.toOrgId ?? null, photoSha256: h.photos.map((p) => p.sha256), status: h.outsideRemit ? 'REFERRED' : 'OPEN' } });
        }
      });
      const { party } = await partyOf(prisma, i.enterpriseId);
      const recorder = await prisma.user.findUnique({ where: { id: q.completedBy }, select: { displayName: true } });
      const r = q.record;
      const checklist = checklistFor((await prisma.enterprise.findUniqueOrThrow({ where: { id: i.enterpriseId } })).industry);
      const failed = r.checklist.filter((c) => !c.ok).map((c) => `${checklist.find((x) => x.id === c.itemId)?.text ?? c.itemId}${c.note ? `（${c.note}）` : ''}`);
      return {
        party, place: r.place, startedAt: r.startedAt, endedAt: new Date().toISOString(), officers: await officersOf(prisma, r.officerIds),
        escort: { name: r.staffPresent[0]?.name ?? '', title: r.staffPresent.map((s) => `${s.name}（${s.position}）`).join('、'), phone: '' },
        checkBasis: i.noticeNumber ?? '', findings: r.findings, recorder: recorder?.displayName ?? '',
        problems: [...failed, ...r.hazards.map((h) => `${h.location}：${h.description}${h.major ? '（重大事故隐患）' : ''}${h.outsideRemit ? '（不属本机关职责，移交）' : ''}${h.photos.length ? ` 照片SHA-256：${h.photos.map((p) => p.sha256).join('、')}` : ''}`)],
        hazards: r.hazards.map((h) => ({ description: h.description, location: h.location, major: h.major, photos: h.photos })),
        inspectedAt: r.startedAt, measures: onSiteMeasures(r),
        // Checked and signed on the phone (issue 23): the images, names and times are part of the record's hash.
        ...(r.confirmation ? { confirmation: confirmationWords(r.confirmation, '被检查单位现场负责人') } : {}),
        ...(r.signing ? { signatures: signaturesOf(r.signing, r.officerIds, await officersOf(prisma, r.officerIds)) } : {}),
      };
    },

    /** Party and officers for a document about this inspection. */
    async inspectionDocData(q: { inspectionId: string; officerIds?: string[] }): Promise<Record<string, unknown>> {
      const i = await prisma.inspection.findUniqueOrThrow({ where: { id: q.inspectionId } });
      const { party } = await partyOf(prisma, i.enterpriseId);
      const hazards = await prisma.hazard.findMany({ where: { inspectionId: q.inspectionId, outsideRemit: false }, orderBy: { seq: 'asc' } });
      return { party, officers: await officersOf(prisma, q.officerIds ?? i.officerIds), hazards: hazards.map((h) => ({ description: h.description, location: h.location, major: h.major })) };
    },

    /** The rectification deadline (24:00 Beijing time of its day) and when the extension window opens (AB25 Art 27 ①). */
    async rectificationTimes(q: { rectifyBy: string }): Promise<{ expiresAt: string; extensionOpensAt: string; provisional: boolean }> {
      const cal = await calendar(prisma);
      const rule = deadlineRule('RECTIFICATION_EXTENSION_REQUEST');
      // "届满前10日内": the window is the last 10 working days, the day of expiry included.
      const opens = addWorkingDays(q.rectifyBy, -rule.amount, cal);
      return { expiresAt: endOfShanghaiDay(q.rectifyBy), extensionOpensAt: new Date(Date.parse(endOfShanghaiDay(opens.day))).toISOString(), provisional: opens.provisional };
    },

    async addCreditRecord(c: { key: string; enterpriseId: string; kind: CreditKind; reason: string; source: string; sourceRef?: string; actorId?: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.creditRecord.findUnique({ where: { key: c.key }, select: { id: true } })) return;
        const now = new Date();
        const id = hashId('credit', c.key);
        const e = await tx.enterprise.findUniqueOrThrow({ where: { id: c.enterpriseId }, select: { orgId: true } });
        await tx.creditRecord.create({ data: { id, key: c.key, enterpriseId: c.enterpriseId, kind: c.kind, reason: c.reason, source: c.source,
          sourceRef: c.sourceRef ?? null, validFrom: now, validUntil: new Date(creditValidUntil(c.kind, now, deadlineOverrides)), createdById: c.actorId ?? null } });
        await appendAudit(tx, { ...actorOf(c.actorId), action: 'credit.recorded', subjectType: 'Enterprise', subjectId: c.enterpriseId, orgId: e.orgId,
          data: { kind: c.kind, reason: c.reason, sourceRef: c.sourceRef ?? null } });
      });
    },

    /**
     * The input of the penalty case opened when a hazard is not corrected: built by the same
     * code the API uses to register a case (store/case-registration.ts prepareCase), as the officer
     * who found it, with the same configured thresholds. Bad data cannot become good on retry: non-retryable.
     */
    async inspectionCaseInput(q: { inspectionId: string; catalogItemId: string; officerId: string; key: string }): Promise<CaseInput> {
      const i = await prisma.inspection.findUniqueOrThrow({ where: { id: q.inspectionId } });
      const actor = await loadActor(prisma, q.officerId);
      if (!actor) throw ApplicationFailure.nonRetryable(`用户 ${q.officerId} 不存在`, FAILURE.notFound);
      const { party } = await partyOf(prisma, i.enterpriseId);
      const hazards = await prisma.hazard.findMany({ where: { inspectionId: i.id, outsideRemit: false }, orderBy: { seq: 'asc' } });
      const record = (i.data as { record?: { startedAt?: string } }).record;
      const facts = `${shanghaiDate(record?.startedAt ?? i.createdAt.toISOString())}检查发现下列事故隐患，经责令限期整改（${(i.data as { orderNumber?: string }).orderNumber ?? '责令限期整改指令书'}），逾期未整改：`
        + hazards.map((h, n) => `${n + 1}. ${h.location}：${h.description}`).join('；');
      try {
        const { input } = await prepareCase({ prisma, thresholdOverrides }, actor, {
          party: { kind: 'ORG', name: party.name, idNumber: party.idNumber, enterpriseId: i.enterpriseId, address: party.address },
          catalogItemId: q.catalogItemId, source: 'INSPECTION', facts: facts.slice(0, 5000),
          // The hazard existed when the officers found it on site: that is when the violation is recorded as occurring.
          occurredAt: record?.startedAt ?? i.createdAt.toISOString(), harmToLife: false,
        }, q.key);
        return input;
      } catch (err) {
        if (err instanceof AppError) throw ApplicationFailure.nonRetryable(err.message, FAILURE.invalid);
        throw err;
      }
    },

    /** The hazards (descriptions and photo hashes) become evidence of the case; the inspection records the case. */
    async attachInspectionEvidence(q: { caseId: string; inspectionId: string; actorId: string }): Promise<number> {
      const i = await prisma.inspection.findUniqueOrThrow({ where: { id: q.inspectionId }, select: { orgId: true, noticeNumber: true, recordNumber: true } });
      const hazards = await prisma.hazard.findMany({ where: { inspectionId: q.inspectionId, outsideRemit: false }, orderBy: { seq: 'asc' } });
      const docs = await prisma.document.findMany({ where: { key: { startsWith: `inspection-${q.inspectionId}/` } }, select: { number: true, title: true, sha256: true } });
      let n = 0;
      await prisma.$transaction(async (tx) => {
        const items = [
          ...hazards.flatMap((h) => (h.photoSha256.length ? h.photoSha256 : [null]).map((sha, k) => ({
            ref: `${h.seq}-${k}`, kind: 'INSPECTION_HAZARD', description: `检查发现隐患${h.seq}（${h.location}）：${h.description}${sha ? '（现场照片）' : ''}`,
            sha256: sha ?? createHash('sha256').update(`${h.location}\u0000${h.description}`).digest('hex'),
          }))),
          ...docs.map((d) => ({ ref: d.number, kind: 'INSPECTION_DOCUMENT', description: `${d.title} ${d.number}`, sha256: d.sha256 })),
        ];
        for (const it of items) {
          const id = hashId('inspection-evidence', q.caseId, q.inspectionId, it.ref);
          if (await tx.evidence.findUnique({ where: { id }, select: { id: true } })) continue;
          await tx.evidence.create({ data: { id, caseId: q.caseId, kind: it.kind, description: it.description, sha256: it.sha256, collectedById: q.actorId } });
          await appendAudit(tx, { actorKind: 'USER', actorId: q.actorId, action: 'evidence.added', subjectType: 'Evidence', subjectId: id, caseId: q.caseId, orgId: i.orgId,
            data: { kind: it.kind, sha256: it.sha256, inspectionId: q.inspectionId } });
          n++;
        }
        await tx.hazard.updateMany({ where: { inspectionId: q.inspectionId, outsideRemit: false }, data: { status: 'NOT_CORRECTED' } });
      });
      return n;
    },

    async loadActorById(q: { userId: string }) {
      const a = await loadActor(prisma, q.userId);
      if (!a) throw ApplicationFailure.nonRetryable(`用户 ${q.userId} 不存在`, FAILURE.notFound);
      return a;
    },

    async markHazards(q: { inspectionId: string; status: string }): Promise<void> {
      await prisma.hazard.updateMany({ where: { inspectionId: q.inspectionId, outsideRemit: false }, data: { status: q.status } });
    },

    async recordPlan(p: PlanInput & { workflowId: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.inspectionPlan.findUnique({ where: { id: p.planId }, select: { id: true } })) return;
        await tx.inspectionPlan.create({ data: {
          id: p.planId, orgId: p.orgId, year: p.year, status: 'AWAITING_APPROVAL', keyEnterprises: p.keyEnterprises as unknown as Prisma.InputJsonValue,
          randomChecks: p.randomChecks, focusIndustries: p.focusIndustries, withExpert: p.withExpert, createdById: p.createdBy.userId,
          data: { workflowId: p.workflowId, requestKey: p.requestKey ?? null, actions: [], events: [] },
        } });
        await appendAudit(tx, { actorKind: 'USER', actorId: p.createdBy.userId, action: 'plan.drafted', subjectType: 'InspectionPlan', subjectId: p.planId, orgId: p.orgId,
          data: { year: p.year, keyEnterprises: p.keyEnterprises, randomChecks: p.randomChecks, focusIndustries: p.focusIndustries } as unknown as Prisma.InputJsonValue });
      });
    },

    async updatePlan(u: Step & { planId: string; status?: PlanStatus; approvedById?: string; published?: boolean; schedule?: ScheduledCheck[] }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const row = await tx.inspectionPlan.findUniqueOrThrow({ where: { id: u.planId }, select: { orgId: true } });
        const data = await recordStep(tx, 'InspectionPlan', u.planId, u, row.orgId);
        if (!data) return;
        const d = data as Record<string, unknown>;
        if (u.schedule) d.schedule = u.schedule;
        await tx.inspectionPlan.update({ where: { id: u.planId }, data: {
          data: d as Prisma.InputJsonValue, ...(u.status ? { status: u.status } : {}), ...(u.approvedById ? { approvedById: u.approvedById } : {}),
          ...(u.published ? { publishedAt: new Date() } : {}),
        } });
      });
    },

    /** 双随机 for the plan's random checks and inspectors for every check; recorded once per plan. */
    async drawForPlan(q: { planId: string; orgId: string; key: string; keyEnterprises: { enterpriseId: string; perYear: number }[]; randomChecks: number; withExpert: boolean; drawnById?: string }) {
      beat('drawing');
      return performDraw(prisma, { key: q.key, orgId: q.orgId, planId: q.planId, fixedIds: q.keyEnterprises.map((k) => k.enterpriseId), randomCount: q.randomChecks, withExpert: q.withExpert, drawnById: q.drawnById }, deadlineOverrides, actorOf(q.drawnById), thresholdOverrides);
    },

    /**
     * The year's schedule from the draw: each key enterprise perYear times with the officers drawn
     * for it, each random check once; spread over the working days from tomorrow (rules/plan-schedule.ts).
     */
    async schedulePlan(q: { year: number; keyEnterprises: { enterpriseId: string; perYear: number }[]; checks: DrawnCheck[] }): Promise<ScheduledCheck[]> {
      const cal = await calendar(prisma);
      const perYear = new Map(q.keyEnterprises.map((k) => [k.enterpriseId, k.perYear]));
      const items: ScheduleItem[] = [];
      let r = 0;
      for (const c of q.checks) {
        if (c.kind === 'KEY') {
          for (let n = 1; n <= (perYear.get(c.enterpriseId) ?? 1); n++) items.push({ ref: `key-${c.enterpriseId}-${n}`, kind: 'KEY', enterpriseId: c.enterpriseId, officerIds: c.officerIds, expertId: c.expertId });
        } else items.push({ ref: `random-${++r}`, kind: 'RANDOM', enterpriseId: c.enterpriseId, officerIds: c.officerIds, expertId: c.expertId });
      }
      const tomorrow = shanghaiDate(new Date(Date.now() + 86_400_000));
      return planSchedule(q.year, tomorrow, items, cal);
    },
  };
}

/** 现场处理措施 the record must state (AB25 21-22), "无" when nothing was ordered. */
function onSiteMeasures(r: InspectionRecord): string {
  const inRemit = r.hazards.filter((h) => !h.outsideRemit);
  return [
    ...(inRemit.some((h) => h.major) ? ['重大事故隐患，责令暂时停产停业'] : []),
    ...(inRemit.length ? [`责令限期整改${r.rectifyBy ? `（整改期限：${r.rectifyBy}）` : ''}`] : []),
    ...(r.hazards.some((h) => h.outsideRemit) ? ['不属于本机关职责的隐患移交有关部门处理'] : []),
  ].join('；') || '无';
}
