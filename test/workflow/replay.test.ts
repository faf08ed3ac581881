import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { confirmPaymentUpdate } from '../../workflows/messages.ts';
import { officers, people, startCase } from '../support/case-driver.ts';
import { startTimeSkipping, testDataConverter } from '../support/workflow-env.ts';

// Recorded histories (protobuf-encoded) of finished cases must replay with the current workflow code: a change
// that would break running cases fails here, not in production. Re-record deliberately
// (RECORD_HISTORIES=1) only together with patched() for the changed code path.
const dir = path.resolve('test/fixtures/histories');

describe('replay of recorded case histories', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.history.bin'));

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays with the current workflow code', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(path.join(dir, file)));
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: testDataConverter() }, history, file);
  });

  it.runIf(process.env.RECORD_HISTORIES === '1')('records a full general-procedure case', async () => {
    const t = await startTimeSkipping();
    try {
      const worker = await t.worker();
      await worker.runUntil(async () => {
        const { input, handle, d } = await startCase(t);
        await d.complete('FILING_APPROVAL', people.supervisor, 'APPROVE', {});
        await d.complete('INVESTIGATION', people.handler1, 'PROPOSE', {
          findings: '储罐区未设置安全警示标志。', penaltyTypes: ['FINE'], fineFen: 8_000_000, officerIds: officers.map((o) => o.userId),
        }, { officers });
        await d.complete('NOTICE_SERVICE', people.handler1, 'SERVED', { servedAt: await d.now(), method: '直接送达' });
        await d.sleepDays(10); // silence: waived
        await d.complete('DECISION', people.head, 'DECIDE', { penaltyTypes: ['FINE'], fineFen: 8_000_000, reasoning: '事实清楚' });
        await d.complete('DECISION_SERVICE', people.handler1, 'SERVED', { servedAt: await d.now(), method: 'DIRECT' });
        await d.sleepDays(1);
        await handle.executeUpdate(confirmPaymentUpdate, { args: [{ reference: `rec-${input.caseId}`, amountFen: 8_000_000, paidAt: await d.now(), channel: 'bank' }] });
        await d.complete('CLOSING', people.head, 'APPROVE', { summary: '已缴清。' });
        await handle.result();
        writeFileSync(path.join(dir, 'case-general-paid.history.bin'), temporal.api.history.v1.History.encode(await handle.fetchHistory()).finish());
      });
    } finally {
      await t.stop();
    }
  });
});
