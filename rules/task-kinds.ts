// What a workflow needs to know of a task kind to decide (issue 18 item 2): which outcomes
// exist and whether acting needs a valid 行政执法证 (DESIGN §6). Plain data, no zod: the workflow
// bundle evaluates every module it imports once per cached run, and the form schemas with zod
// cost ~1.1 MB of each (docs/workflow-memory.md). The forms themselves (rules/task-forms.ts,
// versioned in rules/form-versions.ts) are checked by the API and by the activity that writes the
// answer, never in workflows/. test/unit/task-kinds.test.ts holds this table equal to the forms.
import type { Role } from './roles.ts';
import type { TaskKind } from './task-forms.ts';

export interface TaskKindRule { readonly requiresCertificate: boolean; readonly outcomes: readonly string[] }

export const TASK_KINDS: Readonly<Record<TaskKind, TaskKindRule>> = {
  FILING_APPROVAL: { requiresCertificate: true, outcomes: ['APPROVE', 'REJECT'] },
  INVESTIGATION: { requiresCertificate: true, outcomes: ['PROPOSE', 'NO_PENALTY'] },
  PRESERVATION_APPROVAL: { requiresCertificate: true, outcomes: ['APPROVE', 'REJECT'] },
  PRESERVATION_DISPOSAL: { requiresCertificate: true, outcomes: ['RELEASE', 'TEST', 'SEIZE', 'CONFISCATE'] },
  LEGAL_REVIEW: { requiresCertificate: false, outcomes: ['PASS', 'RETURN'] },
  COLLECTIVE_DISCUSSION: { requiresCertificate: true, outcomes: ['AGREE', 'CHANGE', 'NO_PENALTY'] },
  NOTICE_SERVICE: { requiresCertificate: true, outcomes: ['SERVED'] },
  PARTY_RESPONSE: { requiresCertificate: true, outcomes: ['STATEMENT', 'HEARING_REQUEST', 'WAIVED'] },
  STATEMENT_REVIEW: { requiresCertificate: true, outcomes: ['MAINTAIN', 'ADOPT'] },
  HEARING_SCHEDULE: { requiresCertificate: true, outcomes: ['SCHEDULED'] },
  HEARING: { requiresCertificate: true, outcomes: ['HELD', 'POSTPONED', 'NO_SHOW'] },
  DECISION: { requiresCertificate: true, outcomes: ['DECIDE', 'NO_PENALTY'] },
  EXTENSION_APPROVAL: { requiresCertificate: true, outcomes: ['APPROVE', 'REJECT'] },
  CLOCK_PAUSE_APPROVAL: { requiresCertificate: true, outcomes: ['APPROVE', 'REJECT'] },
  DECISION_SERVICE: { requiresCertificate: true, outcomes: ['SERVED', 'PUBLIC_NOTICE'] },
  DEFERRAL_APPROVAL: { requiresCertificate: true, outcomes: ['APPROVE', 'REJECT'] },
  REMINDER_SERVICE: { requiresCertificate: true, outcomes: ['SERVED'] },
  COURT_APPLICATION: { requiresCertificate: true, outcomes: ['FILED'] },
  COURT_ACCEPTANCE: { requiresCertificate: true, outcomes: ['ACCEPTED', 'REFUSED'] },
  HIGHER_FILING: { requiresCertificate: true, outcomes: ['FILED'] },
  CLOSING: { requiresCertificate: true, outcomes: ['APPROVE'] },
  DECISION_OVERDUE: { requiresCertificate: true, outcomes: ['ACKNOWLEDGED'] },
  SUMMARY_FILING: { requiresCertificate: true, outcomes: ['FILED'] },
  REFERRAL_APPROVAL: { requiresCertificate: true, outcomes: ['APPROVE', 'REJECT'] },
  REFERRAL_SIGN: { requiresCertificate: false, outcomes: ['SIGN', 'REFUSE'] },
  REFERRAL_RESULT: { requiresCertificate: false, outcomes: ['PROGRESS', 'FINAL'] },
  REFERRAL_RULING: { requiresCertificate: true, outcomes: ['REDIRECT', 'MUST_ACCEPT'] },
  REFERRAL_SUPERVISION: { requiresCertificate: false, outcomes: ['NOTED'] },
  REFERRAL_COORDINATION: { requiresCertificate: false, outcomes: ['NOTED'] },
  REFERRAL_ACCEPTANCE: { requiresCertificate: true, outcomes: ['ACCEPT', 'SEND_BACK'] },
  RECON_FORWARDING: { requiresCertificate: false, outcomes: ['FORWARD'] },
  RECON_ACCEPTANCE: { requiresCertificate: false, outcomes: ['ACCEPT', 'REFUSE', 'REQUEST_CORRECTION'] },
  RECON_CORRECTION: { requiresCertificate: false, outcomes: ['SUPPLIED'] },
  RECON_ANSWER: { requiresCertificate: false, outcomes: ['ANSWER'] },
  RECON_DECISION: { requiresCertificate: false, outcomes: ['UPHOLD', 'REVOKE', 'CHANGE', 'DECLARE_UNLAWFUL', 'DISMISS', 'EXTEND', 'SCHEDULE_HEARING', 'RECORD_HEARING', 'SUSPEND_EXECUTION'] },
  RECON_REDECISION: { requiresCertificate: true, outcomes: ['REDECIDED'] },
  RECON_LITIGATION: { requiresCertificate: false, outcomes: ['SUED'] },
  RECON_LAWSUIT: { requiresCertificate: false, outcomes: ['JUDGED', 'WITHDRAWN'] },
  TRANSFER_SUGGESTION: { requiresCertificate: true, outcomes: ['CONFIRM', 'DISMISS'] },
  TRANSFER_APPROVAL: { requiresCertificate: true, outcomes: ['APPROVE', 'REFUSE'] },
  TRANSFER_DELIVERY: { requiresCertificate: true, outcomes: ['DELIVERED'] },
  TRANSFER_RECEIPT: { requiresCertificate: false, outcomes: ['SIGN'] },
  TRANSFER_FILING_REVIEW: { requiresCertificate: false, outcomes: ['FILE', 'NOT_FILE', 'FORWARD', 'EXTEND'] },
  TRANSFER_NOT_FILED_RESPONSE: { requiresCertificate: true, outcomes: ['RECONSIDER', 'ACCEPT'] },
  TRANSFER_RECONSIDERATION: { requiresCertificate: false, outcomes: ['FILE', 'MAINTAIN'] },
  TRANSFER_SUPERVISION_REQUEST: { requiresCertificate: true, outcomes: ['REQUEST', 'ACCEPT'] },
  TRANSFER_PROCURATORATE_SUPERVISION: { requiresCertificate: false, outcomes: ['FILING_REQUIRED', 'NOT_REQUIRED'] },
  TRANSFER_MATERIALS_HANDOVER: { requiresCertificate: true, outcomes: ['HANDED_OVER'] },
  TRANSFER_CRIMINAL_RESULT: { requiresCertificate: false, outcomes: ['RETURNED', 'CONCLUDED'] },
  TRANSFER_OVERDUE: { requiresCertificate: false, outcomes: ['NOTED'] },
  TRANSFER_OPINION_RESPONSE: { requiresCertificate: true, outcomes: ['REPORTED'] },
  PLAN_APPROVAL: { requiresCertificate: false, outcomes: ['APPROVE', 'REJECT'] },
  INSPECTION_RECORD: { requiresCertificate: true, outcomes: ['RECORD'] },
  RECTIFICATION_EXTENSION: { requiresCertificate: true, outcomes: ['GRANT', 'REFUSE'] },
  REINSPECTION: { requiresCertificate: true, outcomes: ['CORRECTED', 'NOT_CORRECTED'] },
  SUSPENSION_REVIEW: { requiresCertificate: true, outcomes: ['RESUME'] },
  JOINT_SIGNATURE: { requiresCertificate: false, outcomes: ['SIGN'] },
  VISIT_OVER_LIMIT: { requiresCertificate: false, outcomes: ['APPROVE', 'REJECT'] },
  DELEGATION_LEGAL_REVIEW: { requiresCertificate: false, outcomes: ['APPROVE', 'REJECT'] },
  DELEGATION_SIGNATURE: { requiresCertificate: true, outcomes: ['SIGN', 'REJECT'] },
  DELEGATION_EXPIRY_NOTICE: { requiresCertificate: false, outcomes: ['NOTED'] },
  DELEGATED_MATTER: { requiresCertificate: true, outcomes: ['NO_VIOLATION', 'RETURN'] },
  DELEGATED_MATTER_OVERDUE: { requiresCertificate: false, outcomes: ['NOTED'] },
  DELEGATED_MATTER_COUNTY: { requiresCertificate: true, outcomes: ['TAKEN_OVER'] },
  DELEGATION_SAMPLE_REVIEW: { requiresCertificate: true, outcomes: ['PASS', 'FAIL'] },
  DELEGATION_CORRECTION: { requiresCertificate: true, outcomes: ['CORRECTED'] },
  ESCALATION: { requiresCertificate: false, outcomes: ['REASSIGN', 'EXTEND', 'TAKE_OVER', 'COMMENT'] },
  CASE_REVIEW: { requiresCertificate: false, outcomes: ['SCORE'] },
  CASE_REVIEW_CORRECTION: { requiresCertificate: false, outcomes: ['CORRECTED'] },
  CERTIFICATE_RENEWAL: { requiresCertificate: false, outcomes: ['RENEWED', 'NOTED'] },
  JURISDICTION_REQUEST: { requiresCertificate: true, outcomes: ['TAKE_UP', 'REFUSE'] },
  CAMPAIGN_APPROVAL: { requiresCertificate: false, outcomes: ['APPROVE', 'REJECT'] },
  CAMPAIGN_SHARE: { requiresCertificate: false, outcomes: ['REPORT'] },
  CROSS_FINDING: { requiresCertificate: true, outcomes: ['OPEN_CASE', 'CLOSE'] },
  CROSS_FINDING_CLOSURE: { requiresCertificate: false, outcomes: ['ACCEPT', 'REFUSE'] },
};

export const taskKind = (kind: string): TaskKindRule | undefined => (TASK_KINDS as Record<string, TaskKindRule>)[kind];

/**
 * Escalation ladder within a bureau when a step passes its limit (DESIGN §3 step 4), as
 * tasks opened before the escalation patch still use it; newer ones follow
 * rules/escalation.ts (team lead → head → the supervising organ, each with an ESCALATION task).
 */
export const ESCALATION_LADDER: readonly Role[] = ['SUPERVISOR', 'HEAD'];
