// 联合执法 and visit frequency (issue 21 items 3, 5; reform plan (二) "联合实施行政检查，减少检查频次",
// (六) "减少不必要的执法，切实防止执法扰民", "对实施惩戒的企业，增加执法检查频次"). The plan names
// no period or count: every row here is this bureau's policy, confirmed:false and configurable
// through DEADLINE_OVERRIDES (the counts are in rules/thresholds.ts, THRESHOLD_OVERRIDES).
import type { DeadlineRule } from './deadline-types.ts';
import { INSTRUMENT } from './legal-sources.ts';

const PLAN = { instrument: INSTRUMENT.REFORM_PLAN, article: '主要任务（二）（六）' };
const POLICY = '改革方案未规定期限，按本局管理要求执行（可配置，不是法定期限）。';

export const VISIT_DEADLINES = {
  VISIT_FREQUENCY_WINDOW: {
    id: 'VISIT_FREQUENCY_WINDOW', amount: 12, unit: 'MONTH', onExpiry: 'LAPSE', confirmed: false, source: PLAN,
    label: '检查频次的滚动统计期（默认12个月）', note: `统计期内各机关对同一企业的非投诉举报检查次数。${POLICY}`,
  },
  VISIT_OVER_LIMIT_ANSWER: {
    id: 'VISIT_OVER_LIMIT_ANSWER', amount: 3, unit: 'WORKING_DAY', onExpiry: 'PROCEED', confirmed: false, source: PLAN,
    label: '超出检查频次的检查由负责人审批（3个工作日）', note: `逾期未批视为不予批准，不进行该次检查。${POLICY}`,
  },
  JOINT_RECORD_SIGNATURE: {
    id: 'JOINT_RECORD_SIGNATURE', amount: 5, unit: 'WORKING_DAY', onExpiry: 'PROCEED', confirmed: false, source: PLAN,
    label: '联合检查参加单位签署现场检查记录（5个工作日）', note: `逾期未签的，记录注明该单位未签名，检查继续。${POLICY}`,
  },
} as const satisfies Record<string, DeadlineRule>;
