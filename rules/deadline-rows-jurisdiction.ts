// 提级管辖 / 指定管辖 (issue 21 item 4). The law lets the superior bureau take up a subordinate's
// case and a subordinate ask it to (安全生产违法行为行政处罚办法 Art 11), and the common superior
// assign a disputed case (行政处罚法 Art 25 ②; the 办法 Art 8 ②), but sets no period for the
// superior to answer a 报请. The row is the bureau's policy, confirmed:false, configurable.
import type { DeadlineRule } from './deadline-types.ts';
import { INSTRUMENT } from './legal-sources.ts';

const { PENALTY_LAW: CF, AB25 } = INSTRUMENT;

export const JURISDICTION_DEADLINES = {
  JURISDICTION_REQUEST_DECISION: {
    id: 'JURISDICTION_REQUEST_DECISION', amount: 7, unit: 'WORKING_DAY', onExpiry: 'ESCALATE', confirmed: false,
    source: { instrument: AB25, article: '第11条第2款' }, related: [{ instrument: CF, article: '第25条第2款' }],
    label: '上级应急管理部门对报请提级管辖作出决定（默认7个工作日）',
    note: '办法第11条第2款只规定下级可以将重大、疑难案件报请上级管辖，未规定上级作出决定的期限；7个工作日为本局管理要求，可配置，不是法定期限。',
  },
} as const satisfies Record<string, DeadlineRule>;
