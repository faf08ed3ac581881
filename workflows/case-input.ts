/** What the API hands the case workflow when a lead is registered. */
export interface CaseInput {
  caseId: string;
  orgId: string;
  procedure: 'GENERAL' | 'SUMMARY';
  party: { kind: 'PERSON' | 'ORG'; name: string; idNumber: string; enterpriseId?: string };
  catalogItemId: string;
  source: 'INSPECTION' | 'COMPLAINT' | 'REFERRAL' | 'ACCIDENT' | 'TRANSFER' | 'OTHER';
  facts: string;
  occurredAt: string;
  harmToLife: boolean;
  registeredBy: string;
  registeredAt: string;
}
