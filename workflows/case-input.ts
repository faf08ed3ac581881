import type { SummaryReceipt } from '../rules/forms/signatures.ts';
import type { ThresholdOverrides } from '../rules/thresholds.ts';

/** What the API hands the case workflow when a lead is registered. */
export interface CaseInput {
  caseId: string;
  orgId: string;
  /** The bureau's level decides where large penalties are filed (AB25 Art 82–83). */
  orgLevel: 'COUNTY' | 'CITY';
  /** Next-level bureau: approves the 180-day extension (AB25 Art 53). */
  parentOrgId?: string;
  procedure: 'GENERAL' | 'SUMMARY';
  party: { kind: 'PERSON' | 'ORG'; name: string; idNumber: string; enterpriseId?: string; address?: string };
  catalog: { code: string; name: string; fineMinFen: number | null; fineMaxFen: number | null; penaltyTypes: string[] };
  source: 'INSPECTION' | 'COMPLAINT' | 'REFERRAL' | 'ACCIDENT' | 'TRANSFER' | 'OTHER';
  facts: string;
  occurredAt: string;
  /** When the lead was found or its materials received (AB25 Art 34 ①); the filing clock runs from it. */
  receivedAt?: string;
  harmToLife: boolean;
  registeredBy: string;
  registeredAt: string;
  /** The client address of the registering request, for the audit trail (执法全过程记录). */
  registeredFromIp?: string;
  /** The province's values for unconfirmed thresholds in force when the case was registered. */
  thresholdOverrides?: ThresholdOverrides;
}

/** An on-the-spot penalty (简易程序): decided and handed over at once by two officers. */
export interface SummaryCaseInput extends Omit<CaseInput, 'procedure'> {
  procedure: 'SUMMARY';
  officerIds: string[];
  penalty: { penaltyTypes: string[]; fineFen: number };
  decidedAt: string;
  /** The party signed for the decision on the phone, or refused before a witness (CF 52); absent in runs started before 'summary-receipt'. */
  receipt?: SummaryReceipt;
}
