import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { WEBHOOK_DISPATCH_ID, type WebhookDispatchInput } from '../workflows/webhook-messages.ts';

/**
 * Starts the webhook dispatcher (workflows/webhook-dispatch.ts) unless it runs already: the API
 * calls this at start-up, as it creates the Schedules; every instance may, one run results.
 */
export async function ensureWebhookDispatcher(temporal: Client, taskQueue: string, workflowId = WEBHOOK_DISPATCH_ID, input: WebhookDispatchInput = {}): Promise<string> {
  const handle = await temporal.workflow.start('webhookDispatchWorkflow', {
    workflowId, taskQueue, args: [input], workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  return handle.workflowId;
}
