// One event to one partner URL (issue 24 item 2), durable: each attempt is an activity that
// signs (Standard Webhooks, webhook-id = the event id) and posts once, and logs the answer; a
// failed attempt waits the next delay of the schedule in a Temporal timer (rules/webhook-retry.ts,
// about 24 h in all), and the last failure leaves the delivery as a dead letter for the admin,
// whose redelivery starts this workflow again under a new run id (store/webhooks.ts).
import { sleep, workflowInfo } from '@temporalio/workflow';
import { acts } from './activities-proxy.ts';
import type { WebhookDeliveryInput, WebhookDeliveryResult } from './webhook-messages.ts';

export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<WebhookDeliveryResult> {
  const { workflowId } = workflowInfo();
  const delays = input.retryDelaysMs;
  for (let n = 0; ; n++) {
    const last = n >= delays.length;
    const r = await acts.deliverWebhook({ deliveryId: input.deliveryId, attemptKey: `${workflowId}/${n}`, last });
    if (r.delivered) return { status: 'DELIVERED', attempts: n + 1 };
    if (last) return { status: 'DEAD', attempts: n + 1 };
    await sleep(delays[n]!);
  }
}
