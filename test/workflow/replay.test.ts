import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { HISTORIES_DIR, historyFromFile } from '../support/record-history.ts';
import { testDataConverter } from '../support/workflow-env.ts';

// The replay compatibility suite (issue 20 item 2): every recorded history must replay with the current
// workflow bundle, so a change that would break a run started on an older build fails here, not in a
// bureau. A change that fails replay gets patched() (or a new workflow type); a history is never
// re-recorded to make a change pass — new ones are added (README, "Changing a live procedure").
// `npm run replay:record` records them (test/support/record-history.ts).

/** `<workflow>/<path>.json`, recursively. */
const histories = readdirSync(HISTORIES_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
/** The first replay fixture (protobuf), recorded before the suite existed: kept, like every old history. */
const legacyDir = path.resolve('test/fixtures/histories');
const legacy = readdirSync(legacyDir).filter((f) => f.endsWith('.history.bin'));

const load = (file: string) => historyFromFile(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
const typeOf = (file: string) => load(file).events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
/** Every workflow type the worker registers (workflows/index.ts exports them by name). */
const workflowTypes = [...readFileSync(path.resolve('workflows/index.ts'), 'utf8').matchAll(/^export const (\w+Workflow) = /gm)].map((m) => m[1]);

/** The paths issue 20 names, each a recorded history. */
const REQUIRED = [
  'case/general-paid-archived', 'summary-case/on-the-spot-filed-paid', 'case/hearing-legal-review-discussion', 'case/with-transfer-filed',
  'transfer/filed-materials-handed-over', 'transfer/not-filed-reconsideration-supervision', 'referral/result-chased-sent-back',
  'reconsideration/accepted-answered-upheld', 'reconsideration/answer-missed-revoked', 'reconsideration/correction-missed-withdrawn',
  'reconsideration/simplified-declared-unlawful', 'reconsideration/changed-amount', 'delegation/lapsed-renewed', 'delegation/renewal-in-force',
  'inspection/reinspection-failed-case-opened', 'annual-plan/continued-as-new-first-run', 'annual-plan/continued-as-new-last-run',
  'case/escalation-ladder-warned-reassigned',
];

describe('replay compatibility suite', () => {
  it('holds at least 15 histories, every workflow type and every path the issue names', () => {
    expect(histories.length).toBeGreaterThanOrEqual(15);
    expect(REQUIRED.filter((p) => !histories.includes(`${p}.json`))).toEqual([]);
    const recorded = new Set(histories.map(typeOf));
    expect(workflowTypes.length).toBeGreaterThan(10);
    expect(workflowTypes.filter((w) => !recorded.has(w))).toEqual([]);
  });

  it.each(histories)('%s replays with the current workflow code', async (file) => {
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: testDataConverter() }, load(file), file);
  });

  it.each(legacy)('%s (protobuf) replays with the current workflow code', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(path.join(legacyDir, file)));
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: testDataConverter() }, history, file);
  });
});
