import { randomUUID } from 'node:crypto';
import { usccCheckDigit } from '../../rules/uscc.ts';
import type { Api } from './system.ts';
import { makePng } from './uploads.ts';
import { eventually } from './system.ts';

export const validUscc = (first17: string) => first17 + usccCheckDigit(first17);

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** A fresh valid 统一社会信用代码 for an enterprise registered in 红塔区 (530402). */
export function freshUscc(): string {
  let first17 = '91530402MA';
  while (first17.length < 17) first17 += USCC_CHARS[Math.floor(Math.random() * USCC_CHARS.length)];
  return validUscc(first17);
}

/** A unique, valid lead for 红塔区 (party: a seeded enterprise's USCC). */
export function leadBody(overrides: Record<string, unknown> = {}) {
  return {
    party: { kind: 'ORG', name: `测试化工有限公司-${randomUUID().slice(0, 8)}`, idNumber: validUscc('91530402MA6K0000X') },
    catalogItemId: 'AQ-099-1', source: 'INSPECTION',
    facts: '检查发现储罐区未设置明显的安全警示标志。', occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
    harmToLife: false, ...overrides,
  };
}

export async function openTaskOf(api: Api, caseId: string, kind: string) {
  return eventually(async () => {
    const q = await api.get(`/api/tasks?kind=${kind}&pageSize=200`);
    return q.body.items.find((t: { caseId: string }) => t.caseId === caseId);
  });
}

/** A PNG signature as the phone's pad sends it; `ink` varies the image. */
export const signaturePng = (ink: [number, number, number] = [0, 0, 0]) => `data:image/png;base64,${makePng(120, 40, ink).toString('base64')}`;

/** The party's receipt of a 当场处罚决定书 signed on the phone (行政处罚法 Art 52), a minute ago. */
export const signedReceipt = (ink?: [number, number, number]) => ({ signature: signaturePng(ink), signedAt: new Date(Date.now() - 60_000).toISOString() });
