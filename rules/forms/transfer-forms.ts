import { z } from 'zod';
import { CRIME_CATEGORY_IDS } from '../criminal-thresholds.ts';
import { comment, outcome, reason, text, when } from './fields.ts';

// The forms of a criminal transfer (行刑衔接, issue 5), one per human task kind. Rules that need
// the transfer's own state (forward only before a decision, one extension of each kind) are
// checked by workflows/transfer.ts; who may act (the receiving PSB, the same-level
// procuratorate) by the task's org and roles.

const category = z.enum(CRIME_CATEGORY_IDS as [string, ...string[]], { error: '请选择涉嫌罪名' }).describe('涉嫌罪名');
const officerIds = z.array(z.string().max(128)).min(2, '移送报告须由专案组两名以上执法人员作出').max(10).describe('专案组执法人员');

export const TRANSFER_FORMS = {
  TRANSFER_SUGGESTION: {
    label: '疑似涉嫌犯罪：是否移送', requiresCertificate: true,
    outcomes: {
      CONFIRM: outcome('确认涉嫌犯罪，启动移送', () => z.object({ category, facts: text('涉嫌犯罪的事实'), report: text('移送报告'), officerIds }).strict()),
      DISMISS: outcome('不移送（须说明理由）', () => z.object({ reason }).strict()),
    },
  },
  TRANSFER_APPROVAL: {
    label: '批准移送审批', requiresCertificate: true,
    outcomes: {
      APPROVE: outcome('批准移送', () => z.object({ comment }).strict()),
      REFUSE: outcome('不批准移送（记录理由）', () => z.object({ reason }).strict()),
    },
  },
  TRANSFER_DELIVERY: {
    label: '向公安机关移送', requiresCertificate: true,
    outcomes: {
      DELIVERED: outcome('已移送', () => z.object({
        investigationReport: text('涉嫌犯罪案件调查报告'), seizedItems: z.string().trim().max(10_000).default('无').describe('涉案物品清单'),
        appraisals: z.string().trim().max(10_000).default('无').describe('检验报告或者鉴定结论'), other: z.string().trim().max(10_000).optional().describe('其他有关材料'),
      }).strict()),
    },
  },
  TRANSFER_RECEIPT: {
    label: '签收移送案件', requiresCertificate: false,
    outcomes: { SIGN: outcome('签收（回执）', () => z.object({ comment }).strict()) },
  },
  TRANSFER_FILING_REVIEW: {
    label: '审查是否立案', requiresCertificate: false,
    outcomes: {
      FILE: outcome('立案', () => z.object({ decidedAt: when('作出立案决定的时间').optional(), comment }).strict()),
      NOT_FILE: outcome('不予立案（说明理由）', () => z.object({ decidedAt: when('作出不予立案决定的时间').optional(), reason }).strict()),
      FORWARD: outcome('转送有管辖权的机关', () => z.object({ toOrgId: z.string({ error: '请选择有管辖权的公安机关' }).min(1).max(128).describe('有管辖权的公安机关'), reason }).strict()),
      EXTEND: outcome('延长审查期限', () => z.object({ extension: z.enum(['VERIFICATION', 'MAJOR'], { error: '请选择延长情形' }).describe('延长情形'), reason }).strict()),
    },
  },
  TRANSFER_NOT_FILED_RESPONSE: {
    label: '不予立案：是否提请复议', requiresCertificate: true,
    outcomes: {
      RECONSIDER: outcome('提请公安机关复议', () => z.object({ reason }).strict()),
      ACCEPT: outcome('不提请复议，依法作行政处理', () => z.object({ comment }).strict()),
    },
  },
  TRANSFER_RECONSIDERATION: {
    label: '复议不予立案决定', requiresCertificate: false,
    outcomes: {
      FILE: outcome('撤销原决定，立案', () => z.object({ comment }).strict()),
      MAINTAIN: outcome('维持不予立案', () => z.object({ reason }).strict()),
    },
  },
  TRANSFER_SUPERVISION_REQUEST: {
    label: '复议维持：是否建议检察院立案监督', requiresCertificate: true,
    outcomes: {
      REQUEST: outcome('建议人民检察院立案监督', () => z.object({ reason }).strict()),
      ACCEPT: outcome('不再建议，依法作行政处理', () => z.object({ comment }).strict()),
    },
  },
  TRANSFER_PROCURATORATE_SUPERVISION: {
    label: '立案监督', requiresCertificate: false,
    outcomes: {
      FILING_REQUIRED: outcome('通知公安机关立案', () => z.object({ opinion: text('监督意见') }).strict()),
      NOT_REQUIRED: outcome('不予立案理由成立', () => z.object({ opinion: text('监督意见') }).strict()),
    },
  },
  TRANSFER_MATERIALS_HANDOVER: {
    label: '移交涉案物品及材料', requiresCertificate: true,
    outcomes: { HANDED_OVER: outcome('已移交', () => z.object({ items: text('移交的涉案物品及材料'), comment }).strict()) },
  },
  TRANSFER_CRIMINAL_RESULT: {
    label: '刑事处理结果', requiresCertificate: false,
    outcomes: {
      RETURNED: outcome('不需追究刑事责任，移回行政处理', () => z.object({ reason }).strict()),
      CONCLUDED: outcome('刑事处理终结', () => z.object({ result: text('处理结果'), courtFine: z.boolean().default(false).describe('人民法院已判处罚金') }).strict()),
    },
  },
  TRANSFER_OVERDUE: {
    label: '移送环节逾期督办', requiresCertificate: false,
    outcomes: { NOTED: outcome('已督办', () => z.object({ comment: text('督办意见') }).strict()) },
  },
  TRANSFER_OPINION_RESPONSE: {
    label: '检察意见办理情况', requiresCertificate: true,
    outcomes: { REPORTED: outcome('报告办理情况', () => z.object({ action: text('办理情况') }).strict()) },
  },
} as const;
