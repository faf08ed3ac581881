// 逾期升级督办 (issue 8): the task that an overdue step raises for the next level of the
// ladder. Its outcome acts on the overdue step (workflows/human-task.ts checks each against
// the step's own state before anything is recorded).
import { z } from 'zod';
import { comment, outcome, reason, text } from './fields.ts';

const assignee = z.array(z.string().min(1).max(128), { error: '请选择改派的执法人员' })
  .length(1, '请选择一名执法人员').describe('改派给');

export const ESCALATION_FORMS = {
  ESCALATION: {
    label: '逾期升级督办',
    // Supervising is not an act towards the party; acting on the step itself (taking it over,
    // approving an extension) is checked against the step's own form.
    requiresCertificate: false,
    outcomes: {
      REASSIGN: outcome('改派给其他执法人员', () => z.object({ officerIds: assignee, comment }).strict()),
      EXTEND: outcome('依法批准延长期限', () => z.object({ reason }).strict()),
      TAKE_OVER: outcome('由本人接手办理', () => z.object({ comment }).strict()),
      COMMENT: outcome('提出督办意见', () => z.object({ comment: text('督办意见') }).strict()),
    },
  },
} as const;
