// 安全生产信用 (issue 9): how long a credit record counts. The reform plan asks for a 不良记录
// "黑名单" and good records but names no period; 应急管理部令第11号 keeps a 严重失信主体 on its list
// for three years (article not verified). For an ordinary 不良记录 and a good record no national
// period was found: one year is this bureau's policy. All three are confirmed:false and
// configurable through DEADLINE_OVERRIDES.
import type { DeadlineRule } from './deadline-types.ts';
import { INSTRUMENT } from './legal-sources.ts';

const XY23 = { instrument: INSTRUMENT.SAFETY_CREDIT_LIST_MEASURES, article: '条号未核实' };
const NO_PERIOD = '未见国家规定的期限，按1年管理（本局管理要求，可配置，不是法定期限）。';

export const CREDIT_DEADLINES = {
  CREDIT_BAD_RECORD: {
    id: 'CREDIT_BAD_RECORD', amount: 12, unit: 'MONTH', onExpiry: 'LAPSE', confirmed: false, source: XY23,
    label: '不良记录的有效期（默认1年）', note: NO_PERIOD,
  },
  CREDIT_BLACKLIST: {
    id: 'CREDIT_BLACKLIST', amount: 36, unit: 'MONTH', onExpiry: 'LAPSE', confirmed: false, source: XY23,
    label: '严重失信主体名单（黑名单）管理期限（3年）', note: '参照应急管理部令第11号的3年管理期限；条文号未核实，可配置。',
  },
  CREDIT_GOOD_RECORD: {
    id: 'CREDIT_GOOD_RECORD', amount: 12, unit: 'MONTH', onExpiry: 'LAPSE', confirmed: false, source: XY23,
    label: '良好记录的展示期（默认1年）', note: NO_PERIOD,
  },
} as const satisfies Record<string, DeadlineRule>;
