import { z } from 'zod';
import { comment, outcome, reason, ruleIssue, text } from './fields.ts';
import { confirmation } from './records.ts';
import { checkSigning, onSiteSigning, signatureImage } from './signatures.ts';

// The forms of inspections and annual plans (issue 9), one per human task kind. Rules that
// need the inspection's own state (rectification deadline after the inspection, a referral
// target for a hazard outside the remit, ≥2 certified officers) are checked by
// workflows/inspection.ts; rules that need the database (catalog item, department) by
// api/services/inspections.ts.

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '照片哈希须为 SHA-256（64位小写十六进制）');
// A calendar date as YYYY-MM-DD that exists (2026-02-30 does not).
const isoDate = (label: string) => z.string({ error: `请填写${label}` })
  .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式须为 YYYY-MM-DD`)
  // A well-formed date that is not in the calendar (2026-02-30) is a rule the published pattern cannot state: 422.
  .refine((v) => { const d = new Date(`${v}T00:00:00Z`); return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v; },
    { message: `${label}不是有效日期`, params: { rule: true } }).describe(label);
export const officerIds = z.array(z.string().min(1).max(128), { error: '请选择执法人员' }).min(2, '须由两名以上执法人员进行').max(10).describe('执法人员');

export const hazardInput = z.object({
  description: text('隐患描述', 5),
  location: text('隐患部位'),
  /** 重大事故隐患: 责令暂时停产停业 (安全生产法 Art 65 ①(三); AB25 Art 22). */
  major: z.boolean().default(false),
  /** Falls to another department (安全生产法 Art 69): referred, not ordered. */
  outsideRemit: z.boolean().default(false),
  toOrgId: z.string().min(1).max(128).optional(),
  /** Why it is another department's remit (stated in the 移交函). */
  remitReason: z.string().trim().max(2000).optional(),
  photos: z.array(z.object({ fileName: z.string().trim().max(200).optional(), sha256 }).strict()).max(20).default([]),
}).strict();
export type HazardInput = z.infer<typeof hazardInput>;

export const inspectionRecord = z.object({
  officerIds,
  startedAt: z.iso.datetime({ offset: true, error: '请填写检查开始时间' }).describe('检查开始时间'),
  place: text('检查场所'),
  /** 说理式执法: the enterprise's head, safety manager and operators take part. */
  staffPresent: z.array(z.object({ name: text('人员姓名', 1), position: text('职务', 1) }).strict()).min(1, '请填写在场的企业人员（说理式执法）').max(20).describe('企业在场人员'),
  checklist: z.array(z.object({ itemId: z.string().min(1).max(64), ok: z.boolean(), note: z.string().trim().max(500).optional() }).strict()).max(50).default([]).describe('检查表'),
  findings: text('检查情况'),
  hazards: z.array(hazardInput).max(50).default([]).describe('发现的隐患'),
  /** Required when a hazard within the remit is found: the 责令限期整改 deadline. */
  rectifyBy: isoDate('整改期限').optional(),
}).strict();
export type InspectionRecord = z.infer<typeof inspectionRecord>;

/**
 * The record signed on the phone (issue 23): the unit's person in charge checks it and signs, or
 * refuses and a witness signs its 留置送达; both officers sign. Both parts are optional, so a record
 * printed and signed by hand is made as before. Form version 2 of the 现场检查 step (rules/form-versions.ts).
 */
export const signedInspectionRecord = inspectionRecord.extend({
  confirmation: confirmation('被检查单位现场负责人').optional(),
  signing: onSiteSigning.optional(),
}).superRefine((d, ctx) => {
  if (!d.signing) return;
  if (!d.confirmation) return ruleIssue(ctx, ['confirmation'], '在手机上签名的，请先选择现场负责人的核对意见（已核对无误，或拒绝签字并注明理由）');
  checkSigning(ctx, d.confirmation, d.signing, d.officerIds);
});
export type SignedInspectionRecord = z.infer<typeof signedInspectionRecord>;

export const INSPECTION_FORMS = {
  PLAN_APPROVAL: {
    label: '年度执法检查计划审批', requiresCertificate: false,
    outcomes: {
      APPROVE: outcome('批准并公布', () => z.object({ comment }).strict()),
      REJECT: outcome('不予批准', () => z.object({ reason }).strict()),
    },
  },
  INSPECTION_RECORD: {
    label: '现场检查', requiresCertificate: true,
    outcomes: { RECORD: outcome('填写现场检查记录', () => inspectionRecord) },
  },
  RECTIFICATION_EXTENSION: {
    label: '延期整改申请答复', requiresCertificate: true,
    outcomes: {
      GRANT: outcome('准予延期', () => z.object({ newDeadline: isoDate('延长后的整改期限'), comment }).strict()),
      REFUSE: outcome('不予延期', () => z.object({ reason }).strict()),
    },
  },
  REINSPECTION: {
    label: '整改复查', requiresCertificate: true,
    outcomes: {
      CORRECTED: outcome('已整改', () => z.object({ officerIds, findings: text('复查情况') }).strict()),
      NOT_CORRECTED: outcome('逾期未整改（立案查处）', () => z.object({
        officerIds, findings: text('复查情况'),
        catalogItemId: z.string({ error: '请选择执法事项' }).min(1, '请选择执法事项').max(64).describe('执法事项'),
      }).strict()),
    },
  },
  // 联合执法 (issue 21): an officer of a participating unit or department signs the 现场检查记录,
  // in the portal or on site on their own device.
  JOINT_SIGNATURE: {
    label: '联合检查签署现场检查记录', requiresCertificate: false,
    outcomes: { SIGN: outcome('签署现场检查记录', () => z.object({
      image: signatureImage('参加单位执法人员'), via: z.enum(['ON_SITE', 'PORTAL']).default('PORTAL').describe('签署方式：现场或门户'), comment,
    }).strict()) },
  },
  // Visit frequency (issue 21): the head decides on a visit beyond the policy, on the stated reason.
  VISIT_OVER_LIMIT: {
    label: '超出检查频次审批', requiresCertificate: false,
    outcomes: {
      APPROVE: outcome('同意检查', () => z.object({ comment }).strict()),
      REJECT: outcome('不同意检查', () => z.object({ reason }).strict()),
    },
  },
  SUSPENSION_REVIEW: {
    label: '停产停业复产审查', requiresCertificate: true,
    outcomes: { RESUME: outcome('重大隐患已消除，准予恢复生产经营', () => z.object({ officerIds, findings: text('审查情况') }).strict()) },
  },
} as const;
