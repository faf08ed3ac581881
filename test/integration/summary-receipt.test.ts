import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadBody, signaturePng, signedReceipt, validUscc } from '../support/cases.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// 当场处罚决定书 signed for on the phone (行政处罚法 Art 52, issue 23), through the HTTP API:
// API → Temporal dev server → worker → PostgreSQL. The party's signature, or the refusal the
// officers note with its witness, is printed on the numbered decision and covered by its hash.
let sys: System;
let handler: Api;
beforeAll(async () => {
  sys = await startSystem();
  handler = await apiAs(sys.baseUrl, 'hongta.handler1');
});
afterAll(async () => sys?.stop());

const party = () => ({ kind: 'ORG', name: `签收测试商贸有限公司-${randomUUID().slice(0, 8)}`, idNumber: validUscc('91530402MA6K0003X') });
const body = (receipt: unknown, p = party()) => ({
  ...leadBody({ party: p }), officerIds: ['u-hongta-handler2'], penalty: { penaltyTypes: ['WARNING'], fineFen: 0 }, ...(receipt === undefined ? {} : { receipt }),
});
const text = (html: string) => html.replace(/<[^>]+>/g, '');

async function decisionOf(caseId: string) {
  return eventually(() => sys.prisma.document.findFirst({ where: { caseId, kind: 'SUMMARY_DECISION' } }));
}

/** Rewrites a stored document's HTML as a forger would (documents are append-only: the trigger is lifted for this row only). */
async function rewrite(id: string, html: string) {
  await sys.prisma.$transaction([
    sys.prisma.$executeRawUnsafe('ALTER TABLE "Document" DISABLE TRIGGER document_immutable'),
    sys.prisma.$executeRaw`UPDATE "Document" SET html = ${html} WHERE id = ${id}`,
    sys.prisma.$executeRawUnsafe('ALTER TABLE "Document" ENABLE TRIGGER document_immutable'),
  ]);
}

describe('POST /api/cases/summary with the party’s receipt', () => {
  it('prints the party’s signature on the decision, which verifies; a changed signature no longer matches its hash', async () => {
    const receipt = signedReceipt([0, 0, 120]);
    const key = randomUUID();
    const b = body(receipt);
    const r = await handler.post('/api/cases/summary', b, { 'idempotency-key': key });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const caseId = r.body.caseId as string;
    // A retry of the same submit (the network dropped the answer) is the same case.
    const again = await handler.post('/api/cases/summary', b, { 'idempotency-key': key });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.caseId).toBe(caseId);
    expect(await sys.prisma.case.count({ where: { partyName: b.party.name } })).toBe(1);

    const doc = await decisionOf(caseId);
    expect(await sys.prisma.document.count({ where: { caseId, kind: 'SUMMARY_DECISION' } })).toBe(1);
    const img = `<img src="${receipt.signature.replace(/=/g, '&#x3D;')}" alt="${b.party.name}的签名"`;
    expect(doc.html).toContain(img);
    expect(text(doc.html).replace(/\s+/g, '')).toContain(`当事人（签收）：${b.party.name}（`);
    expect((await handler.get(`/api/documents/${doc.id}`)).body).toMatchObject({ id: doc.id, verified: true });

    const forged = doc.html.replace(img, `<img src="${signaturePng([120, 0, 0]).replace(/=/g, '&#x3D;')}" alt="${b.party.name}的签名"`);
    expect(forged).not.toBe(doc.html);
    await rewrite(doc.id, forged);
    try {
      expect((await handler.get(`/api/documents/${doc.id}`)).body).toMatchObject({ id: doc.id, verified: false });
    } finally {
      await rewrite(doc.id, doc.html);
    }
    expect((await handler.get(`/api/documents/${doc.id}`)).body.verified).toBe(true);
  });

  it('notes a refusal on the decision, with its reason and the witness who signed', async () => {
    const witness = { name: '村委会主任李某', image: signaturePng([0, 80, 0]), signedAt: new Date(Date.now() - 30_000).toISOString() };
    const r = await handler.post('/api/cases/summary', body({ refused: { reason: '称须请示公司总经理', witness } }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const doc = await decisionOf(r.body.caseId as string);
    const words = text(doc.html);
    expect(words).toContain('当事人拒绝签收（理由：称须请示公司总经理），见证人村委会主任李某，执法人员已当场注明');
    expect(words).toContain('当事人（签收）：拒绝签收');
    expect(words).not.toContain('当事人（签收）：　');
    expect(doc.html).toContain('alt="村委会主任李某的签名"');
    expect((await handler.get(`/api/documents/${doc.id}`)).body.verified).toBe(true);
  });

  it('accepts a phone clock a few minutes ahead, within the policy allowance (DATE_FUTURE_TOLERANCE_MINUTES)', async () => {
    const r = await handler.post('/api/cases/summary', body({ signature: signaturePng(), signedAt: new Date(Date.now() + 8 * 60_000).toISOString() }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });

  it.each([
    ['no receipt', 400, 'receipt', undefined],
    ['neither a signature nor a refusal', 422, 'receipt.signature', {}],
    ['a signature that is not a PNG', 422, 'receipt.signature', { signature: `data:image/png;base64,${Buffer.from('<svg onload=alert(1)>').toString('base64')}`, signedAt: new Date().toISOString() }],
    ['a signature without its time', 422, 'receipt.signedAt', { signature: signaturePng() }],
    ['a signature from tomorrow', 422, 'receipt.signedAt', { signature: signaturePng(), signedAt: new Date(Date.now() + 86_400_000).toISOString() }],
    ['a signature past the clock allowance (DATE_FUTURE_TOLERANCE_MINUTES, 10)', 422, 'receipt.signedAt', { signature: signaturePng(), signedAt: new Date(Date.now() + 15 * 60_000).toISOString() }],
    ['a refusal without the witness’s signature', 400, 'receipt.refused.witness.image', { refused: { reason: '拒绝', witness: { name: '李某' } } }],
    ['a refusal that also has the party’s signature', 422, 'receipt.refused', { signature: signaturePng(), signedAt: new Date().toISOString(), refused: { reason: '拒绝', witness: { name: '李某', image: signaturePng(), signedAt: new Date().toISOString() } } }],
  ])('%s → %i naming %s; nothing written', async (_what, status, field, receipt) => {
    const b = body(receipt);
    const r = await handler.post('/api/cases/summary', b, { 'idempotency-key': randomUUID() });
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.message).toContain(field);
    expect(r.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await sys.prisma.case.count({ where: { partyName: b.party.name } })).toBe(0);
  });
});
