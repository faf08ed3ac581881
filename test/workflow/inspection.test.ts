import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../rules/calendar.ts';
import { addDays, endOfShanghaiDay, shanghaiDate } from '../../rules/iso-date.ts';
import {
  inspectionStateQuery, inspectionWorkflowId, requestExtensionUpdate, requestReinspectionUpdate, type InspectionInput,
} from '../../workflows/inspection-messages.ts';
import { caseWorkflowId, type Actor } from '../../workflows/messages.ts';
import { people, taskActions } from '../support/case-driver.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { signaturePng } from '../support/cases.ts';
import { startTimeSkippingWithCalendar, type TimeSkippingWithCalendar } from '../support/workflow-env.ts';

// 监督检查 on the time-skipping server, real activities on the test database: rectification →
// re-inspection → penalty case / referral / suspension, every limit from rules/deadlines.ts.
let t: TimeSkippingWithCalendar;
beforeEach(async () => { t = await startTimeSkippingWithCalendar(); });
afterEach(async () => t?.stop());

const officers = [people.handler1, people.handler2];
const expired: Actor = { userId: 'u-hongta-expired', name: '孔德才', orgId: 'yx-hongta', roles: ['HANDLER'], certified: false };
const PHOTO = 'c'.repeat(64);

async function start(enterpriseId = 'ent-hongta-machine') {
  const inspectionId = randomUUID();
  const input: InspectionInput = {
    inspectionId, orgId: 'yx-hongta', enterpriseId, kind: 'RANDOM', scheduledFor: shanghaiDate(new Date(await t.env.currentTimeMs())),
    officerIds: officers.map((o) => o.userId), createdBy: people.supervisor.userId,
  };
  const handle = await t.env.client.workflow.start('inspectionWorkflow', { args: [input], workflowId: inspectionWorkflowId(inspectionId), taskQueue: t.taskQueue });
  return { inspectionId, handle, d: driver(inspectionId, handle) };
}

function driver(inspectionId: string, handle: WorkflowHandle) {
  const workflowId = handle.workflowId;
  const openTask = (kind: string) => eventually(() => t.prisma.task.findFirst({ where: { workflowId, kind, status: 'OPEN' }, orderBy: { createdAt: 'desc' } }), 30_000);
  const d = {
    openTask,
    now: async () => new Date(await t.env.currentTimeMs()).toISOString(),
    row: () => t.prisma.inspection.findUniqueOrThrow({ where: { id: inspectionId } }),
    status: (s: string) => eventually(async () => {
      const r = await t.prisma.inspection.findUnique({ where: { id: inspectionId } });
      return r?.status === s && r;
    }, 60_000),
    ...taskActions(handle, openTask, { officers: [...officers, expired] }),
    async passes(at: string) { await t.env.sleep(Date.parse(at) - Date.parse(await d.now()) + 60_000); },
  };
  return d;
}

const record = (now: string, over: Record<string, unknown> = {}) => ({
  officerIds: officers.map((o) => o.userId), startedAt: now, place: '生产车间及仓库',
  staffPresent: [{ name: '王志远', position: '主要负责人' }, { name: '刘安', position: '安全管理人员' }],
  checklist: [{ itemId: 'equipment', ok: false, note: '砂轮机防护罩缺失' }, { itemId: 'resp', ok: true }],
  findings: '检查了生产车间、仓库及安全管理台账。',
  hazards: [{ description: '二号车间砂轮机防护罩缺失，未定期维护', location: '二号车间', photos: [{ fileName: 'p1.jpg', sha256: PHOTO }] }],
  ...over,
});

describe('inspection (监督检查)', () => {
  it('refuses a record by fewer than two certified officers or without a deadline for the hazards found', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { d, handle, inspectionId } = await start();
      const notified = await eventually(async () => { const r = await t.prisma.inspection.findUnique({ where: { id: inspectionId } }); return r?.noticeNumber ? r : undefined; });
      expect(notified.noticeNumber).toMatch(/^红塔应急检通〔\d{4}〕\d+号$/);
      const now = await d.now();
      expect(await d.refused('INSPECTION_RECORD', people.handler1, 'RECORD', record(now, { officerIds: [people.handler1.userId] }))).toMatch(/两名以上/);
      expect(await d.refused('INSPECTION_RECORD', people.handler1, 'RECORD', record(now, { officerIds: [people.handler1.userId, expired.userId] }))).toMatch(/行政执法证/);
      expect(await d.refused('INSPECTION_RECORD', people.handler1, 'RECORD', record(now))).toMatch(/整改期限/);
      expect(await d.refused('INSPECTION_RECORD', people.handler1, 'RECORD', record(now, { staffPresent: [] }))).toMatch(/在场/);
      expect((await handle.query(inspectionStateQuery)).status).toBe('NOTIFIED');
      // Nothing half-written: no hazard rows until a record is accepted.
      expect(await t.prisma.hazard.count({ where: { inspectionId } })).toBe(0);
      await handle.terminate('test done');
    });
  });

  it('no hazard: closed with a good credit record', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { d, handle, inspectionId } = await start('ent-hongta-trade');
      await d.openTask('INSPECTION_RECORD');
      await d.complete('INSPECTION_RECORD', people.handler1, 'RECORD', record(await d.now(), { hazards: [] }));
      const end = await handle.result();
      expect(end.result).toBe('NO_ISSUE');
      const good = await t.prisma.creditRecord.findMany({ where: { enterpriseId: 'ent-hongta-trade', sourceRef: inspectionId } });
      expect(good.map((g) => g.kind)).toEqual(['GOOD']);
      expect(good[0].validUntil!.getTime()).toBeGreaterThan(Date.now());
    });
  });

  it('signed on the phone: the record carries every signature, and its copy is served on site by a 送达回证 (inspection-on-site-signing)', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { d, handle } = await start('ent-hongta-trade');
      await d.openTask('INSPECTION_RECORD');
      const now = await d.now();
      const signing = {
        officers: officers.map((o, n) => ({ officerId: o.userId, image: signaturePng([n * 40, 0, 0]), signedAt: now })),
        party: { name: '王志远', image: signaturePng([0, 0, 90]), signedAt: now }, servedAt: now, address: '玉溪市红塔区测试路8号生产车间',
      };
      await d.complete('INSPECTION_RECORD', people.handler1, 'RECORD', record(now, { hazards: [], confirmation: { status: 'CONFIRMED' }, signing }));
      expect((await handle.result()).result).toBe('NO_ISSUE');
      const docs = await t.prisma.document.findMany({ where: { key: { startsWith: `${handle.workflowId}/` } }, select: { kind: true, html: true } });
      const recordDoc = docs.find((x) => x.kind === 'INSPECTION_RECORD')!;
      // Both officers' and the person in charge's signatures are in the numbered record its hash covers.
      // (The page escapes a data URL's '=' padding.)
      for (const sig of [...signing.officers.map((o) => o.image), signing.party.image]) expect(recordDoc.html).toContain(sig.split(',')[1]!.replace(/=+$/, ''));
      expect(recordDoc.html).toContain('alt="王志远的签名"');
      expect(recordDoc.html.match(/alt="[^"]+的签名"/g)).toHaveLength(3);
      const receipt = docs.find((x) => x.kind === 'SERVICE_RECEIPT');
      expect(receipt?.html).toContain('王志远');
      await recordHistory(t.env.client, 'inspection/signed-on-site', handle.workflowId);
    });
  });

  it('hazard not corrected by the deadline: 复查 within 10 working days, then a penalty case with the evidence and a bad record; a hazard outside the remit is referred', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { d, handle, inspectionId } = await start();
      await d.openTask('INSPECTION_RECORD');
      const now = await d.now();
      const rectifyBy = addDays(shanghaiDate(now), 20);
      await d.complete('INSPECTION_RECORD', people.handler1, 'RECORD', record(now, {
        rectifyBy,
        hazards: [
          ...record(now).hazards,
          { description: '厂区内在用电梯超期未检验', location: '办公楼', outsideRemit: true, toOrgId: 'yx-dept-samr', photos: [{ sha256: 'd'.repeat(64) }] },
        ],
      }));
      const rectifying = await d.status('RECTIFYING');
      expect(rectifying.rectifyBy!.toISOString()).toBe(endOfShanghaiDay(rectifyBy));
      const docs = await t.prisma.document.findMany({ where: { key: { startsWith: `${handle.workflowId}/` } } });
      expect(docs.map((x) => x.kind).sort()).toEqual(['INSPECTION_NOTICE', 'INSPECTION_RECORD', 'RECTIFICATION_ORDER']);
      const order = docs.find((x) => x.kind === 'RECTIFICATION_ORDER')!;
      expect(order.number).toMatch(/^红塔应急责改〔\d{4}〕\d+号$/);
      expect(order.html).toContain(PHOTO);
      expect(order.html).toContain('二号车间砂轮机防护罩缺失');

      // The referral: the existing referral workflow, with the inspection record and the photo hash.
      const referral = await eventually(() => t.prisma.referral.findUnique({ where: { id: `${inspectionId}-h2` } }));
      expect(referral.toOrgId).toBe('yx-dept-samr');
      expect((referral.data as { inspectionRef?: string; evidence?: { sha256: string }[] }).inspectionRef).toMatch(/检记/);
      expect((referral.data as { evidence: { sha256: string }[] }).evidence[0].sha256).toBe('d'.repeat(64));
      const hazards = await t.prisma.hazard.findMany({ where: { inspectionId }, orderBy: { seq: 'asc' } });
      expect(hazards.map((h) => [h.status, h.photoSha256])).toEqual([['OPEN', [PHOTO]], ['REFERRED', ['d'.repeat(64)]]]);

      // Too early for an extension: only within the 10 working days before expiry.
      expect(await handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: people.handler1, reason: '暴雨导致配件无法运到' }] }).catch((e) => String(e.cause?.message ?? e))).toMatch(/10个工作日内/);

      // The deadline passes without a request: 复查 due 10 working days after the last day.
      await d.passes(rectifying.rectifyBy!.toISOString());
      const re = await d.openTask('REINSPECTION');
      const expected = t.due('REINSPECTION', new Date(Date.parse(endOfShanghaiDay(rectifyBy)) - 1).toISOString());
      expect(re.dueAt!.toISOString()).toBe(expected);
      expect(expected.slice(0, 10) >= addWorkingDays(rectifyBy, 10, t.cal).day).toBe(true);
      expect(await d.refused('REINSPECTION', people.handler1, 'NOT_CORRECTED', { officerIds: officers.map((o) => o.userId), findings: '未整改' })).toMatch(/执法事项/);
      await d.complete('REINSPECTION', people.handler1, 'NOT_CORRECTED', { officerIds: officers.map((o) => o.userId), findings: '砂轮机防护罩仍未安装。', catalogItemId: 'AQ-099-1' });
      const end = await handle.result();
      expect(end.result).toBe('CASE_OPENED');
      expect(end.caseId).toBeTruthy();

      // The penalty case: the EXISTING case workflow, registered with the enterprise as party and the hazards as evidence.
      const c = await eventually(() => t.prisma.case.findUnique({ where: { id: end.caseId! } }));
      expect(c.source).toBe('INSPECTION');
      expect(c.enterpriseId).toBe('ent-hongta-machine');
      expect(c.facts).toContain('二号车间砂轮机防护罩缺失');
      const caseRun = await t.env.client.workflow.getHandle(caseWorkflowId(end.caseId!)).describe();
      expect(caseRun.type).toBe('caseWorkflow');
      const evidence = await t.prisma.evidence.findMany({ where: { caseId: end.caseId! } });
      expect(evidence.map((e) => e.sha256)).toContain(PHOTO);
      expect(evidence.some((e) => e.kind === 'INSPECTION_DOCUMENT' && e.sha256 === order.sha256)).toBe(true);
      expect(evidence.map((e) => e.sha256)).not.toContain('d'.repeat(64));
      const bad = await t.prisma.creditRecord.findMany({ where: { enterpriseId: 'ent-hongta-machine', sourceRef: inspectionId } });
      expect(bad.map((b) => b.kind)).toEqual(['BAD']);
      expect((await d.row()).caseId).toBe(end.caseId);
      const opinion = await t.prisma.document.findFirstOrThrow({ where: { key: `${handle.workflowId}/reinspection` } });
      expect(opinion.kind).toBe('REINSPECTION_OPINION');
      expect(opinion.html).toContain('逾期未整改');
      await recordHistory(t.env.client, 'case/opened-from-inspection', caseWorkflowId(end.caseId!));
      await recordHistory(t.env.client, 'inspection/reinspection-failed-case-opened', handle.workflowId);
    });
  });

  it('extension asked within the window and granted, then the enterprise asks for the 复查: due 10 working days from its request; corrected', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { d, handle } = await start();
      await d.openTask('INSPECTION_RECORD');
      const now = await d.now();
      const rectifyBy = addDays(shanghaiDate(now), 30);
      await d.complete('INSPECTION_RECORD', people.handler2, 'RECORD', record(now, { rectifyBy }));
      await d.status('RECTIFYING');
      const state = await handle.query(inspectionStateQuery);
      const opens = addWorkingDays(rectifyBy, -10, t.cal).day;
      expect(state.extensionOpensAt).toBe(endOfShanghaiDay(opens));
      await d.passes(state.extensionOpensAt!);
      // A person of another bureau cannot record the request.
      const other: Actor = { ...people.handler1, userId: 'u-jiangchuan-handler1', orgId: 'yx-jiangchuan' };
      expect(await handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: other, reason: '不可抗力' }] }).catch((e) => String(e.cause?.message ?? e))).toMatch(/检查单位/);
      const requestedAt = await d.now();
      await handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: people.handler1, reason: '暴雨导致配件无法运到' }] });
      const answer = await d.openTask('RECTIFICATION_EXTENSION');
      expect(answer.dueAt!.toISOString()).toBe(t.due('RECTIFICATION_EXTENSION_ANSWER', requestedAt));
      expect(await d.refused('RECTIFICATION_EXTENSION', people.supervisor, 'GRANT', { newDeadline: rectifyBy })).toMatch(/晚于原期限/);
      const newDeadline = addDays(rectifyBy, 15);
      await d.complete('RECTIFICATION_EXTENSION', people.supervisor, 'GRANT', { newDeadline, comment: '准予' });
      const extended = await eventually(async () => { const r = await d.row(); return r.rectifyBy?.toISOString() === endOfShanghaiDay(newDeadline) && r; });
      expect(extended.status).toBe('RECTIFYING');
      expect(await t.prisma.document.count({ where: { key: `${handle.workflowId}/extension-1`, kind: 'RECTIFICATION_EXTENSION_ANSWER' } })).toBe(1);

      await t.env.sleep(2 * 86_400_000);
      const askedAt = await d.now();
      await handle.executeUpdate(requestReinspectionUpdate, { args: [{ actor: people.handler1 }] });
      const re = await d.openTask('REINSPECTION');
      expect(re.dueAt!.toISOString()).toBe(t.due('REINSPECTION', askedAt));
      await d.complete('REINSPECTION', people.handler1, 'CORRECTED', { officerIds: officers.map((o) => o.userId), findings: '已安装防护罩，建立维护记录。' });
      const end = await handle.result();
      expect(end.result).toBe('RECTIFIED');
      expect(end.extensions).toBe(1);
      expect((await t.prisma.hazard.findMany({ where: { inspectionId: end.inspectionId } })).map((h) => h.status)).toEqual(['RECTIFIED']);
    });
  });

  it('a major hazard: 责令暂时停产停业 with a review due within 6 months, resumed after review', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { d, handle } = await start('ent-hongta-chem');
      await d.openTask('INSPECTION_RECORD');
      const now = await d.now();
      const rectifyBy = addDays(shanghaiDate(now), 10);
      await d.complete('INSPECTION_RECORD', people.handler1, 'RECORD', record(now, {
        rectifyBy, hazards: [{ description: '重大危险源储罐区可燃气体报警装置全部失效', location: '储罐区', major: true, photos: [{ sha256: PHOTO }] }],
      }));
      const review = await d.openTask('SUSPENSION_REVIEW');
      const order = await t.prisma.document.findFirstOrThrow({ where: { key: `${handle.workflowId}/suspension` } });
      expect(order.kind).toBe('SUSPENSION_ORDER');
      expect(order.html).toContain('储罐区');
      const orderedAt = order.issuedAt.toISOString();
      // The review's limit is the 6-month maximum, counted from the order (AB25 Art 22).
      expect(review.dueAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(t.due('PRODUCTION_SUSPENSION_MAX', orderedAt)) - 86_400_000);
      expect(review.deadlineId).toBe('PRODUCTION_SUSPENSION_MAX');
      expect((await d.row()).suspendedUntil).toBeTruthy();
      await handle.executeUpdate(requestReinspectionUpdate, { args: [{ actor: people.handler1 }] });
      await d.complete('REINSPECTION', people.handler1, 'CORRECTED', { officerIds: officers.map((o) => o.userId), findings: '报警装置已更换并检测合格。' });
      expect((await handle.query(inspectionStateQuery)).suspended).toBe(true);
      expect(await d.refused('SUSPENSION_REVIEW', people.handler1, 'RESUME', { officerIds: officers.map((o) => o.userId), findings: '已消除' })).toMatch(/角色/);
      await d.complete('SUSPENSION_REVIEW', people.supervisor, 'RESUME', { officerIds: officers.map((o) => o.userId), findings: '重大隐患已消除。' });
      const end = await handle.result();
      expect(end.suspended).toBe(false);
      expect(end.result).toBe('RECTIFIED');
      expect(await t.prisma.document.count({ where: { key: `${handle.workflowId}/resumption`, kind: 'RESUMPTION_OPINION' } })).toBe(1);
    });
  });
});
