// What a document signed on the phone (issue 23) says of its signing: the 核对 line, the signatures
// with the officers' names, and the 送达回证 of its copy served on site. Pure: used by the case
// records (api/services/records.ts), the inspection and summary-case workflows and their activities.
import type { OnSiteSigning, SummaryReceipt } from './forms/signatures.ts';

/** The 核对 line of a signed record: confirmed by its signer, or refused with the reason the officers noted. */
export const confirmationWords = (c: { status: 'CONFIRMED' } | { status: 'REFUSED'; reason: string }, who: string) => (c.status === 'CONFIRMED'
  ? { refused: false, text: `以上记录已经${who}核对（或者已向其宣读），与实际情况一致。` }
  : { refused: true, text: `${who}拒绝签字。`, reason: c.reason });

export interface SignedBy { name: string; image: string; signedAt: string }
export interface DocumentSignatures { officers: SignedBy[]; party?: SignedBy; witnesses: SignedBy[] }

/** On-site signatures with each officer's name in place of the id (the order of the record's officers). */
export function signaturesOf(s: OnSiteSigning | undefined, ids: string[], people: { name: string }[]): DocumentSignatures | undefined {
  if (!s) return undefined;
  return {
    officers: s.officers.map((o) => ({ name: people[ids.indexOf(o.officerId)]!.name, image: o.image, signedAt: o.signedAt })),
    ...(s.party ? { party: s.party } : {}), witnesses: s.witnesses ?? [],
  };
}

/**
 * The 送达回证 of a document served on site (行政处罚法 Art 61; 民事诉讼法 Art 87, 89): signed
 * for by the party, or left with it before witnesses when it refuses (留置送达).
 */
export function serviceReceipt(record: { title: string; number: string }, recipient: string, party: { name: string; address?: string },
  s: Pick<OnSiteSigning, 'address' | 'servedAt'>, signatures: DocumentSignatures, refusal?: string) {
  return {
    party, documents: [record], recipient, address: s.address, servedAt: s.servedAt, servers: signatures.officers.map((o) => o.name),
    method: refusal ? '留置送达' : '直接送达', witness: signatures.witnesses.map((w) => w.name).join('、'), signatures,
    notes: refusal ? `受送达人拒绝签收（执法人员注明：${refusal}）。执法人员邀请见证人到场，说明情况，记明拒收事由和日期，由送达人、见证人签名，将文书留置于送达地点，视为送达（《中华人民共和国民事诉讼法》第八十九条）。` : '',
  };
}

/**
 * What the 当场处罚决定书 says of its handing over (行政处罚法 Art 52): the party's signature in the
 * 当事人签收 box (the party's own name unless another person signed for it), or the refusal
 * the officers note on the decision with its reason and the witness who signed.
 */
export function summaryReceiptData(r: SummaryReceipt, partyName: string) {
  if (r.refused) return { refusedToSign: true, refusal: { reason: r.refused.reason, witness: r.refused.witness } };
  return { receipt: { name: r.name ?? partyName, image: r.signature!, signedAt: r.signedAt! } satisfies SignedBy };
}
