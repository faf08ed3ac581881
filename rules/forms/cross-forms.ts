// 交叉执法 (issue 21 item 2): the competent county's handling of a cross inspection's findings, and
// the city's ruling on a closure without a case.
import { z } from 'zod';
import { comment, outcome, reason } from './fields.ts';

export const CROSS_FORMS = {
  CROSS_FINDING: {
    label: '交叉执法检查发现问题的处理', requiresCertificate: true,
    outcomes: {
      OPEN_CASE: outcome('立案查处', () => z.object({ catalogItemId: z.string({ error: '请选择执法事项' }).min(1, '请选择执法事项').max(64).describe('执法事项') }).strict()),
      CLOSE: outcome('不予立案，报市局同意后办结', () => z.object({ reason }).strict()),
    },
  },
  CROSS_FINDING_CLOSURE: {
    label: '交叉执法问题不予立案的审核', requiresCertificate: false,
    outcomes: {
      ACCEPT: outcome('同意办结', () => z.object({ comment }).strict()),
      REFUSE: outcome('不同意，退回依法处理', () => z.object({ reason }).strict()),
    },
  },
} as const;
