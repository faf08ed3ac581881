import { z } from 'zod';
import { comment, outcome, reason, text } from './fields.ts';

// The forms of the delegation workflow (委托乡镇（街道）执法, issue 4), one per human task kind.
// County steps (法制审核, 签发, 评查, 督办, 接办) are tasks of the county bureau; the township's
// steps (办理委托事项, 整改) are tasks of the township for TOWNSHIP_OFFICER. Rules that need the
// delegation's state (in force, in scope) are checked by workflows/delegation.ts.
export const DELEGATION_FORMS = {
  DELEGATION_LEGAL_REVIEW: {
    label: '委托执法法制审核', requiresCertificate: false,
    outcomes: {
      APPROVE: outcome('审核通过', () => z.object({ comment }).strict()),
      REJECT: outcome('审核不通过', () => z.object({ reason }).strict()),
    },
  },
  DELEGATION_SIGNATURE: {
    label: '签发委托书', requiresCertificate: true,
    outcomes: {
      SIGN: outcome('签发', () => z.object({ comment }).strict()),
      REJECT: outcome('不予签发', () => z.object({ reason }).strict()),
    },
  },
  DELEGATION_EXPIRY_NOTICE: {
    label: '委托期限即将届满', requiresCertificate: false,
    outcomes: { NOTED: outcome('已知悉（需续期的请另行起草续期）', () => z.object({ comment }).strict()) },
  },
  DELEGATED_MATTER: {
    label: '办理委托事项', requiresCertificate: true,
    outcomes: {
      NO_VIOLATION: outcome('经核查未发现违法行为，办结', () => z.object({ finding: text('核查情况') }).strict()),
      RETURN: outcome('超出委托范围或需按普通程序，报请县局办理', () => z.object({ reason }).strict()),
    },
  },
  DELEGATED_MATTER_OVERDUE: {
    label: '委托事项逾期督办', requiresCertificate: false,
    outcomes: { NOTED: outcome('已督办', () => z.object({ comment: text('督办意见') }).strict()) },
  },
  DELEGATED_MATTER_COUNTY: {
    label: '县局接办委托事项', requiresCertificate: true,
    outcomes: { TAKEN_OVER: outcome('已接办', () => z.object({ comment }).strict()) },
  },
  DELEGATION_SAMPLE_REVIEW: {
    label: '委托事项抽查评查', requiresCertificate: true,
    outcomes: {
      PASS: outcome('评查合格', () => z.object({ comment }).strict()),
      FAIL: outcome('评查不合格，责令整改', () => z.object({ reason }).strict()),
    },
  },
  DELEGATION_CORRECTION: {
    label: '整改评查不合格的委托事项', requiresCertificate: true,
    outcomes: { CORRECTED: outcome('已整改', () => z.object({ action: text('整改情况') }).strict()) },
  },
} as const;
