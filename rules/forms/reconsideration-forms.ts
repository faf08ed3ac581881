import { z } from 'zod';
import { comment, outcome, fen, penaltyTypes, reason, text, when } from './fields.ts';

// The forms of 行政复议 (issue 7), one per human task kind. The organ's steps are tasks of the
// 复议机关 for RECON_CLERK (its 司法局 staff hold no 执法证); the respondent's steps are tasks of
// the bureau. Rules that need the application's state (answer period, allowed outcomes, no
// evidence collected after the decision) are checked by workflows/reconsideration.ts.

const reasoning = text('决定理由');
export const answerEvidence = z.object({
  description: z.string({ error: '请填写证据名称' }).trim().min(1, '请填写证据名称').max(500),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '证据哈希须为 SHA-256'),
  collectedAt: when('收集时间'),
  fileName: z.string().trim().max(200).optional(),
  mimeType: z.string().max(100).optional(),
  size: z.number().int().min(0).optional(),
}).strict();

export const RECONSIDERATION_FORMS = {
  RECON_FORWARDING: {
    label: '转送行政复议申请', requiresCertificate: false,
    outcomes: { FORWARD: outcome('转送复议机关', () => z.object({ comment }).strict()) },
  },
  RECON_ACCEPTANCE: {
    label: '行政复议受理审查', requiresCertificate: false,
    outcomes: {
      ACCEPT: outcome('受理', () => z.object({ allAgree: z.boolean().default(false).describe('当事各方同意适用简易程序'), comment }).strict()),
      REFUSE: outcome('不予受理', () => z.object({ reason }).strict()),
      REQUEST_CORRECTION: outcome('通知补正', () => z.object({ items: text('需要补正的事项') }).strict()),
    },
  },
  RECON_CORRECTION: {
    label: '登记补正材料', requiresCertificate: false,
    outcomes: { SUPPLIED: outcome('申请人已补正', () => z.object({ summary: text('补正材料') }).strict()) },
  },
  RECON_ANSWER: {
    label: '行政复议答复', requiresCertificate: false,
    outcomes: {
      ANSWER: outcome('提交答复及证据', () => z.object({
        answer: text('答复意见'), evidence: z.array(answerEvidence).max(50).default([]).describe('证据'),
      }).strict()),
    },
  },
  RECON_DECISION: {
    label: '行政复议决定', requiresCertificate: false,
    outcomes: {
      UPHOLD: outcome('维持', () => z.object({ reasoning }).strict()),
      REVOKE: outcome('撤销', () => z.object({ reasoning, reDecide: z.boolean().default(false).describe('责令重新作出行政行为') }).strict()),
      CHANGE: outcome('变更', () => z.object({ reasoning, penaltyTypes, fineFen: fen('变更后的罚款金额') }).strict()),
      DECLARE_UNLAWFUL: outcome('确认违法', () => z.object({ reasoning }).strict()),
      DISMISS: outcome('驳回复议申请', () => z.object({ reasoning }).strict()),
      EXTEND: outcome('延长审理期限（30日）', () => z.object({ reason, approvedBy: text('批准的复议机构负责人') }).strict()),
      SCHEDULE_HEARING: outcome('安排听证', () => z.object({ hearingAt: z.iso.datetime({ offset: true, error: '请填写听证时间' }).describe('听证时间'), place: text('听证地点') }).strict()),
      RECORD_HEARING: outcome('登记听证情况', () => z.object({
        headAttended: z.boolean({ error: '请说明被申请人负责人是否参加听证' }).describe('被申请人负责人参加听证'), summary: text('听证情况'),
      }).strict()),
      SUSPEND_EXECUTION: outcome('决定停止执行', () => z.object({ reason }).strict()),
    },
  },
  RECON_REDECISION: {
    label: '重新作出行政行为', requiresCertificate: true,
    outcomes: { REDECIDED: outcome('已重新作出决定', () => z.object({ summary: text('重新作出的决定'), caseId: z.string().max(128).optional().describe('新立案件') }).strict()) },
  },
  RECON_LITIGATION: {
    label: '登记行政诉讼（起诉期限内）', requiresCertificate: false,
    outcomes: { SUED: outcome('当事人已起诉', () => z.object({ court: text('受理法院'), filedAt: when('起诉日期'), comment }).strict()) },
  },
  RECON_LAWSUIT: {
    label: '登记行政诉讼结果及负责人出庭应诉', requiresCertificate: false,
    outcomes: {
      JUDGED: outcome('已判决（裁定）', () => z.object({
        result: z.enum(['UPHELD', 'REVOKED', 'CHANGED', 'OTHER'], { error: '请选择裁判结果' }).describe('裁判结果'),
        headAppeared: z.boolean({ error: '请说明负责人是否出庭应诉' }).describe('负责人出庭应诉'),
        appearedBy: z.string().trim().max(200).optional().describe('出庭人员'), summary: text('裁判要旨'),
        changedFineFen: fen('改判后的罚款金额').optional(),
      }).strict()),
      WITHDRAWN: outcome('原告撤诉', () => z.object({ headAppeared: z.boolean().default(false), summary: text('撤诉情况') }).strict()),
    },
  },
} as const;
