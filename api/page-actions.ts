/**
 * Where a person does what each JSON API route does (issue 17 item 1). Every route of the route
 * table has an entry; test/unit/route-coverage.test.ts fails on a route without one and checks
 * each entry against the pages themselves:
 *
 * - `form`: a page route (`form`, POST) whose form is in view `on`, and which calls the same
 *   service as the API route (`calls`, found in the page handler or in the module `via`);
 * - `task`: the task form of that kind on /tasks/:id (the same completeTask update the API's
 *   step route sends), for steps a person answers from the work queue;
 * - `actionPage`: a page of api/person-action-pages.ts, which submits through the API route's own
 *   schema and handler;
 * - `shown`: a read whose data the page route `shown` (view `on`) renders;
 * - `machine`: why no person calls it;
 * - `sameAs`: a person does it through another route's page form (`note` says how, and what the page lacks);
 * - `script`: a page (`page`, view `on`) whose script (`js`, in api/public) sends the request to this
 *   API route itself (a resumable upload needs script; the route's schema is the page's check);
 * - `merging`: a page another helper's branch builds for this issue (evidence, records); checked
 *   like `form` once that branch is merged.
 */
export type PageEntry =
  | { form: string; on: string; calls: string; via?: string; action?: string }
  | { task: string }
  | { actionPage: string }
  | { shown: string; on?: string }
  | { machine: string }
  | { sameAs: string; note: string }
  | { script: string; page: string; on: string; js: string }
  | { merging: string; form: string; on: string; calls: string; via?: string };

const CASE_ACTION_FORM = (action: string, calls: string): PageEntry =>
  ({ form: `/cases/:id/actions/${action}`, on: 'partials/case-actions', calls, via: 'api/routes/case-page.ts' });

export const PAGE_ACTIONS: Record<string, PageEntry> = {
  // Machine routes and the public reads
  'GET /api/health': { machine: '负载均衡和监控探测服务是否可用，不是办案操作' },
  'POST /api/login': { machine: '为程序（对接系统、移动端）签发访问令牌；人员在 /login 登录页登录（会话）' },
  'POST /api/logout': { machine: '注销程序持有的访问令牌；人员点页面右上角“退出”（POST /logout 结束会话）' },
  'GET /api/me': { shown: '/tasks', on: 'partials/layout' },
  'POST /api/password': { form: '/password', on: 'password', calls: 'changePassword', via: 'api/routes/pages.ts' },
  'GET /api/roles': { machine: '对接系统读取角色代码表；页面显示角色的中文名称' },
  'POST /api/payments': { machine: '罚缴分离：只有缴款渠道凭渠道令牌确认收款，执法人员不能登记缴款' },
  'GET /api/public/disclosures': { shown: '/public/disclosures', on: 'disclosures' },
  'GET /api/public/catalog': { shown: '/public/enforcement', on: 'enforcement-catalog' },
  'GET /api/public/plans': { shown: '/public/plans', on: 'plans-public' },
  'GET /api/public/plans/:id': { shown: '/public/plans/:id', on: 'plan-public' },
  'GET /api/public/draws/:id': { shown: '/public/draws/:id', on: 'inspection-draw' },
  'GET /api/public/delegations': { shown: '/public/delegations', on: 'delegations-public' },
  'POST /api/tasks/:id/recording-exemption': { actionPage: '/tasks/:id/recording-exemption' },
  'POST /api/tasks/:id/recording-exemption/approve': { actionPage: '/tasks/:id/recording-exemption/approve' },
  'GET /api/public/verify/:id': { script: "'/api/public/verify/' + encodeURIComponent(form.dataset.id)", page: '/verify/:id', on: 'verify', js: 'verify.js' },

  // Tasks and cases
  'GET /api/tasks': { shown: '/tasks', on: 'queue' },
  'GET /api/tasks/:id': { shown: '/tasks/:id', on: 'task' },
  'POST /api/tasks/:id/claim': { form: '/tasks/:id/claim', on: 'task', calls: 'claimTask', via: 'api/routes/pages.ts' },
  'POST /api/tasks/:id/unclaim': { form: '/tasks/:id/unclaim', on: 'task', calls: 'unclaimTask', via: 'api/routes/pages.ts' },
  'POST /api/tasks/:id/complete': { form: '/tasks/:id/complete', on: 'task', calls: 'completeTask' },
  'POST /api/tasks/:id/reassign': { actionPage: '/tasks/:id/reassign' },
  'POST /api/cases': { form: '/cases', on: 'case-new', calls: 'registerCase' },
  'POST /api/cases/summary': { actionPage: '/cases/summary/new' },
  'GET /api/cases': { shown: '/cases', on: 'cases' },
  'GET /api/cases/:id': { shown: '/cases/:id', on: 'case' },
  'GET /api/cases/:id/state': { shown: '/cases/:id', on: 'case' },
  'GET /api/supervision/deadlines': { shown: '/supervision', on: 'supervision' },
  'GET /api/catalog': { shown: '/cases/new', on: 'case-new' },
  'GET /api/enterprises': { shown: '/cases/new', on: 'case-new' },
  'GET /api/documents/:id': { shown: '/documents/:id' },

  // Work queue (saved views and nav counts)
  'GET /api/queue-counts': { shown: '/tasks', on: 'partials/layout' },
  'GET /api/queue-views': { shown: '/tasks', on: 'queue' },
  'GET /api/queue-views/:id': { shown: '/tasks', on: 'queue' },
  'POST /api/queue-views': { form: '/tasks/views', on: 'queue', calls: 'saveQueueView' },
  'PUT /api/queue-views/:id': {
    sameAs: 'POST /api/queue-views',
    note: '在待办页按同一名称再次保存即替换该视图的筛选条件；改名只能删除后另存（页面没有改名表单）',
  },
  'DELETE /api/queue-views/:id': { form: '/tasks/views/:id/delete', on: 'queue', calls: 'deleteQueueView' },

  // Case actions: 中止 is asked with the 委托书 and approved by the head; 恢复 records the result's date
  'POST /api/cases/:id/clock/pause': { form: '/cases/:id/actions/pause', on: 'case', calls: 'requestClockPause' },
  'POST /api/cases/:id/clock/resume': { form: '/cases/:id/actions/resume', on: 'case', calls: 'resumeClock' },
  'POST /api/cases/:id/extension': CASE_ACTION_FORM('extension', 'requestExtension'),
  'POST /api/cases/:id/jurisdiction': { actionPage: '/cases/:id/jurisdiction' },
  'POST /api/cases/:id/jurisdiction-request': { actionPage: '/cases/:id/jurisdiction-request' },
  'POST /api/cases/:id/preservations': CASE_ACTION_FORM('preservation', 'requestPreservation'),
  'POST /api/cases/:id/lawsuits': CASE_ACTION_FORM('lawsuit', 'recordLawsuit'),
  'POST /api/cases/:id/deferral': CASE_ACTION_FORM('deferral', 'applyDeferral'),
  'POST /api/cases/:id/transfer': CASE_ACTION_FORM('transfer', 'flagCaseTransfer'),
  'POST /api/cases/:id/harm': CASE_ACTION_FORM('harm', 'recordHarm'),
  'POST /api/cases/:id/evidence': { script: "'/api/cases/' + encodeURIComponent(caseId) + '/evidence'", page: '/cases/:id/evidence/new', on: 'evidence-new', js: 'evidence-upload.js' },
  // The record form (record-form.hbs) posts to the URL its page route gives it as {{action}}.
  'POST /api/cases/:id/records': { form: '/cases/:id/records', on: 'record-form', calls: 'createRecord', via: 'api/routes/record-pages.ts', action: '{{action}}' },
  'POST /api/cases/:id/records/:recordId': { form: '/cases/:id/records/:recordId', on: 'record-form', calls: 'updateRecord', via: 'api/routes/record-pages.ts', action: '{{action}}' },
  'GET /api/cases/:id/records': { shown: '/cases/:id', on: 'case' },
  'GET /api/cases/:id/records/:recordId': { shown: '/cases/:id/records/:recordId/edit', on: 'record-form' },

  // 移交 (referrals)
  'POST /api/referrals': { actionPage: '/referrals/new' },
  'GET /api/referrals': { shown: '/referrals', on: 'referrals' },
  'GET /api/referrals/suggest': { machine: '接收部门的行业推荐：移交页面不选接收部门时由服务端按行业推荐（同一函数）' },
  'GET /api/referrals/:id': { shown: '/referrals/:id', on: 'referral' },
  'POST /api/referrals/:id/approval': { task: 'REFERRAL_APPROVAL' },
  'POST /api/referrals/:id/sign': { form: '/referrals/:id/sign', on: 'referral', calls: 'referralStep' },
  'POST /api/referrals/:id/refuse': { form: '/referrals/:id/refuse', on: 'referral', calls: 'referralStep' },
  'POST /api/referrals/:id/report': { form: '/referrals/:id/report', on: 'referral', calls: 'referralStep' },
  'POST /api/referrals/:id/ruling': { task: 'REFERRAL_RULING' },
  'POST /api/referrals/:id/acceptance': { task: 'REFERRAL_ACCEPTANCE' },

  // 行政复议
  'POST /api/reconsiderations': { actionPage: '/reconsiderations/new' },
  'GET /api/reconsiderations': { shown: '/reconsiderations', on: 'reconsiderations' },
  'GET /api/reconsiderations/:id': { shown: '/reconsiderations/:id', on: 'reconsideration' },
  'POST /api/reconsiderations/:id/forward': { task: 'RECON_FORWARDING' },
  'POST /api/reconsiderations/:id/review': { form: '/reconsiderations/:id/review', on: 'reconsideration', calls: 'reconsiderationStep' },
  'POST /api/reconsiderations/:id/correction': { task: 'RECON_CORRECTION' },
  'POST /api/reconsiderations/:id/answer': { form: '/reconsiderations/:id/answer', on: 'reconsideration', calls: 'reconsiderationStep' },
  'POST /api/reconsiderations/:id/decision': { form: '/reconsiderations/:id/decision', on: 'reconsideration', calls: 'reconsiderationStep' },
  'POST /api/reconsiderations/:id/litigation': { task: 'RECON_LITIGATION' },
  'POST /api/reconsiderations/:id/lawsuit': { task: 'RECON_LAWSUIT' },
  'POST /api/reconsiderations/:id/redecision': { task: 'RECON_REDECISION' },

  // 行刑衔接
  'GET /api/transfers/categories': { shown: '/transfers/new', on: 'action-form' },
  'POST /api/transfers': { actionPage: '/transfers/new' },
  'GET /api/transfers': { shown: '/transfers', on: 'transfers' },
  'GET /api/transfers/:id': { shown: '/transfers/:id', on: 'transfer' },
  'POST /api/transfers/:id/approval': { task: 'TRANSFER_APPROVAL' },
  'POST /api/transfers/:id/delivery': { task: 'TRANSFER_DELIVERY' },
  'POST /api/transfers/:id/receipt': { form: '/transfers/:id/receipt', on: 'transfer', calls: 'transferStep' },
  // The police page's form offers 立案/不予立案; the task form has all four outcomes (转送, 延长审查).
  'POST /api/transfers/:id/decision': { task: 'TRANSFER_FILING_REVIEW' },
  'POST /api/transfers/:id/reconsideration-request': { task: 'TRANSFER_NOT_FILED_RESPONSE' },
  'POST /api/transfers/:id/reconsideration': { task: 'TRANSFER_RECONSIDERATION' },
  'POST /api/transfers/:id/supervision-request': { task: 'TRANSFER_SUPERVISION_REQUEST' },
  'POST /api/transfers/:id/supervision': { task: 'TRANSFER_PROCURATORATE_SUPERVISION' },
  'POST /api/transfers/:id/materials': { task: 'TRANSFER_MATERIALS_HANDOVER' },
  'POST /api/transfers/:id/result': { form: '/transfers/:id/result', on: 'transfer', calls: 'transferStep' },
  'POST /api/transfers/:id/opinions': { form: '/transfers/:id/opinions', on: 'transfer', calls: 'recordOpinion' },
  'POST /api/transfers/:id/opinion-response': { task: 'TRANSFER_OPINION_RESPONSE' },

  // 检查计划与监督检查
  'POST /api/plans': { form: '/plans', on: 'plans', calls: 'createPlan' },
  'GET /api/plans': { shown: '/plans', on: 'plans' },
  'GET /api/plans/:id': { shown: '/plans/:id', on: 'plan' },
  'POST /api/plans/:id/approval': { form: '/plans/:id/approval', on: 'plan', calls: 'planApproval' },
  // 专项执法 and 交叉执法 (issue 21)
  'POST /api/campaigns': { form: '/campaigns', on: 'campaigns', calls: 'createCampaign' },
  'GET /api/campaigns': { shown: '/campaigns', on: 'campaigns' },
  'GET /api/campaigns/:id': { shown: '/campaigns/:id', on: 'campaign' },
  'POST /api/campaigns/:id/approval': { form: '/campaigns/:id/approval', on: 'campaign', calls: 'campaignApproval' },
  'POST /api/campaigns/:id/inspections': { form: '/campaigns/:id/inspections', on: 'campaign', calls: 'startCampaignInspection' },
  'POST /api/cross-draws': { form: '/cross-inspections', on: 'cross-inspections', calls: 'createCrossDraw' },
  'GET /api/cross-draws/:id': { machine: '对接系统和复核人员按种子重现交叉执法抽取；页面在抽取后显示种子和结果' },
  'GET /api/cross-inspections': { shown: '/cross-inspections', on: 'cross-inspections' },
  'GET /api/cross-findings/:id': { shown: '/cross-inspections', on: 'cross-inspections' },
  'POST /api/cross-findings/:id/handling': { task: 'CROSS_FINDING' },
  'POST /api/cross-findings/:id/closure': { task: 'CROSS_FINDING_CLOSURE' },
  'POST /api/draws': { actionPage: '/inspections/draw/new' },
  'GET /api/inspections': { shown: '/inspections', on: 'inspections' },
  'GET /api/inspections/:id': { shown: '/inspections/:id', on: 'inspection' },
  'POST /api/inspections/:id/record': { form: '/inspections/:id/record', on: 'inspection-record', calls: 'recordOnSite' },
  'POST /api/inspections': { form: '/inspections', on: 'inspections', calls: 'startInspection' },
  'POST /api/inspections/:id/joint-signature': { form: '/inspections/:id/joint-signature', on: 'inspection', calls: 'signJointRecord' },
  'POST /api/inspections/:id/extension-request': { actionPage: '/inspections/:id/extension-request' },
  'POST /api/inspections/:id/extension-answer': { task: 'RECTIFICATION_EXTENSION' },
  'POST /api/inspections/:id/reinspection-request': { actionPage: '/inspections/:id/reinspection-request' },
  'POST /api/inspections/:id/reinspection': { task: 'REINSPECTION' },
  'POST /api/inspections/:id/resumption': { task: 'SUSPENSION_REVIEW' },
  'GET /api/enterprises/:id/credit': { shown: '/enterprises/:id', on: 'inspection-enterprise' },
  'POST /api/enterprises/:id/credit': { actionPage: '/enterprises/:id/credit' },
  'GET /api/conflicts': { shown: '/conflicts', on: 'action-form' },
  'POST /api/conflicts': { actionPage: '/conflicts' },

  // 委托执法
  'POST /api/delegations': { form: '/delegations/new', on: 'delegation-new', calls: 'draftDelegation' },
  'GET /api/delegations': { shown: '/delegations', on: 'delegations' },
  'GET /api/delegations/:id': { shown: '/delegations/:id', on: 'delegation' },
  'POST /api/delegations/:id/review': { task: 'DELEGATION_LEGAL_REVIEW' },
  'POST /api/delegations/:id/sign': { task: 'DELEGATION_SIGNATURE' },
  'POST /api/delegations/:id/revoke': { form: '/delegations/:id/revoke', on: 'delegation', calls: 'revokeDelegation' },
  'POST /api/delegations/:id/renew': { actionPage: '/delegations/:id/renew' },
  'POST /api/delegated-matters': { actionPage: '/delegated-matters/new' },
  'GET /api/delegated-matters': { shown: '/delegations', on: 'delegations' },
  'GET /api/delegated-matters/:id': { shown: '/delegated-matters/:id', on: 'delegated-matter' },
  'POST /api/delegated-matters/:id/summary': { form: '/delegated-matters/:id/summary', on: 'delegated-matter', calls: 'decideMatter' },
  'POST /api/delegated-matters/:id/close': { form: '/delegated-matters/:id/close', on: 'delegated-matter', calls: 'closeMatter' },
  'POST /api/delegated-matters/:id/recall': { form: '/delegated-matters/:id/recall', on: 'delegated-matter', calls: 'recallMatter' },

  // 监督
  'GET /api/dashboard': { shown: '/dashboard', on: 'dashboard' },
  'GET /api/dashboard/cases': { shown: '/dashboard/cases', on: 'dashboard-cases' },
  'GET /api/dashboard/export': { shown: '/dashboard', on: 'dashboard' },
  'GET /api/workforce': { shown: '/workforce', on: 'workforce' },
  'GET /api/workforce/trainings': { shown: '/workforce', on: 'workforce' },
  'POST /api/workforce/trainings': { form: '/workforce/trainings', on: 'workforce', calls: 'recordTraining' },
  'GET /api/audit/verify': { shown: '/audit/verify', on: 'audit-verify' },
  'POST /api/case-reviews/cycle': { form: '/case-reviews/cycle', on: 'case-reviews', calls: 'startReviewCycle' },
  'GET /api/case-reviews/cycle': { shown: '/case-reviews', on: 'case-reviews' },
  'GET /api/case-reviews': { shown: '/case-reviews', on: 'case-reviews' },
  'GET /api/case-reviews/report': { shown: '/case-reviews/report', on: 'case-review-report' },
  'GET /api/case-reviews/draws/:id': { shown: '/case-reviews/:id', on: 'case-review' },
  'GET /api/case-reviews/:id': { shown: '/case-reviews/:id', on: 'case-review' },
  'POST /api/case-reviews/:id/review': { form: '/case-reviews/:id/review', on: 'case-review', calls: 'caseReviewStep' },
  'POST /api/case-reviews/:id/correction': { form: '/case-reviews/:id/correction', on: 'case-review', calls: 'caseReviewStep' },
  'POST /api/interference-records': { form: '/interference', on: 'interference-new', calls: 'recordInterference' },
  'GET /api/interference-records': { shown: '/interference', on: 'interference-list' },
  'GET /api/interference-records/:id': { shown: '/interference', on: 'interference-list' },
  'GET /api/escalations': { shown: '/escalations', on: 'escalations' },

  // 节假日安排
  'POST /api/admin/holiday-years': { form: '/admin/calendar', on: 'admin-calendar', calls: 'loadHolidayYear' },
  'GET /api/admin/holiday-years': { shown: '/admin/calendar', on: 'admin-calendar' },
  // 事件推送 (issue 24)
  'POST /api/admin/webhooks': { form: '/admin/webhooks', on: 'admin-webhooks', calls: 'createSubscription' },
  'GET /api/admin/webhooks': { shown: '/admin/webhooks', on: 'admin-webhooks' },
  'GET /api/admin/webhooks/:id/deliveries': { shown: '/admin/webhooks/:id', on: 'admin-webhook' },
  'POST /api/admin/webhook-deliveries/:id/redeliver': { form: '/admin/webhooks/:id/deliveries/:deliveryId/redeliver', on: 'admin-webhook', calls: 'redeliver' },
  'GET /api/events': { machine: '对接系统按序拉取本机关的事件（与事件推送相同的事件），不是人员操作' },
  'GET /api/admin/holiday-years/:year/recompute': { machine: '运维和载入脚本查看后台重算批次的进度；管理页面载入后只说明正在后台重算，各任务的期限在待办和案件页面上更新' },

  // 接入系统 (issue 24)
  'POST /oauth/token': { machine: '部门、公安机关、检察院的业务系统以客户端凭据换取访问令牌（OAuth 2.0）；人员在 /login 登录' },
  'GET /api/admin/api-clients': { shown: '/admin/api-clients', on: 'admin-api-clients' },
  'POST /api/admin/api-clients': { form: '/admin/api-clients', on: 'admin-api-clients', calls: 'registerApiClient', via: 'api/routes/api-clients.ts' },
  'POST /api/admin/api-clients/:id/rotate': { form: '/admin/api-clients/:id/rotate', on: 'admin-api-clients', calls: 'rotateApiClientSecret', via: 'api/routes/api-clients.ts' },
  'POST /api/admin/api-clients/:id/revoke': { form: '/admin/api-clients/:id/revoke', on: 'admin-api-clients', calls: 'revokeApiClient', via: 'api/routes/api-clients.ts' },
};
