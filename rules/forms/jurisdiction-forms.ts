// 报请提级管辖 (issue 21 item 4): a county asks the city to take its case up (安全生产违法行为
// 行政处罚办法 Art 11 ②); the city decides. Taking it up moves the running case to the city.
import { z } from 'zod';
import { comment, outcome, reason } from './fields.ts';

export const JURISDICTION_FORMS = {
  JURISDICTION_REQUEST: {
    label: '报请提级管辖审批',
    // Deciding who handles a case is the organ's enforcement act: its officers hold a certificate.
    requiresCertificate: true,
    outcomes: {
      TAKE_UP: outcome('同意，由本局提级管辖', () => z.object({ comment }).strict()),
      REFUSE: outcome('不同意，由原单位继续办理', () => z.object({ reason }).strict()),
    },
  },
} as const;
