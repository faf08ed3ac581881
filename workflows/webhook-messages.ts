// Webhook deliveries (issue 24): the dispatcher's and the delivery's inputs and ids.

/** The one dispatcher of a deployment (infra/webhook-dispatcher.ts starts it once). */
export const WEBHOOK_DISPATCH_ID = 'webhook-dispatch';

export interface WebhookDispatchInput {
  /** Rounds before the run continues as new (keeps its history short); default 200. */
  roundsPerRun?: number;
  /** Only these orgs' subscriptions (a test's own dispatcher beside others on one database); all by default. */
  orgIds?: string[];
}

export interface WebhookDeliveryInput {
  deliveryId: string;
  /** Waits between attempts, from the worker's settings when the delivery was dispatched (rules/webhook-retry.ts). */
  retryDelaysMs: number[];
}

export interface WebhookDeliveryResult { status: 'DELIVERED' | 'DEAD'; attempts: number }

/** What one round of the dispatcher found: deliveries to start, and how long to wait when idle. */
export interface WebhookDispatchRound {
  deliveries: { deliveryId: string; workflowId: string }[];
  retryDelaysMs: number[];
  pollSeconds: number;
  /** More events are waiting than one round takes: go on without waiting. */
  more: boolean;
}
