// Chinese labels for the codes the read model stores; pages never show a raw code.
export const STATUS_LABELS: Record<string, string> = {
  OPEN: '待办', COMPLETED: '已办结', EXPIRED: '已逾期（按法定效果处理）', CANCELLED: '已撤销',
  REJECTED: '不予立案', CLOSED: '已结案', ARCHIVED: '已归档',
  DRAFT: '草稿', AWAITING_APPROVAL: '待审批', SENT: '已移交待签收', SIGNED: '已签收', REFUSED: '已退回', RESULT_REPORTED: '已反馈结果',
};

export const ACTION_LABELS: Record<string, string> = {
  'case.registered': '登记案件线索', 'case.filed': '立案', 'case.rejected': '不予立案', 'case.investigation_started': '开始调查取证',
  'case.notice_prepared': '制作告知书', 'notice.waived_by_silence': '当事人逾期未陈述申辩，视为放弃', 'hearing.requested': '当事人申请听证',
  'hearing.held': '举行听证', 'hearing.waived': '当事人放弃听证', 'case.legal_review_started': '提交法制审核', 'case.discussion_started': '提交集体讨论',
  'case.decision_pending': '待作出决定', 'case.decided': '作出行政处罚决定', 'case.not_penalised': '决定不予行政处罚', 'case.service_pending': '待送达',
  'case.served': '决定书已送达', 'case.payment_due': '进入缴款期', 'case.overdue_unpaid': '逾期未缴纳罚款', 'case.closing': '提交结案审批',
  'case.closed': '结案', 'case.archived': '归档', 'case.decided_on_the_spot': '当场作出行政处罚决定',
  'clock.paused': '办案期限中止（检测、检验、鉴定）', 'clock.resumed': '办案期限恢复计算', 'clock.due_computed': '计算办案期限',
  'task.opened': '生成待办', 'task.claimed': '认领', 'task.unclaimed': '退回认领', 'task.reassigned': '改派', 'task.completed': '办结',
  'task.expired': '期限届满', 'task.cancelled': '撤销待办', 'task.escalated': '超期升级督办', 'task.due_recomputed': '重新计算期限',
  'document.issued': '制发文书', 'disclosure.published': '公示', 'disclosure.withdrawn': '撤回公示', 'payment.confirmed': '收到缴款确认',
  'preservation.released': '解除先行登记保存', 'evidence.added': '收集证据',
};
