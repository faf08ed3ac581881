// 委托乡镇（街道）执法 (issue 4) — deadlines.md §9. The law (CF 20-21, AB25 13) requires a written
// 委托书 with a term and says the county bureau supervises the township, but sets no interval
// for sampling, no reminder before the term ends and no period for a township to finish a
// matter or correct one that failed review. Every row here is the bureau's own policy, marked
// confirmed:false (never shown as law) and configurable through DEADLINE_OVERRIDES.
import type { DeadlineRule } from './deadline-types.ts';
import { INSTRUMENT } from './legal-sources.ts';

const { PENALTY_LAW: CF, AB25 } = INSTRUMENT;
const POLICY = '法律只规定委托机关应当监督受委托组织（行政处罚法第20条第3款），未规定期限；本值为本局的管理要求，可配置，不是法定期限。';
const supervise = { instrument: CF, article: '第20条第3款' };

export const DELEGATION_DEADLINES = {
  DELEGATED_MATTER: {
    id: 'DELEGATED_MATTER', amount: 10, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: supervise, related: [{ instrument: AB25, article: '第13条' }],
    label: '乡镇（街道）办理委托事项（默认值）', note: POLICY,
  },
  DELEGATION_SAMPLING: {
    id: 'DELEGATION_SAMPLING', amount: 1, unit: 'MONTH', onExpiry: 'REMIND', confirmed: false,
    source: supervise,
    label: '委托执法抽查周期（默认每月）', note: POLICY,
  },
  DELEGATION_SAMPLE_REVIEW: {
    id: 'DELEGATION_SAMPLE_REVIEW', amount: 10, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: supervise,
    label: '县局评查抽中的委托事项（默认值）', note: POLICY,
  },
  DELEGATION_CORRECTION: {
    id: 'DELEGATION_CORRECTION', amount: 10, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: supervise,
    label: '乡镇（街道）整改评查不合格的委托事项（默认值）', note: POLICY,
  },
  DELEGATION_EXPIRY_REMINDER: {
    id: 'DELEGATION_EXPIRY_REMINDER', amount: 30, unit: 'CALENDAR_DAY', onExpiry: 'REMIND', confirmed: false,
    source: { instrument: CF, article: '第20条第2款' }, direction: 'BEFORE_EVENT',
    label: '委托期限届满前提醒（默认提前30日）',
    note: '委托书应当载明委托期限（行政处罚法第20条第2款）；提前提醒以便按原程序续期，提前天数为本局管理要求，可配置，不是法定期限。',
  },
} as const satisfies Record<string, DeadlineRule>;
