// 专项执法 campaigns (issue 21 item 1). The reform plan has the city organise 专项执法
// (主要任务 (二) 市应急管理部门职责) but sets no time for warning the counties before a campaign
// ends: the lead time is the bureau's policy — confirmed:false, never shown as law, configurable
// through DEADLINE_OVERRIDES.
import type { DeadlineRule } from './deadline-types.ts';
import { INSTRUMENT } from './legal-sources.ts';

export const CAMPAIGN_DEADLINES = {
  CAMPAIGN_WARNING: {
    id: 'CAMPAIGN_WARNING', amount: 5, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: false, direction: 'BEFORE_EVENT',
    source: { instrument: INSTRUMENT.REFORM_PLAN, article: '主要任务（二）市应急管理部门职责：组织开展市内联合执法、交叉执法、专项执法' },
    label: '专项执法结束前进度预警（默认提前5个工作日，未完成任务的县级单位报市局督办）',
    note: '实施方案只规定市局组织专项执法，未规定预警时间；提前预警的天数为本局管理要求，可配置，不是法定期限。',
  },
} as const satisfies Record<string, DeadlineRule>;
