// Webhook delivery on the time-skipping server (issue 24 item 2): the dispatcher hands an outbox
// event to a delivery workflow, which retries on the 24 h schedule of rules/webhook-retry.ts and
// dead-letters the event when the receiver never answers. Real activities, real PostgreSQL and a
// real receiver on loopback; Temporal's clock skips the waits.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowContinuedAsNewError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCodecKeys } from '../../infra/payload-codec.ts';
import { DEFAULT_RETRY_DELAYS_MS, RETRY_WINDOW_MS } from '../../rules/webhook-retry.ts';
import { appendEvents } from '../../store/outbox.ts';
import { deliveryWorkflowId, subscribe } from '../../store/webhooks.ts';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkipping } from '../support/workflow-env.ts';

type Env = Awaited<ReturnType<typeof startTimeSkipping>>;
let t: Env;
let receiver: Server;
let base = '';
/** Per path, how many requests failed before it answers 200 (Infinity: never). */
const failFirst = new Map<string, number>();
const seen = new Map<string, number>();

beforeAll(async () => {
  t = await startTimeSkipping();
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const n = (seen.get(req.url!) ?? 0) + 1;
      seen.set(req.url!, n);
      res.writeHead(n <= (failFirst.get(req.url!) ?? 0) ? 503 : 200).end();
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t?.stop();
  await new Promise((ok) => receiver?.close(ok));
});

// An org of its own: the dispatcher here must not take the deliveries of the integration tests.
const ORG = 'yx-dept-transport';

/** A subscription to its own receiver path and one referral.sent event of the org after it. */
async function subscriptionWithEvent(path: string, failures: number) {
  failFirst.set(path, failures);
  const { subscription } = await subscribe(t.prisma, { orgId: ORG, url: `${base}${path}`, eventTypes: ['referral.sent'], createdById: 'u-admin' }, [], parseCodecKeys(inject('codecKeys')));
  const referralId = `referral-${randomUUID()}`;
  await t.prisma.$transaction((tx) => appendEvents(tx, `${referralId}/sent-1`, [{
    actorKind: 'WORKFLOW', action: 'referral.sent', subjectType: 'Referral', subjectId: referralId, orgId: 'yx-hongta', data: { toOrgId: ORG },
  }], [ORG]));
  const event = await t.prisma.outboxEvent.findFirstOrThrow({ where: { subjectId: referralId, orgId: ORG } });
  return { subscription, event, deliveryId: `${subscription.id}.${event.id}` };
}

/** One dispatcher run of a single round, which then continues as new. */
async function dispatchOnce(): Promise<string> {
  const id = `webhook-dispatch-${randomUUID()}`;
  const handle = await t.env.client.workflow.start('webhookDispatchWorkflow', { workflowId: id, taskQueue: t.taskQueue, args: [{ roundsPerRun: 1, orgIds: [ORG] }] });
  const first = t.env.client.workflow.getHandle(id, handle.firstExecutionRunId, { followRuns: false });
  await expect(first.result()).rejects.toBeInstanceOf(WorkflowContinuedAsNewError);
  await recordHistory(t.env.client, 'webhook-dispatch/round-continued-as-new', id, handle.firstExecutionRunId);
  await handle.terminate('test over');
  return id;
}

describe('webhook delivery workflow', () => {
  it('the retry schedule stays within 24 hours', () => {
    expect(DEFAULT_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(RETRY_WINDOW_MS);
  });

  it('one dispatcher round starts the delivery of a subscribed event and continues as new', async () => {
    const worker = await t.worker();
    await worker.runUntil(async () => {
      const { deliveryId } = await subscriptionWithEvent(`/ok-${randomUUID()}`, 0);
      await dispatchOnce();
      const run = t.env.client.workflow.getHandle(deliveryWorkflowId(deliveryId, 0));
      expect((await run.describe()).type).toBe('webhookDeliveryWorkflow');
      expect((await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).startedAt).not.toBeNull();
    });
  });
});
