// The one place where a code the read model stores gets the Chinese words a person reads
// (issue 17: words, not codes). Pages and services take their labels from here; the label maps
// that belong to a rule (roles, credit, checklists, review items) live beside the rule and are
// re-exported here so that a page imports labels from one module.
import { CERTIFICATE_STATUS_LABELS } from '../rules/workforce.ts';
import { CREDIT_KIND_LABELS } from '../rules/credit.ts';
import { CATEGORY_LABELS } from '../rules/inspection-checklists.ts';
import { OUTCOME_LABELS as RECONSIDERATION_OUTCOME_LABELS } from '../rules/reconsideration-rules.ts';
import { REVIEW_ITEM_LABELS } from '../rules/case-review.ts';
import { ROLE_LABELS } from '../rules/roles.ts';
import { taskForm } from '../rules/task-forms.ts';
import { CASE_SOURCE_LABELS, labelOf, PENALTY_STATUTE_LABELS, SERVICE_METHOD_LABELS, type Labels } from '../documents/labels.ts';

export { CATEGORY_LABELS, CERTIFICATE_STATUS_LABELS, CREDIT_KIND_LABELS, RECONSIDERATION_OUTCOME_LABELS, REVIEW_ITEM_LABELS, ROLE_LABELS };
export { CASE_SOURCE_LABELS, labelOf, PENALTY_STATUTE_LABELS, SERVICE_METHOD_LABELS };

/** A person's roles as one phrase: 执法人员（承办人）、法制审核人员. */
export const rolesText = (roles: readonly string[]): string => roles.map((r) => labelOf(ROLE_LABELS, r)).join('、');

/** 案件阶段 (the case workflow's stage). */
export const STAGE_LABELS: Labels = {
  FILING: '立案审批', NOT_FILED: '不予立案', INVESTIGATION: '调查取证', NOTICE: '告知', HEARING: '听证',
  LEGAL_REVIEW: '法制审核', DISCUSSION: '集体讨论', DECISION: '待决定', DECIDED: '已决定', SERVICE: '送达',
  EXECUTION: '执行', ENFORCEMENT: '强制执行', CLOSING: '结案审批', CLOSED: '已结案', ARCHIVED: '已归档',
};

export const CASE_PROCEDURE_LABELS: Labels = { GENERAL: '普通程序', SUMMARY: '简易程序' };
export const PARTY_KIND_LABELS: Labels = { ORG: '生产经营单位', PERSON: '个人' };

/** 行政处罚种类 as the pages abbreviate them (行政处罚法 第九条). */
export const PENALTY_LABELS: Labels = { WARNING: '警告', FINE: '罚款', CONFISCATION: '没收', SUSPENSION: '责令停产停业', REVOCATION: '暂扣或吊销许可证件', CLOSURE: '责令关闭' };

/** 安全风险等级 (红橙黄蓝四级: 重大、较大、一般、低). */
export const RISK_LEVEL_LABELS: Labels = { MAJOR: '重大风险', HIGH: '较大风险', MEDIUM: '一般风险', LOW: '低风险' };

/** 监督检查 and 检查计划. */
export const INSPECTION_STATUS_LABELS: Labels = {
  NOTIFIED: '已通知，待现场检查', RECORDED: '已检查', RECTIFYING: '整改中', REINSPECTION: '待复查', CLOSED: '已办结',
  AWAITING_APPROVAL: '待局长审批', REJECTED: '未批准', PUBLISHED: '已公布，执行中', COMPLETED: '已全部下达',
};
export const INSPECTION_RESULT_LABELS: Labels = { NO_ISSUE: '未发现问题', RECTIFIED: '已整改', CASE_OPENED: '逾期未整改，已立案', REFERRED: '已移交有关部门', CASE_FAILED: '立案失败，待处理', HANDED_OVER: '交叉执法：问题已移交属地县级应急管理部门处理', NOT_APPROVED: '超出检查频次，未获批准' };
export const INSPECTION_KIND_LABELS: Labels = { KEY: '重点企业检查', RANDOM: '双随机抽查', AD_HOC: '监督检查', COMPLAINT: '投诉举报核查' };
/** How an enterprise was visited (issue 21): the enterprise page's list of every org's visits. */
export const VISIT_KIND_LABELS: Labels = { PLAN: '计划检查', JOINT: '联合检查', COMPLAINT: '投诉举报核查', CAMPAIGN: '专项执法', AD_HOC: '临时检查' };
export const HAZARD_STATUS_LABELS: Labels = { OPEN: '待整改', RECTIFIED: '已整改', NOT_CORRECTED: '逾期未整改', REFERRED: '已移交有关部门' };

/** 委托乡镇执法. */
export const DELEGATION_STATUS_LABELS: Labels = {
  AWAITING_REVIEW: '待法制审核', AWAITING_SIGNATURE: '待签发', REJECTED: '未批准', SIGNED: '已签发，待生效', IN_FORCE: '生效中', EXPIRED: '已期满', REVOKED: '已撤销',
  OPEN: '办理中', CLOSED: '已办结', RECALLED: '已收回县局', RETURNED: '已退回县局',
};
export const DELEGATED_OUTCOME_LABELS: Labels = { PENALTY: '当场处罚', NO_VIOLATION: '未发现违法', RETURN: '报请县局' };

/** 移交有关部门. */
export const REFERRAL_STATUS_LABELS: Labels = {
  DRAFT: '草稿', AWAITING_APPROVAL: '待审批', SENT: '待签收', SIGNED: '已签收，办理中', REFUSED: '已退回，待市局裁定',
  RESULT_REPORTED: '已反馈，待验收', CLOSED: '已办结', REJECTED: '未批准',
};

/** 案卷抽查. */
export const CASE_REVIEW_STATUS_LABELS: Labels = { AWAITING_REVIEW: '待评查', PASSED: '合格', CORRECTING: '不合格，整改中', CORRECTED: '已整改' };

/** 行政复议. */
export const RECONSIDERATION_STATUS_LABELS: Labels = {
  FORWARDING: '待执法机关转送', REVIEW: '受理审查中', CORRECTION: '待申请人补正', REFUSED: '不予受理', WITHDRAWN: '视为放弃申请',
  ANSWER: '已受理，待被申请人答复', DECISION: '审理中', DECIDED: '已决定', LITIGATION: '已决定，起诉期限内', CLOSED: '已终结',
};

/** Periods in the 事前公开 list. */
export const PERIOD_UNIT_LABELS: Labels = { CALENDAR_DAY: '日', WORKING_DAY: '个工作日', HOUR: '小时', MONTH: '个月' };

export const STATUS_LABELS: Record<string, string> = {
  OPEN: '待办', COMPLETED: '已办结', EXPIRED: '已逾期（按法定效果处理）', CANCELLED: '已撤销',
  REJECTED: '不予立案', CLOSED: '已结案', ARCHIVED: '已归档',
  DRAFT: '草稿', AWAITING_APPROVAL: '待审批', SENT: '已移交待签收', SIGNED: '已签收', REFUSED: '已退回', RESULT_REPORTED: '已反馈结果',
};

export const ACTION_LABELS: Record<string, string> = {
  // 接入系统 (issue 24)
  'api_client.registered': '登记接入系统', 'api_client.secret_rotated': '轮换接入系统密钥', 'api_client.revoked': '停用接入系统',
  // 抽查 / 评议考核, 干预留痕 (issue 8)
  'case_review.drawn': '案卷抽查：随机抽取', 'case_review.scored': '案卷评查', 'case_review.corrected': '评查问题整改', 'interference.recorded': '记录干预情况',
  // 执法队伍 (issue 8)
  'training.recorded': '登记培训', 'certificate.renewed': '登记换发的行政执法证', 'certificate.renewal_refused': '换证登记被拒（证号重复）',
  'case.registered': '登记案件线索', 'case.filed': '立案', 'case.rejected': '不予立案', 'case.investigation_started': '开始调查取证',
  'case.notice_prepared': '制作告知书', 'notice.waived_by_silence': '当事人逾期未陈述申辩，视为放弃', 'hearing.requested': '当事人申请听证',
  'hearing.held': '举行听证', 'hearing.waived': '当事人放弃听证', 'case.legal_review_started': '提交法制审核', 'case.discussion_started': '提交集体讨论',
  'case.decision_pending': '待作出决定', 'case.decided': '作出行政处罚决定', 'case.not_penalised': '决定不予行政处罚', 'case.service_pending': '待送达',
  'case.served': '决定书已送达', 'case.payment_due': '进入缴款期', 'case.overdue_unpaid': '逾期未缴纳罚款', 'case.closing': '提交结案审批',
  'case.closed': '结案', 'case.archived': '归档', 'case.decided_on_the_spot': '当场作出行政处罚决定',
  // 提级管辖 / 指定管辖 (issue 21)
  'case.jurisdiction_moved': '提级管辖（指定管辖）：案件移至新的办案单位', 'case.jurisdiction_handed_over': '案件移交上级（或指定的）单位管辖',
  'case.jurisdiction_requested': '报请上级提级管辖', 'case.jurisdiction_request_refused': '上级不同意提级管辖',
  'clock.paused': '办案期限中止', 'clock.pause_held': '办案期限因移送继续中止', 'clock.resumed': '办案期限恢复计算', 'clock.due_computed': '计算办案期限',
  'clock.pause_requested': '申请因检测、检验、检疫、鉴定中止办案期限', 'clock.pause_refused': '负责人不批准中止办案期限',
  'clock.pause_not_applied': '中止申请获批时期限已中止或已作出决定，未再中止',
  'task.opened': '生成待办', 'task.claimed': '认领', 'task.unclaimed': '退回认领', 'task.reassigned': '改派', 'task.completed': '办结',
  'task.expired': '期限届满', 'task.cancelled': '撤销待办', 'task.escalated': '超期升级督办', 'task.due_recomputed': '重新计算期限',
  // 逾期升级 (issue 8)
  'task.near_due': '临期预警', 'task.taken_over': '督办人接手办理', 'escalation.resolved': '升级督办处理完毕',
  'document.issued': '制发文书', 'disclosure.published': '公示', 'disclosure.withdrawn': '撤回公示', 'payment.confirmed': '收到缴款确认',
  'preservation.released': '解除先行登记保存', 'evidence.added': '收集证据', 'evidence.downloaded': '下载证据文件', 'evidence.viewed': '查看证据文件（播放）', 'evidence.moved': '证据文件迁入对象存储', 'evidence.move_verified': '核验迁移后的证据文件', 'evidence.exported': '导出证据文件', 'case.evidence_exported': '导出本案证据（ZIP，含清单和保管链）', 'recording.exemption_requested': '提交未录制说明', 'recording.exemption_approved': '批准未录制说明',
  // 询问笔录 / 现场检查记录 (issue 17)
  'record.draft_saved': '保存记录草稿（未编号）',
  // 行刑衔接 (issue 5)
  'transfer.reported': '专案组提交移送报告', 'transfer.report_issued': '制作移送报告', 'transfer.step_due': '计算环节期限', 'transfer.step_done': '环节办结',
  'transfer.refused': '负责人不批准移送', 'transfer.approved': '负责人批准移送', 'transfer.delivered': '移送公安机关（抄送检察院）',
  'transfer.overdue': '环节逾期，升级督办', 'transfer.delivery_failed': '逾期未移送（记录在案）', 'transfer.lapsed': '期限届满未提出',
  'transfer.received': '公安机关签收', 'transfer.forwarded': '公安机关转送有管辖权的机关（已通知移送机关）', 'transfer.review_extended': '公安机关延长审查期限',
  'transfer.filed': '公安机关立案（已通知移送机关，抄送检察院）', 'transfer.not_filed': '公安机关不予立案（已通知移送机关，抄送检察院）',
  'transfer.reconsideration_requested': '提请复议', 'transfer.reconsideration_maintained': '复议维持不予立案',
  'transfer.supervision_requested': '建议检察院立案监督', 'transfer.supervision_answered': '检察院立案监督答复',
  'transfer.materials_handed_over': '移交涉案物品及材料', 'transfer.returned': '移回行政处理', 'transfer.concluded': '刑事处理终结',
  'transfer.back_to_administrative': '不予立案，依法作行政处理', 'transfer.procurator_opinion': '检察院提出检察意见', 'transfer.opinion_reported': '报告检察意见办理情况',
  'transfer.offset_recorded': '记录已缴罚款（折抵）', 'transfer.flagged': '涉嫌犯罪，启动移送', 'transfer.suggested': '达到立案追诉标准，提示审查是否移送',
  'transfer.suggestion_dismissed': '负责人决定不移送（记录理由）', 'transfer.suggestion_confirmed': '负责人确认移送',
  'transfer.case_held': '案件已移送立案，中止办案期限', 'transfer.case_released': '移送程序结束，恢复行政处罚程序',
  'transfer.criminal_concluded': '刑事处理终结', 'case.harm_recorded': '登记危害后果',
  // 行政复议 (issue 7)
  'reconsideration.filed': '登记行政复议申请', 'reconsideration.forwarded': '转送行政复议申请', 'reconsideration.review_opened': '受理审查',
  'reconsideration.refused': '不予受理行政复议申请', 'reconsideration.correction_requested': '通知补正', 'reconsideration.withdrawn': '逾期未补正，视为放弃申请',
  'reconsideration.accepted': '受理行政复议申请，发送申请书副本', 'reconsideration.answered': '被申请人提交答复及证据', 'reconsideration.answer_missed': '被申请人逾期未答复，视为没有证据',
  'reconsideration.extended': '延长复议审理期限', 'reconsideration.hearing_scheduled': '安排复议听证', 'reconsideration.hearing_held': '举行复议听证',
  'reconsideration.execution_suspended': '决定停止执行', 'reconsideration.overdue': '复议机关逾期未作决定', 'reconsideration.decided': '作出行政复议决定',
  'reconsideration.redecided': '按复议决定重新作出行政行为', 'reconsideration.litigation_window_closed': '起诉期限届满未起诉',
  'reconsideration.lawsuit_recorded': '登记行政诉讼', 'reconsideration.lawsuit_judged': '登记诉讼结果及负责人出庭应诉', 'reconsideration.evidence_stored': '保存答复证据',
  'case.reconsideration_pending': '行政复议期间（加处罚款不计算）', 'case.reconsideration_ended': '行政复议程序终结（未作复议决定）',
  'case.execution_suspended': '复议机关决定停止执行', 'case.reconsideration_decided': '收到行政复议决定', 'case.lawsuit_recorded': '当事人提起行政诉讼，暂停申请强制执行',
  'case.litigation_window_closed': '起诉期限届满', 'case.lawsuit_judged': '行政诉讼结果', 'case.reopened_by_reconsideration': '按行政复议决定处理已结案件',
  // 监督检查 (issue 9)
  'inspection.created': '下达检查任务', 'inspection.notified': '制发检查通知书', 'inspection.recorded': '现场检查记录', 'inspection.referred': '隐患移交有关部门',
  'inspection.suspended': '责令暂时停产停业', 'inspection.resumed': '复产审查同意恢复生产', 'inspection.rectification_ordered': '责令限期整改',
  'inspection.extension_requested': '企业申请延期整改', 'inspection.extension_granted': '准予延期整改', 'inspection.extension_refused': '不予延期整改',
  'inspection.reinspection_requested': '企业申请复查', 'inspection.reinspection_due': '计算复查期限', 'inspection.reinspected': '整改复查',
  'inspection.case_opened': '逾期未整改，立案查处', 'inspection.case_failed': '立案失败', 'inspection.closed': '检查办结', 'inspection.drawn': '双随机抽取',
  'inspection.over_limit_approved': '负责人批准超出检查频次的检查', 'inspection.over_limit_refused': '超出检查频次的检查未获批准',
  'inspection.joint_signed': '联合检查参加单位签署现场检查记录', 'inspection.joint_unsigned': '联合检查参加单位逾期未签署', 'inspection.counted_for_plan': '联合检查计入参加单位的计划检查',
  'plan.check_covered_by_joint': '该项计划检查已由联合检查完成，不再重复检查',
  'plan.drafted': '起草检查计划', 'plan.rejected': '计划未获批准', 'plan.published': '批准并公布检查计划', 'plan.all_started': '计划检查已全部下达',
  'credit.recorded': '记录信用信息', 'conflict.recorded': '登记回避关系',
  'payment.refund_requested': '通过缴款渠道退款',
};

export const TRANSFER_STATUS_LABELS: Readonly<Record<string, string>> = {
  AWAITING_APPROVAL: '待负责人审批', REFUSED: '不批准移送', APPROVED: '已批准，待移送', DELIVERED: '已移送，待公安机关签收',
  RECEIVED: '公安机关审查中', FILED: '已立案', NOT_FILED: '不予立案', RECONSIDERATION: '提请复议中', SUPERVISION: '检察院立案监督中',
  RETURNED: '已移回行政处理', CONCLUDED: '刑事处理终结',
};

/** Who wrote an audit event, and what it is about (全过程记录). */
export const ACTOR_KIND_LABELS: Labels = { USER: '用户', SYSTEM: '系统', WORKFLOW: '系统（办案流程）' };
export const SUBJECT_TYPE_LABELS: Labels = {
  Case: '案件', CaseReview: '案卷评查', CaseReviewDraw: '案卷抽查抽取', ConflictOfInterest: '回避关系', DelegatedMatter: '委托办理事项',
  Delegation: '行政执法委托', Document: '文书', Enterprise: '生产经营单位', Escalation: '升级督办', Evidence: '证据', HolidayYear: '节假日安排',
  Inspection: '监督检查', InspectionDraw: '双随机抽取', InspectionPlan: '检查计划', InterferenceRecord: '干预记录', Reconsideration: '行政复议',
  Referral: '移交事项', Task: '待办环节', Transfer: '移送案件', User: '用户',
};

/** A step's name from its kind (rules/task-forms.ts names every kind). */
export const taskKindLabel = (kind: string | null | undefined): string => (kind ? taskForm(kind)?.label ?? kind : '');

// 询问笔录 / 现场检查记录 (issue 17, records).
export const RECORD_KIND_LABELS: Readonly<Record<string, string>> = { INTERVIEW_RECORD: '询问笔录', INSPECTION_RECORD: '现场检查记录' };
export const ID_TYPE_LABELS: Readonly<Record<string, string>> = {
  RESIDENT_ID: '居民身份证', PASSPORT: '护照', HK_MACAO_PERMIT: '港澳居民来往内地通行证', TAIWAN_PERMIT: '台湾居民来往大陆通行证', OTHER: '其他证件',
};
export const SEX_LABELS: Readonly<Record<string, string>> = { MALE: '男', FEMALE: '女' };
export const RELATION_LABELS: Readonly<Record<string, string>> = {
  PARTY: '当事人', LEGAL_REPRESENTATIVE: '法定代表人', PERSON_IN_CHARGE: '主要负责人', EMPLOYEE: '从业人员（员工）', WITNESS: '证人', OTHER: '其他',
};
/** 证据种类 (行政处罚法 Art 46 lists 书证、物证、视听资料、电子数据、证人证言…; rules/evidence.ts). */
export const EVIDENCE_KIND_LABELS: Readonly<Record<string, string>> = {
  PHOTO: '照片', AUDIO: '录音', VIDEO: '录像（视听资料）', DOCUMENT: '书证（文件扫描件）', PHYSICAL: '物证', TESTIMONY: '证人证言', OTHER: '其他',
};

/** The procedures of the work queue's filter (issue 17; rules/task-forms.ts PROCEDURE_KINDS). */
export const PROCEDURE_LABELS: Readonly<Record<string, string>> = {
  CASE: '行政处罚', INSPECTION: '监督检查', REFERRAL: '移交', TRANSFER: '行刑衔接', RECONSIDERATION: '行政复议',
  DELEGATION: '委托执法', ESCALATION: '逾期升级督办', CASE_REVIEW: '案卷抽查评查', WORKFORCE: '执法队伍',
  CAMPAIGN: '专项执法', CROSS: '交叉执法',
};

/** The work queue's sort orders and due windows (issue 17). */
export const QUEUE_SORT_LABELS: Readonly<Record<string, string>> = {
  due: '按期限（最紧在前）', registered: '按登记时间（最早在前）', registered_desc: '按登记时间（最新在前）',
};
export const QUEUE_DUE_LABELS: Readonly<Record<string, string>> = {
  today: '今日到期', '3d': '3日内到期', '7d': '7日内到期', custom: '自定日期',
};

/** The label sets by name, for the pages' {{enumLabel "set" code}}. */
export const LABEL_SETS = {
  stage: STAGE_LABELS, caseProcedure: CASE_PROCEDURE_LABELS, procedure: PROCEDURE_LABELS, source: CASE_SOURCE_LABELS, partyKind: PARTY_KIND_LABELS, penalty: PENALTY_LABELS,
  risk: RISK_LEVEL_LABELS, status: STATUS_LABELS, action: ACTION_LABELS, transferStatus: TRANSFER_STATUS_LABELS,
  inspectionStatus: INSPECTION_STATUS_LABELS, inspectionResult: INSPECTION_RESULT_LABELS, inspectionKind: INSPECTION_KIND_LABELS, hazardStatus: HAZARD_STATUS_LABELS,
  delegationStatus: DELEGATION_STATUS_LABELS, delegatedOutcome: DELEGATED_OUTCOME_LABELS, referralStatus: REFERRAL_STATUS_LABELS,
  caseReviewStatus: CASE_REVIEW_STATUS_LABELS, reconsiderationStatus: RECONSIDERATION_STATUS_LABELS, reconsiderationOutcome: RECONSIDERATION_OUTCOME_LABELS as Labels,
  role: ROLE_LABELS as Labels, certificateStatus: CERTIFICATE_STATUS_LABELS as Labels, creditKind: CREDIT_KIND_LABELS as Labels,
  actorKind: ACTOR_KIND_LABELS, subjectType: SUBJECT_TYPE_LABELS,
  category: CATEGORY_LABELS as Labels, reviewItem: REVIEW_ITEM_LABELS as Labels, serviceMethod: SERVICE_METHOD_LABELS, periodUnit: PERIOD_UNIT_LABELS,
  queueSort: QUEUE_SORT_LABELS, queueDue: QUEUE_DUE_LABELS,
  recordKind: RECORD_KIND_LABELS, idType: ID_TYPE_LABELS, sex: SEX_LABELS, relation: RELATION_LABELS, evidenceKind: EVIDENCE_KIND_LABELS,
} as const satisfies Record<string, Labels>;

/** 专项执法 (issue 21 item 1). */
export const CAMPAIGN_STATUS_LABELS: Labels = { AWAITING_APPROVAL: '待审批', REJECTED: '未批准', RUNNING: '实施中', COMPLETED: '已结束' };
/** 交叉执法 (issue 21 item 2). */
export const CROSS_FINDING_STATUS_LABELS: Labels = { OPEN: '待属地处理', CLOSE_REQUESTED: '不予立案待市局审核', CASE_OPENED: '已立案', CLOSED: '已办结' };
