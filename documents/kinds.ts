// 执法文书 registry. Pure (no Node built-ins): workflows import DocumentKind from here.
//
// `series` is the word in the document number, `${Org.shortName}${series}〔${year}〕${n}号`
// (e.g. 红塔应急罚〔2026〕12号), and also the Counter / Document series key, so numbers run
// per org, series and year (DESIGN §6). Every series must be distinct: Document.number is
// unique across the table. '立' is taken by the case number (activities/cases.ts, Counter
// series 'FILING'), hence '立审' for the 立案审批表 itself.
//
// To add a kind (委托书 '委托', 移送书 '移送', 移交函 '移交' are next): add an entry here and a
// template of the same name in documents/templates/; test/unit/documents.test.ts renders every
// entry, so a missing template fails there.

export const DOCUMENT_KINDS = {
  FILING_APPROVAL_FORM: { title: '立案审批表', series: '立审', template: 'filing-approval-form.hbs' },
  INSPECTION_RECORD: { title: '现场检查记录', series: '检记', template: 'inspection-record.hbs' },
  INTERVIEW_RECORD: { title: '询问笔录', series: '询', template: 'interview-record.hbs' },
  PRESERVATION_NOTICE: { title: '先行登记保存证据通知书', series: '先保', template: 'preservation-notice.hbs' },
  CASE_REVIEW_FORM: { title: '案件处理呈批表', series: '呈批', template: 'case-review-form.hbs' },
  LEGAL_REVIEW_OPINION: { title: '法制审核意见书', series: '法审', template: 'legal-review-opinion.hbs' },
  COLLECTIVE_DISCUSSION_RECORD: { title: '集体讨论记录', series: '集议', template: 'collective-discussion-record.hbs' },
  PENALTY_NOTICE: { title: '行政处罚告知书', series: '告', template: 'penalty-notice.hbs' },
  HEARING_RIGHTS_NOTICE: { title: '听证告知书', series: '听告', template: 'hearing-rights-notice.hbs' },
  HEARING_NOTICE: { title: '听证通知书', series: '听通', template: 'hearing-notice.hbs' },
  HEARING_RECORD: { title: '听证笔录', series: '听录', template: 'hearing-record.hbs' },
  PENALTY_DECISION: { title: '行政处罚决定书', series: '罚', template: 'penalty-decision.hbs' },
  NO_PENALTY_DECISION: { title: '不予行政处罚决定书', series: '不罚', template: 'no-penalty-decision.hbs' },
  // 当场处罚 (CF 51-52) has its own pre-numbered book of forms, hence its own series.
  SUMMARY_DECISION: { title: '当场行政处罚决定书', series: '简罚', template: 'summary-decision.hbs' },
  // AB25 Art 53 ②: the party is told in writing that the testing time is not counted.
  TESTING_PERIOD_NOTICE: { title: '检测检验鉴定期间告知书', series: '检告', template: 'testing-period-notice.hbs' },
  SERVICE_RECEIPT: { title: '送达回证', series: '送达', template: 'service-receipt.hbs' },
  REMINDER: { title: '催告书', series: '催告', template: 'reminder.hbs' },
  ENFORCEMENT_APPLICATION: { title: '强制执行申请书', series: '强执', template: 'enforcement-application.hbs' },
  CLOSING_FORM: { title: '结案审批表', series: '结案', template: 'closing-form.hbs' },
  REFERRAL_LETTER: { title: '安全生产违法行为（事故隐患）移交函', series: '移交', template: 'referral-letter.hbs' },
  // 委托书 (CF 20 ②): issued by the delegating county bureau, published on the disclosure page.
  DELEGATION_LETTER: { title: '行政执法委托书', series: '委托', template: 'delegation-letter.hbs' },
  // 行政复议 (issue 7): issued by the 复议机关 in its own name and numbering (行政复议法 2023 Art 30-31, 48, 51, 62, 64).
  RECON_ACCEPTANCE_NOTICE: { title: '行政复议受理通知书', series: '复受', template: 'reconsideration-acceptance.hbs' },
  RECON_REFUSAL: { title: '不予受理行政复议申请决定书', series: '复不受', template: 'reconsideration-refusal.hbs' },
  RECON_CORRECTION_NOTICE: { title: '行政复议申请补正通知书', series: '复补', template: 'reconsideration-correction.hbs' },
  RECON_ANSWER_NOTICE: { title: '提出答复通知书', series: '复答', template: 'reconsideration-answer-notice.hbs' },
  RECON_HEARING_NOTICE: { title: '行政复议听证通知书', series: '复听', template: 'reconsideration-hearing-notice.hbs' },
  RECON_EXTENSION_NOTICE: { title: '行政复议延期审理通知书', series: '复延', template: 'reconsideration-extension.hbs' },
  RECON_DECISION: { title: '行政复议决定书', series: '复决', template: 'reconsideration-decision.hbs' },
  // 行刑衔接 (issue 5): 310号令 Art 5-6, 9; 应急〔2019〕54号 Art 7-8.
  TRANSFER_REPORT: { title: '涉嫌犯罪案件移送报告', series: '移报', template: 'transfer-report.hbs' },
  TRANSFER_APPROVAL_FORM: { title: '涉嫌犯罪案件移送审批表', series: '移审', template: 'transfer-approval-form.hbs' },
  CRIMINAL_TRANSFER_LETTER: { title: '涉嫌犯罪案件移送书', series: '移送', template: 'criminal-transfer-letter.hbs' },
  CRIMINAL_TRANSFER_COPY: { title: '涉嫌犯罪案件移送书（抄送件）', series: '移抄', template: 'criminal-transfer-copy.hbs' },
  TRANSFER_RECONSIDERATION_REQUEST: { title: '提请复议书', series: '提复', template: 'transfer-reconsideration-request.hbs' },
  TRANSFER_SUPERVISION_REQUEST: { title: '立案监督建议书', series: '监建', template: 'transfer-supervision-request.hbs' },
  // 监督检查 (issue 9): AB25 Art 5 (检查通知), 21-22 (现场处理措施), 27 (责令限期整改、复查).
  INSPECTION_NOTICE: { title: '行政检查通知书', series: '检通', template: 'inspection-notice.hbs' },
  RECTIFICATION_ORDER: { title: '责令限期整改指令书', series: '责改', template: 'rectification-order.hbs' },
  RECTIFICATION_EXTENSION_ANSWER: { title: '延期整改答复书', series: '延改', template: 'rectification-extension.hbs' },
  REINSPECTION_OPINION: { title: '整改复查意见书', series: '复查', template: 'reinspection-opinion.hbs' },
  SUSPENSION_ORDER: { title: '责令暂时停产停业决定书', series: '停产', template: 'suspension-order.hbs' },
  RESUMPTION_OPINION: { title: '恢复生产经营审查意见书', series: '复产', template: 'resumption-opinion.hbs' },
  // 专项执法 (issue 21): the organising bureau's summary of a campaign, per county.
  CAMPAIGN_SUMMARY: { title: '专项执法工作总结', series: '专项', template: 'campaign-summary.hbs' },
} as const;

export type DocumentKind = keyof typeof DOCUMENT_KINDS;

// What each kind must state before it may issue: documents/content.ts (zod, checked before numbering).

export const isDocumentKind = (k: unknown): k is DocumentKind =>
  typeof k === 'string' && Object.prototype.hasOwnProperty.call(DOCUMENT_KINDS, k);

/** 红塔应急 + 罚 + 2026 + 12 → 红塔应急罚〔2026〕12号 */
export const documentNumber = (orgShortName: string, kind: DocumentKind, year: number, n: number | string): string =>
  `${orgShortName}${DOCUMENT_KINDS[kind].series}〔${year}〕${n}号`;
