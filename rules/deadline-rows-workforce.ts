// 执法队伍 (issue 8, workforce). The law requires a valid 行政执法证 to act (行政处罚法 Art 42;
// the Yuxi reform plan: 没有取得执法资格证的不得从事执法活动) but sets no lead time for reminding
// anyone that a certificate is about to lapse. The row is the bureau's policy, confirmed:false
// and configurable through DEADLINE_OVERRIDES.
import type { DeadlineRule } from './deadline-types.ts';
import { INSTRUMENT } from './legal-sources.ts';

export const WORKFORCE_DEADLINES = {
  CERTIFICATE_EXPIRY_REMINDER: {
    id: 'CERTIFICATE_EXPIRY_REMINDER', amount: 60, unit: 'CALENDAR_DAY', onExpiry: 'REMIND', confirmed: false,
    source: { instrument: INSTRUMENT.PENALTY_LAW, article: '第42条第1款' }, direction: 'BEFORE_EVENT',
    label: '行政执法证到期前提醒（默认提前60日）',
    note: '执法人员应当具有行政执法资格（行政处罚法第42条）；换证需参加培训和考试，提前提醒以免证件失效后不能执法。提前天数为本局管理要求，可配置，不是法定期限。',
  },
} as const satisfies Record<string, DeadlineRule>;
