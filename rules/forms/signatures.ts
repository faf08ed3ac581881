import { z } from 'zod';
import { cleanText, ruleIssue } from './fields.ts';

// Signatures taken on site on the officer's phone (issue 23 item 3): the party, both officers and,
// where the party refuses, the witnesses of a 留置送达 (民事诉讼法 Art 89, applied by 行政处罚法 Art 61).
// Each is a PNG drawn with signature_pad, the signer's name and the time; all of them are written
// into the numbered record, so the record's SHA-256 covers them and a changed stroke is a
// different document.

const PNG = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/;
const MAX_BYTES = 150_000;
const PNG_MAGIC = '\x89PNG\r\n\x1a\n';

/** Whether a data URL carries a PNG image (by its bytes, not its label). */
export function isPngDataUrl(v: string): boolean {
  const b64 = PNG.exec(v)?.[1];
  if (!b64 || b64.length % 4 !== 0) return false;
  const bytes = atob(b64);
  return bytes.length > 8 && bytes.length <= MAX_BYTES && bytes.startsWith(PNG_MAGIC);
}

const image = (who: string) => z.string({ error: `请${who}在屏幕上签名` }).max(Math.ceil(MAX_BYTES * 4 / 3) + 32, `${who}的签名图片过大`)
  .regex(PNG, `${who}的签名须为PNG图片（data:image/png;base64,…）`)
  .refine(isPngDataUrl, { message: `${who}的签名须为PNG图片`, params: { rule: true } }).describe(`${who}签名（PNG，data URL）`);
const instant = (label: string) => z.iso.datetime({ offset: true, error: `请填写${label}` }).describe(label);
const strict = <S extends z.core.$ZodLooseShape>(label: string, shape: S) => z.strictObject(shape, {
  error: (iss) => (iss.code === 'unrecognized_keys' ? `${label}中有不能识别的内容：${iss.keys.join('、')}` : `请填写${label}`),
});

const officerSignature = strict('执法人员签名', { officerId: z.string().min(1).max(128).describe('执法人员'), image: image('执法人员'), signedAt: instant('签名时间') });
const personSignature = (who: string) => strict(`${who}签名`, { name: cleanText(`${who}姓名`, { max: 50 }), image: image(who), signedAt: instant('签名时间') });

/**
 * 现场签名: every officer of the record signs; the party (被检查单位负责人 / 被询问人) signs when it
 * confirms the record, and when it refuses, at least one witness signs the 留置送达 of its copy.
 * The copy handed over (or left) on site is served by a 送达回证 issued with the record.
 */
export const onSiteSigning = strict('现场签名', {
  officers: z.array(officerSignature).min(2, '须由两名以上执法人员签名').max(10).describe('执法人员签名'),
  party: personSignature('当事人（被检查单位负责人或被询问人）').optional(),
  witnesses: z.array(personSignature('见证人')).max(5).optional().describe('见证人签名（当事人拒绝签字、留置送达时）'),
  servedAt: instant('记录副本送达时间'),
  address: cleanText('送达地点', { max: 200 }),
}).describe('现场签名（手机签名；不签则打印后手写签名）');
export type OnSiteSigning = z.infer<typeof onSiteSigning>;

/** The signing must match the confirmation: a signature of the party who confirmed, or witnesses to its refusal. */
export function checkSigning(ctx: z.RefinementCtx, confirmation: { status: 'CONFIRMED' | 'REFUSED' }, s: OnSiteSigning | undefined, officerIds: string[]): void {
  if (!s) return;
  if (confirmation.status === 'CONFIRMED' && !s.party) ruleIssue(ctx, ['signing', 'party'], '当事人已核对无误，须由其签名');
  if (confirmation.status === 'REFUSED') {
    if (s.party) ruleIssue(ctx, ['signing', 'party'], '当事人拒绝签字时不能有其签名');
    if (!s.witnesses?.length) ruleIssue(ctx, ['signing', 'witnesses'], '当事人拒绝签字的，须有见证人签名（留置送达）');
  }
  const signed = s.officers.map((o) => o.officerId);
  if (new Set(signed).size !== signed.length) ruleIssue(ctx, ['signing', 'officers'], '同一执法人员不能重复签名');
  for (const id of officerIds) if (!signed.includes(id)) ruleIssue(ctx, ['signing', 'officers'], '记录中的每名执法人员都须签名');
  for (const [n, o] of s.officers.entries()) if (!officerIds.includes(o.officerId)) ruleIssue(ctx, ['signing', 'officers', n, 'officerId'], '签名的执法人员不在本记录中');
}

/** A PNG signature drawn on a screen, for a signer whose form has its own shape (联合检查参加单位, issue 21). */
export const signatureImage = image;

/**
 * 当场处罚决定书 handed over on the spot (行政处罚法 Art 52): the party signs for it on the phone
 * (`signature`, `signedAt`, and the signer's name when it is not the party itself, e.g. an
 * organisation's person in charge), or refuses — "当事人拒绝签收的，应当在行政处罚决定书上注明" —
 * and the officers note the refusal with its reason before a witness who signs, as for the
 * inspection record's 留置送达. The signature or the note is printed on the decision itself.
 */
export const summaryReceipt = strict('当事人签收', {
  signature: image('当事人').optional(),
  signedAt: instant('签收时间').optional(),
  name: cleanText('签收人姓名', { max: 50 }).optional().describe('签收人姓名（不填为当事人名称）'),
  refused: strict('当事人拒绝签收', {
    reason: cleanText('拒绝签收的理由（执法人员注明）', { max: 500 }),
    witness: personSignature('见证人'),
  }).optional().describe('当事人拒绝签收：理由和见证人签名'),
}).superRefine((r, ctx) => {
  if (r.refused) {
    if (r.signature || r.signedAt || r.name) ruleIssue(ctx, ['refused'], '当事人拒绝签收时不能同时有其签名');
  } else if (!r.signature) ruleIssue(ctx, ['signature'], '请当事人在屏幕上签收，或选择拒绝签收并注明理由和见证人');
  else if (!r.signedAt) ruleIssue(ctx, ['signedAt'], '请填写签收时间');
}).describe('当事人签收决定书（手机签名），或拒绝签收的注明（《行政处罚法》第五十二条）');
export type SummaryReceipt = z.infer<typeof summaryReceipt>;
