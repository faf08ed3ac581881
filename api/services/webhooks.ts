// Webhook administration (issue 24 item 2): subscribe, read the delivery log, redeliver a dead letter.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { EVENT_TYPE_LABELS, type EventType } from '../../rules/partner-events.ts';
import { appendAudit } from '../../store/audit.ts';
import { conflict, notFound } from '../../store/errors.ts';
import { deliveryLog, deliveryWorkflowId, listSubscriptions, subscribe, type SubscribeInput } from '../../store/webhooks.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { WebhookDeliveryInput } from '../../workflows/webhook-messages.ts';
import { loadCodecKeys } from '../../infra/codec-keys.ts';
import { loadConfig } from '../../infra/config.ts';
import type { AppDeps } from '../deps.ts';

const STATUS_LABELS: Record<string, string> = { PENDING: '投递中', DELIVERED: '已送达', DEAD: '投递失败（死信）' };
const label = (type: string) => EVENT_TYPE_LABELS[type as EventType] ?? type;

/** The key ring the signing secrets are sealed with: the payload codec's (store/secret-box.ts). */
const keyRing = (deps: AppDeps) => deps.codecKeys ?? loadCodecKeys(loadConfig());

/**
 * The only answer that carries the signing secret in clear, for the administrator to hand to the
 * partner; a repeated submit answers with the same secret. The delivery log does not show it.
 */
export async function createSubscription(deps: AppDeps, actor: Actor, b: Omit<SubscribeInput, 'createdById' | 'ip'>) {
  const { subscription: s, created, secret } = await subscribe(deps.prisma, { ...b, createdById: actor.userId, ip: actor.ip ?? null }, deps.webhooks?.allowedHosts ?? [], keyRing(deps));
  return { created, id: s.id, orgId: s.orgId, url: s.url, eventTypes: s.eventTypes, secret, createdAt: s.createdAt };
}

export async function subscriptions(deps: AppDeps) {
  const rows = await listSubscriptions(deps.prisma);
  return { items: rows.map((s) => ({
    id: s.id, orgId: s.orgId, orgName: s.org.name, url: s.url, eventTypes: s.eventTypes, eventTypeLabels: s.eventTypes.map(label),
    active: s.active, createdAt: s.createdAt,
  })) };
}

export async function deliveries(deps: AppDeps, subscriptionId: string) {
  const { subscription: s, deliveries: ds } = await deliveryLog(deps.prisma, subscriptionId);
  return {
    subscription: { id: s.id, orgId: s.orgId, orgName: s.org.name, url: s.url, eventTypes: s.eventTypes, eventTypeLabels: s.eventTypes.map(label) },
    items: ds.map((d) => ({
      id: d.id, eventId: d.eventId, eventType: d.event.type, eventLabel: label(d.event.type), seq: d.event.seq, eventAt: d.event.at,
      subjectType: d.event.subjectType, subjectId: d.event.subjectId,
      status: d.status, stateLabel: STATUS_LABELS[d.status] ?? d.status, dead: d.status === 'DEAD', attempts: d.attempts,
      log: d.log.map((a) => ({ at: a.at, statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })),
    })),
  };
}

/**
 * One-click redelivery of a dead letter: a new run of the delivery workflow, with the whole retry
 * schedule again. Its id counts the attempts made so far, which do not change while the delivery is
 * dead, so a double click starts one run.
 */
export async function redeliver(deps: AppDeps, actor: Actor, deliveryId: string, retryDelaysMs: readonly number[]) {
  const d = await deps.prisma.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!d) throw notFound('投递记录');
  const workflowId = deliveryWorkflowId(d.id, d.attempts);
  if (d.status !== 'DEAD') {
    if (d.status === 'PENDING' && d.attempts > 0) return { workflowId, status: d.status };
    throw conflict(d.status === 'DELIVERED' ? '该事件已送达，无需重新投递' : '该事件正在投递，无需重新投递');
  }
  try {
    await deps.temporal.workflow.start('webhookDeliveryWorkflow', {
      workflowId, taskQueue: deps.taskQueue, args: [{ deliveryId: d.id, retryDelaysMs: [...retryDelaysMs] } satisfies WebhookDeliveryInput],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  await deps.prisma.$transaction(async (tx) => {
    const moved = await tx.webhookDelivery.updateMany({ where: { id: d.id, status: 'DEAD', attempts: d.attempts }, data: { status: 'PENDING', updatedAt: new Date() } });
    if (moved.count) {
      await appendAudit(tx, { actorKind: 'USER', actorId: actor.userId, ip: actor.ip ?? null, action: 'webhook.redelivered', subjectType: 'WebhookDelivery',
        subjectId: d.id, data: { workflowId, attemptsBefore: d.attempts } });
    }
  });
  return { workflowId, status: 'PENDING' };
}
