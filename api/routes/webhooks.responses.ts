// Response schemas of api/routes/webhooks.ts (the shapes its services return, as JSON carries them).
import { z } from 'zod';

const isoDateTime = z.iso.datetime({ offset: true });

/** POST /api/admin/webhooks */
export const postApiAdminWebhooks = z.object({
  created: z.boolean(), id: z.string(), orgId: z.string(), url: z.string(), eventTypes: z.array(z.string()),
  secret: z.string().meta({ description: 'Standard Webhooks 签名密钥（whsec_ 开头），对接系统据此验证签名；只在订阅（及以相同机关与接收地址再次提交）的答复中出现，库中只存其密文' }), createdAt: isoDateTime,
});

/** GET /api/admin/webhooks */
export const getApiAdminWebhooks = z.object({
  items: z.array(z.object({
    id: z.string(), orgId: z.string(), orgName: z.string(), url: z.string(), eventTypes: z.array(z.string()), eventTypeLabels: z.array(z.string()),
    active: z.boolean(), createdAt: isoDateTime,
  })),
});

/** GET /api/admin/webhooks/:id/deliveries */
export const getApiAdminWebhooksIdDeliveries = z.object({
  subscription: z.object({
    id: z.string(), orgId: z.string(), orgName: z.string(), url: z.string(), eventTypes: z.array(z.string()), eventTypeLabels: z.array(z.string()),
  }),
  items: z.array(z.object({
    id: z.string(), eventId: z.string(), eventType: z.string(), eventLabel: z.string(), seq: z.number(), eventAt: isoDateTime,
    subjectType: z.string(), subjectId: z.string(), status: z.string(), stateLabel: z.string(), dead: z.boolean(), attempts: z.number(),
    log: z.array(z.object({ at: isoDateTime, statusCode: z.number().nullable(), error: z.string().nullable(), durationMs: z.number() })),
  })),
});

/** POST /api/admin/webhook-deliveries/:id/redeliver */
export const postApiAdminWebhookDeliveriesIdRedeliver = z.object({ workflowId: z.string(), status: z.string() });

/** GET /api/events */
export const getApiEvents = z.object({
  items: z.array(z.object({
    id: z.string().meta({ description: '事件标识，与推送的 webhook-id 相同' }), type: z.string(), at: isoDateTime,
    subjectType: z.string(), subjectId: z.string(), data: z.record(z.string(), z.unknown()), cursor: z.string(),
  })),
  next: z.string().meta({ description: '下次请求的 after' }), hasMore: z.boolean(),
});
