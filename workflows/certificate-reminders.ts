// 行政执法证 reminders (issue 8, workforce). A Temporal Schedule starts the sweep once a day;
// the sweep asks which certificates have reached their reminder day (the
// CERTIFICATE_EXPIRY_REMINDER policy row, counted back from the last day of validity) and starts
// one reminder workflow per certificate, whose id makes a second start for the same certificate
// impossible. The reminder is a human task for the bureau head: record the renewed certificate,
// or note what was arranged. An expired certificate needs no workflow to bite: store/users.ts
// marks its holder uncertified, and every task, assignment and signature checks that.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { acts } from './activities-proxy.ts';
import { humanTask, installTaskHandlers } from './human-task.ts';
import {
  certificateReminderWorkflowId, type CertificateReminderInput, type CertificateSweepResult,
} from './workforce-messages.ts';

export async function certificateSweepWorkflow(): Promise<CertificateSweepResult> {
  const asOf = new Date().toISOString();
  const due = await acts.certificatesDueForReminder({ asOf });
  let started = 0;
  for (const c of due) {
    try {
      await startChild(certificateReminderWorkflow, {
        workflowId: certificateReminderWorkflowId(c.certificateId), args: [c],
        parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      started += 1;
    } catch (err) {
      // Reminded on an earlier day: one reminder per certificate.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  return { asOf, due: due.length, started };
}

export async function certificateReminderWorkflow(c: CertificateReminderInput): Promise<{ outcome: string; renewedId?: string }> {
  installTaskHandlers();
  for (let round = 0; ; round++) {
    const end = await humanTask({
      step: `renewal-${round}`, kind: 'CERTIFICATE_RENEWAL', orgId: c.remindOrgId, roles: ['HEAD'],
      title: `行政执法证即将到期：${c.holderName}（${c.number}，有效期至${c.validUntil}）`,
      payload: { userId: c.userId, holderName: c.holderName, number: c.number, issuer: c.issuer, validUntil: c.validUntil, ...(round > 0 ? { retry: true } : {}) },
    });
    if (end.expired) return { outcome: 'EXPIRED' };
    const { outcome, data, completedBy } = end.result;
    if (outcome !== 'RENEWED') return { outcome };
    const renewed = await acts.recordRenewedCertificate({
      key: `${certificateReminderWorkflowId(c.certificateId)}/renewal-${round}`, userId: c.userId, replaces: c.certificateId,
      number: String(data.number), issuer: String(data.issuer), validFrom: String(data.validFrom), validUntil: String(data.validUntil), recordedBy: completedBy,
    });
    if (renewed.recorded) return { outcome, renewedId: renewed.certificateId };
    // The number belongs to another certificate: the head is asked again, with the reason in the audit log.
  }
}
