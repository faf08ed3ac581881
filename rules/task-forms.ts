import { z } from 'zod';
import { CASE_FORMS } from './forms/case-forms.ts';
import { REFERRAL_FORMS } from './forms/referral-forms.ts';
import { RECONSIDERATION_FORMS } from './forms/reconsideration-forms.ts';
import { TRANSFER_FORMS } from './forms/transfer-forms.ts';
import { INSPECTION_FORMS } from './forms/inspection-forms.ts';
import { DELEGATION_FORMS } from './forms/delegation-forms.ts';
import { CASE_REVIEW_FORMS } from './forms/case-review.ts';
import { ESCALATION_FORMS } from './forms/escalation.ts';
import { WORKFORCE_FORMS } from './forms/workforce-forms.ts';
import { JURISDICTION_FORMS } from './forms/jurisdiction-forms.ts';
import { CAMPAIGN_FORMS } from './forms/campaign-forms.ts';
import { CROSS_FORMS } from './forms/cross-forms.ts';
import { comment, outcome, reason } from './forms/fields.ts';

export interface OutcomeForm {
  label: string;
  schema: z.ZodType<Record<string, unknown>>;
}

export interface TaskForm {
  label: string;
  // Acting as an officer (signing, deciding) requires a valid 行政执法证 (DESIGN §6).
  requiresCertificate: boolean;
  outcomes: Record<string, OutcomeForm>;
}

export const TASK_FORMS = {
  FILING_APPROVAL: {
    label: '立案审批',
    requiresCertificate: true,
    outcomes: {
      APPROVE: outcome('批准立案', () => z.object({ comment }).strict()),
      REJECT: outcome('不予立案', () => z.object({ reason }).strict()),
    },
  },
  ...CASE_FORMS,
  ...REFERRAL_FORMS,
  ...RECONSIDERATION_FORMS,
  ...TRANSFER_FORMS,
  ...INSPECTION_FORMS,
  ...DELEGATION_FORMS,
  ...ESCALATION_FORMS,
  ...CASE_REVIEW_FORMS,
  ...WORKFORCE_FORMS,
  ...JURISDICTION_FORMS,
  ...CAMPAIGN_FORMS,
  ...CROSS_FORMS,
} as const satisfies Record<string, TaskForm>;

export type TaskKind = keyof typeof TASK_FORMS;

/** The procedure (DESIGN §4) each step belongs to: the work queue filters by it (issue 17). */
export const PROCEDURE_KINDS = {
  CASE: ['FILING_APPROVAL', ...Object.keys(CASE_FORMS), ...Object.keys(JURISDICTION_FORMS)],
  INSPECTION: Object.keys(INSPECTION_FORMS),
  REFERRAL: Object.keys(REFERRAL_FORMS),
  TRANSFER: Object.keys(TRANSFER_FORMS),
  RECONSIDERATION: Object.keys(RECONSIDERATION_FORMS),
  DELEGATION: Object.keys(DELEGATION_FORMS),
  ESCALATION: Object.keys(ESCALATION_FORMS),
  CASE_REVIEW: Object.keys(CASE_REVIEW_FORMS),
  WORKFORCE: Object.keys(WORKFORCE_FORMS),
  CAMPAIGN: Object.keys(CAMPAIGN_FORMS),
  CROSS: Object.keys(CROSS_FORMS),
} as const satisfies Record<string, readonly string[]>;

export type Procedure = keyof typeof PROCEDURE_KINDS;
export const PROCEDURES = Object.keys(PROCEDURE_KINDS) as [Procedure, ...Procedure[]];

export function procedureOf(kind: string): Procedure | undefined {
  return PROCEDURES.find((p) => (PROCEDURE_KINDS[p] as readonly string[]).includes(kind));
}

export function taskForm(kind: string): TaskForm | undefined {
  return (TASK_FORMS as Record<string, TaskForm>)[kind];
}
