// 抽查 / 评议考核 (issue 8): the city samples the counties' closed cases, reviewers score them,
// failed items go back to the county for correction. The reform plan asks for the sampling and
// the evaluation (市应急管理部门……对县（市、区）履行执法职责和案件查处情况进行抽查和考核；推行执法办案
// 评议考核制度) but names no period: every row here is the bureau's policy, confirmed:false and
// configurable through DEADLINE_OVERRIDES.
import type { DeadlineRule } from './deadline-types.ts';
import { INSTRUMENT } from './legal-sources.ts';

const PLAN = { instrument: INSTRUMENT.REFORM_PLAN, article: '市应急管理部门职责；（七）健全执法制度' };
const POLICY = '改革方案未规定期限，按本局管理要求执行（可配置，不是法定期限）。';

export const REVIEW_DEADLINES = {
  CASE_REVIEW_CYCLE: {
    id: 'CASE_REVIEW_CYCLE', amount: 3, unit: 'MONTH', onExpiry: 'REMIND', confirmed: false, source: PLAN,
    label: '案卷抽查周期（默认每季度）', note: `${POLICY}周期按自然年对齐（月数须整除12），周期结束后的第一天抽取上一周期结案的案件。`,
  },
  CASE_REVIEW_SCORING: {
    id: 'CASE_REVIEW_SCORING', amount: 30, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: false, source: PLAN,
    label: '抽查案卷评查期限（默认30日）', note: POLICY,
  },
  CASE_REVIEW_CORRECTION: {
    id: 'CASE_REVIEW_CORRECTION', amount: 30, unit: 'CALENDAR_DAY', onExpiry: 'ESCALATE', confirmed: false, source: PLAN,
    label: '评查问题整改期限（默认30日）', note: POLICY,
  },
} as const satisfies Record<string, DeadlineRule>;
