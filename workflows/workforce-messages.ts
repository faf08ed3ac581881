// 行政执法证 reminders (issue 8, workforce): ids and payloads shared by the workflows, the
// activities and the schedule. Wire names are public API: never rename one.

/** The daily sweep, started by the Temporal Schedule `certificate-reminders`. */
export const CERTIFICATE_SCHEDULE_ID = 'certificate-reminders';
export const certificateSweepWorkflowId = 'certificate-sweep';
export const certificateReminderWorkflowId = (certificateId: string): string => `certificate-reminder-${certificateId}`;

/** A certificate whose reminder day has come, with the org whose head is reminded. */
export interface CertificateReminderInput {
  certificateId: string;
  userId: string;
  holderName: string;
  number: string;
  issuer: string;
  validUntil: string; // ISO date, last day of validity
  /** The officer's bureau; for a township officer, the county bureau that supervises the township. */
  remindOrgId: string;
  reminderDay: string;
}

export interface CertificateSweepResult { asOf: string; due: number; started: number }
