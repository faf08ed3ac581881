// Signed webhooks delivered durably and the event feed (issue 24 items 2 and 5), through the real
// API, Temporal, worker and PostgreSQL, to real HTTP receivers on loopback.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { newCodecKey, parseCodecKeys } from '../../infra/payload-codec.ts';
import { ensureWebhookDispatcher } from '../../infra/webhook-dispatcher.ts';
import { lastEventSeq } from '../../store/outbox.ts';
import { deliveryWorkflowId, sealWebhookSecrets, webhookSecret } from '../../store/webhooks.ts';
import { recordHistory } from '../support/record-history.ts';
import { csrfOf, sessionAs } from '../support/session.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

interface Received { path: string; headers: IncomingHttpHeaders; body: string }
const received: Received[] = [];
const flakyTries = new Map<string, number>();
let downIsDown = true;
let receiver: Server;
let base = '';

let sys: System;
let admin: Api, handler: Api, supervisor: Api, samr: Api, housing: Api;
let dispatcherId = '';
// 3 waits → 4 attempts, then the dead letter; short so the test runs in seconds.
const webhooks = { allowedHosts: [], retryDelaysMs: [300, 300, 300], pollSeconds: 1, timeoutMs: 5_000 };

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      received.push({ path: req.url!, headers: req.headers, body });
      const id = String(req.headers['webhook-id']);
      if (req.url === '/flaky') {
        const n = (flakyTries.get(id) ?? 0) + 1;
        flakyTries.set(id, n);
        res.writeHead(n <= 3 ? 503 : 204).end();
      } else if (req.url === '/down') {
        res.writeHead(downIsDown ? 500 : 200).end();
      } else {
        res.writeHead(200).end('ok');
      }
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  sys = await startSystem({ webhooks });
  [admin, handler, supervisor, samr, housing] = await Promise.all([
    apiAs(sys.baseUrl, 'admin'), apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor'),
    apiAs(sys.baseUrl, 'samr.receiver'), apiAs(sys.baseUrl, 'housing.receiver'),
  ]);
  dispatcherId = await ensureWebhookDispatcher(sys.temporal, sys.taskQueue, `webhook-dispatch-${sys.taskQueue}`, { orgIds: ['yx-dept-samr'] });
});
afterAll(async () => {
  if (dispatcherId) await sys.temporal.workflow.getHandle(dispatcherId).terminate('test over').catch(() => undefined);
  await sys?.stop();
  await new Promise((ok) => receiver?.close(ok));
});

const subscribe = async (path: string) => {
  const r = await admin.post('/api/admin/webhooks', { orgId: 'yx-dept-samr', url: `${base}${path}`, eventTypes: ['referral.sent'] });
  expect(r.status).toBe(201);
  return r.body as { id: string; secret: string };
};

/** A referral from 红塔 to 市场监管, approved: its 移交函 is sent, which is the event. */
async function sendReferral(): Promise<string> {
  const created = await handler.post('/api/referrals', {
    enterpriseId: 'ent-chengjiang-food', hazard: `储氨器超期未检验-${randomUUID().slice(0, 8)}`, location: '澄江市右所镇工业片区3号',
    evidence: [{ description: '现场照片', sha256: 'c'.repeat(64) }], reason: '压力容器定期检验属特种设备安全监管部门职责。',
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  await eventually(async () => (await handler.get(`/api/referrals/${id}`)).body?.tasks?.some((t: { kind: string; status: string }) => t.kind === 'REFERRAL_APPROVAL' && t.status === 'OPEN'));
  expect((await supervisor.post(`/api/referrals/${id}/approval`, { outcome: 'APPROVE', comment: '同意' })).status).toBe(200);
  return id;
}

const about = (referralId: string, path: string) => received.filter((r) => r.path === path && (JSON.parse(r.body) as { data: { subjectId: string } }).data.subjectId === referralId);

describe('webhooks and the event feed', () => {
  it('refuses a subscription to a host off the allow-list, or to an unknown event, with nothing written', async () => {
    const before = await sys.prisma.webhookSubscription.count();
    const off = await admin.post('/api/admin/webhooks', { orgId: 'yx-dept-samr', url: 'https://partner.example.com/hook', eventTypes: ['referral.sent'] });
    expect(off.status).toBe(422);
    expect(off.body.message).toMatch(/不在允许名单内/);
    expect((await admin.post('/api/admin/webhooks', { orgId: 'yx-dept-samr', url: `${base}/ok`, eventTypes: ['referral.invented'] })).status).toBe(400);
    expect((await samr.post('/api/admin/webhooks', { orgId: 'yx-dept-samr', url: `${base}/ok`, eventTypes: ['referral.sent'] })).status).toBe(403);
    expect(await sys.prisma.webhookSubscription.count()).toBe(before);
  });

  it('delivers a sent referral once, signed; retries a receiver down 3 times; dead-letters one that stays down until the admin redelivers', async () => {
    const ok = await subscribe('/ok');
    expect((await admin.post('/api/admin/webhooks', { orgId: 'yx-dept-samr', url: `${base}/ok`, eventTypes: ['referral.sent'] })).body).toMatchObject({ id: ok.id, secret: ok.secret, created: false });
    // At rest the secret is sealed (store/secret-box.ts): neither the row nor the delivery log holds it.
    const row = await sys.prisma.webhookSubscription.findUniqueOrThrow({ where: { id: ok.id } });
    expect(row.secret).toMatch(/^enc:v1:/);
    expect(row.secret).not.toContain(ok.secret.slice('whsec_'.length));
    const okLog = await admin.get(`/api/admin/webhooks/${ok.id}/deliveries`);
    expect(okLog.status).toBe(200);
    expect(JSON.stringify(okLog.body)).not.toContain(ok.secret);
    const flaky = await subscribe('/flaky');
    const down = await subscribe('/down');
    const referralId = await sendReferral();

    // One signed delivery that the Standard Webhooks verifier accepts; webhook-id = the outbox event id.
    const [hit] = await eventually(async () => { const h = about(referralId, '/ok'); return h.length > 0 && h; }, 30_000);
    const payload = new Webhook(ok.secret).verify(hit!.body, hit!.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: 'referral.sent', data: { subjectType: 'Referral', subjectId: referralId, orgId: 'yx-dept-samr', toOrgId: 'yx-dept-samr' } });
    const event = await sys.prisma.outboxEvent.findFirstOrThrow({ where: { subjectId: referralId, orgId: 'yx-dept-samr', type: 'referral.sent' } });
    expect(hit!.headers['webhook-id']).toBe(event.id);
    expect(() => new Webhook(flaky.secret).verify(hit!.body, hit!.headers as Record<string, string>)).toThrow();

    // The receiver down for three attempts has it on the fourth; the log shows every answer.
    await eventually(async () => (await sys.prisma.webhookDelivery.findFirst({ where: { subscriptionId: flaky.id, eventId: event.id } }))?.status === 'DELIVERED', 30_000);
    expect(about(referralId, '/flaky')).toHaveLength(4);
    const flakyLog = await admin.get(`/api/admin/webhooks/${flaky.id}/deliveries`);
    const flakyItem = flakyLog.body.items.find((d: { eventId: string }) => d.eventId === event.id);
    expect(flakyItem.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 503, 204]);
    expect(new Set(about(referralId, '/flaky').map((r) => r.headers['webhook-id']))).toEqual(new Set([event.id]));
    await recordHistory(sys.temporal, 'webhook-delivery/down-three-times-delivered-fourth', deliveryWorkflowId(`${flaky.id}.${event.id}`, 0));

    // The one that stays down: 4 attempts, then a dead letter shown to the admin, redelivered with one click.
    await eventually(async () => (await sys.prisma.webhookDelivery.findFirst({ where: { subscriptionId: down.id, eventId: event.id } }))?.status === 'DEAD', 30_000);
    expect(about(referralId, '/down')).toHaveLength(4);
    const page = await sessionAs(sys.baseUrl, 'admin');
    const logPage = await page('GET', `/admin/webhooks/${down.id}`);
    expect(logPage.status).toBe(200);
    expect(logPage.html).toContain('投递失败（死信）');
    expect(logPage.html).toContain('响应码 500');
    const deliveryId = `${down.id}.${event.id}`;
    expect(logPage.html).toContain(`/deliveries/${deliveryId}/redeliver`);
    downIsDown = false;
    const clicked = await page('POST', `/admin/webhooks/${down.id}/deliveries/${deliveryId}/redeliver`, { _csrf: csrfOf(logPage.html) });
    expect(clicked.status).toBe(303);
    await eventually(async () => (await sys.prisma.webhookDelivery.findUnique({ where: { id: deliveryId } }))?.status === 'DELIVERED', 30_000);
    const last = about(referralId, '/down').at(-1)!;
    expect(new Webhook(down.secret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({ type: 'referral.sent' });
    expect((await admin.post(`/api/admin/webhook-deliveries/${deliveryId}/redeliver`, {})).status).toBe(409);

    // Exactly once to the healthy receiver, whatever the dispatcher's later rounds do.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(about(referralId, '/ok')).toHaveLength(1);
    expect(await sys.prisma.webhookDelivery.count({ where: { eventId: event.id } })).toBe(3);

    // A captured request replayed later carries its old timestamp: the verifier refuses it.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 10 * 60_000);
      expect(() => new Webhook(ok.secret).verify(hit!.body, hit!.headers as Record<string, string>)).toThrow(/too old/i);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a secret stored in clear before sealing is sealed at the next worker start, and its deliveries still verify', async () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const id = `whs_legacy_${randomUUID().slice(0, 8)}`;
    await sys.prisma.webhookSubscription.create({ data: {
      id, orgId: 'yx-dept-samr', url: `${base}/legacy`, eventTypes: ['referral.sent'], secret, createdById: 'u-admin', cursor: await lastEventSeq(sys.prisma, 'yx-dept-samr'),
    } });
    await sys.restartWorker();
    const sealed = (await sys.prisma.webhookSubscription.findUniqueOrThrow({ where: { id } })).secret;
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain(secret.slice('whsec_'.length));
    expect(webhookSecret(parseCodecKeys(inject('codecKeys')), { id, secret: sealed })).toBe(secret);

    const referralId = await sendReferral();
    const [hit] = await eventually(async () => { const h = about(referralId, '/legacy'); return h.length > 0 && h; }, 30_000);
    expect(new Webhook(secret).verify(hit!.body, hit!.headers as Record<string, string>)).toMatchObject({ type: 'referral.sent', data: { subjectId: referralId } });
  });

  it('sealing is idempotent and moves secrets to the first key of a rotated ring, which the old ring cannot open', async () => {
    const ring = parseCodecKeys(inject('codecKeys'));
    const rotated = [newCodecKey('rotated'), ...ring];
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    // Inactive: no delivery is ever made for it, while its key is one no worker of this run holds.
    const id = `whs_rotate_${randomUUID().slice(0, 8)}`;
    await sys.prisma.webhookSubscription.create({ data: { id, orgId: 'yx-dept-housing', url: `${base}/rotate`, eventTypes: ['referral.sent'], secret, createdById: 'u-admin', active: false } });
    try {
      const stored = async () => (await sys.prisma.webhookSubscription.findUniqueOrThrow({ where: { id } })).secret;
      await sealWebhookSecrets(sys.prisma, ring);
      const first = await stored();
      expect(first.startsWith(`enc:v1:${ring[0]!.id}:`)).toBe(true);
      expect((await sealWebhookSecrets(sys.prisma, ring)).unreadable).not.toContain(id);
      expect(await stored()).toBe(first);

      await sealWebhookSecrets(sys.prisma, rotated);
      const second = await stored();
      expect(second.startsWith(`enc:v1:${rotated[0]!.id}:`)).toBe(true);
      expect(webhookSecret(rotated, { id, secret: second })).toBe(secret);
      expect(() => webhookSecret(ring, { id, secret: second })).toThrow(/不在 TEMPORAL_CODEC_KEYS 之中/);
      // The old ring leaves what it cannot open as it is, and says so.
      expect((await sealWebhookSecrets(sys.prisma, ring)).unreadable).toContain(id);
      expect(await stored()).toBe(second);
    } finally {
      await sys.prisma.webhookSubscription.delete({ where: { id } });
    }
  });

  it('the subscribe page shows the secret in its answer only; the delivery log page never does', async () => {
    const page = await sessionAs(sys.baseUrl, 'admin');
    const form = await page('GET', '/admin/webhooks');
    const answer = await page('POST', '/admin/webhooks', { _csrf: csrfOf(form.html), orgId: 'yx-dept-housing', url: `${base}/page-${randomUUID().slice(0, 8)}`, eventTypes: 'referral.sent' });
    expect(answer.status).toBe(201);
    const inHtml = /<code>(whsec_[^<]+)<\/code>/.exec(answer.html)?.[1];
    expect(inHtml).toBeDefined();
    const shown = inHtml!.replaceAll('&#x3D;', '='); // Handlebars escapes the base64 padding
    const row = await sys.prisma.webhookSubscription.findFirstOrThrow({ where: { orgId: 'yx-dept-housing', url: { startsWith: `${base}/page-` } }, orderBy: { createdAt: 'desc' } });
    expect(webhookSecret(parseCodecKeys(inject('codecKeys')), row)).toBe(shown);
    const log = await page('GET', `/admin/webhooks/${row.id}`);
    expect(log.status).toBe(200);
    expect(log.html).toContain('库中只存其密文');
    expect(log.html).not.toContain(inHtml);
    expect(log.html).not.toContain(shown.slice('whsec_'.length, -2));
  });

  it('the feed gives an org its own events in order, resumable from an opaque cursor', async () => {
    const referralId = await sendReferral();
    const mine = await eventually(async () => {
      const all: { id: string; type: string; subjectId: string; cursor: string }[] = [];
      let after = '';
      for (;;) {
        const r = await samr.get(`/api/events?limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`);
        expect(r.status).toBe(200);
        all.push(...r.body.items);
        after = r.body.next;
        if (!r.body.hasMore) break;
      }
      return all.some((e) => e.subjectId === referralId) && all;
    });
    const ids = mine.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const at = mine.findIndex((e) => e.subjectId === referralId);
    expect(mine[at]!.type).toBe('referral.sent');
    // Resumed from the event before it, the feed goes on with it.
    const resumed = await samr.get(`/api/events?limit=1&after=${encodeURIComponent(mine[at - 1]?.cursor ?? '')}`);
    expect(resumed.body.items[0].id).toBe(mine[at]!.id);
    // The bureau sees its own copy under its own sequence; another department does not see it.
    const hongta = await handler.get('/api/events?limit=200');
    expect(hongta.status).toBe(200);
    const others = await housing.get('/api/events?limit=200');
    expect(others.body.items.some((e: { subjectId: string }) => e.subjectId === referralId)).toBe(false);
    const bad = await samr.get('/api/events?after=not-a-cursor');
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(/游标/);
  });
});
