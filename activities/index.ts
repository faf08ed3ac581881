import type { PrismaClient } from '../generated/prisma/client.ts';
import type { DeadlineOverrides } from '../rules/deadlines.ts';
import type { ThresholdOverrides } from '../rules/thresholds.ts';
import { auditActivities } from './audit.ts';
import { calendarActivities } from './calendar.ts';
import { campaignActivities } from './campaigns.ts';
import { crossFindingActivities } from './cross-findings.ts';
import { caseActivities } from './cases.ts';
import { caseReviewActivities } from './case-reviews.ts';
import { deadlineActivities } from './deadlines.ts';
import { delegationActivities } from './delegations.ts';
import { disclosureActivities } from './disclosure.ts';
import { documentActivities } from './documents.ts';
import { escalationActivities } from './escalations.ts';
import { evidenceActivities } from './evidence.ts';
import { withTypedFailures } from './failures.ts';
import { inspectionActivities } from './inspections.ts';
import { jointInspectionActivities } from './joint-inspections.ts';
import { paymentActivities } from './payments.ts';
import { referralActivities } from './referrals.ts';
import { reconsiderationActivities } from './reconsiderations.ts';
import { transferActivities } from './transfers.ts';
import { transitionActivities, type TransitionFaults } from './transition.ts';
import { webhookActivities } from './webhooks.ts';
import { workforceActivities } from './workforce.ts';
import type { WebhookSettings } from '../infra/webhook-settings.ts';
import type { CodecKey } from '../infra/payload-codec.ts';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** The configured policy (infra/config.ts loadPolicy), the same values the API has. */
  deadlineOverrides?: DeadlineOverrides;
  thresholdOverrides?: ThresholdOverrides;
  /** Tests only: faults injected inside a transition's transaction. */
  transitionFaults?: TransitionFaults;
  /** Webhook delivery (allow-list, retry delays, poll): infra/webhook-settings.ts; defaults otherwise. */
  webhooks?: WebhookSettings;
  /** The key ring webhook signing secrets are sealed with (store/secret-box.ts); by default the configured one. */
  codecKeys?: readonly CodecKey[];
}

/** All activities, built from the worker's dependencies. Workflows import this type only. */
export function createActivities(deps: ActivityDeps) {
  return withTypedFailures({
    ...transitionActivities(deps.prisma, deps.deadlineOverrides, deps.transitionFaults),
    ...caseActivities(deps.prisma),
    ...deadlineActivities(deps.prisma, deps.deadlineOverrides),
    ...documentActivities(deps.prisma),
    ...evidenceActivities(deps.prisma),
    ...disclosureActivities(deps.prisma),
    ...paymentActivities(deps.prisma),
    ...referralActivities(deps.prisma),
    ...reconsiderationActivities(deps.prisma),
    ...transferActivities(deps.prisma),
    ...inspectionActivities(deps.prisma, deps.deadlineOverrides, deps.thresholdOverrides),
    ...jointInspectionActivities(deps.prisma),
    ...delegationActivities(deps.prisma, deps.deadlineOverrides),
    ...caseReviewActivities(deps.prisma, deps.deadlineOverrides),
    ...escalationActivities(deps.prisma),
    ...workforceActivities(deps.prisma, deps.deadlineOverrides),
    ...calendarActivities(deps.prisma),
    ...auditActivities(deps.prisma),
    ...webhookActivities(deps.prisma, deps.webhooks, deps.codecKeys),
    ...campaignActivities(deps.prisma, deps.deadlineOverrides),
    ...crossFindingActivities(deps.prisma, deps.thresholdOverrides),
  });
}
