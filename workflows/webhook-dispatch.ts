// The webhook dispatcher (issue 24 item 2): one long-running workflow reads the outbox and starts
// one delivery workflow per (subscription, event). A loop rather than a Schedule: a round every few
// seconds costs one activity and one timer in this run's history, where a Schedule would start a
// new run (with its own history and visibility record) every tick; it continues as new every few
// hundred rounds, so its history stays small. The outbox read advances each subscription's cursor
// and creates the delivery rows in one transaction; a delivery whose workflow was not started yet
// (the worker died in between) is found again by the next round, and its workflow id (the
// delivery's) makes a second start impossible.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { continueAsNew, ParentClosePolicy, sleep, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { acts } from './activities-proxy.ts';
import type { WebhookDeliveryInput, WebhookDispatchInput } from './webhook-messages.ts';

const ROUNDS_PER_RUN = 200;

export async function webhookDispatchWorkflow(input: WebhookDispatchInput = {}): Promise<void> {
  for (let round = 0; round < (input.roundsPerRun ?? ROUNDS_PER_RUN); round++) {
    const due = await acts.claimWebhookDeliveries({ orgIds: input.orgIds });
    await Promise.all(due.deliveries.map(async (d) => {
      try {
        await startChild('webhookDeliveryWorkflow', {
          workflowId: d.workflowId, args: [{ deliveryId: d.deliveryId, retryDelaysMs: due.retryDelaysMs } satisfies WebhookDeliveryInput],
          parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }));
    if (due.deliveries.length) await acts.markWebhookDeliveriesStarted({ deliveryIds: due.deliveries.map((d) => d.deliveryId) });
    if (!due.more) await sleep(due.pollSeconds * 1000);
  }
  await continueAsNew<typeof webhookDispatchWorkflow>(input);
}
