import { z } from 'zod';
import { comment, outcome, fen, penaltyTypes, reason, text, when } from './fields.ts';

// The forms of the general procedure (普通程序), one per human task kind. Rules that need
// the case's own state (two officers, review passed, range of the catalog item) are
// checked by the workflow; rules that need the calendar are checked by the API.
const proposal = {
  findings: text('调查结论（违法事实）', 5),
  penaltyTypes,
  fineFen: fen('罚款金额'),
  circumstances: z.array(z.string().max(64)).max(20).default([]).describe('裁量情节'),
  departureReason: z.string().trim().max(2000).optional().describe('偏离裁量基准的理由'),
  complex: z.boolean().default(false).describe('案情疑难复杂、涉及多个法律关系'),
  majorPublicInterest: z.boolean().default(false).describe('涉及重大公共利益或重大社会影响'),
  officerIds: z.array(z.string().max(128)).min(2, '调查取证须由两名以上执法人员进行').max(10).describe('办案执法人员'),
};

export const CASE_FORMS = {
  INVESTIGATION: {
    label: '调查取证与处罚建议', requiresCertificate: true,
    outcomes: {
      PROPOSE: outcome('提出处罚建议', () => z.object(proposal).strict()),
      NO_PENALTY: outcome('建议不予处罚', () => z.object({
        findings: proposal.findings, reason, circumstances: proposal.circumstances, officerIds: proposal.officerIds,
      }).strict()),
    },
  },
  PRESERVATION_APPROVAL: {
    label: '先行登记保存审批', requiresCertificate: true,
    outcomes: {
      APPROVE: outcome('批准', () => z.object({ comment }).strict()),
      REJECT: outcome('不批准（立即解除）', () => z.object({ reason }).strict()),
    },
  },
  PRESERVATION_DISPOSAL: {
    label: '先行登记保存物品处理决定', requiresCertificate: true,
    outcomes: {
      RELEASE: outcome('解除先行登记保存', () => z.object({ comment }).strict()),
      TEST: outcome('送检验、检测、鉴定', () => z.object({ institution: text('检验机构') }).strict()),
      SEIZE: outcome('依法查封、扣押', () => z.object({ comment }).strict()),
      CONFISCATE: outcome('依法没收', () => z.object({ comment }).strict()),
    },
  },
  LEGAL_REVIEW: {
    label: '法制审核', requiresCertificate: false,
    outcomes: {
      PASS: outcome('审核通过', () => z.object({ opinion: text('审核意见') }).strict()),
      RETURN: outcome('退回补充调查', () => z.object({ reason }).strict()),
    },
  },
  COLLECTIVE_DISCUSSION: {
    label: '集体讨论', requiresCertificate: true,
    outcomes: {
      AGREE: outcome('同意处罚建议', () => z.object({ attendees: text('参加人员'), minutes: text('讨论记录') }).strict()),
      CHANGE: outcome('变更处罚', () => z.object({
        attendees: text('参加人员'), minutes: text('讨论记录'), penaltyTypes, fineFen: fen('罚款金额'), reason,
      }).strict()),
      NO_PENALTY: outcome('不予处罚', () => z.object({ attendees: text('参加人员'), minutes: text('讨论记录'), reason }).strict()),
    },
  },
  NOTICE_SERVICE: {
    label: '送达行政处罚告知书', requiresCertificate: true,
    outcomes: { SERVED: outcome('已送达', () => z.object({ servedAt: when('送达时间'), method: text('送达方式') }).strict()) },
  },
  PARTY_RESPONSE: {
    label: '当事人陈述申辩、听证申请', requiresCertificate: true,
    outcomes: {
      STATEMENT: outcome('当事人提出陈述申辩', () => z.object({ content: text('陈述申辩内容') }).strict()),
      HEARING_REQUEST: outcome('当事人申请听证', () => z.object({ requestedAt: when('申请时间') }).strict()),
      WAIVED: outcome('当事人明确放弃', () => z.object({ comment }).strict()),
    },
  },
  STATEMENT_REVIEW: {
    label: '陈述申辩复核', requiresCertificate: true,
    outcomes: {
      MAINTAIN: outcome('理由不成立，维持', () => z.object({ reasoning: text('复核意见') }).strict()),
      ADOPT: outcome('采纳，调整处罚', () => z.object({ reasoning: text('复核意见'), penaltyTypes, fineFen: fen('调整后罚款金额') }).strict()),
    },
  },
  HEARING_SCHEDULE: {
    label: '安排听证', requiresCertificate: true,
    outcomes: { SCHEDULED: outcome('确定听证时间', () => z.object({ hearingAt: when('听证时间'), place: text('听证地点'), presidingOfficer: text('听证主持人') }).strict()) },
  },
  HEARING: {
    label: '举行听证', requiresCertificate: true,
    outcomes: {
      HELD: outcome('已举行', () => z.object({ record: text('听证笔录要点'), opinion: text('听证意见') }).strict()),
      POSTPONED: outcome('延期举行（仅一次）', () => z.object({ hearingAt: when('新的听证时间'), reason }).strict()),
      NO_SHOW: outcome('当事人无正当理由未到场或中途退出', () => z.object({ comment }).strict()),
    },
  },
  DECISION: {
    label: '作出处罚决定', requiresCertificate: true,
    outcomes: {
      DECIDE: outcome('决定给予行政处罚', () => z.object({ penaltyTypes, fineFen: fen('罚款金额'), reasoning: text('决定理由') }).strict()),
      NO_PENALTY: outcome('决定不予行政处罚', () => z.object({ reason }).strict()),
    },
  },
  EXTENSION_APPROVAL: {
    label: '办案期限延长审批', requiresCertificate: true,
    outcomes: {
      APPROVE: outcome('批准延长', () => z.object({ comment }).strict()),
      REJECT: outcome('不批准', () => z.object({ reason }).strict()),
    },
  },
  // 检测、检验、检疫、鉴定 time is not counted in the decision limit (AB25 Art 53 ②): whether a
  // pause stands is the head's decision, as is every change of the limit (AB25 Art 53 ①).
  CLOCK_PAUSE_APPROVAL: {
    label: '检测、检验、检疫、鉴定期间中止办案期限审批', requiresCertificate: true,
    outcomes: {
      APPROVE: outcome('批准中止', () => z.object({ comment }).strict()),
      REJECT: outcome('不批准', () => z.object({ reason }).strict()),
    },
  },
  DECISION_SERVICE: {
    label: '送达行政处罚决定书', requiresCertificate: true,
    outcomes: {
      SERVED: outcome('已送达', () => z.object({
        servedAt: when('送达时间'),
        method: z.enum(['DIRECT', 'LEFT', 'MAIL', 'ELECTRONIC', 'ENTRUSTED']).describe('送达方式'),
        addressConfirmed: z.boolean().default(false).describe('当事人已签署送达地址确认书（电子送达必需）'),
      }).strict()),
      PUBLIC_NOTICE: outcome('公告送达', () => z.object({ publishedAt: when('公告日期'), medium: text('公告载体') }).strict()),
    },
  },
  DEFERRAL_APPROVAL: {
    label: '延期（分期）缴纳罚款审批', requiresCertificate: true,
    outcomes: {
      APPROVE: outcome('批准', () => z.object({ comment }).strict()),
      REJECT: outcome('不批准', () => z.object({ reason }).strict()),
    },
  },
  REMINDER_SERVICE: {
    label: '送达催告书', requiresCertificate: true,
    outcomes: { SERVED: outcome('已送达', () => z.object({ servedAt: when('送达时间') }).strict()) },
  },
  COURT_APPLICATION: {
    label: '申请人民法院强制执行', requiresCertificate: true,
    outcomes: {
      FILED: outcome('已提交申请', () => z.object({ court: text('受理法院'), filedAt: when('申请日期') }).strict()),
    },
  },
  COURT_ACCEPTANCE: {
    label: '法院受理情况', requiresCertificate: true,
    outcomes: {
      ACCEPTED: outcome('法院已受理', () => z.object({ acceptedAt: when('受理日期') }).strict()),
      REFUSED: outcome('法院不予受理/不准予执行', () => z.object({ reason }).strict()),
    },
  },
  HIGHER_FILING: {
    label: '重大行政处罚备案', requiresCertificate: true,
    outcomes: { FILED: outcome('已报送备案', () => z.object({ filedAt: when('报送日期'), comment }).strict()) },
  },
  CLOSING: {
    label: '结案审批', requiresCertificate: true,
    outcomes: { APPROVE: outcome('批准结案', () => z.object({ summary: text('结案意见') }).strict()) },
  },
  DECISION_OVERDUE: {
    label: '办案期限届满处置', requiresCertificate: true,
    outcomes: { ACKNOWLEDGED: outcome('已知悉并督办', () => z.object({ comment: text('督办意见') }).strict()) },
  },
  SUMMARY_FILING: {
    label: '当场处罚备案', requiresCertificate: true,
    outcomes: { FILED: outcome('予以备案', () => z.object({ comment }).strict()) },
  },
} as const;
