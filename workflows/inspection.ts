// 监督检查 (issue 9): one durable workflow per inspection. 检查通知 → 现场检查记录 (checklist,
// hazards with photo hashes, enterprise staff present, ≥2 certified officers) → no issue, or
// 责令限期整改 (extension only when asked within the last 10 working days, answered within 5)
// → 复查 within 10 working days of the deadline or of the enterprise's request → not corrected:
// a penalty case (the existing case workflow, as an abandoned child) with the evidence; a major
// hazard also gets 责令暂时停产停业 with its own review; a hazard outside the remit is referred
// (the existing referral workflow). Every limit comes from rules/deadlines.ts.
// Live patch ids: 'inspection-on-site-signing' (issue 23: the record and the order signed on the phone),
// 'cross-inspection' (issue 21: a cross team hands its findings to the competent county).
// 'visit-over-limit-approval' (issue 21: a visit beyond the frequency policy waits for the head's
// approval before the notice), 'joint-inspection-signatures' (issue 21: the participants of a 联合执法
// sign the record, workflows/joint-signatures.ts, and the inspection closes after them).
import { ActivityFailure, allHandlersFinished, ApplicationFailure, condition, ParentClosePolicy, patched, setHandler, startChild, workflowInfo, WorkflowIdReusePolicy } from '@temporalio/workflow';
import type { DocumentKind } from '../documents/kinds.ts';
import type { SignedInspectionRecord } from '../rules/forms/inspection-forms.ts';
import { serviceReceipt, type DocumentSignatures } from '../rules/on-site-service.ts';
import { acts } from './activities-proxy.ts';
import { issueDocument } from './transition.ts';
import { answerWhenRecorded } from './recorded.ts';
import { humanTask, installTaskHandlers } from './human-task.ts';
import { collectJointSignatures, decideOverLimitVisit } from './joint-signatures.ts';
import {
  inspectionStateQuery, requestExtensionUpdate, requestReinspectionUpdate,
  type InspectionInput, type InspectionState, type InspectionStatus,
} from './inspection-messages.ts';
import { caseWorkflowId, FAILURE, type Actor, type CompleteTaskInput } from './messages.ts';
import { referralWorkflowId, type ReferralInput } from './referral-messages.ts';
import { crossFindingWorkflowId, type CrossFindingInput } from './cross-finding-messages.ts';

/** Live patch id: a cross inspection (交叉执法) hands its findings within the remit to the competent county. */
export const CROSS_INSPECTION_PATCH = 'cross-inspection';

const OFFICER_ROLES = ['HANDLER', 'SUPERVISOR'] as const;
const LEADERS = ['SUPERVISOR', 'HEAD'] as const;
const BUREAU = ['HANDLER', 'SUPERVISOR', 'HEAD'];

// Live patch ids: inspection-on-site-signing (issue 23: the record signed on the phone, its and the
// 责令限期整改指令书's 送达回证 issued on site).
export const ON_SITE_SIGNING_PATCH = 'inspection-on-site-signing';

const refuse = (message: string, type: string = FAILURE.invalid): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

/** ≥2 certified officers of the inspecting bureau (行政处罚法 Art 42; AB25 Art 16); assistants only assist. */
export function checkInspectors(orgId: string, ids: readonly string[], officers: readonly Actor[] | undefined): string | undefined {
  const distinct = new Set(ids);
  if (distinct.size < 2) return '监督检查须由两名以上执法人员进行（《安全生产违法行为行政处罚办法》第十六条）';
  for (const id of distinct) {
    const o = officers?.find((x) => x.userId === id);
    if (!o) return `执法人员 ${id} 不存在`;
    if (o.orgId !== orgId) return `${o.name}不属于检查单位`;
    if (!o.certified) return `${o.name}没有有效的行政执法证，不能作为检查人员`;
    if (o.roles.every((r) => r === 'ASSISTANT')) return `${o.name}是执法辅助人员，只能协助，不能签名检查`;
  }
  return undefined;
}

export async function inspectionWorkflow(input: InspectionInput): Promise<InspectionState> {
  const s = await runInspection(input);
  // The last completion may still be closing its task row when the inspection ends.
  await condition(allHandlersFinished);
  return s;
}

async function runInspection(input: InspectionInput): Promise<InspectionState> {
  const s: InspectionState = { inspectionId: input.inspectionId, status: 'NOTIFIED', extensions: 0, suspended: false, referrals: [] };
  const wf = workflowInfo().workflowId;
  let pendingExtension: { at: string; reason: string; by: string } | undefined;
  setHandler(inspectionStateQuery, () => s);
  const recorded = answerWhenRecorded();
  installTaskHandlers();

  const bureauActor = (a: Actor) => {
    if (a.orgId !== input.orgId || !a.roles.some((r) => BUREAU.includes(r))) refuse('只有检查单位的执法人员可以登记企业的申请', FAILURE.forbidden);
  };
  setHandler(requestExtensionUpdate, async ({ actor, reason }) => {
    pendingExtension = { at: new Date().toISOString(), reason: reason ?? '', by: actor.userId };
    s.extensionRequestedAt = pendingExtension.at;
    await acts.updateInspection({ inspectionId: input.inspectionId, key: `extension-request-${s.extensions + 1}`, action: 'inspection.extension_requested', actorId: actor.userId, data: { reason } });
    return s;
  }, {
    validator: ({ actor, reason }) => {
      bureauActor(actor);
      if (s.status !== 'RECTIFYING' || !s.rectifyBy || !s.extensionOpensAt) refuse('当前不在整改期限内，不能申请延期');
      if (pendingExtension) refuse('已有延期申请待答复');
      if (!reason || reason.trim().length < 2) refuse('请填写申请延期的理由（不可抗力的情形）');
      const now = Date.now();
      if (now < Date.parse(s.extensionOpensAt!)) refuse(`延期申请应在整改期限届满前10个工作日内提出（${s.extensionOpensAt!.slice(0, 10)}之后），现在尚不能提出`);
      if (now > Date.parse(s.rectifyBy!)) refuse('整改期限已届满，不能再申请延期');
    },
  });
  setHandler(requestReinspectionUpdate, async ({ actor }) => {
    s.reinspectionRequestedAt = new Date().toISOString();
    await acts.updateInspection({ inspectionId: input.inspectionId, key: 'reinspection-request', action: 'inspection.reinspection_requested', actorId: actor.userId });
    return s;
  }, {
    validator: ({ actor }) => {
      bureauActor(actor);
      if (s.status !== 'RECTIFYING') refuse('当前不在整改期限内，不能申请复查');
      if (s.reinspectionRequestedAt) refuse('已申请复查');
    },
  });

  const update = (key: string, action: string, o: { status?: InspectionStatus; fields?: Record<string, string | null>; data?: Record<string, unknown>; merge?: Record<string, unknown>; actorId?: string } = {}) => {
    if (o.status) s.status = o.status;
    return acts.updateInspection({ inspectionId: input.inspectionId, key, action, ...o });
  };
  const issue = (step: string, kind: DocumentKind, data: Record<string, unknown>, issuedById?: string) =>
    issueDocument({ key: `${wf}/${step}`, orgId: input.orgId, kind, data, issuedById });
  const officerCheck = (i: CompleteTaskInput) => checkInspectors(input.orgId, (i.data.officerIds as string[]) ?? [], i.officers);

  await acts.recordInspection({ ...input, workflowId: wf });
  recorded();

  // 0. A visit beyond the frequency policy goes ahead only with the head's approval (reform plan (六)).
  if (input.overLimit && patched('visit-over-limit-approval')) {
    const decision = await decideOverLimitVisit(input, input.overLimit);
    await update(decision.approved ? 'over-limit-approved' : 'over-limit-refused', decision.approved ? 'inspection.over_limit_approved' : 'inspection.over_limit_refused', {
      ...(decision.approved ? {} : { status: 'CLOSED' as const, fields: { result: 'NOT_APPROVED', closedAt: new Date().toISOString() } }),
      data: { ...input.overLimit, comment: decision.comment ?? null }, actorId: decision.by,
    });
    if (!decision.approved) {
      s.result = 'NOT_APPROVED';
      return s;
    }
  }

  // 1. 检查通知.
  const notice = await issue('notice', 'INSPECTION_NOTICE', await acts.inspectionNoticeData({ inspectionId: input.inspectionId }), input.createdBy);
  s.noticeNumber = notice.number;
  await update('notice', 'inspection.notified', { status: 'NOTIFIED', fields: { noticeNumber: notice.number }, data: { document: notice } });

  // 2. 现场检查 with its record. No limit is set for it in rules/deadlines.ts: it waits for the officers.
  const onSite = await humanTask({
    step: 'record', kind: 'INSPECTION_RECORD', title: `现场检查：${notice.number}`, orgId: input.orgId, roles: [...OFFICER_ROLES],
    payload: { inspectionId: input.inspectionId, enterpriseId: input.enterpriseId, officerIds: input.officerIds },
    validate: (i) => {
      const r = i.data as unknown as SignedInspectionRecord;
      const bad = officerCheck(i);
      if (bad) return bad;
      const inRemit = r.hazards.filter((h) => !h.outsideRemit);
      if (inRemit.length && !r.rectifyBy) return '发现本机关职责范围内的隐患，须确定整改期限';
      if (r.rectifyBy && Date.parse(`${r.rectifyBy}T23:59:59+08:00`) <= Date.now()) return '整改期限须晚于今天';
      const noTarget = r.hazards.findIndex((h) => h.outsideRemit && !h.toOrgId);
      if (noTarget >= 0) return `隐患${noTarget + 1}不属于本机关职责，请选择移交的部门`;
      return undefined;
    },
  });
  if (onSite.expired) return s;
  const record = onSite.result.data as unknown as SignedInspectionRecord;
  const recorder = onSite.result.completedBy;
  // The record's signatures and 核对 line (present only when signed on the phone) belong to the
  // record; the documents that follow take its other facts.
  const { signatures, confirmation, ...recordData } = await acts.saveInspectionRecord({ inspectionId: input.inspectionId, record, completedBy: recorder });
  const checked = (!!signatures || !!confirmation) && patched(ON_SITE_SIGNING_PATCH);
  const signed = checked && !!record.signing && !!signatures;
  const recordDoc = await issue('record', 'INSPECTION_RECORD', { ...recordData, ...(checked ? { signatures, confirmation } : {}) }, recorder);
  // A document handed over on site is served there: a 送达回证 signed for by the person in charge,
  // or 留置送达 before the witnesses when it refuses (民事诉讼法 Art 89).
  const serveOnSite = async (step: string, doc: { title: string; number: string }) => {
    if (!signed || !record.signing) return;
    const party = recordData.party as { name: string; address?: string };
    const refusal = record.confirmation?.status === 'REFUSED' ? record.confirmation.reason : undefined;
    await issue(`${step}/service`, 'SERVICE_RECEIPT', serviceReceipt(doc, record.signing.party?.name ?? record.staffPresent[0]!.name,
      { name: party.name, ...(party.address ? { address: party.address } : {}) }, record.signing, signatures as DocumentSignatures, refusal), recorder);
  };
  await serveOnSite('record', recordDoc);
  s.recordNumber = recordDoc.number;
  await update('recorded', 'inspection.recorded', {
    status: 'RECORDED', fields: { recordNumber: recordDoc.number }, actorId: recorder, merge: { record },
    data: { document: recordDoc, hazards: record.hazards.length, staffPresent: record.staffPresent },
  });
  // 联合执法: each participating unit or department signs the record while the procedure goes on.
  const joint = input.participants?.length && patched('joint-inspection-signatures')
    ? collectJointSignatures(input, recordDoc.number, s) : Promise.resolve();

  // 3. Hazards outside the remit go to the competent department (安全生产法 Art 69).
  const outside = record.hazards.map((h, n) => ({ h, seq: n + 1 })).filter(({ h }) => h.outsideRemit);
  if (outside.length) {
    const drafter = await acts.loadActorById({ userId: recorder });
    for (const { h, seq } of outside) {
      const referralId = `${input.inspectionId}-h${seq}`;
      const ri: ReferralInput = {
        referralId, fromOrgId: input.orgId, inspectionRef: recordDoc.number, enterpriseId: input.enterpriseId, hazard: h.description, location: h.location,
        evidence: h.photos.map((p, k) => ({ description: `隐患${seq}现场照片${k + 1}${p.fileName ? `（${p.fileName}）` : ''}`, sha256: p.sha256 })),
        reason: h.remitReason || '检查发现的事故隐患属于其他部门职责（《中华人民共和国安全生产法》第六十九条）', toOrgId: h.toOrgId!, urgent: h.major, draftedBy: drafter,
      };
      await startChild('referralWorkflow', { workflowId: referralWorkflowId(referralId), args: [ri], parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
      s.referrals.push(referralId);
    }
    await update('referred', 'inspection.referred', { data: { referrals: s.referrals } });
  }

  const inRemit = record.hazards.filter((h) => !h.outsideRemit);
  if (!inRemit.length) {
    if (!record.hazards.length) {
      await acts.addCreditRecord({ key: `${wf}/good`, enterpriseId: input.enterpriseId, kind: 'GOOD', reason: `监督检查未发现问题（${recordDoc.number}）`, source: 'INSPECTION', sourceRef: input.inspectionId });
    }
    s.result = record.hazards.length ? 'REFERRED' : 'NO_ISSUE';
    await joint;
    await update('closed', 'inspection.closed', { status: 'CLOSED', fields: { result: s.result, closedAt: new Date().toISOString() } });
    return s;
  }

  // 交叉执法 (issue 21): the team does not order or penalise in another county's territory; the
  // competent county bureau handles the findings (a case naming the team, or a closure the city accepts).
  // Only runs with a cross team reach patched(), so earlier runs replay unchanged.
  if (input.cross && patched(CROSS_INSPECTION_PATCH)) {
    const finding: CrossFindingInput = {
      findingId: input.inspectionId, inspectionId: input.inspectionId, homeOrgId: input.cross.homeOrgId, teamOrgId: input.orgId,
      officerIds: record.officerIds, enterpriseId: input.enterpriseId, recordNumber: recordDoc.number, cityOrgId: input.cross.cityOrgId,
    };
    await startChild('crossFindingWorkflow', { workflowId: crossFindingWorkflowId(input.inspectionId), args: [finding], parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
    s.result = 'HANDED_OVER';
    await joint;
    await update('closed', 'inspection.closed', { status: 'CLOSED', fields: { result: s.result, closedAt: new Date().toISOString() }, data: { handedTo: input.cross.homeOrgId } });
    return s;
  }

  // 4. A major hazard: 责令暂时停产停业, reviewed before production resumes (AB25 Art 22), in parallel.
  const suspension = inRemit.some((h) => h.major) ? followSuspension() : Promise.resolve();
  async function followSuspension(): Promise<void> {
    const orderedAt = new Date().toISOString();
    const max = await acts.computeDeadline({ deadlineId: 'PRODUCTION_SUSPENSION_MAX', from: orderedAt });
    const order = await issue('suspension', 'SUSPENSION_ORDER', { ...recordData, until: max.dueAt }, recorder);
    s.suspended = true;
    s.suspensionOrderNumber = order.number;
    await update('suspended', 'inspection.suspended', { fields: { suspendedUntil: max.dueAt }, data: { document: order }, actorId: recorder });
    const review = await humanTask({
      step: 'suspension-review', kind: 'SUSPENSION_REVIEW', title: `复产审查：${order.number}`, orgId: input.orgId, roles: [...LEADERS],
      deadline: { id: 'PRODUCTION_SUSPENSION_MAX', from: orderedAt }, onExpiry: 'ESCALATE',
      payload: { inspectionId: input.inspectionId, orderNumber: order.number }, validate: officerCheck,
    });
    if (review.expired) return;
    const data = await acts.inspectionDocData({ inspectionId: input.inspectionId, officerIds: review.result.data.officerIds as string[] });
    const opinion = await issue('resumption', 'RESUMPTION_OPINION', { ...data, orderNumber: order.number, findings: review.result.data.findings, reviewedAt: review.result.completedAt }, review.result.completedBy);
    s.suspended = false;
    await update('resumed', 'inspection.resumed', { fields: { suspendedUntil: null }, data: { document: opinion }, actorId: review.result.completedBy });
  }

  // 5. 责令限期整改.
  let rectifyBy = record.rectifyBy!;
  let times = await acts.rectificationTimes({ rectifyBy });
  // Signed for on the phone with the record (issue 23): the order carries the receipt's signatures.
  const order = await issue('rectification', 'RECTIFICATION_ORDER', {
    ...recordData, rectifyBy, recordNumber: recordDoc.number, extensionWindowFrom: times.extensionOpensAt, ...(signed ? { signatures, servedAt: record.signing!.servedAt } : {}),
  }, recorder);
  await serveOnSite('rectification', order);
  s.orderNumber = order.number;
  s.rectifyBy = times.expiresAt;
  s.extensionOpensAt = times.extensionOpensAt;
  await update('rectification', 'inspection.rectification_ordered', {
    status: 'RECTIFYING', fields: { rectifyBy: times.expiresAt }, merge: { orderNumber: order.number }, data: { document: order, extensionOpensAt: times.extensionOpensAt }, actorId: recorder,
  });

  for (;;) {
    const left = Date.parse(times.expiresAt) - Date.now();
    if (left > 0 && !pendingExtension && !s.reinspectionRequestedAt) await condition(() => !!pendingExtension || !!s.reinspectionRequestedAt, left);
    if (!pendingExtension) break;
    const request = pendingExtension;
    const n = s.extensions + 1;
    const answer = await humanTask({
      step: `extension-${n}`, kind: 'RECTIFICATION_EXTENSION', title: `延期整改申请答复：${order.number}`, orgId: input.orgId, roles: [...LEADERS],
      deadline: { id: 'RECTIFICATION_EXTENSION_ANSWER', from: request.at }, onExpiry: 'ESCALATE',
      payload: { inspectionId: input.inspectionId, reason: request.reason, rectifyBy },
      validate: (i) => (i.outcome === 'GRANT' && String(i.data.newDeadline) <= rectifyBy ? '延长后的整改期限须晚于原期限' : undefined),
    });
    pendingExtension = undefined;
    s.extensionRequestedAt = undefined;
    s.extensions = n;
    if (answer.expired) continue;
    const granted = answer.result.outcome === 'GRANT';
    const doc = await issue(`extension-${n}`, 'RECTIFICATION_EXTENSION_ANSWER', {
      ...recordData, orderNumber: order.number, requestedAt: request.at, granted, newDeadline: answer.result.data.newDeadline, reason: answer.result.data.reason,
    }, answer.result.completedBy);
    if (granted) {
      rectifyBy = String(answer.result.data.newDeadline);
      times = await acts.rectificationTimes({ rectifyBy });
      s.rectifyBy = times.expiresAt;
      s.extensionOpensAt = times.extensionOpensAt;
    }
    await update(`extension-${n}`, granted ? 'inspection.extension_granted' : 'inspection.extension_refused', {
      fields: granted ? { rectifyBy: times.expiresAt } : {}, data: { document: doc, rectifyBy: s.rectifyBy }, actorId: answer.result.completedBy,
    });
  }

  // 6. 复查 within 10 working days of the enterprise's request or of the deadline (AB25 Art 27 ②).
  s.status = 'REINSPECTION'; // no more requests from here on
  const from = s.reinspectionRequestedAt ?? new Date(Date.parse(times.expiresAt) - 1).toISOString();
  const due = await acts.computeDeadline({ deadlineId: 'REINSPECTION', from });
  s.reinspectDueAt = due.dueAt;
  await update('reinspection-due', 'inspection.reinspection_due', { status: 'REINSPECTION', fields: { reinspectDueAt: due.dueAt }, data: { from } });
  const re = await humanTask({
    step: 'reinspection', kind: 'REINSPECTION', title: `整改复查：${order.number}`, orgId: input.orgId, roles: [...OFFICER_ROLES],
    deadline: { id: 'REINSPECTION', from }, onExpiry: 'ESCALATE', payload: { inspectionId: input.inspectionId, orderNumber: order.number }, validate: officerCheck,
  });
  if (re.expired) return s;
  const corrected = re.result.outcome === 'CORRECTED';
  const reData = await acts.inspectionDocData({ inspectionId: input.inspectionId, officerIds: re.result.data.officerIds as string[] });
  const opinion = await issue('reinspection', 'REINSPECTION_OPINION', {
    ...reData, orderNumber: order.number, reinspectedAt: re.result.completedAt, findings: re.result.data.findings, corrected,
  }, re.result.completedBy);
  await update('reinspected', 'inspection.reinspected', { data: { document: opinion, corrected }, actorId: re.result.completedBy });

  if (corrected) {
    await acts.markHazards({ inspectionId: input.inspectionId, status: 'RECTIFIED' });
    s.result = 'RECTIFIED';
  } else {
    // 7. Not corrected: a bad credit record and a penalty case with the evidence.
    await acts.addCreditRecord({ key: `${wf}/not-corrected`, enterpriseId: input.enterpriseId, kind: 'BAD', reason: `逾期未整改事故隐患（${opinion.number}）`, source: 'INSPECTION', sourceRef: input.inspectionId, actorId: re.result.completedBy });
    try {
      const caseInput = await acts.inspectionCaseInput({ inspectionId: input.inspectionId, catalogItemId: String(re.result.data.catalogItemId), officerId: re.result.completedBy, key: `${wf}/case` });
      // A business key runs once: never a second run of a closed case (issue 18 item 7).
      await startChild('caseWorkflow', { workflowId: caseWorkflowId(caseInput.caseId), args: [caseInput], parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
      await acts.attachInspectionEvidence({ caseId: caseInput.caseId, inspectionId: input.inspectionId, actorId: re.result.completedBy });
      s.caseId = caseInput.caseId;
      s.result = 'CASE_OPENED';
      await update('case', 'inspection.case_opened', { fields: { caseId: caseInput.caseId }, data: { caseId: caseInput.caseId }, actorId: re.result.completedBy });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      s.result = 'CASE_FAILED';
      await update('case-failed', 'inspection.case_failed', { data: { reason: err.cause?.message ?? err.message } });
    }
  }
  await suspension;
  await joint;
  await update('closed', 'inspection.closed', { status: 'CLOSED', fields: { result: s.result ?? null, closedAt: new Date().toISOString() } });
  return s;
}
