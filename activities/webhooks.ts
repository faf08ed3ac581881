import type { PrismaClient } from '../generated/prisma/client.ts';
import { loadCodecKeys } from '../infra/codec-keys.ts';
import { loadConfig } from '../infra/config.ts';
import type { CodecKey } from '../infra/payload-codec.ts';
import { SecretUnreadableError } from '../store/secret-box.ts';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from '../infra/webhook-settings.ts';
import { deliveryWorkflowId, signedRequest, webhookSecret, webhookUrlProblem } from '../store/webhooks.ts';
import type { WebhookDispatchRound } from '../workflows/webhook-messages.ts';

/** Deliveries one round hands out at most; more waiting → the next round runs at once. */
const ROUND_LIMIT = 100;

// Webhook dispatch and delivery (issue 24): what the dispatcher and the delivery workflows do.
// `codecKeys`: the key ring the signing secrets are sealed with (store/webhooks.ts); the worker's own
// by default, read when a sealed secret is first opened.
export function webhookActivities(prisma: PrismaClient, settings: WebhookSettings = DEFAULT_WEBHOOK_SETTINGS, codecKeys?: readonly CodecKey[]) {
  let keys = codecKeys;
  const ring = () => (keys ??= loadCodecKeys(loadConfig()));
  /** The secret in clear, or why it cannot be had (logged as the attempt's error: retrying would not help). */
  const secretOf = (sub: { id: string; secret: string }): { secret: string } | { error: string } => {
    try {
      return { secret: webhookSecret(ring(), sub) };
    } catch (err) {
      if (err instanceof SecretUnreadableError) return { error: `签名密钥无法读取：${err.message}` };
      throw err;
    }
  };
  return {
    /**
     * One round of the dispatcher: for every active subscription, the org's events after its cursor
     * (in sequence order: an org's events commit in that order, store/outbox.ts), a delivery row for
     * each of the subscribed types and the cursor moved past them, in one transaction; then every
     * delivery whose workflow is not started yet, this round's and any left over.
     */
    async claimWebhookDeliveries(q: { orgIds?: string[] } = {}): Promise<WebhookDispatchRound> {
      let more = false;
      const scope = q.orgIds ? { orgId: { in: q.orgIds } } : {};
      const subs = await prisma.webhookSubscription.findMany({ where: { active: true, ...scope }, select: { id: true } });
      for (const { id } of subs) {
        await prisma.$transaction(async (tx) => {
          const [sub] = await tx.$queryRaw<{ orgId: string; cursor: number; eventTypes: string[] }[]>`
            SELECT "orgId", "cursor", "eventTypes" FROM "WebhookSubscription" WHERE "id" = ${id} FOR UPDATE`;
          if (!sub) return;
          const events = await tx.outboxEvent.findMany({
            where: { orgId: sub.orgId, seq: { gt: sub.cursor } }, orderBy: { seq: 'asc' }, take: ROUND_LIMIT, select: { id: true, seq: true, type: true },
          });
          // Never past a hole: should a number be missing, wait for it rather than skip it.
          const run = events.filter((e, i) => e.seq === sub.cursor + i + 1);
          if (!run.length) return;
          if (events.length === ROUND_LIMIT) more = true;
          const wanted = run.filter((e) => sub.eventTypes.includes(e.type));
          if (wanted.length) {
            await tx.webhookDelivery.createMany({ data: wanted.map((e) => ({ id: `${id}.${e.id}`, subscriptionId: id, eventId: e.id })), skipDuplicates: true });
          }
          await tx.webhookSubscription.update({ where: { id }, data: { cursor: run[run.length - 1]!.seq } });
        });
      }
      const due = await prisma.webhookDelivery.findMany({ where: { startedAt: null, subscription: scope }, orderBy: { createdAt: 'asc' }, take: ROUND_LIMIT, select: { id: true } });
      return {
        deliveries: due.map((d) => ({ deliveryId: d.id, workflowId: deliveryWorkflowId(d.id, 0) })),
        retryDelaysMs: [...settings.retryDelaysMs], pollSeconds: settings.pollSeconds, more: more || due.length === ROUND_LIMIT,
      };
    },

    async markWebhookDeliveriesStarted(m: { deliveryIds: string[] }): Promise<void> {
      await prisma.webhookDelivery.updateMany({ where: { id: { in: m.deliveryIds }, startedAt: null }, data: { startedAt: new Date() } });
    },

    /**
     * One attempt: signs and posts the event once, logs the answer and moves the delivery (DELIVERED
     * on a 2xx; DEAD when this was the last attempt). A receiver's failure is a result, not an
     * error: the workflow's timers space the attempts, not activity retries. A retried activity whose
     * attempt was logged answers with that attempt.
     */
    async deliverWebhook(a: { deliveryId: string; attemptKey: string; last: boolean }): Promise<{ delivered: boolean; statusCode: number | null }> {
      const logged = await prisma.webhookAttempt.findUnique({ where: { key: a.attemptKey } });
      if (logged) return { delivered: isSuccess(logged.statusCode), statusCode: logged.statusCode };
      const d = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: a.deliveryId }, include: { subscription: true, event: true } });
      if (d.status === 'DELIVERED') return { delivered: true, statusCode: d.lastStatusCode };
      const started = Date.now();
      let statusCode: number | null = null;
      const key = secretOf(d.subscription);
      let error: string | null = webhookUrlProblem(d.subscription.url, settings.allowedHosts) ?? ('error' in key ? key.error : null);
      if (!error && 'secret' in key) {
        const { body, headers } = signedRequest(key.secret, d.event, new Date());
        try {
          // Redirects are not followed: a receiver cannot send the event to a host off the allow-list.
          const res = await fetch(d.subscription.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(settings.timeoutMs) });
          statusCode = res.status;
          await res.body?.cancel();
        } catch (err) {
          error = ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message;
        }
      }
      const delivered = isSuccess(statusCode);
      // Two executions of one attempt (a timed-out activity still running beside its retry): the
      // first to log it wins, and both answer with what it logged.
      try {
        await prisma.$transaction([
          prisma.webhookAttempt.create({ data: { deliveryId: d.id, key: a.attemptKey, statusCode, error: error?.slice(0, 500) ?? null, durationMs: Date.now() - started } }),
          prisma.webhookDelivery.update({ where: { id: d.id }, data: {
            status: delivered ? 'DELIVERED' : a.last ? 'DEAD' : 'PENDING', attempts: { increment: 1 },
            lastStatusCode: statusCode, lastError: error?.slice(0, 500) ?? null, updatedAt: new Date(),
          } }),
        ]);
      } catch (err) {
        const first = await prisma.webhookAttempt.findUnique({ where: { key: a.attemptKey } });
        if (!first) throw err;
        return { delivered: isSuccess(first.statusCode), statusCode: first.statusCode };
      }
      return { delivered, statusCode };
    },
  };
}

const isSuccess = (code: number | null) => code !== null && code >= 200 && code < 300;
