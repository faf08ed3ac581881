import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { DEFAULT_RETRY_DELAYS_MS } from '../../rules/webhook-retry.ts';
import { EVENT_TYPES, EVENT_TYPE_LABELS } from '../../rules/partner-events.ts';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { eventFeed, feedOrg } from '../services/events.ts';
import { createSubscription, deliveries, redeliver, subscriptions } from '../services/webhooks.ts';
import * as responses from './webhooks.responses.ts';

const subscribeBody = z.object({
  orgId: z.string().min(1).meta({ description: '订阅哪个机关的事件（机关代码）' }),
  url: z.string().min(1).max(2000).meta({ description: '对接系统的接收地址；主机须为本机回环地址或 WEBHOOK_ALLOWED_HOSTS 所列' }),
  eventTypes: z.array(z.enum(EVENT_TYPES)).min(1).meta({ description: '订阅的事件类型' }),
}).strict();

const retryDelays = (deps: AppDeps) => deps.webhooks?.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;

/** Webhook subscriptions and the event feed (issue 24 items 2 and 5). */
export function webhookRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/admin/webhooks', tag: 'admin', access: ['ADMIN'], status: 201,
      summary: '为一个机关订阅事件推送（Standard Webhooks 签名；同一机关与接收地址再次提交返回已有订阅及其签名密钥）',
      body: subscribeBody, response: responses.postApiAdminWebhooks, handler: async ({ actor, body }) => createSubscription(deps, actor, body),
    }),
    defineRoute({
      method: 'get', path: '/api/admin/webhooks', tag: 'admin', access: ['ADMIN'], refusals: [],
      summary: '事件推送订阅列表', response: responses.getApiAdminWebhooks, handler: async () => subscriptions(deps),
    }),
    defineRoute({
      method: 'get', path: '/api/admin/webhooks/:id/deliveries', tag: 'admin', access: ['ADMIN'], refusals: [404],
      summary: '一个订阅的投递记录：每个事件的状态与每次尝试的响应码（最近 50 个事件）',
      params: z.object({ id: z.string().min(1) }), response: responses.getApiAdminWebhooksIdDeliveries,
      handler: async ({ params }) => deliveries(deps, params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/admin/webhook-deliveries/:id/redeliver', tag: 'admin', access: ['ADMIN'], status: 202, refusals: [404, 409],
      summary: '重新投递一个投递失败（死信）的事件，按重试计划重新尝试',
      params: z.object({ id: z.string().min(1) }), response: responses.postApiAdminWebhookDeliveriesIdRedeliver,
      handler: async ({ actor, params }) => redeliver(deps, actor, params.id, retryDelays(deps)),
    }),
    defineRoute({
      method: 'get', path: '/api/events', tag: 'events', access: 'authenticated', scopes: ['events:read'], refusals: [400, 403, 422],
      summary: '本机关的事件，按机关内序号排列；after 传上次返回的 next 即从断点继续（对接系统需 events:read 权限范围）',
      query: z.object({
        after: z.string().max(40).optional().meta({ description: '上次返回的 next（不传则从第一个事件开始）' }),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: responses.getApiEvents,
      handler: async ({ actor, query }) => eventFeed(deps.prisma, feedOrg(actor), query.after, query.limit),
    }),
  ];
}

/** Signed-in ADMIN, or an answer has been sent (redirect to login, or a 403 page). */
function admitted(req: Request, res: Response): boolean {
  if (!req.actor) {
    res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    return false;
  }
  if (req.actor.roles.includes('ADMIN')) return true;
  res.status(403).render('error', { status: 403, message: '只有系统管理员可以管理事件推送', me: req.actor, csrf: csrfToken(req), title: '无权限' });
  return false;
}

const typeChoices = (chosen: readonly string[] = []) => EVENT_TYPES.map((t) => ({ value: t, label: EVENT_TYPE_LABELS[t], checked: chosen.includes(t) }));

/** Server-rendered pages: /admin/webhooks (list and subscribe), /admin/webhooks/:id (delivery log, redelivery). */
export function webhookPageRoutes(deps: AppDeps): Router {
  const r = Router();
  const list = async (req: Request, res: Response, data: Record<string, unknown>) => {
    const orgs = await deps.prisma.org.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } });
    res.render('admin-webhooks', { title: '事件推送', ...(await subscriptions(deps)), orgs, types: typeChoices(data.chosen as string[]), ...data, me: req.actor, csrf: csrfToken(req) });
  };

  r.get('/admin/webhooks', async (req, res) => {
    if (!admitted(req, res)) return;
    await list(req, res, { form: {} });
  });

  r.post('/admin/webhooks', async (req, res) => {
    if (!admitted(req, res)) return;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const eventTypes = ([] as unknown[]).concat(b.eventTypes ?? []).map(String);
    try {
      const s = await createSubscription(deps, req.actor!, { orgId: String(b.orgId ?? ''), url: String(b.url ?? '').trim(), eventTypes: eventTypes as never });
      // The secret is shown in this answer only (the database keeps it sealed), not behind a redirect.
      const log = await deliveries(deps, s.id);
      res.status(s.created ? 201 : 200).render('admin-webhook', { title: '事件推送记录', ...log, secret: s.secret, me: req.actor, csrf: csrfToken(req) });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      res.status(err.status);
      await list(req, res, { form: { orgId: b.orgId, url: b.url }, chosen: eventTypes, error: err.message });
    }
  });

  r.get('/admin/webhooks/:id', async (req, res) => {
    if (!admitted(req, res)) return;
    const log = await deliveries(deps, req.params.id!);
    res.render('admin-webhook', { title: '事件推送记录', ...log, message: req.query.redelivered ? '已重新投递，结果见下方记录。' : undefined, me: req.actor, csrf: csrfToken(req) });
  });

  r.post('/admin/webhooks/:id/deliveries/:deliveryId/redeliver', async (req, res) => {
    if (!admitted(req, res)) return;
    try {
      await redeliver(deps, req.actor!, req.params.deliveryId!, retryDelays(deps));
      res.redirect(303, `/admin/webhooks/${encodeURIComponent(req.params.id!)}?redelivered=1`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      res.status(err.status).render('error', { status: err.status, message: err.message, me: req.actor, csrf: csrfToken(req), title: '无法重新投递' });
    }
  });
  return r;
}
