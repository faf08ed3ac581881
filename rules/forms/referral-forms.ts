import { z } from 'zod';
import { comment, outcome, reason, text } from './fields.ts';

// The forms of a referral to another department (移交有关部门, issue 6), one per human task kind.
// The department's steps (签收、退回、反馈) are tasks of the department's org for DEPT_RECEIVER;
// rules that need the referral's own state (one send-back, no refusal after a ruling) are
// checked by workflows/referral.ts, rules that need the database (target is a department,
// attachment bytes) by api/services/referrals.ts.

/** An attachment as the workflow sees it: the API stores the bytes and passes the hash. */
export const referralAttachment = z.object({
  fileName: z.string().trim().min(1).max(200),
  mimeType: z.string().max(100),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '附件哈希须为 SHA-256'),
}).strict();
const attachments = z.array(referralAttachment).max(10).default([]).describe('附件');

export const REFERRAL_FORMS = {
  REFERRAL_APPROVAL: {
    label: '移交审批', requiresCertificate: true,
    outcomes: {
      APPROVE: outcome('同意移交', () => z.object({ comment }).strict()),
      REJECT: outcome('不同意移交', () => z.object({ reason }).strict()),
    },
  },
  REFERRAL_SIGN: {
    label: '签收移交事项', requiresCertificate: false,
    outcomes: {
      SIGN: outcome('签收', () => z.object({ comment }).strict()),
      REFUSE: outcome('退回（不属本部门职责）', () => z.object({ reason }).strict()),
    },
  },
  REFERRAL_RESULT: {
    label: '反馈办理结果', requiresCertificate: false,
    outcomes: {
      PROGRESS: outcome('报告阶段性进展', () => z.object({ action: text('办理进展'), attachments }).strict()),
      FINAL: outcome('反馈办理结果', () => z.object({ action: text('采取的措施及处理结果'), attachments }).strict()),
    },
  },
  REFERRAL_RULING: {
    label: '移交退回裁定', requiresCertificate: true,
    outcomes: {
      REDIRECT: outcome('改送其他部门', () => z.object({ toOrgId: z.string({ error: '请选择接收部门' }).min(1, '请选择接收部门').max(128).describe('改送部门'), reason }).strict()),
      MUST_ACCEPT: outcome('裁定原部门接收', () => z.object({ reason }).strict()),
    },
  },
  REFERRAL_SUPERVISION: {
    label: '移交事项逾期督办', requiresCertificate: false,
    outcomes: { NOTED: outcome('已督办', () => z.object({ comment: text('督办意见') }).strict()) },
  },
  REFERRAL_COORDINATION: {
    label: '移交事项协调（安委办）', requiresCertificate: false,
    outcomes: { NOTED: outcome('已协调', () => z.object({ comment: text('协调意见') }).strict()) },
  },
  REFERRAL_ACCEPTANCE: {
    label: '移交办理结果验收', requiresCertificate: true,
    outcomes: {
      ACCEPT: outcome('认可办理结果，办结', () => z.object({ comment }).strict()),
      SEND_BACK: outcome('退回补充办理（限一次）', () => z.object({ reason }).strict()),
    },
  },
} as const;
