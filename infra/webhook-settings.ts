import { checkRetryDelays, DEFAULT_RETRY_DELAYS_MS } from '../rules/webhook-retry.ts';
import type { Config } from './config.ts';

/** Webhook delivery settings, shared by the API (the allow-list) and the worker (all of them). */
export interface WebhookSettings {
  /** Hosts besides loopback a subscription may name; every other host is refused (4xx) and never called. */
  allowedHosts: readonly string[];
  /** Waits between attempts (rules/webhook-retry.ts); the last failed attempt dead-letters the delivery. */
  retryDelaysMs: readonly number[];
  /** How often the dispatcher reads the outbox. */
  pollSeconds: number;
  /** How long one attempt waits for the receiver's answer. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  allowedHosts: [], retryDelaysMs: DEFAULT_RETRY_DELAYS_MS, pollSeconds: 5, timeoutMs: 10_000,
};

export function webhookSettings(config: Config): WebhookSettings {
  return {
    ...DEFAULT_WEBHOOK_SETTINGS,
    allowedHosts: config.WEBHOOK_ALLOWED_HOSTS.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
    retryDelaysMs: config.WEBHOOK_RETRY_DELAYS_MS ? checkRetryDelays(JSON.parse(config.WEBHOOK_RETRY_DELAYS_MS)) : DEFAULT_RETRY_DELAYS_MS,
    pollSeconds: config.WEBHOOK_POLL_SECONDS,
  };
}
