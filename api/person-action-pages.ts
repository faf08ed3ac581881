import { CREDIT_KIND_LABELS, CREDIT_KINDS } from '../rules/credit.ts';
import { CRIME_CATEGORY_IDS, crimeTitle } from '../rules/criminal-thresholds.ts';
import { canSeeOrg } from '../store/visibility.ts';
import type { Actor } from '../workflows/messages.ts';
import type { ActionPage, FieldSpec, Option } from './action-pages.ts';
import type { AppDeps } from './deps.ts';
import { RECORDING_EXEMPTION_PAGES } from './recording-exemption-pages.ts';
import { officerChoices } from './routes/pages.ts';
import { readReceiptForm, receiptFormContext } from './summary-receipt-form.ts';

// Actions of officers, heads and partners that had only a JSON route (issue 17 item 1): each gets
// a page whose form goes through that route's schema and handler (api/action-pages.ts).

const id = (r: unknown) => String((r as { id?: unknown; caseId?: unknown }).id ?? (r as { caseId?: unknown }).caseId);

const officers = (deps: AppDeps, me: Actor) => officerChoices(deps, me.orgId);
const catalog = async (deps: AppDeps): Promise<Option[]> =>
  (await deps.prisma.catalogItem.findMany({ where: { coercive: false }, orderBy: { code: 'asc' }, select: { code: true, name: true } }))
    .map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }));
const enterprises = async (deps: AppDeps, me: Actor): Promise<Option[]> =>
  (await deps.prisma.enterprise.findMany({ where: { orgId: me.orgId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }))
    .map((e) => ({ value: e.id, label: e.name }));
const departments = async (deps: AppDeps): Promise<Option[]> =>
  (await deps.prisma.org.findMany({ where: { kind: 'DEPARTMENT' }, orderBy: { name: 'asc' }, select: { id: true, name: true } }))
    .map((o) => ({ value: o.id, label: o.name }));
const townships = async (deps: AppDeps, me: Actor): Promise<Option[]> =>
  (await deps.prisma.org.findMany({ where: { kind: 'TOWNSHIP', parentId: me.orgId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }))
    .map((o) => ({ value: o.id, label: o.name }));
const colleagues = async (deps: AppDeps, me: Actor): Promise<Option[]> =>
  (await deps.prisma.user.findMany({ where: { orgId: me.orgId, active: true }, orderBy: { username: 'asc' }, select: { id: true, displayName: true } }))
    .map((u) => ({ value: u.id, label: u.displayName }));

const PARTY: FieldSpec[] = [
  { name: 'party.kind', label: '当事人类型', kind: 'select', required: true, options: () => [{ value: 'ORG', label: '生产经营单位' }, { value: 'PERSON', label: '个人' }] },
  { name: 'party.name', label: '当事人名称', kind: 'text', required: true },
  { name: 'party.idNumber', label: '统一社会信用代码 / 身份证号', kind: 'text', required: true },
  { name: 'party.address', label: '住所（地址）', kind: 'text' },
];
const HARM: FieldSpec[] = [
  { name: 'harm.deaths', label: '死亡人数', kind: 'number' },
  { name: 'harm.seriousInjuries', label: '重伤人数', kind: 'number' },
  { name: 'harm.directLossFen', label: '直接经济损失（元）', kind: 'money' },
  { name: 'harm.refusedStopOrder', label: '拒不执行因重大事故隐患被责令停产停业等决定', kind: 'checkbox' },
];
const SOURCES: Option[] = [
  { value: 'INSPECTION', label: '监督检查' }, { value: 'COMPLAINT', label: '投诉举报' }, { value: 'REFERRAL', label: '移送' },
  { value: 'ACCIDENT', label: '事故调查' }, { value: 'OTHER', label: '其他' },
];

const countiesBelowMe = async (deps: AppDeps, me: Actor): Promise<Option[]> =>
  (await deps.prisma.org.findMany({ where: { kind: 'COUNTY_BUREAU', parentId: me.orgId }, orderBy: { id: 'asc' }, select: { id: true, name: true } }))
    .map((o) => ({ value: o.id, label: o.name }));

export const PERSON_ACTION_PAGES: ActionPage[] = [
  {
    api: 'POST /api/cases/:id/jurisdiction', path: '/cases/:id/jurisdiction', title: '提级管辖 / 指定管辖',
    intro: '上级应急管理部门可以直接查处下级管辖的案件，也可以将其管辖的案件交由下级管辖（《安全生产违法行为行政处罚办法》第十一条）；管辖争议由共同的上一级指定管辖（《行政处罚法》第二十五条）。已作出处罚决定的案件不再改变管辖。',
    fields: [
      { name: 'kind', label: '管辖决定', kind: 'select', required: true, options: () => [{ value: 'TAKE_UP', label: '提级管辖：由本局办理' }, { value: 'ASSIGN', label: '指定管辖：交由下列县级应急管理部门办理' }] },
      { name: 'toOrgId', label: '指定管辖的单位（仅指定管辖时选择）', kind: 'select', options: countiesBelowMe },
      { name: 'reason', label: '理由', kind: 'textarea', required: true },
    ],
    submit: '作出管辖决定', next: (_r, p) => `/cases/${p.id}`,
  },
  {
    api: 'POST /api/cases/:id/jurisdiction-request', path: '/cases/:id/jurisdiction-request', title: '报请上级提级管辖',
    intro: '重大、疑难案件，可以报请上一级应急管理部门管辖（《安全生产违法行为行政处罚办法》第十一条第二款）；上级决定前本局继续办理。',
    fields: [{ name: 'reason', label: '报请理由', kind: 'textarea', required: true }],
    submit: '报请提级管辖', next: (_r, p) => `/cases/${p.id}`,
  },
  {
    api: 'POST /api/cases/summary', path: '/cases/summary/new', title: '简易程序：当场处罚',
    intro: '违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下罚款或者警告的，可以当场作出行政处罚决定（行政处罚法第五十一条）。',
    fields: [
      ...PARTY,
      { name: 'catalogItemId', label: '执法事项', kind: 'select', required: true, options: catalog },
      { name: 'source', label: '案件来源', kind: 'select', required: true, options: () => SOURCES },
      { name: 'occurredAt', label: '违法行为发生日期', kind: 'date', required: true },
      { name: 'facts', label: '违法事实', kind: 'textarea', required: true },
      { name: 'officerIds', label: '另一名执法人员', kind: 'multiselect', required: true, options: officers },
      { name: 'penalty.penaltyTypes', label: '处罚种类', kind: 'multiselect', required: true, options: () => [{ value: 'WARNING', label: '警告' }, { value: 'FINE', label: '罚款' }] },
      { name: 'penalty.fineFen', label: '罚款金额（元，警告填0）', kind: 'money', required: true },
      { name: 'receipt', label: '当事人签收', kind: 'part', required: true, part: {
        partial: 'summary-receipt', read: readReceiptForm, context: (values, error) => receiptFormContext(values, error), scripts: ['/vendor/signature_pad.js', '/signing.js'],
      } },
    ],
    submit: '当场作出处罚决定', next: (r) => `/cases/${id(r)}`,
    ready: async (deps, r) => !!(await deps.prisma.case.findUnique({ where: { id: id(r) }, select: { id: true } })),
  },
  {
    api: 'POST /api/referrals', path: '/referrals/new', title: '移交有关部门',
    intro: '发现不属于本机关职责的安全隐患，移交有管辖权的部门处理；未选择接收部门的按行业推荐。',
    fields: [
      { name: 'caseId', label: '关联案件（从案件页进入时自动带出）', kind: 'text' },
      { name: 'inspectionRef', label: '检查记录编号', kind: 'text' },
      { name: 'enterpriseId', label: '生产经营单位', kind: 'select', options: enterprises },
      { name: 'hazard', label: '隐患情况', kind: 'textarea', required: true },
      { name: 'location', label: '隐患地点', kind: 'text', required: true },
      { name: 'reason', label: '不属于本机关职责的理由', kind: 'textarea', required: true },
      { name: 'toOrgId', label: '接收部门', kind: 'select', options: departments },
      { name: 'urgent', label: '情况紧急', kind: 'checkbox' },
    ],
    submit: '提交审批', next: (r) => `/referrals/${id(r)}`,
    ready: async (deps, r) => !!(await deps.prisma.referral.findUnique({ where: { id: id(r) }, select: { id: true } })),
  },
  {
    api: 'POST /api/reconsiderations', path: '/reconsiderations/new', title: '登记行政复议申请',
    fields: [
      { name: 'caseId', label: '被申请复议的案件', kind: 'text', required: true, hint: '从案件页进入时自动带出' },
      { name: 'applicant.name', label: '申请人', kind: 'text' },
      { name: 'applicant.phone', label: '联系电话', kind: 'text' },
      { name: 'applicant.address', label: '地址', kind: 'text' },
      { name: 'requests', label: '复议请求', kind: 'textarea', required: true },
      { name: 'grounds', label: '事实和理由', kind: 'textarea', required: true },
      { name: 'knownAt', label: '申请人知道该行政行为的时间', kind: 'datetime' },
      { name: 'rightStated', label: '决定书已告知申请复议的权利和期限', kind: 'checkbox', checkedByDefault: true },
      { name: 'suspensionRequested', label: '申请停止执行', kind: 'checkbox' },
    ],
    submit: '登记复议申请', next: (r) => `/reconsiderations/${id(r)}`,
    ready: async (deps, r) => !!(await deps.prisma.reconsideration.findUnique({ where: { id: id(r) }, select: { id: true } })),
  },
  {
    api: 'POST /api/transfers', path: '/transfers/new', title: '由检查记录直接移送涉嫌犯罪案件',
    fields: [
      { name: 'category', label: '涉嫌罪名', kind: 'select', required: true, options: () => CRIME_CATEGORY_IDS.map((c) => ({ value: c, label: crimeTitle(c) })) },
      { name: 'inspectionRef', label: '检查记录编号', kind: 'text', required: true },
      { name: 'partyName', label: '当事人', kind: 'text', required: true },
      { name: 'enterpriseId', label: '生产经营单位', kind: 'select', options: enterprises },
      { name: 'facts', label: '涉嫌犯罪的事实', kind: 'textarea', required: true },
      { name: 'report', label: '移送报告', kind: 'textarea', required: true },
      { name: 'officerIds', label: '专案组执法人员（两名以上）', kind: 'multiselect', required: true, options: officers },
      ...HARM,
    ],
    submit: '提交移送报告', next: (r) => `/transfers/${id(r)}`,
    ready: async (deps, r) => !!(await deps.prisma.transfer.findUnique({ where: { id: id(r) }, select: { id: true } })),
  },
  {
    api: 'POST /api/draws', path: '/inspections/draw/new', title: '计划外双随机抽查',
    intro: '随机抽取企业和两名执法人员（可选专家），抽取后立即启动检查；种子和结果公开可复核。',
    fields: [
      { name: 'count', label: '抽取企业数', kind: 'number', required: true },
      { name: 'withExpert', label: '同时抽取专家', kind: 'checkbox' },
    ],
    submit: '抽取', next: () => '/inspections',
  },
  {
    api: 'POST /api/inspections/:id/extension-request', path: '/inspections/:id/extension-request', title: '登记企业的书面延期整改申请',
    intro: '仅限整改期限届满前10个工作日内、因不可抗力提出的书面申请。',
    fields: [{ name: 'reason', label: '申请理由', kind: 'textarea', required: true }],
    submit: '登记延期申请', next: (_r, p) => `/inspections/${p.id}`,
  },
  {
    api: 'POST /api/inspections/:id/reinspection-request', path: '/inspections/:id/reinspection-request', title: '登记企业整改完毕的复查申请',
    intro: '自收到申请之日起10个工作日内复查。', fields: [],
    submit: '登记复查申请', next: (_r, p) => `/inspections/${p.id}`,
  },
  {
    api: 'POST /api/enterprises/:id/credit', path: '/enterprises/:id/credit', title: '记录企业安全生产信用信息',
    fields: [
      { name: 'kind', label: '信用信息类别', kind: 'select', required: true, options: () => CREDIT_KINDS.map((k) => ({ value: k, label: CREDIT_KIND_LABELS[k] })) },
      { name: 'reason', label: '事实和依据', kind: 'textarea', required: true },
    ],
    submit: '记录', next: (_r, p) => `/enterprises/${p.id}`,
  },
  {
    api: 'POST /api/conflicts', path: '/conflicts', title: '执法人员回避登记',
    intro: '登记执法人员与企业的利害关系，双随机抽查时回避。',
    fields: [
      { name: 'officerId', label: '执法人员', kind: 'select', required: true, options: colleagues },
      { name: 'enterpriseId', label: '生产经营单位', kind: 'select', required: true, options: enterprises },
      { name: 'reason', label: '利害关系', kind: 'textarea', required: true },
    ],
    submit: '登记', next: () => '/conflicts',
    list: async (deps, me) => {
      const officersOfOrg = await deps.prisma.user.findMany({ where: { orgId: me.orgId }, select: { id: true, displayName: true } });
      const names = new Map(officersOfOrg.map((u) => [u.id, u.displayName]));
      const rows = await deps.prisma.conflictOfInterest.findMany({ where: { officerId: { in: [...names.keys()] } }, orderBy: { createdAt: 'desc' } });
      const ents = new Map((await deps.prisma.enterprise.findMany({ where: { id: { in: rows.map((r) => r.enterpriseId) } }, select: { id: true, name: true } })).map((e) => [e.id, e.name]));
      return rows.map((r) => `${names.get(r.officerId) ?? ''} — ${ents.get(r.enterpriseId) ?? ''}：${r.reason}`);
    },
  },
  {
    api: 'POST /api/delegations/:id/renew', path: '/delegations/:id/renew', title: '委托续期',
    intro: '新委托期限自原期限届满次日起，重新法制审核、签发。',
    fields: [
      { name: 'endDate', label: '新委托期限至', kind: 'date', required: true },
      {
        name: 'officerIds', label: '受委托的乡镇执法人员（不选则沿用原委托）', kind: 'multiselect',
        options: async (deps, me, req) => {
          const d = await deps.prisma.delegation.findUnique({ where: { id: String(req.params.id) }, select: { townshipOrgId: true, countyOrgId: true } });
          // Another county's delegation lists no one: its officers' names would tell it exists.
          if (!d || !(await canSeeOrg(deps.prisma, me, d.countyOrgId))) return [];
          return (await deps.prisma.user.findMany({ where: { orgId: d.townshipOrgId, active: true }, orderBy: { username: 'asc' }, select: { id: true, displayName: true } }))
            .map((u) => ({ value: u.id, label: u.displayName }));
        },
      },
    ],
    submit: '报法制审核', next: (r) => `/delegations/${id(r)}`,
    ready: async (deps, r) => !!(await deps.prisma.delegation.findUnique({ where: { id: id(r) }, select: { id: true } })),
  },
  {
    api: 'POST /api/delegated-matters', path: '/delegated-matters/new', title: '登记乡镇辖区内的执法事项',
    intro: '在委托范围内的分派给乡镇，不在范围内的由县局办理。',
    fields: [
      { name: 'townshipOrgId', label: '乡镇（街道）', kind: 'select', options: townships, hint: '乡镇执法人员登记时为本乡镇' },
      { name: 'itemCode', label: '执法事项', kind: 'select', required: true, options: catalog },
      { name: 'partyName', label: '当事人', kind: 'text', required: true },
      { name: 'location', label: '地点', kind: 'text', required: true },
      { name: 'facts', label: '事项情况', kind: 'textarea', required: true },
    ],
    submit: '登记', next: (r) => `/delegated-matters/${id(r)}`,
    ready: async (deps, r) => !!(await deps.prisma.delegatedMatter.findUnique({ where: { id: id(r) }, select: { id: true } })),
  },
  {
    api: 'POST /api/tasks/:id/reassign', path: '/tasks/:id/reassign', title: '改派任务',
    fields: [{ name: 'userId', label: '改派给', kind: 'select', required: true, options: colleagues }],
    submit: '改派', next: (_r, p) => `/tasks/${p.id}`,
  },
  ...RECORDING_EXEMPTION_PAGES,
];
