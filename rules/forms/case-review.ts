import { z } from 'zod';
import { REVIEW_ITEMS, REVIEW_ITEM_LABELS, type ReviewItem } from '../case-review.ts';
import { comment, outcome, text } from './fields.ts';

// The forms of the city's sampling review (抽查 / 评议考核, issue 8). The city's reviewers
// (CITY_SUPERVISOR, LEGAL_REVIEWER) score a sampled case item by item; every failed item goes
// back to the county (HEAD / SUPERVISOR of the case's bureau), whose answer must name a
// correction for each failed item — checked by workflows/case-review.ts, which knows them.

const score = (item: ReviewItem) => z.object({
  pass: z.boolean({ error: `请选择“${REVIEW_ITEM_LABELS[item]}”合格或不合格` }),
  comment: z.string().trim().max(2000).optional(),
}).strict()
  .refine((s) => s.pass || (s.comment ?? '').length >= 2, { message: '不合格的项目须写明问题（至少2个字）', path: ['comment'] })
  .describe(REVIEW_ITEM_LABELS[item]);

const scores = Object.fromEntries(REVIEW_ITEMS.map((i) => [i, score(i)])) as { [K in ReviewItem]: ReturnType<typeof score> };

export const reviewScoresSchema = z.object({ ...scores, comment }).strict();
export type ReviewScores = z.infer<typeof reviewScoresSchema>;

export const correctionSchema = z.object({
  items: z.array(z.object({
    item: z.enum(REVIEW_ITEMS, { error: `评查项目须为：${REVIEW_ITEMS.join('、')}` }),
    action: text('整改措施'),
  }).strict(), { error: '请逐项填写整改情况' }).min(1, '请逐项填写整改情况').max(REVIEW_ITEMS.length).describe('整改情况'),
  comment,
}).strict();

export const CASE_REVIEW_FORMS = {
  CASE_REVIEW: {
    label: '案卷评查（抽查）', requiresCertificate: false,
    outcomes: { SCORE: outcome('提交评查结果', () => reviewScoresSchema) },
  },
  CASE_REVIEW_CORRECTION: {
    label: '评查问题整改', requiresCertificate: false,
    outcomes: { CORRECTED: outcome('已整改，报送整改情况', () => correctionSchema) },
  },
} as const;
