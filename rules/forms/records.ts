import { z } from 'zod';
import { isValidResidentId } from '../resident-id.ts';
import { cleanText, ruleIssue } from './fields.ts';
import { checkSigning, onSiteSigning } from './signatures.ts';

// The content of the two records an officer writes during 调查取证, as the law requires them to
// state it (行政处罚法 Art 42, 55; 安全生产违法行为行政处罚办法 / AB25 Art 21-22, 33-35). What needs
// the database — the officers hold valid certificates in the case's org, the corrected record
// belongs to the case — is checked by api/services/records.ts; what needs the clock (not in the
// future) too. A draft is saved as typed (only clean text, checked by draftData) and is held to
// these schemas when it is numbered.

export const RECORD_KINDS = ['INTERVIEW_RECORD', 'INSPECTION_RECORD'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

const instant = (label: string) => z.iso.datetime({ offset: true, error: `请填写${label}（日期和时间）` }).describe(label);
const officerId = (label: string) => z.string({ error: `请选择${label}` }).min(1, `请选择${label}`).max(128).describe(label);
const line = (label: string, max = 200) => cleanText(label, { max });
const long = (label: string, max = 10_000) => cleanText(label, { multiline: true, max });
const object = <S extends z.core.$ZodLooseShape>(label: string, shape: S) => z.strictObject(shape, {
  error: (iss) => (iss.code === 'unrecognized_keys' ? `${label}中有不能识别的内容：${iss.keys.join('、')}` : `请填写${label}`),
});

export const ID_TYPES = ['RESIDENT_ID', 'PASSPORT', 'HK_MACAO_PERMIT', 'TAIWAN_PERMIT', 'OTHER'] as const;
export const SEXES = ['MALE', 'FEMALE'] as const;
/** 与案件关系: the party itself, who speaks for it, who saw it, who works there. */
export const RELATIONS = ['PARTY', 'LEGAL_REPRESENTATIVE', 'PERSON_IN_CHARGE', 'EMPLOYEE', 'WITNESS', 'OTHER'] as const;
export const CONFIRMATIONS = ['CONFIRMED', 'REFUSED'] as const;

/** 被询问人 or 被检查单位负责人 checked the record: 已核对无误 and signed, or refused with the reason noted. */
export const confirmation = (who: string) => z.discriminatedUnion('status', [
  object(`${who}核对意见`, { status: z.literal('CONFIRMED') }),
  object(`${who}核对意见`, { status: z.literal('REFUSED'), reason: line('拒绝签字的理由（执法人员注明）', 500) }),
], { error: `请选择${who}核对意见（已核对无误，或拒绝签字并注明理由）` }).describe(`${who}核对意见`);

const interviewee = object('被询问人', {
  name: line('被询问人姓名', 50),
  idType: z.enum(ID_TYPES, { error: '请选择证件类型' }).describe('证件类型'),
  idNumber: line('证件号码', 40),
  sex: z.enum(SEXES, { error: '请选择性别' }).describe('性别'),
  age: z.number({ error: '年龄须为整数' }).int('年龄须为整数').min(14, '年龄须在14至120岁之间').max(120, '年龄须在14至120岁之间').optional().describe('年龄'),
  birthDate: z.iso.date({ error: '出生日期格式应为 YYYY-MM-DD' }).optional().describe('出生日期'),
  employer: line('工作单位（无则填“无”）'),
  position: line('职务（无则填“无”）', 100),
  phone: z.string({ error: '请填写联系电话' }).trim().regex(/^[0-9+\-() ]{5,20}$/, '联系电话应为5至20位数字').describe('联系电话'),
  address: line('住址'),
  relation: z.enum(RELATIONS, { error: '请选择与案件关系' }).describe('与案件关系'),
  relationNote: line('与案件关系说明', 100).optional(),
}).superRefine((p, ctx) => {
  if (p.age === undefined && !p.birthDate) ruleIssue(ctx, ['age'], '请填写年龄或出生日期');
  if (p.idType === 'RESIDENT_ID' && !isValidResidentId(p.idNumber)) ruleIssue(ctx, ['idNumber'], '居民身份证号码无效（请核对18位号码及校验位）');
  if (p.relation === 'OTHER' && !p.relationNote) ruleIssue(ctx, ['relationNote'], '与案件关系选“其他”时请说明');
});

const startBeforeEnd = (d: { startedAt: string; endedAt: string }, ctx: z.RefinementCtx, what: string) => {
  if (Date.parse(d.endedAt) <= Date.parse(d.startedAt)) ruleIssue(ctx, ['endedAt'], `${what}结束时间须晚于开始时间`);
};

/** 询问笔录 (CF 42, 55; AB25 33-35). */
export const interviewContent = object('询问笔录', {
  startedAt: instant('询问开始时间'),
  endedAt: instant('询问结束时间'),
  place: line('询问地点'),
  interviewerId: officerId('询问人'),
  recorderId: officerId('记录人'),
  interviewee,
  // 执法人员出示证件、告知权利义务和申请回避的权利 (CF 55 ①, 43).
  rightsNotified: z.literal(true, { error: '请确认已出示执法证件，并告知被询问人权利义务和申请回避的权利' }).describe('已出示证件并告知权利义务和回避申请权'),
  qa: z.array(object('问答', { q: long('问', 2000), a: long('答', 5000) }), { error: '请至少填写一问一答' })
    .min(1, '请至少填写一问一答').max(200, '问答不能超过200组').describe('询问内容（一问一答）'),
  confirmation: confirmation('被询问人'),
  signing: onSiteSigning.optional(),
}).superRefine((d, ctx) => {
  startBeforeEnd(d, ctx, '询问');
  checkSigning(ctx, d.confirmation, d.signing, [d.interviewerId, d.recorderId]);
  // 询问人和记录人是两名执法人员 (CF 42: 执法人员不得少于两人).
  if (d.interviewerId === d.recorderId) ruleIssue(ctx, ['recorderId'], '询问人和记录人须为两名不同的执法人员');
});
export type InterviewContent = z.infer<typeof interviewContent>;

/** 现场检查记录 (CF 42, 55; AB25 21-22). */
export const inspectionContent = object('现场检查记录', {
  startedAt: instant('检查开始时间'),
  endedAt: instant('检查结束时间'),
  place: line('检查地点'),
  inspected: object('被检查单位', {
    name: line('被检查单位名称'),
    address: line('被检查单位地址').optional(),
    headName: line('现场负责人姓名', 50),
    headPosition: line('现场负责人职务', 100),
    headPhone: z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, '联系电话应为5至20位数字').optional().describe('现场负责人电话'),
  }),
  officerIds: z.array(officerId('检查人员'), { error: '请选择检查人员' }).min(2, '检查人员须为两名以上执法人员').max(10).describe('检查人员'),
  findings: long('检查情况'),
  // Stated even when none: "无" is an answer, a blank is not.
  measures: long('现场处理措施（没有则填“无”）', 5000),
  confirmation: confirmation('被检查单位现场负责人'),
  signing: onSiteSigning.optional(),
}).superRefine((d, ctx) => {
  startBeforeEnd(d, ctx, '检查');
  checkSigning(ctx, d.confirmation, d.signing, d.officerIds);
  if (new Set(d.officerIds).size !== d.officerIds.length) ruleIssue(ctx, ['officerIds'], '检查人员不能重复');
});
export type InspectionContent = z.infer<typeof inspectionContent>;

export const RECORD_CONTENT = { INTERVIEW_RECORD: interviewContent, INSPECTION_RECORD: inspectionContent } as const;

const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/u;
/**
 * A draft as typed, all of it optional, but no text in it that could not be stored and shown as
 * written: the same refusals as cleanText, by path. Its published schema is a free-form object, so
 * these are rules the schema does not state: 422.
 */
export const draftData = z.record(z.string().max(64), z.unknown(), { error: '草稿内容须为对象' }).superRefine((d, ctx) => {
  const walk = (v: unknown, path: (string | number)[], depth: number) => {
    if (depth > 4) return ruleIssue(ctx, path, '草稿内容层级过深');
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) ruleIssue(ctx, path, '含有无法识别的字符（不成对的代理项），请重新输入');
      else if (CONTROL.test(v.replace(/[\r\n\t]/g, ''))) ruleIssue(ctx, path, '含有控制字符，请删除');
      else if (v.length > 10_000) ruleIssue(ctx, path, '内容过长（不超过10000字）');
    } else if (Array.isArray(v)) {
      if (v.length > 200) ruleIssue(ctx, path, '条目过多');
      else v.forEach((x, i) => walk(x, [...path, i], depth + 1));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k], depth + 1);
    }
  };
  for (const [k, v] of Object.entries(d)) walk(v, [k], 1);
}).describe('草稿内容（制作并编号时按记录种类校验）');

const documentRef = z.uuid({ error: '被更正的记录须为文书编号对应的文书标识' }).describe('被更正的已编号记录（文书标识）');

const branch = <K extends RecordKind>(kind: K) => z.discriminatedUnion('draft', [
  object('记录', { kind: z.literal(kind), draft: z.literal(false).optional(), corrects: documentRef.optional(), data: RECORD_CONTENT[kind] }),
  object('草稿', { kind: z.literal(kind), draft: z.literal(true), corrects: documentRef.optional(), data: draftData }),
], { error: '“draft”须为 true（保存草稿）或 false／省略（制作并编号）' });

/**
 * A record: `draft: true` saves it unnumbered as typed; otherwise it is checked against its
 * kind's schema and issued as a numbered document. `corrects` names the numbered record it corrects.
 */
export const recordBody = z.discriminatedUnion('kind', [branch('INTERVIEW_RECORD'), branch('INSPECTION_RECORD')], {
  error: '请选择记录种类：INTERVIEW_RECORD（询问笔录）或 INSPECTION_RECORD（现场检查记录）',
});
export type RecordBody = z.infer<typeof recordBody>;
