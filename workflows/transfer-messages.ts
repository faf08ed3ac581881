// Payload, state, queries and updates of the transfer workflow (行刑衔接, issue 5), and the
// updates the case workflow accepts for it. Wire names are a public API: never rename one.
// Pure: imported by the workflows and by the API.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CrimeCategoryId, HarmFacts } from '../rules/criminal-thresholds.ts';
import type { Actor } from './messages.ts';

export type TransferStatus =
  | 'AWAITING_APPROVAL' | 'REFUSED' | 'APPROVED' | 'DELIVERED' | 'RECEIVED' | 'FILED' | 'NOT_FILED'
  | 'RECONSIDERATION' | 'SUPERVISION' | 'RETURNED' | 'CONCLUDED';

/** Statuses in which the transfer still holds the administrative case (不得以罚代刑). */
export const OPEN_TRANSFER_STATUSES: readonly TransferStatus[] = [
  'AWAITING_APPROVAL', 'APPROVED', 'DELIVERED', 'RECEIVED', 'FILED', 'NOT_FILED', 'RECONSIDERATION', 'SUPERVISION',
];

export interface TransferInput {
  transferId: string;
  /** The transferring bureau. */
  fromOrgId: string;
  /** Started from a case (a child of its workflow) or from an inspection record (free text). */
  caseId?: string;
  inspectionRef?: string;
  enterpriseId?: string;
  partyName: string;
  category: CrimeCategoryId;
  harm: HarmFacts;
  /** The facts that meet the threshold, as the 专案组 wrote them in the 移送报告. */
  facts: string;
  report: string;
  /** The 专案组: at least two certified officers of the bureau (310号令 Art 5 ①). */
  officerIds: string[];
  flaggedBy: Actor;
  /** The case accepted a supervisor's confirmation of Zhifa's suggestion. */
  suggested?: boolean;
}

export interface TransferState {
  transferId: string;
  status: TransferStatus;
  psbOrgId?: string;
  procuratorateOrgId?: string;
  letterNumber?: string;
  receivedAt?: string;
  filingDecision?: 'FILED' | 'NOT_FILED';
  /** Steps that passed their limit, in order (evaluation data). */
  overdue: { step: string; deadlineId: string; dueAt: string }[];
  forwardedFrom: string[];
  opinions: number;
}

export const transferStateQuery = defineQuery<TransferState>('transferState');
export const transferWorkflowId = (transferId: string): string => `transfer-${transferId}`;

export interface ProcuratorOpinionInput { actor: Actor; opinion: string }
/** 检察意见 (310号令 Art 14; XS18 Art 177 ③): the procuratorate records it, the bureau reports back. */
export const recordProcuratorOpinionUpdate = defineUpdate<{ opinionNo: number }, [ProcuratorOpinionInput]>('recordProcuratorOpinion');

/** What the transfer tells the case it came from; the case pauses, holds or resumes. */
export interface TransferProgress {
  transferId: string;
  status: TransferStatus;
  /** The administrative case goes on (refused, not filed and accepted, returned, concluded). */
  released: boolean;
  /** The court imposed 罚金: no fine may follow (行政处罚法 Art 35 ②). */
  courtFine?: boolean;
}
export const transferProgressSignal = defineSignal<[TransferProgress]>('transferProgress');

export interface FlagCrimeInput {
  actor: Actor;
  category: CrimeCategoryId;
  harm: HarmFacts;
  facts: string;
  report: string;
  officerIds: string[];
  /** The people named in `officerIds`, resolved by the API with today's certificates. */
  officers?: Actor[];
}
/** A handler flags a suspected crime on a case: the transfer starts as a child workflow. */
export const flagSuspectedCrimeUpdate = defineUpdate<{ transferId: string; workflowId: string }, [FlagCrimeInput]>('flagSuspectedCrime');

export interface RecordHarmInput { actor: Actor; harm: HarmFacts }
/** Records the consequences found; meeting the basic threshold opens the 是否移送 review. */
export const recordHarmUpdate = defineUpdate<{ suggested: boolean; reasons: string[] }, [RecordHarmInput]>('recordHarm');

/**
 * The 专案组 check (310号令 Art 5 ①: 组成专案组专门负责): at least two distinct certified
 * officers of the transferring bureau, none of them an assistant. Returns the refusal, if any.
 */
export function checkTransferOfficers(orgId: string, ids: readonly string[], officers: readonly Actor[] | undefined): string | undefined {
  const distinct = new Set(ids);
  if (distinct.size < 2) return '移送报告须由专案组两名以上执法人员作出（《行政执法机关移送涉嫌犯罪案件的规定》第5条）';
  for (const id of distinct) {
    const o = officers?.find((x) => x.userId === id);
    if (!o) return `执法人员 ${id} 不存在`;
    if (o.orgId !== orgId) return `${o.name}不属于移送机关`;
    if (!o.certified) return `${o.name}没有有效的行政执法证，不能参加专案组`;
    if (o.roles.every((r) => r === 'ASSISTANT' || !['HANDLER', 'SUPERVISOR', 'HEAD'].includes(r))) return `${o.name}不是执法人员，不能参加专案组`;
  }
  return undefined;
}
