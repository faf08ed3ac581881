// 执法全过程记录: the daily anchor over every org's audit chain head (docs/audit-chain.md),
// started by a Temporal Schedule (infra/audit-anchor-schedule.ts).
import { acts } from './activities-proxy.ts';

export const AUDIT_ANCHOR_SCHEDULE_ID = 'audit-anchor';

export async function auditAnchorWorkflow(): Promise<{ anchorId: string }> {
  return acts.anchorAuditChains();
}
