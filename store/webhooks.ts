// Webhook subscriptions, deliveries and signing (issue 24 item 2): the domain operations the
// admin API and the delivery activities share.
import { createHash, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { isSealed, openSecret, sealSecret, SecretUnreadableError, type SealingKey } from './secret-box.ts';
import { isEventType } from '../rules/partner-events.ts';
import { appendAudit } from './audit.ts';
import { AppError, invalid, notFound } from './errors.ts';
import { lastEventSeq } from './outbox.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Why a URL may not be subscribed or called, in Chinese; undefined when it may. */
export function webhookUrlProblem(raw: string, allowedHosts: readonly string[]): string | undefined {
  let url: URL;
  try { url = new URL(raw); } catch { return '接收地址不是有效的网址'; }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '接收地址须以 https:// 或 http:// 开头';
  if (url.username || url.password) return '接收地址不能包含用户名或密码';
  const host = url.hostname.toLowerCase();
  if (!LOOPBACK.has(host) && !allowedHosts.includes(host)) return `接收地址的主机 ${host} 不在允许名单内（WEBHOOK_ALLOWED_HOSTS）`;
  return undefined;
}

/** A Standard Webhooks secret: 32 random bytes, base64 with the whsec_ prefix the libraries accept. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export interface SubscribeInput { orgId: string; url: string; eventTypes: string[]; createdById: string; ip?: string | null }

/** A subscription's signing secret in clear: only to sign a delivery and to show it to the administrator who subscribes. */
export const webhookSecret = (keys: readonly SealingKey[], sub: { id: string; secret: string }) => openSecret(keys, sub.secret, sub.id);

/**
 * Subscribes a partner URL to event types of one org, from its next event on. The same org and URL
 * again answers with the subscription already made (a repeated submit), so the partner keeps one secret.
 * The secret is stored sealed (store/secret-box.ts) and returned in clear beside the row.
 */
export async function subscribe(prisma: PrismaClient, s: SubscribeInput, allowedHosts: readonly string[], keys: readonly SealingKey[]) {
  const problem = webhookUrlProblem(s.url, allowedHosts);
  if (problem) throw invalid(`url: ${problem}`);
  const types = [...new Set(s.eventTypes)];
  if (!types.length) throw invalid('eventTypes: 至少选择一种事件');
  const unknown = types.filter((t) => !isEventType(t));
  if (unknown.length) throw invalid(`eventTypes: 未知的事件类型 ${unknown.join('、')}`);
  const id = `whs_${createHash('sha256').update(`${s.orgId}\u0000${s.url}`).digest('base64url').slice(0, 24)}`;
  return prisma.$transaction(async (tx) => {
    if (!await tx.org.findUnique({ where: { id: s.orgId }, select: { id: true } })) throw invalid('orgId: 机关不存在');
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${id}))`;
    const existing = await tx.webhookSubscription.findUnique({ where: { id } });
    if (existing) {
      if (existing.eventTypes.join() !== types.join()) throw new AppError('conflict', '该机关已为此接收地址订阅了其他事件类型', 409);
      return { subscription: existing, created: false, secret: webhookSecret(keys, existing) };
    }
    const secret = newSecret();
    const subscription = await tx.webhookSubscription.create({ data: {
      id, orgId: s.orgId, url: s.url, eventTypes: types, secret: sealSecret(keys, secret, id), createdById: s.createdById,
      cursor: await lastEventSeq(tx, s.orgId),
    } });
    await appendAudit(tx, { actorKind: 'USER', actorId: s.createdById, ip: s.ip ?? null, action: 'webhook.subscribed', subjectType: 'WebhookSubscription',
      subjectId: id, orgId: s.orgId, data: { url: s.url, eventTypes: types } });
    return { subscription, created: true, secret };
  });
}

/**
 * The one-off step for rows written before secrets were sealed, run at every worker start (infra/
 * temporal.ts): seals each secret still in clear, and re-seals one sealed under a key that is no
 * longer the first of the ring, so that an old key can be retired after a rotation. Each row moves
 * only from the value read (compare-and-set), so two workers starting together seal it once, and a
 * second run finds nothing to do. A row whose key is missing from the ring is left as it is and
 * named in the answer (its deliveries log the reason).
 */
export async function sealWebhookSecrets(prisma: PrismaClient, keys: readonly SealingKey[]) {
  const current = keys[0]?.id;
  if (!current) throw new Error('sealWebhookSecrets needs at least one key');
  const rows = await prisma.webhookSubscription.findMany({
    where: { NOT: { secret: { startsWith: `enc:v1:${current}:` } } }, select: { id: true, secret: true },
  });
  const result = { sealed: 0, resealed: 0, unreadable: [] as string[] };
  for (const row of rows) {
    let plain: string;
    try {
      plain = webhookSecret(keys, row);
    } catch (err) {
      if (!(err instanceof SecretUnreadableError)) throw err;
      result.unreadable.push(row.id);
      continue;
    }
    const moved = await prisma.webhookSubscription.updateMany({ where: { id: row.id, secret: row.secret }, data: { secret: sealSecret(keys, plain, row.id) } });
    if (moved.count) result[isSealed(row.secret) ? 'resealed' : 'sealed'] += 1;
  }
  return result;
}

export const listSubscriptions = (prisma: PrismaClient) => prisma.webhookSubscription.findMany({
  orderBy: { createdAt: 'desc' }, include: { org: { select: { name: true } } },
});

/** A subscription and its deliveries, newest first, each with every attempt (the delivery log). */
export async function deliveryLog(prisma: PrismaClient, subscriptionId: string, take = 50) {
  const subscription = await prisma.webhookSubscription.findUnique({ where: { id: subscriptionId }, include: { org: { select: { name: true } } } });
  if (!subscription) throw notFound('订阅');
  const deliveries = await prisma.webhookDelivery.findMany({
    where: { subscriptionId }, orderBy: { createdAt: 'desc' }, take,
    include: { event: { select: { type: true, seq: true, at: true, subjectType: true, subjectId: true } }, log: { orderBy: { id: 'asc' } } },
  });
  return { subscription, deliveries };
}

/** The workflow id of a delivery's n-th run (0 = the first; a redelivery is a later run). */
export const deliveryWorkflowId = (deliveryId: string, run: number) => `webhook-delivery:${deliveryId}${run ? `:r${run}` : ''}`;

/** The body and Standard Webhooks headers of one attempt (webhook-id = the event id). */
export function signedRequest(secret: string, event: { id: string; type: string; orgId: string; seq: number; at: Date; subjectType: string; subjectId: string; data: unknown }, now: Date) {
  const body = JSON.stringify({
    type: event.type, timestamp: event.at.toISOString(),
    data: { orgId: event.orgId, seq: event.seq, subjectType: event.subjectType, subjectId: event.subjectId, ...(event.data as object) },
  });
  const headers = {
    'content-type': 'application/json', 'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(event.id, now, body),
  };
  return { body, headers };
}
