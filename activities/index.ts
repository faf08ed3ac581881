import type { PrismaClient } from '../generated/prisma/client.ts';
import type { DeadlineOverrides } from '../rules/deadlines.ts';
import { calendarActivities } from './calendar.ts';
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
import { paymentActivities } from './payments.ts';
import { referralActivities } from './referrals.ts';
import { reconsiderationActivities } from './reconsiderations.ts';
import { taskActivities } from './tasks.ts';
import { transferActivities } from './transfers.ts';
import { workforceActivities } from './workforce.ts';

export interface ActivityDeps { prisma: PrismaClient; deadlineOverrides?: DeadlineOverrides }

/** All activities, built from the worker's dependencies. Workflows import this type only. */
export function createActivities(deps: ActivityDeps) {
  return withTypedFailures({
    ...taskActivities(deps.prisma),
    ...caseActivities(deps.prisma),
    ...deadlineActivities(deps.prisma, deps.deadlineOverrides),
    ...documentActivities(deps.prisma),
    ...evidenceActivities(deps.prisma),
    ...disclosureActivities(deps.prisma),
    ...paymentActivities(deps.prisma),
    ...referralActivities(deps.prisma),
    ...reconsiderationActivities(deps.prisma),
    ...transferActivities(deps.prisma),
    ...inspectionActivities(deps.prisma, deps.deadlineOverrides),
    ...delegationActivities(deps.prisma, deps.deadlineOverrides),
    ...caseReviewActivities(deps.prisma, deps.deadlineOverrides),
    ...escalationActivities(deps.prisma, deps.deadlineOverrides),
    ...workforceActivities(deps.prisma, deps.deadlineOverrides),
    ...calendarActivities(deps.prisma),
  });
}
