// 专项执法 (issue 21 item 1; reform plan 主要任务（二）: the city 组织开展…专项执法). One workflow
// per campaign (`campaign-<id>`): drafted by the city (or a county for its townships) → its
// head's approval → each county's share opens as a task in its queue → the counties inspect, each
// inspection tagged with the campaign → CAMPAIGN_WARNING before the last day, every share below
// its target is warned and escalated to the organising bureau's supervisor (the ESCALATION tasks
// of workflows/human-task.ts) → at the end, the summary per county as a numbered document.
// Live patch ids: none (new in issue 21).
import { setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import { acts } from './activities-proxy.ts';
import { campaignShareStep, campaignStateQuery, type CampaignInput, type CampaignState } from './campaign-messages.ts';
import { cancelTask, escalateNow, humanTask, installTaskHandlers } from './human-task.ts';
import { answerWhenRecorded } from './recorded.ts';
import { issueDocument } from './transition.ts';

export async function campaignWorkflow(input: CampaignInput): Promise<CampaignState> {
  const s: CampaignState = { campaignId: input.campaignId, status: 'AWAITING_APPROVAL', escalated: [] };
  setHandler(campaignStateQuery, () => s);
  const recorded = answerWhenRecorded();
  installTaskHandlers();
  const wf = workflowInfo().workflowId;
  const id = input.campaignId;

  await acts.recordCampaign({ ...input, workflowId: wf });
  recorded();

  // 1. The organising bureau's head approves the plan of the campaign.
  const approval = await humanTask({
    step: 'approval', kind: 'CAMPAIGN_APPROVAL', title: `专项执法方案审批：${input.name}`, orgId: input.orgId, roles: ['HEAD'],
    payload: { campaignId: id, name: input.name, startDate: input.startDate, endDate: input.endDate, shares: input.shares.length },
  });
  if (approval.expired) return s;
  const by = approval.result.completedBy;
  if (approval.result.outcome === 'REJECT') {
    s.status = 'REJECTED';
    await acts.updateCampaign({ campaignId: id, key: 'rejected', action: 'campaign.rejected', status: 'REJECTED', actorId: by, data: { reason: approval.result.data.reason } });
    return s;
  }
  const times = await acts.campaignTimes({ endDate: input.endDate });
  s.status = 'RUNNING';
  s.warnAt = times.warnAt;
  s.endsAt = times.endsAt;
  await acts.updateCampaign({ campaignId: id, key: 'approved', action: 'campaign.approved', status: 'RUNNING', approvedById: by, warnAt: times.warnAt, actorId: by,
    data: { warnAt: times.warnAt, endsAt: times.endsAt } });

  // 2. Each share is a task in its county's queue, open while the campaign runs; its head reports on it.
  const shares = input.shares.map((share) => humanTask({
    step: campaignShareStep(share.orgId), kind: 'CAMPAIGN_SHARE', title: `专项执法任务：${input.name}`, orgId: share.orgId, roles: share.roles,
    payload: { campaignId: id, name: input.name, target: share.target, enterpriseIds: share.enterpriseIds, endDate: input.endDate, legalBasis: input.legalBasis },
  }));

  // 3. Before the end: shares below target are warned and go to the organising bureau's supervisor.
  const untilWarning = Date.parse(times.warnAt) - Date.now();
  if (untilWarning > 0) await sleep(untilWarning);
  const progress = await acts.campaignProgress({ campaignId: id });
  const lagging = progress.filter((p) => p.done < p.target).map((p) => p.orgId);
  for (const orgId of lagging) if (await escalateNow(campaignShareStep(orgId), times.endsAt)) s.escalated.push(orgId);
  await acts.updateCampaign({ campaignId: id, key: 'warning', action: 'campaign.progress_warned', lagging: { orgIds: s.escalated, at: new Date().toISOString() },
    data: { progress, escalated: s.escalated } });

  // 4. At the end: the summary, numbered in the organising bureau's own series; unreported shares close.
  const untilEnd = Date.parse(times.endsAt) - Date.now();
  if (untilEnd > 0) await sleep(untilEnd);
  const { counts, ...data } = await acts.campaignSummaryData({ campaignId: id, escalated: s.escalated });
  const doc = await issueDocument({ key: `${wf}/summary`, orgId: input.orgId, kind: 'CAMPAIGN_SUMMARY', data });
  s.summaryNumber = doc.number;
  await Promise.all(input.shares.map((share) => cancelTask(campaignShareStep(share.orgId))));
  await Promise.all(shares);
  s.status = 'COMPLETED';
  await acts.updateCampaign({ campaignId: id, key: 'completed', action: 'campaign.completed', status: 'COMPLETED', summaryNumber: doc.number, summary: counts,
    data: { document: doc } });
  return s;
}
