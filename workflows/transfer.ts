// 行刑衔接 (issue 5): a suspected crime goes to public security (国务院令第310号, 2020;
// 应急〔2019〕54号; deadlines.md §8). One durable workflow per transfer, a child of the case
// workflow (or started on its own from an inspection): 专案组 report → the head decides within
// 3 days → transfer within 24 hours with the 移送书 (copy to the procuratorate) → the police
// sign, may forward, and decide to file or not → filed: materials within 3 days, the case
// stays held; not filed: 复议, then 立案监督; returned: the administrative case goes on.
// A limit that passes escalates: the bureau's steps to the city supervisor, the police's
// steps to the same-level procuratorate (310号令 Art 17: 逾期 → 检察院监督).
import { allHandlersFinished, condition, getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DocumentKind } from '../documents/kinds.ts';
import { deadlineRule, type DeadlineId } from '../rules/deadlines.ts';
import type { Role } from '../rules/roles.ts';
import { acts } from './activities-proxy.ts';
import { answerWhenRecorded } from './recorded.ts';
import { cancelTask, humanTask, installTaskHandlers, type TaskSpec } from './human-task.ts';
import { FAILURE, type TaskResult } from './messages.ts';
import { fail } from './case-context.ts';
import {
  recordProcuratorOpinionUpdate, transferProgressSignal, transferStateQuery,
  type TransferInput, type TransferState, type TransferStatus,
} from './transfer-messages.ts';

const CITY_ORG = 'yx-city';
const BUREAU: Role[] = ['HANDLER', 'SUPERVISOR', 'HEAD'];
const POLICE: Role[] = ['PSB_RECEIVER'];

type StepSpec = Omit<TaskSpec, 'deadline' | 'onExpiry' | 'orgId' | 'roles' | 'caseId'> & { orgId: string; roles: Role[] };
type Deadline = { id: DeadlineId; from: string };

export async function transferWorkflow(input: TransferInput): Promise<TransferState> {
  const s: TransferState = { transferId: input.transferId, status: 'AWAITING_APPROVAL', overdue: [], forwardedFrom: [], opinions: 0 };
  setHandler(transferStateQuery, () => s);
  const recorded = answerWhenRecorded();
  installTaskHandlers();
  const wf = workflowInfo().workflowId;
  const parentId = workflowInfo().parent?.workflowId;
  const now = () => new Date().toISOString();
  const payload = { transferId: input.transferId, partyName: input.partyName, category: input.category, harm: input.harm };

  const record = (key: string, action: string, o: {
    status?: TransferStatus; fields?: Record<string, string | null>; data?: Record<string, unknown>; actorId?: string; overdue?: boolean;
  } = {}) => {
    if (o.status) s.status = o.status;
    return acts.updateTransfer({ transferId: input.transferId, key, action, ...o });
  };

  /** Tells the case it came from; a closed case no longer listens. */
  async function tell(status: TransferStatus, released: boolean, courtFine?: boolean): Promise<void> {
    if (!parentId) return;
    try {
      await getExternalWorkflowHandle(parentId).signal(transferProgressSignal, { transferId: input.transferId, status, released, ...(courtFine ? { courtFine } : {}) });
    } catch {
      // The case has closed: nothing to pause or release.
    }
  }

  const orgs = await acts.recordTransfer({ ...input, workflowId: wf });
  recorded();
  s.psbOrgId = orgs.psbOrgId;
  s.procuratorateOrgId = orgs.procuratorateOrgId;
  const docData = await acts.transferDocumentData({ transferId: input.transferId });
  const issue = (step: string, kind: DocumentKind, data: Record<string, unknown>, by?: string) => acts.issueDocument({
    key: `${wf}/${step}`, caseId: input.caseId, orgId: input.fromOrgId, kind, data: { ...docData, ...data }, issuedById: by,
  });
  const docRef = (d: { id: string; number: string; sha256: string }) => ({ id: d.id, number: d.number, sha256: d.sha256 });

  // 检察意见 at any time while the transfer runs; the bureau reports what it did (310号令 Art 14).
  let openResponses = 0;
  let closed = false;
  setHandler(recordProcuratorOpinionUpdate, async ({ actor, opinion }) => {
    const no = ++s.opinions;
    await record(`opinion-${no}`, 'transfer.procurator_opinion', { data: { no, opinion }, actorId: actor.userId });
    openResponses += 1;
    void humanTask({
      step: `opinion-response-${no}`, kind: 'TRANSFER_OPINION_RESPONSE', title: '检察意见：报告办理情况', orgId: input.fromOrgId,
      roles: BUREAU, caseId: input.caseId, payload: { ...payload, opinion },
    }).then(async (end) => {
      if (!end.expired) await record(`opinion-response-${no}`, 'transfer.opinion_reported', { data: { no, action: end.result.data.action }, actorId: end.result.completedBy });
      openResponses -= 1;
    });
    return { opinionNo: no };
  }, {
    validator: ({ actor, opinion }) => {
      if (actor.orgId !== s.procuratorateOrgId || !actor.roles.includes('PROCURATOR')) fail(FAILURE.forbidden, '只有同级人民检察院的检察人员可以提出检察意见');
      if (typeof opinion !== 'string' || opinion.trim().length < 2) fail(FAILURE.invalid, '请填写检察意见');
      if (closed) fail(FAILURE.conflict, '该移送案件已办结');
    },
  });

  /**
   * A step with a limit from rules/deadlines.ts. On expiry: LAPSE ends the step unanswered
   * (returns undefined); ESCALATE records the overdue step (evaluation data), opens a
   * non-blocking 督办 task for the city supervisor (bureau steps) or the same-level
   * procuratorate (police steps), and keeps waiting without a limit. `again` handles a
   * completion that does not end the step (an extension) and may change the deadline.
   */
  async function timed(spec: StepSpec, deadline: Deadline, side: 'bureau' | 'police',
    again?: (r: TaskResult, d: Deadline) => Promise<boolean>): Promise<TaskResult | undefined> {
    const escalations: string[] = [];
    let overdue = false;
    let dueAt = (await acts.computeDeadline({ deadlineId: deadline.id, from: deadline.from })).dueAt;
    await record(`${spec.step}:due:${deadline.id}`, 'transfer.step_due', { fields: { stepDueAt: dueAt }, data: { step: spec.step, deadlineId: deadline.id, dueAt } });
    for (let n = 1; ; n++) {
      const end = await humanTask({
        ...spec, caseId: input.caseId, step: `${spec.step}-${n}`, onExpiry: 'PROCEED', deadline: overdue ? undefined : { ...deadline },
        payload: { ...payload, ...(spec.payload ?? {}) },
      });
      if (!end.expired) {
        if (again && await again(end.result, deadline)) {
          overdue = false;
          dueAt = (await acts.computeDeadline({ deadlineId: deadline.id, from: deadline.from })).dueAt;
          await record(`${spec.step}:due:${deadline.id}`, 'transfer.step_due', { fields: { stepDueAt: dueAt }, data: { step: spec.step, deadlineId: deadline.id, dueAt } });
          continue;
        }
        for (const e of escalations) await cancelTask(e);
        await record(`${spec.step}:done`, 'transfer.step_done', { fields: { stepDueAt: null }, data: { step: spec.step } });
        return end.result;
      }
      if (deadlineRule(deadline.id).onExpiry === 'LAPSE') {
        await record(`${spec.step}:lapsed`, 'transfer.lapsed', { fields: { stepDueAt: null }, data: { step: spec.step, deadlineId: deadline.id, dueAt } });
        return undefined;
      }
      overdue = true;
      s.overdue.push({ step: spec.step, deadlineId: deadline.id, dueAt });
      const to = side === 'bureau'
        ? { orgId: CITY_ORG, roles: ['CITY_SUPERVISOR'] as Role[] }
        : { orgId: s.procuratorateOrgId!, roles: ['PROCURATOR'] as Role[] };
      // 310号令 Art 16: a transfer not made in time is a failure of the bureau, recorded as such.
      const action = deadline.id === 'TRANSFER_DELIVERY' ? 'transfer.delivery_failed' : 'transfer.overdue';
      await record(`${spec.step}:overdue-${n}`, action, { overdue: true, data: { step: spec.step, deadlineId: deadline.id, dueAt, escalatedTo: to.orgId } });
      const escStep = `overdue-${spec.step}-${n}`;
      escalations.push(escStep);
      void humanTask({
        ...to, caseId: input.caseId, step: escStep, kind: 'TRANSFER_OVERDUE', title: `${spec.title}：已逾期，督办`,
        payload: { ...payload, step: spec.step, deadlineId: deadline.id, dueAt, responsibleOrgId: spec.orgId },
      });
    }
  }

  async function finish(status: TransferStatus, key: string, action: string, data: Record<string, unknown>, actorId: string | undefined, released: boolean, courtFine?: boolean) {
    closed = true;
    await record(key, action, { status, fields: { closedAt: now(), stepDueAt: null }, data, actorId });
    await tell(status, released, courtFine);
    await condition(() => openResponses === 0 && allHandlersFinished());
    return s;
  }

  // 1. The 专案组's 移送报告 (the report came with the start), then the head within 3 days.
  const reportedAt = now();
  const report = await issue('report', 'TRANSFER_REPORT', {}, input.flaggedBy.userId);
  await record('reported', 'transfer.report_issued', { data: { report: docRef(report) }, actorId: input.flaggedBy.userId });
  const approval = (await timed({
    step: 'approval', kind: 'TRANSFER_APPROVAL', title: `批准移送：${input.partyName}涉嫌犯罪案件`, orgId: input.fromOrgId, roles: ['HEAD'],
    payload: { reportNumber: report.number },
  }, { id: 'TRANSFER_APPROVAL', from: reportedAt }, 'bureau'))!;
  const decidedAt = approval.completedAt;
  const refused = approval.outcome === 'REFUSE';
  const form = await issue('approval-form', 'TRANSFER_APPROVAL_FORM', {
    decision: approval.outcome, opinion: refused ? approval.data.reason : (approval.data.comment ?? ''), decidedBy: approval.completedBy, decidedAt,
    reportNumber: report.number, reportedAt,
  }, approval.completedBy);
  if (refused) {
    return finish('REFUSED', 'refused', 'transfer.refused', { reason: approval.data.reason, form: docRef(form) }, approval.completedBy, true);
  }
  await record('approved', 'transfer.approved', { status: 'APPROVED', data: { form: docRef(form) }, actorId: approval.completedBy });

  // 2. Transfer within 24 hours of approval, to the same-level police, copy to the procuratorate.
  const delivery = (await timed({
    step: 'delivery', kind: 'TRANSFER_DELIVERY', title: `向公安机关移送：${input.partyName}涉嫌犯罪案件`, orgId: input.fromOrgId, roles: BUREAU,
  }, { id: 'TRANSFER_DELIVERY', from: decidedAt }, 'bureau'))!;
  const letter = await issue('letter', 'CRIMINAL_TRANSFER_LETTER', delivery.data, approval.completedBy);
  const copy = await issue('letter-copy', 'CRIMINAL_TRANSFER_COPY', { letterNumber: letter.number }, approval.completedBy);
  s.letterNumber = letter.number;
  await record('delivered', 'transfer.delivered', {
    status: 'DELIVERED', fields: { letterNumber: letter.number }, actorId: delivery.completedBy,
    data: { letter: docRef(letter), copy: docRef(copy), psbOrgId: s.psbOrgId, procuratorateOrgId: s.procuratorateOrgId },
  });

  // 3. The police sign (回执), may forward within 24 hours, and decide within 3 days (7/30 extended).
  let review: TaskResult;
  for (let round = 1; ; round++) {
    const receipt = (await humanTask({
      step: `receipt-${round}`, kind: 'TRANSFER_RECEIPT', title: `签收移送案件 ${letter.number}`, orgId: s.psbOrgId!, roles: POLICE,
      caseId: input.caseId, payload: { ...payload, letterNumber: letter.number },
    }));
    if (receipt.expired) return s;
    s.receivedAt = receipt.result.completedAt;
    await record(`received-${round}`, 'transfer.received', {
      status: 'RECEIVED', data: { psbOrgId: s.psbOrgId, comment: receipt.result.data.comment ?? null }, actorId: receipt.result.completedBy,
    });
    const receivedAt = s.receivedAt;
    const used = new Set<string>();
    review = (await timed({
      step: `review-${round}`, kind: 'TRANSFER_FILING_REVIEW', title: `审查是否立案 ${letter.number}`, orgId: s.psbOrgId!, roles: POLICE,
      payload: { letterNumber: letter.number },
      validate: (i) => {
        if (i.outcome === 'FORWARD') {
          const to = String(i.data.toOrgId);
          if (to === s.psbOrgId || s.forwardedFrom.includes(to)) return '不能转送本机关或者已转出的机关';
        }
        if (i.outcome === 'EXTEND' && used.has(String(i.data.extension))) return '该情形的审查期限已经延长';
        return undefined;
      },
    }, { id: 'POLICE_FILING_REVIEW', from: receivedAt }, 'police', async (r, d) => {
      if (r.outcome !== 'EXTEND') return false;
      used.add(String(r.data.extension));
      // 54号文: 线索需查证 7 days, 重大疑难 30 days, both counted from acceptance (UNCONFIRMED rows).
      d.id = r.data.extension === 'MAJOR' ? 'POLICE_REVIEW_MAJOR_EXTENSION' : 'POLICE_REVIEW_VERIFICATION_EXTENSION';
      await record(`review-${round}:extended-${d.id}`, 'transfer.review_extended', { data: { deadlineId: d.id, reason: r.data.reason }, actorId: r.completedBy });
      return true;
    }))!;
    if (review.outcome !== 'FORWARD') break;
    const forwardDue = (await acts.computeDeadline({ deadlineId: 'POLICE_FORWARD', from: receivedAt })).dueAt;
    const late = Date.parse(review.completedAt) > Date.parse(forwardDue);
    if (late) s.overdue.push({ step: `forward-${round}`, deadlineId: 'POLICE_FORWARD', dueAt: forwardDue });
    s.forwardedFrom.push(s.psbOrgId!);
    const from = s.psbOrgId;
    s.psbOrgId = String(review.data.toOrgId);
    // The bureau is notified of the forward (310号令 Art 7) through its transfer page and the record.
    await record(`forwarded-${round}`, 'transfer.forwarded', {
      status: 'DELIVERED', fields: { psbOrgId: s.psbOrgId }, overdue: late, actorId: review.completedBy,
      data: { from, to: s.psbOrgId, reason: review.data.reason, dueAt: forwardDue, late, notified: input.fromOrgId },
    });
  }

  // 4. The decision, notified to the bureau with a copy to the procuratorate.
  const policeDecidedAt = String(review.data.decidedAt ?? review.completedAt);
  const noticeDue = (await acts.computeDeadline({ deadlineId: 'POLICE_DECISION_NOTICE', from: policeDecidedAt })).dueAt;
  const noticeLate = Date.parse(review.completedAt) > Date.parse(noticeDue);
  if (noticeLate) s.overdue.push({ step: 'decision-notice', deadlineId: 'POLICE_DECISION_NOTICE', dueAt: noticeDue });
  const notifiedAt = review.completedAt;
  let filed = review.outcome === 'FILE';
  /** When the bureau received the 立案通知书: the materials are due 3 days later. */
  let filedNoticeAt = notifiedAt;
  s.filingDecision = filed ? 'FILED' : 'NOT_FILED';
  await record('decided', filed ? 'transfer.filed' : 'transfer.not_filed', {
    status: filed ? 'FILED' : 'NOT_FILED', overdue: noticeLate, actorId: review.completedBy,
    data: { decidedAt: policeDecidedAt, reason: review.data.reason ?? null, comment: review.data.comment ?? null, noticeDueAt: noticeDue, noticeLate,
      notified: [input.fromOrgId, s.procuratorateOrgId] },
  });

  // 5. Not filed: 复议 within 3 days, decided within 3 days; then 立案监督 (310号令 Art 9).
  if (!filed) {
    const ask = await timed({
      step: 'reconsideration-request', kind: 'TRANSFER_NOT_FILED_RESPONSE', title: `公安机关不予立案：是否提请复议（${letter.number}）`,
      orgId: input.fromOrgId, roles: BUREAU, payload: { letterNumber: letter.number, reason: review.data.reason },
    }, { id: 'TRANSFER_RECONSIDERATION_REQUEST', from: notifiedAt }, 'bureau');
    if (ask?.outcome === 'RECONSIDER') {
      const doc = await issue('reconsideration-request', 'TRANSFER_RECONSIDERATION_REQUEST', {
        letterNumber: letter.number, reason: ask.data.reason, notFiledReason: review.data.reason,
      }, ask.completedBy);
      await record('reconsideration-requested', 'transfer.reconsideration_requested', {
        status: 'RECONSIDERATION', data: { reason: ask.data.reason, document: docRef(doc) }, actorId: ask.completedBy,
      });
      const rc = (await timed({
        step: 'reconsideration', kind: 'TRANSFER_RECONSIDERATION', title: `复议不予立案决定 ${letter.number}`, orgId: s.psbOrgId!, roles: POLICE,
        payload: { letterNumber: letter.number, reason: ask.data.reason },
      }, { id: 'POLICE_RECONSIDERATION_DECISION', from: ask.completedAt }, 'police'))!;
      if (rc.outcome === 'FILE') {
        filed = true;
        filedNoticeAt = rc.completedAt;
        s.filingDecision = 'FILED';
        await record('reconsidered-filed', 'transfer.filed', { status: 'FILED', data: { onReconsideration: true, comment: rc.data.comment ?? null, notified: [input.fromOrgId, s.procuratorateOrgId] }, actorId: rc.completedBy });
      } else {
        await record('reconsidered-maintained', 'transfer.reconsideration_maintained', { status: 'NOT_FILED', data: { reason: rc.data.reason }, actorId: rc.completedBy });
        const sup = await timed({
          step: 'supervision-request', kind: 'TRANSFER_SUPERVISION_REQUEST', title: `复议维持不予立案：是否建议检察院立案监督（${letter.number}）`,
          orgId: input.fromOrgId, roles: BUREAU, payload: { letterNumber: letter.number, reason: rc.data.reason },
        }, { id: 'PROCURATORATE_SUPERVISION_REQUEST', from: rc.completedAt }, 'bureau');
        if (sup?.outcome === 'REQUEST') {
          const doc2 = await issue('supervision-request', 'TRANSFER_SUPERVISION_REQUEST', {
            letterNumber: letter.number, reason: sup.data.reason, maintainReason: rc.data.reason,
          }, sup.completedBy);
          await record('supervision-requested', 'transfer.supervision_requested', { status: 'SUPERVISION', data: { reason: sup.data.reason, document: docRef(doc2) }, actorId: sup.completedBy });
          // No limit is set for the procuratorate's answer in rules/deadlines.ts: it waits.
          const answer = await humanTask({
            step: 'supervision', kind: 'TRANSFER_PROCURATORATE_SUPERVISION', title: `立案监督：${input.partyName}涉嫌犯罪案件 ${letter.number}`,
            orgId: s.procuratorateOrgId!, roles: ['PROCURATOR'], caseId: input.caseId, payload: { ...payload, letterNumber: letter.number, reason: sup.data.reason },
          });
          if (answer.expired) return s;
          const required = answer.result.outcome === 'FILING_REQUIRED';
          await record('supervised', 'transfer.supervision_answered', {
            status: required ? 'FILED' : 'NOT_FILED', data: { outcome: answer.result.outcome, opinion: answer.result.data.opinion }, actorId: answer.result.completedBy,
          });
          // 刑事诉讼法 Art 113: notified by the procuratorate, the police shall file.
          if (required) { filed = true; filedNoticeAt = answer.result.completedAt; s.filingDecision = 'FILED'; }
        }
      }
    }
    if (!filed) {
      return finish('NOT_FILED', 'closed-not-filed', 'transfer.back_to_administrative', { reason: review.data.reason }, undefined, true);
    }
  }

  // 6. Filed: the case stays held and its clock paused; materials within 3 days (310号令 Art 12).
  await tell('FILED', false);
  const handover = (await timed({
    step: 'materials', kind: 'TRANSFER_MATERIALS_HANDOVER', title: `向公安机关移交涉案物品及材料（${letter.number}）`,
    orgId: input.fromOrgId, roles: BUREAU, payload: { letterNumber: letter.number },
  }, { id: 'TRANSFER_MATERIALS_HANDOVER', from: filedNoticeAt }, 'bureau'))!;
  await record('materials', 'transfer.materials_handed_over', { data: { items: handover.data.items }, actorId: handover.completedBy });

  // 7. The criminal process ends: returned for administrative handling, or concluded (310号令 Art 10, 13).
  const result = await humanTask({
    step: 'criminal-result', kind: 'TRANSFER_CRIMINAL_RESULT', title: `刑事处理结果 ${letter.number}`, orgId: s.psbOrgId!, roles: POLICE,
    caseId: input.caseId, payload: { ...payload, letterNumber: letter.number },
  });
  if (result.expired) return s;
  if (result.result.outcome === 'RETURNED') {
    return finish('RETURNED', 'returned', 'transfer.returned', { reason: result.result.data.reason }, result.result.completedBy, true);
  }
  // Concluded: the administrative case goes on for what the court did not decide (e.g. 吊销许可证),
  // but after a 罚金 no fine may follow (行政处罚法 Art 35 ②).
  const courtFine = result.result.data.courtFine === true;
  return finish('CONCLUDED', 'concluded', 'transfer.concluded', { result: result.result.data.result, courtFine }, result.result.completedBy, true, courtFine);
}
