import { z } from 'zod';
import { comment, outcome, day } from './fields.ts';

// 行政执法证 renewal reminder (issue 8, workforce): a task for the officer's bureau head before
// the certificate lapses. RENEWED records the new certificate; NOTED closes the reminder with
// what was arranged (换证培训、考试).

export const WORKFORCE_FORMS = {
  CERTIFICATE_RENEWAL: {
    label: '行政执法证到期提醒', requiresCertificate: false,
    outcomes: {
      RENEWED: outcome('已换发新证（登记新证）', () => z.object({
          number: z.string({ error: '请填写新证编号' }).trim().min(4, '请填写新证编号').max(64).describe('新证编号'),
          issuer: z.string({ error: '请填写发证机关' }).trim().min(2, '请填写发证机关').max(100).describe('发证机关'),
          validFrom: day('有效期起'),
          validUntil: day('有效期至'),
        }).strict().refine((d) => d.validFrom < d.validUntil, { message: '有效期至须晚于有效期起', path: ['validUntil'] })),
      NOTED: outcome('已知悉（已安排换证培训或考试）', () => z.object({ comment }).strict()),
    },
  },
} as const;
