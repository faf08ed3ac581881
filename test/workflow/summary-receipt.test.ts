import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SummaryReceipt } from '../../rules/forms/signatures.ts';
import type { SummaryCaseInput } from '../../workflows/case-input.ts';
import { caseStateQuery, confirmPaymentUpdate } from '../../workflows/messages.ts';
import { caseInput, officers, people, startCase } from '../support/case-driver.ts';
import { signaturePng } from '../support/cases.ts';
import { recordHistory } from '../support/record-history.ts';
import { eventually } from '../support/system.ts';
import { startTimeSkipping } from '../support/workflow-env.ts';

// 当场处罚决定书 handed over on the spot (行政处罚法 Art 52, issue 23): behind patched('summary-receipt')
// the party's receipt signature, or the refusal the officers note with its witness, is printed on the
// decision itself. The histories recorded here are the patched path's replay fixtures.
let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeAll(async () => { t = await startTimeSkipping(); });
afterAll(async () => t?.stop());

const summary = (receipt: SummaryReceipt) => (now: string): SummaryCaseInput => ({
  ...caseInput(now), procedure: 'SUMMARY', officerIds: officers.map((o) => o.userId),
  penalty: { penaltyTypes: ['WARNING', 'FINE'], fineFen: 200_000 }, decidedAt: now, receipt,
});
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('the 当场处罚决定书 signed for on the phone', () => {
  it('carries the party’s signature in the 当事人签收 box; the case runs on to payment, 备案 and archive as before', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const image = signaturePng([0, 0, 90]);
      const { input, handle, d } = await startCase(t, (now) => summary({ signature: image, signedAt: now, name: '赵某（安全主任）' })(now), 'summaryCaseWorkflow');
      const [decision] = await eventually(async () => { const docs = await d.documents('SUMMARY_DECISION'); return docs.length ? docs : undefined; });
      expect(decision.html).toContain(`<img src="${image.replace(/=/g, '&#x3D;')}" alt="赵某（安全主任）的签名"`);
      expect(text(decision.html)).toMatch(/当事人（签收）：\s*赵某（安全主任）（\d{4}年/);
      expect(text(decision.html)).not.toContain('拒绝签收');
      const state = await eventually(async () => { const s = await handle.query(caseStateQuery); return s.paymentDueDay ? s : undefined; });
      expect(state.servedAt).toBe(input.registeredAt); // decidedAt: handed over on the spot
      await handle.executeUpdate(confirmPaymentUpdate, { args: [{ reference: `r-${input.caseId}`, amountFen: 200_000, paidAt: input.registeredAt, channel: 'bank' }] });
      await d.complete('SUMMARY_FILING', people.supervisor, 'FILED', {});
      await d.complete('CLOSING', people.head, 'APPROVE', { summary: '当场处罚已执行完毕。' });
      expect((await handle.result()).status).toBe('ARCHIVED');
      await recordHistory(t.env.client, 'summary-case/signed-for-on-the-spot-paid', handle.workflowId);
    });
  });

  it('notes a refusal on the decision with its reason and the witness who signed', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const witness = { name: '村委会主任李某', image: signaturePng([0, 60, 0]), signedAt: '' };
      const { handle, d } = await startCase(t, (now) => summary({ refused: { reason: '称须请示公司总经理', witness: { ...witness, signedAt: now } } })(now), 'summaryCaseWorkflow');
      const [decision] = await eventually(async () => { const docs = await d.documents('SUMMARY_DECISION'); return docs.length ? docs : undefined; });
      const words = text(decision.html);
      expect(words).toContain('当事人拒绝签收（理由：称须请示公司总经理），见证人村委会主任李某，执法人员已当场注明');
      expect(words).toMatch(/当事人（签收）：拒绝签收\s*见证人（签名）：\s*村委会主任李某（/);
      expect(decision.html).toContain('alt="村委会主任李某的签名"');
      await d.openTask('SUMMARY_FILING');
      await recordHistory(t.env.client, 'summary-case/refused-noted-on-the-spot', handle.workflowId);
    });
  });
});
