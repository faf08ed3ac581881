// 逾期升级 (issue 8). The law requires every bureau to supervise its enforcement and the
// governments to evaluate it (行政处罚法 Art 75 ①②), and makes a late act a breach (Art 76),
// but sets no period for warning before a limit ends, nor for how long each level of the
// ladder has to act on an escalation. Both rows are the bureau's policy: confirmed:false,
// never shown as law, configurable through DEADLINE_OVERRIDES.
import type { DeadlineRule } from './deadline-types.ts';
import { INSTRUMENT } from './legal-sources.ts';

const supervise = { instrument: INSTRUMENT.PENALTY_LAW, article: '第75条' };
const late = [{ instrument: INSTRUMENT.PENALTY_LAW, article: '第76条' }];

export const ESCALATION_DEADLINES = {
  ESCALATION_WARNING: {
    id: 'ESCALATION_WARNING', amount: 2, unit: 'WORKING_DAY', onExpiry: 'REMIND', confirmed: false, direction: 'BEFORE_EVENT',
    source: supervise, related: late,
    label: '办理期限届满前临期预警（默认提前2个工作日）',
    note: '法律只要求建立健全对行政处罚的监督制度，未规定预警时间；提前预警的天数为本局管理要求，可配置，不是法定期限。',
  },
  ESCALATION_RESPONSE: {
    id: 'ESCALATION_RESPONSE', amount: 2, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: supervise, related: late,
    label: '逾期升级督办的处理期限（默认2个工作日，逾期仍未办结再上报一级）',
    note: '逐级督办的处理期限为本局管理要求，法律未作规定，可配置，不是法定期限。',
  },
} as const satisfies Record<string, DeadlineRule>;
