import { z } from 'zod';
import { cleanText, ruleIssue } from './forms/fields.ts';
import { dateTolerance } from './date-bounds.ts';

// What an item of evidence must carry to be evidence (issue 17 item 3; 行政处罚法 Art 46,
// 安全生产违法行为行政处罚办法 Art 35–40): a file-kind item its file, a physical item where it is
// kept and who holds it (先行登记保存 and 查封扣押 items must be accounted for), testimony its 询问笔录.

/** Kinds whose substance is the uploaded file; the MIME types its bytes may be (read by file-type). */
export const FILE_KINDS = {
  PHOTO: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'],
  AUDIO: ['audio/mpeg', 'audio/mp4', 'audio/x-m4a', 'audio/aac', 'audio/wav', 'audio/x-wav', 'audio/ogg', 'audio/amr', 'audio/webm'],
  VIDEO: ['video/mp4', 'video/quicktime', 'video/webm', 'video/x-m4v'],
  DOCUMENT: ['application/pdf'],
} as const satisfies Record<string, readonly string[]>;
export type FileKind = keyof typeof FILE_KINDS;
export const EVIDENCE_KINDS = ['PHOTO', 'AUDIO', 'VIDEO', 'DOCUMENT', 'PHYSICAL', 'TESTIMONY', 'OTHER'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Every type an upload may be: the union of the file kinds' lists. */
export const UPLOAD_TYPES: readonly string[] = [...new Set(Object.values(FILE_KINDS).flat())];

export const isFileKind = (k: string): k is FileKind => k in FILE_KINDS;
export const typeFitsKind = (kind: string, mime: string): boolean =>
  isFileKind(kind) ? (FILE_KINDS[kind] as readonly string[]).includes(mime) : kind === 'OTHER';

/** A description that says what the item shows and where it came from; two characters do not. */
export const DESCRIPTION_MIN = 10;

const capturedAt = z.iso.datetime({ offset: true, error: '拍摄/录制时间须为带时区的日期时间' })
  // A well-formed time that lies ahead is refused as a rule (422). A phone's clock drifts: the policy
  // allowance (THRESHOLDS.DATE_FUTURE_TOLERANCE_MINUTES), no more. A schema cannot see a deployment's
  // overrides, so this one check uses the table's value.
  .superRefine((v, ctx) => {
    if (Date.parse(v) > Date.now() + dateTolerance() * 60_000) ruleIssue(ctx, [], '拍摄/录制时间不能晚于当前时间');
  })
  .describe('拍摄/录制时间');
const uploadId = z.string({ error: '请先上传证据文件' }).regex(/^[0-9a-f]{32}$/, '请先上传证据文件').describe('证据文件');
const id = (label: string) => z.string().trim().min(1, `请选择${label}`).max(128).describe(label);

const common = {
  description: cleanText('证据说明', { min: DESCRIPTION_MIN, max: 5000, multiline: true }),
  /** The step (task) of the case it was collected for. */
  taskId: id('所属环节').optional(),
  deviceId: cleanText('采集设备编号', { max: 100 }).optional(),
};

const fileItem = <K extends FileKind>(kind: K) => z.object({
  kind: z.literal(kind), ...common, uploadId, capturedAt,
}).strict();

export const evidenceInput = z.discriminatedUnion('kind', [
  fileItem('PHOTO'), fileItem('AUDIO'), fileItem('VIDEO'),
  z.object({ kind: z.literal('DOCUMENT'), ...common, uploadId, capturedAt: capturedAt.optional() }).strict(),
  z.object({
    kind: z.literal('PHYSICAL'), ...common,
    keptAt: cleanText('保存地点', { min: 2 }), custodian: cleanText('保管人', { min: 2, max: 100 }),
    uploadId: uploadId.optional(), capturedAt: capturedAt.optional(),
  }).strict(),
  z.object({ kind: z.literal('TESTIMONY'), ...common, recordId: id('对应的询问笔录') }).strict(),
  z.object({ kind: z.literal('OTHER'), ...common, uploadId: uploadId.optional(), capturedAt: capturedAt.optional() }).strict(),
], { error: '请选择证据种类' });
export type EvidenceInput = z.infer<typeof evidenceInput>;
