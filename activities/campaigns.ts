// 专项执法 campaigns (issue 21 item 1): the read model the campaign workflow writes, its times
// from the deadline table, and the counts of the inspections done for it.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { computeLatestBefore } from '../rules/calendar.ts';
import { deadlineRule, type DeadlineOverrides } from '../rules/deadlines.ts';
import { createHolidayCalendar } from '../rules/holiday-calendar.ts';
import { endOfShanghaiDay } from '../rules/iso-date.ts';
import { appendAudit } from '../store/audit.ts';
import { campaignCounts, type CampaignCounts } from '../store/campaign-counts.ts';
import type { CampaignInput, CampaignStatus } from '../workflows/campaign-messages.ts';
import { recordStep, type Step } from './inspections.ts';

export interface CampaignTimes { warnAt: string; endsAt: string }

export interface UpdateCampaign extends Step {
  campaignId: string;
  status?: CampaignStatus;
  approvedById?: string;
  warnAt?: string;
  summaryNumber?: string;
  summary?: CampaignCounts;
  /** Shares warned (and escalated) at the warning time. */
  lagging?: { orgIds: string[]; at: string };
}

export function campaignActivities(prisma: PrismaClient, overrides: DeadlineOverrides = {}) {
  return {
    async recordCampaign(c: CampaignInput & { workflowId: string }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        if (await tx.campaign.findUnique({ where: { id: c.campaignId }, select: { id: true } })) return;
        await tx.campaign.create({ data: {
          id: c.campaignId, orgId: c.orgId, name: c.name, legalBasis: c.legalBasis, industries: c.industries, hazardTypes: c.hazardTypes,
          startDate: c.startDate, endDate: c.endDate, checklist: c.checklist as unknown as Prisma.InputJsonValue, status: 'AWAITING_APPROVAL',
          createdById: c.createdBy.userId, data: { workflowId: c.workflowId, requestKey: c.requestKey ?? null, actions: [], events: [] },
        } });
        await tx.campaignShare.createMany({ data: c.shares.map((s) => ({ campaignId: c.campaignId, orgId: s.orgId, target: s.target, enterpriseIds: s.enterpriseIds })) });
        await appendAudit(tx, { actorKind: 'USER', actorId: c.createdBy.userId, action: 'campaign.drafted', subjectType: 'Campaign', subjectId: c.campaignId, orgId: c.orgId,
          data: { name: c.name, startDate: c.startDate, endDate: c.endDate, shares: c.shares } as unknown as Prisma.InputJsonValue });
      });
    },

    async updateCampaign(u: UpdateCampaign): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const row = await tx.campaign.findUniqueOrThrow({ where: { id: u.campaignId }, select: { orgId: true } });
        const data = await recordStep(tx, 'Campaign', u.campaignId, u, row.orgId);
        if (!data) return;
        await tx.campaign.update({ where: { id: u.campaignId }, data: {
          data, ...(u.status ? { status: u.status } : {}), ...(u.approvedById ? { approvedById: u.approvedById } : {}),
          ...(u.warnAt ? { warnAt: new Date(u.warnAt) } : {}), ...(u.summaryNumber ? { summaryNumber: u.summaryNumber } : {}),
          ...(u.summary ? { summary: u.summary as unknown as Prisma.InputJsonValue } : {}),
        } });
        if (u.lagging?.orgIds.length) {
          const at = new Date(u.lagging.at);
          await tx.campaignShare.updateMany({ where: { campaignId: u.campaignId, orgId: { in: u.lagging.orgIds } }, data: { warnedAt: at, escalatedAt: at } });
        }
      });
    },

    /** The campaign ends at 24:00 Beijing time of its last day; the warning comes CAMPAIGN_WARNING before. */
    async campaignTimes(q: { endDate: string }): Promise<CampaignTimes> {
      const years = await prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } });
      const endsAt = endOfShanghaiDay(q.endDate);
      const warn = computeLatestBefore(deadlineRule('CAMPAIGN_WARNING', overrides), new Date(Date.parse(endsAt) - 1), createHolidayCalendar(years));
      return { warnAt: warn.dueAt, endsAt };
    },

    /** Per share: the target and the inspections done for it so far (on-site record made). */
    async campaignProgress(q: { campaignId: string }): Promise<{ orgId: string; target: number; done: number }[]> {
      const counts = await campaignCounts(prisma, q.campaignId);
      return counts.rows.map((r) => ({ orgId: r.orgId, target: r.target, done: r.inspections }));
    },

    /** What the summary states, per share and in total. */
    async campaignSummaryData(q: { campaignId: string; escalated: string[] }): Promise<Record<string, unknown> & { counts: CampaignCounts }> {
      const c = await prisma.campaign.findUniqueOrThrow({ where: { id: q.campaignId } });
      const counts = await campaignCounts(prisma, q.campaignId);
      return {
        name: c.name, legalBasis: c.legalBasis, startsAt: c.startDate, endsAt: c.endDate, industries: c.industries, hazardTypes: c.hazardTypes,
        rows: counts.rows.map((r) => ({ ...r, escalated: q.escalated.includes(r.orgId) })), totals: counts.totals, counts,
      };
    },
  };
}
