// Every signal, query and update of Zhifa's workflows, with their payload types.
// Wire names equal the stem and are a public API: never rename one.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Role } from '../rules/roles.ts';

/** Who is acting, as established by the API from the session or token. */
export interface Actor {
  userId: string;
  name: string;
  orgId: string;
  roles: Role[];
  /** Holds a valid 行政执法证 today. */
  certified: boolean;
  ip?: string;
}

export type TaskStatus = 'OPEN' | 'COMPLETED' | 'EXPIRED' | 'CANCELLED';

export interface TaskView {
  id: string;
  step: string;
  kind: string;
  title: string;
  orgId: string;
  candidateRoles: Role[];
  claimedBy?: string;
  status: TaskStatus;
  dueAt?: string;
  dueProvisional: boolean;
  escalationLevel: number;
}

export interface CompleteTaskInput {
  taskId: string; actor: Actor; outcome: string; data: Record<string, unknown>;
  /** The people named in `data.officerIds`, resolved by the API with today's certificates. */
  officers?: Actor[];
}
export interface TaskResult { taskId: string; outcome: string; data: Record<string, unknown>; completedBy: string; completedAt: string }
export interface ClaimTaskInput { taskId: string; actor: Actor }
export interface ReassignTaskInput { taskId: string; actor: Actor; to: Actor }

export const completeTaskUpdate = defineUpdate<TaskResult, [CompleteTaskInput]>('completeTask');
export const claimTaskUpdate = defineUpdate<TaskView, [ClaimTaskInput]>('claimTask');
export const unclaimTaskUpdate = defineUpdate<TaskView, [ClaimTaskInput]>('unclaimTask');
export const reassignTaskUpdate = defineUpdate<TaskView, [ReassignTaskInput]>('reassignTask');
export const openTasksQuery = defineQuery<TaskView[]>('openTasks');
/** The holiday calendar gained a year: provisional deadlines must be recomputed. */
export const calendarUpdatedSignal = defineSignal<[{ year: number }]>('calendarUpdated');

export interface Penalty { penaltyTypes: string[]; fineFen: number }

export interface CaseState {
  caseId: string;
  stage: string;
  status: 'OPEN' | 'REJECTED' | 'CLOSED' | 'ARCHIVED';
  number?: string;
  filedAt?: string;
  proposal?: Penalty & { circumstances: string[] };
  decision?: Penalty & { number: string; decidedAt: string; noPenalty: boolean };
  decisionClock?: { deadlineId: string; dueAt?: string; provisional: boolean; paused: boolean };
  /** Periods the decision clock stood still, for the case page (AB25 Art 53 ②; a criminal transfer). */
  clockPauses?: ClockPauseView[];
  /** A 检测、检验、检疫、鉴定 pause awaits the head's approval. */
  clockPauseRequested?: boolean;
  servedAt?: string;
  paymentDueDay?: string;
  paidFen: number;
  /** Open reasons the fine may not be decided yet (e.g. a criminal transfer, issue 5). */
  holds: string[];
  /** Why no fine may be imposed at all (a court's 罚金, 行政处罚法 Art 35 ②); other penalties may. */
  fineBarred?: string;
  /** Moves to another bureau (提级管辖 / 指定管辖, issue 21), oldest first. */
  jurisdiction?: JurisdictionMove[];
  /** A 报请提级管辖 awaits the superior's decision. */
  takeUpRequested?: boolean;
}
export const caseStateQuery = defineQuery<CaseState>('caseState');

export interface ClockInput { actor: Actor; reason: string }
/** The commission (委托书) sending material for 检测、检验、检疫、鉴定. */
export interface TestingCommission {
  /** the 委托书's number */
  number: string;
  institution: string;
  /** the day (or instant, Beijing time) the commission was made */
  commissionedAt: string;
  /** what is tested */
  subject: string;
  /** the evidence item the commission concerns, if recorded */
  evidenceId?: string;
}
export interface ClockPauseView {
  from: string; to?: string;
  /** TESTING: approved by the head; HELD: a procedure (a criminal transfer) holds the clock */
  kind: 'TESTING' | 'HELD';
  reason: string;
  commission?: TestingCommission;
  /** the 检测检验鉴定期间告知书 that told the party */
  noticeNumber?: string;
  approvedBy?: string;
}
export interface ClockPauseInput extends ClockInput { commission: TestingCommission }
export interface ClockResumeInput extends ClockInput { resultAt: string }
/**
 * 检测、检验、检疫、鉴定 time is excluded from the decision limit (AB25 Art 53 ②): an officer asks,
 * the head approves in a CLOCK_PAUSE_APPROVAL task, the party is told in writing.
 */
export const pauseClockUpdate = defineUpdate<{ requested: true }, [ClockPauseInput]>('pauseClock');
/** The result is in: the clock runs again from the result's date. */
export const resumeClockUpdate = defineUpdate<CaseState, [ClockResumeInput]>('resumeClock');
/** Ask for the 120-day (head) or 180-day (next-level bureau) decision limit. */
export const requestExtensionUpdate = defineUpdate<{ requested: true }, [ClockInput]>('requestExtension');

/** One article held under 先行登记保存 (CF Art 56): what it is, how much, and where it is kept. */
export interface PreservedItem { name: string; spec: string; quantity: number; unit: string; keptAt: string }
export interface PreservationInput {
  actor: Actor; items: PreservedItem[]; urgent: boolean;
  /** When urgent evidence was preserved on site: its 24-hour report runs from then, not from data entry. */
  performedAt?: string;
}
export const requestPreservationUpdate = defineUpdate<{ preservationId: string }, [PreservationInput]>('requestPreservation');

export interface DeferralInput { actor: Actor; reason: string; newDueDay: string }
export const applyDeferralUpdate = defineUpdate<{ requested: true }, [DeferralInput]>('applyDeferral');

/** 罚缴分离: a payment confirmed by the payment channel; reference is the channel's id. */
export interface PaymentInput { reference: string; amountFen: number; paidAt: string; channel: string }
export const confirmPaymentUpdate = defineUpdate<{ paidFen: number; outstandingFen: number }, [PaymentInput]>('confirmPayment');

/** Business failures thrown by update validators; the API maps each type to an HTTP status. */
export const FAILURE = {
  notFound: 'NotFound',
  forbidden: 'Forbidden',
  conflict: 'Conflict',
  invalid: 'Invalid',
  // A state the procedure rules out was reached (a task without a deadline of its own closed as
  // expired): the run fails with this reason instead of retrying its workflow task forever.
  invariant: 'InvariantBroken',
} as const;

export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;

// 行政复议 and 行政诉讼 as they reach the case (issue 7): the reconsideration workflow tells a
// running case what happened; workflows/case-remedies.ts applies it.
export type RemedyEvent = { reconsiderationId: string; at: string } & (
  | { kind: 'FILED' }
  | { kind: 'ENDED'; reason: 'REFUSED' | 'WITHDRAWN' }
  | { kind: 'SUSPENDED' }
  | { kind: 'DECIDED'; outcome: string; penalty?: Penalty; paymentDueDay?: string; litigationDueAt: string }
  | { kind: 'SUED'; court: string }
  | { kind: 'WINDOW_CLOSED' }
  | { kind: 'JUDGED'; result: string; penalty?: Penalty; paymentDueDay?: string }
);
export const reconsiderationEventSignal = defineSignal<[RemedyEvent]>('reconsiderationEvent');

/** What the case knows of challenges to its decision. */
export interface RemedyView {
  pending: string[];
  suspended: boolean;
  revoked: boolean;
  penalty?: Penalty;
  /** Reconsiderations whose litigation window is still open. */
  windows: string[];
  lawsuits: string[];
  events: { kind: string; reconsiderationId: string; at: string; outcome?: string }[];
}
export const caseRemedyQuery = defineQuery<RemedyView>('caseRemedy');

/** A lawsuit brought straight against the decision (no reconsideration first; SS Art 46). */
export interface LawsuitInput { actor: Actor; court: string; filedAt: string }
export const recordLawsuitUpdate = defineUpdate<{ lawsuitId: string }, [LawsuitInput]>('recordLawsuit');

/**
 * An item of evidence to attach to the case (issue 22): its file already stored and hashed by
 * the API (EvidenceUpload), checked against rules/evidence.ts. The update id is the evidence id.
 */
export interface AttachEvidenceInput {
  actor: Actor;
  evidenceId: string;
  kind: string;
  description: string;
  taskId?: string;
  capturedAt?: string;
  deviceId?: string;
  keptAt?: string;
  custodian?: string;
  recordId?: string;
  /** The finished upload whose object becomes this item's file. */
  uploadId?: string;
}
export const attachEvidenceUpdate = defineUpdate<{ id: string; sha256: string }, [AttachEvidenceInput]>('attachEvidence');

// 提级管辖 / 指定管辖 (issue 21 item 4): the superior bureau takes a running case up or assigns it
// to one of its bureaus (安全生产违法行为行政处罚办法 Art 8 ②, 11; 行政处罚法 Art 25 ②); the
// handling bureau's head may ask for it (Art 11 ②). The API resolves the bureau from the org table.
export type JurisdictionKind = 'TAKE_UP' | 'ASSIGN';
export interface JurisdictionTarget { orgId: string; name: string; level: 'COUNTY' | 'CITY'; parentOrgId?: string }
export interface MoveJurisdictionInput { actor: Actor; kind: JurisdictionKind; to: JurisdictionTarget; reason: string }
/** One move of the case, as the case page tells it. */
export interface JurisdictionMove {
  kind: JurisdictionKind; fromOrgId: string; toOrgId: string; toOrgName: string; reason: string;
  decidedBy: string; requestedBy?: string; at: string;
}
export const moveJurisdictionUpdate = defineUpdate<CaseState, [MoveJurisdictionInput]>('moveJurisdiction');
export interface TakeUpRequestInput { actor: Actor; reason: string; to: JurisdictionTarget }
export const requestTakeUpUpdate = defineUpdate<{ requested: true }, [TakeUpRequestInput]>('requestTakeUp');
