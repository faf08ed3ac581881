// 专项执法 (issue 21 item 1): the organising head's approval, and each county's share, which
// its head reports done (the count itself comes from the inspections tagged with the campaign).
import { z } from 'zod';
import { comment, outcome, reason, text } from './fields.ts';

export const CAMPAIGN_FORMS = {
  CAMPAIGN_APPROVAL: {
    label: '专项执法方案审批', requiresCertificate: false,
    outcomes: {
      APPROVE: outcome('批准并下达', () => z.object({ comment }).strict()),
      REJECT: outcome('不予批准', () => z.object({ reason }).strict()),
    },
  },
  CAMPAIGN_SHARE: {
    label: '专项执法任务', requiresCertificate: false,
    outcomes: { REPORT: outcome('报告完成情况', () => z.object({ report: text('完成情况') }).strict()) },
  },
} as const;
