// 评议考核 (issue 8): one sampled case. The city's reviewers score it against the checklist
// (rules/case-review.ts); every failed item goes back to the county bureau that handled the
// case as one correction task, whose answer must say what was done about each failed item.
// The read model (CaseReview) feeds the per-county and per-officer evaluation report.
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { REVIEW_ITEMS, REVIEW_ITEM_LABELS, type ReviewItem } from '../rules/case-review.ts';
import { acts } from './activities-proxy.ts';
import { humanTask, installTaskHandlers } from './human-task.ts';
import { caseReviewStateQuery, type CaseReviewInput, type CaseReviewState, type ReviewScore } from './case-review-messages.ts';

export async function caseReviewWorkflow(input: CaseReviewInput): Promise<CaseReviewState> {
  const s: CaseReviewState = { reviewId: input.reviewId, status: 'AWAITING_REVIEW', failedItems: [] };
  setHandler(caseReviewStateQuery, () => s);
  installTaskHandlers();
  const label = input.caseNumber ?? input.caseId;
  const payload = { reviewId: input.reviewId, caseId: input.caseId, caseNumber: input.caseNumber, period: input.period, countyOrgId: input.orgId };

  const review = await humanTask({
    step: 'review', kind: 'CASE_REVIEW', title: `案卷评查（${input.period}抽查）：${label}`, orgId: input.cityOrgId,
    roles: ['CITY_SUPERVISOR', 'LEGAL_REVIEWER'], payload,
    deadline: { id: 'CASE_REVIEW_SCORING', from: input.drawnAt }, onExpiry: 'ESCALATE',
  });
  if (review.expired) return s;
  const scores = review.result.data as Record<ReviewItem, ReviewScore> & { comment?: string };
  s.failedItems = REVIEW_ITEMS.filter((i) => !scores[i].pass);
  s.status = s.failedItems.length ? 'CORRECTING' : 'PASSED';
  await acts.recordCaseReview({
    reviewId: input.reviewId, key: 'scored', action: 'case_review.scored', status: s.status, scores: review.result.data,
    failedItems: s.failedItems, actorId: review.result.completedBy, at: review.result.completedAt,
  });

  if (s.failedItems.length) {
    const failed = s.failedItems;
    const correction = await humanTask({
      step: 'correction', kind: 'CASE_REVIEW_CORRECTION', title: `评查问题整改：${label}`, orgId: input.orgId, roles: ['HEAD', 'SUPERVISOR'],
      caseId: input.caseId, deadline: { id: 'CASE_REVIEW_CORRECTION', from: review.result.completedAt }, onExpiry: 'ESCALATE',
      payload: { ...payload, failedItems: failed, problems: failed.map((i) => ({ item: i, label: REVIEW_ITEM_LABELS[i], comment: scores[i].comment ?? '' })) },
      validate: (i) => {
        const named = ((i.data.items ?? []) as { item: ReviewItem }[]).map((x) => x.item);
        const missing = failed.filter((f) => !named.includes(f));
        if (missing.length) return `请填写以下不合格项目的整改情况：${missing.map((m) => REVIEW_ITEM_LABELS[m]).join('、')}`;
        const extra = named.filter((n, k) => !failed.includes(n) || named.indexOf(n) !== k);
        if (extra.length) return `只需就不合格项目逐项填写一次，多出：${extra.map((m) => REVIEW_ITEM_LABELS[m]).join('、')}`;
        return undefined;
      },
    });
    if (correction.expired) return s;
    s.status = 'CORRECTED';
    await acts.recordCaseReview({
      reviewId: input.reviewId, key: 'corrected', action: 'case_review.corrected', status: 'CORRECTED', corrections: correction.result.data,
      actorId: correction.result.completedBy, at: correction.result.completedAt,
    });
  }
  await condition(allHandlersFinished);
  return s;
}
