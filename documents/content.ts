import { z } from 'zod';
import type { DocumentKind } from './kinds.ts';

// What each 执法文书 must state before it may issue: a zod schema per kind over the template
// fields (after the case file has filled in its part, store/document-data.ts). It is checked
// before a number of the official series is drawn (store/documents.ts) and again when a
// document is rendered, so neither a workflow nor a person can issue a numbered blank.
//
// These are presence checks of the items the law requires a document to state. Whether what a
// person typed is valid and consistent (times in order, two different certified officers, an ID
// number that exists, clean text) is checked where the person's input arrives: the task forms
// (rules/forms/*) and the record forms (rules/forms/records.ts).

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
const present = (label: string) => z.unknown().refine((v) => !blank(v), `缺少${label}`);
const person = (label: string) => z.looseObject({ name: present(`${label}姓名`) }, { error: `缺少${label}` });

/** 'party.name' → nested loose objects, each leaf required (the fields other items read stay free). */
function requiring(fields: Record<string, string>) {
  type Tree = { [k: string]: Tree | string };
  const tree: Tree = {};
  for (const [path, label] of Object.entries(fields)) {
    const keys = path.split('.');
    let node = tree;
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Tree;
    node[keys.at(-1)!] = label;
  }
  const build = (t: Tree, label?: string): z.ZodType => z.looseObject(
    Object.fromEntries(Object.entries(t).map(([k, v]) => [k, typeof v === 'string' ? present(v) : build(v, k === 'party' ? '当事人' : k)])),
    label ? { error: `缺少${label}` } : undefined,
  );
  return build(tree);
}

const PARTY = { 'party.name': '当事人名称（姓名）' };
const DECISION = { ...PARTY, 'party.address': '当事人地址', facts: '违法事实', violationBasis: '违反的法律规定', penaltyBasis: '处罚依据', penalty: '处罚内容' };
const { 'party.address': _address, ...DECISION_ON_THE_SPOT } = DECISION;
const NOTICE = { ...PARTY, facts: '违法事实', violationBasis: '违反的法律规定', penaltyBasis: '处罚依据', penalty: '拟作出的处罚' };

/** 询问笔录 (CF 55; AB25 33-35): who asked and wrote, whom, when, where, the rights told, the answers, the check. */
const interviewRecord = z.looseObject({
  startedAt: present('询问开始时间'), endedAt: present('询问结束时间'), place: present('询问地点'),
  interviewee: z.looseObject({
    name: present('被询问人姓名'), idNumber: present('被询问人证件号码'), relation: present('被询问人与案件关系'),
  }, { error: '缺少被询问人' }),
  interviewer: person('询问人'), recordKeeper: person('记录人'),
  rightsNotified: z.literal(true, { error: '缺少出示证件、告知权利义务和申请回避权利的记载' }),
  qa: z.array(z.looseObject({ q: present('问'), a: present('答') }), { error: '缺少询问内容（问答）' }).min(1, '缺少询问内容（问答）'),
  confirmation: z.looseObject({ text: present('被询问人核对意见') }, { error: '缺少被询问人核对意见' }),
});

/** 现场检查记录 (CF 55; AB25 5, 21-22): when, where, whom, by which officers, what was found and done. */
const inspectionRecord = z.looseObject({
  startedAt: present('检查开始时间'), endedAt: present('检查结束时间'), place: present('检查场所'),
  escort: person('现场负责人'),
  officers: z.array(person('检查人员'), { error: '缺少检查人员' }).min(2, '检查人员须两名以上'),
  findings: present('检查情况'), measures: present('现场处理措施'),
}).refine((d) => {
  const named = (o: unknown) => !blank((o as { name?: unknown } | undefined)?.name);
  return named(d.inspected) || named(d.party);
}, { message: '缺少被检查单位', path: ['inspected', 'name'] });

export const CONTENT_SCHEMAS: Partial<Record<DocumentKind, z.ZodType>> = {
  INTERVIEW_RECORD: interviewRecord,
  INSPECTION_RECORD: inspectionRecord,
  PENALTY_DECISION: requiring(DECISION), // CF 59
  NO_PENALTY_DECISION: requiring({ ...PARTY, facts: '违法事实', violationBasis: '违反的法律规定', reason: '不予处罚的理由' }), // CF 33
  SUMMARY_DECISION: requiring({ ...DECISION_ON_THE_SPOT, occurredAt: '违法行为发生时间', place: '地点', officers: '执法人员' }), // CF 52②
  PENALTY_NOTICE: requiring(NOTICE), // CF 44
  HEARING_RIGHTS_NOTICE: requiring(NOTICE), // CF 44, 63
  HEARING_NOTICE: requiring({ ...PARTY, hearingAt: '听证时间', place: '听证地点' }), // CF 64(二)
  TESTING_PERIOD_NOTICE: requiring({ ...PARTY, 'commission.number': '委托书编号', 'commission.institution': '检测检验鉴定机构', 'commission.subject': '检测检验鉴定事项', pausedAt: '期限中止起始时间' }), // AB25 53②
  HEARING_RECORD: requiring({ ...PARTY, hearingAt: '听证时间' }), // CF 64(七)(八)
  COLLECTIVE_DISCUSSION_RECORD: requiring({ attendees: '参加人员', conclusion: '讨论决定' }), // CF 57②
  LEGAL_REVIEW_OPINION: requiring({ conclusion: '审核意见' }), // CF 58
  PRESERVATION_NOTICE: requiring({ ...PARTY, items: '先行登记保存的物品' }), // CF 56
  // 公告送达 has its publication date instead of a day of service (AB25 66(五)).
  SERVICE_RECEIPT: requiring(PARTY).refine((d) => !blank((d as Record<string, unknown>).servedAt) || !blank((d as Record<string, unknown>).publishedAt),
    { message: '缺少送达时间', path: ['servedAt'] }), // CF 61
  CLOSING_FORM: requiring({ ...PARTY, handlerOpinion: '结案意见' }), // AB25 54
  REMINDER: requiring({ ...PARTY, decisionNumber: '决定书文号', fineFen: '罚款金额' }), // 行政强制法 Art 35
  // 监督检查 (AB25 21-22, 27): the officers' findings on the orders and reviews they issue.
  RECTIFICATION_ORDER: requiring({ ...PARTY, rectifyBy: '整改期限' }),
  REINSPECTION_OPINION: requiring({ ...PARTY, findings: '复查情况' }),
  RESUMPTION_OPINION: requiring({ ...PARTY, findings: '审查情况' }),
  // 移交 (安全生产法 Art 69) and 行政复议 (行政复议法 2023 Art 30, 62): the reasons people wrote.
  CAMPAIGN_SUMMARY: requiring({ name: '专项执法名称', legalBasis: '依据', startsAt: '开始日期', endsAt: '结束日期' }),
  REFERRAL_LETTER: requiring({ hazard: '移交的隐患或违法行为', reason: '移交理由' }),
  RECON_REFUSAL: requiring({ ...PARTY, reason: '不予受理的理由' }),
  RECON_EXTENSION_NOTICE: requiring({ reason: '延期理由', extendedDueAt: '延长后的审理期限' }),
  ENFORCEMENT_APPLICATION: requiring({ court: '受理法院', ...PARTY, decisionNumber: '决定书文号', fineFen: '罚款金额', reminderNumber: '催告书文号' }), // 行政强制法 Art 55
};

export interface ContentProblem { path: string; message: string }

/** The required items a document's data lacks, each with its path and a Chinese message; [] when complete. */
export function contentProblems(kind: DocumentKind, data: Record<string, unknown>): ContentProblem[] {
  const r = CONTENT_SCHEMAS[kind]?.safeParse(data);
  return r && !r.success ? r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) : [];
}

export const describeProblems = (title: string, problems: ContentProblem[]) =>
  `${title}缺少必填内容：${problems.map((p) => `${p.path}（${p.message.replace(/^缺少/, '')}）`).join('、')}`;
