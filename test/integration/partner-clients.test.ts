import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken, signingKey } from '../../api/client-tokens.ts';
import { leadBody, signedReceipt, validUscc } from '../support/cases.ts';
import { requestToken, withToken } from '../support/partner-client.ts';
import { apiAs, eventually, startSystem, type Api, type System } from '../support/system.ts';

// Partner systems (issue 24): a department's own system, registered by the administrator, answers
// a referral by API through the same routes, Updates and validators as its officers. Real API,
// Temporal, worker and PostgreSQL.

const SIGNING_SECRET = `test-signing-${randomUUID()}-${randomUUID()}`;
const OVERLAP_SECONDS = 4;
let sys: System;
let admin: Api, handler: Api, supervisor: Api, samrPerson: Api;
beforeAll(async () => {
  sys = await startSystem({ oauth: { tokenSeconds: 600, overlapSeconds: OVERLAP_SECONDS, signingSecret: SIGNING_SECRET } });
  [admin, handler, supervisor, samrPerson] = await Promise.all([
    apiAs(sys.baseUrl, 'admin'), apiAs(sys.baseUrl, 'hongta.handler1'), apiAs(sys.baseUrl, 'hongta.supervisor'), apiAs(sys.baseUrl, 'samr.receiver'),
  ]);
});
afterAll(async () => sys?.stop());

const register = async (orgId: string, scopes: string[]) => {
  const r = await admin.post('/api/admin/api-clients', { orgId, name: `测试系统-${randomUUID().slice(0, 8)}`, scopes });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { clientId: string; clientSecret: string };
};
const tokenOf = async (c: { clientId: string; clientSecret: string }, scope?: string) => {
  const t = await requestToken(sys.baseUrl, c.clientId, c.clientSecret, scope);
  expect(t.status, JSON.stringify(t.body)).toBe(200);
  return withToken(sys.baseUrl, t.body.access_token as string);
};

type Task = { kind: string; status: string };
/** A referral from the Hongta brigade to the city SAMR, approved, waiting for the department to sign. */
async function sentReferral(): Promise<string> {
  const created = await handler.post('/api/referrals', {
    enterpriseId: 'ent-chengjiang-food', hazard: `储氨器超期未检验-${randomUUID().slice(0, 8)}`, location: '澄江市右所镇工业片区3号',
    evidence: [{ description: '现场照片', sha256: 'c'.repeat(64) }], reason: '压力容器定期检验属特种设备安全监管部门职责。', toOrgId: 'yx-dept-samr',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  await eventually(async () => (await handler.get(`/api/referrals/${id}`)).body?.tasks?.some((t: Task) => t.kind === 'REFERRAL_APPROVAL' && t.status === 'OPEN'));
  expect((await supervisor.post(`/api/referrals/${id}/approval`, { outcome: 'APPROVE', comment: '同意' })).status).toBe(200);
  await eventually(async () => (await handler.get(`/api/referrals/${id}`)).body.tasks.some((t: Task) => t.kind === 'REFERRAL_SIGN' && t.status === 'OPEN'));
  return id;
}

/** Signs and reports the result as `who`, and returns what the referral went through. */
async function signAndReport(who: { get: (p: string) => Promise<{ status: number; body: any }>; post: (p: string, b?: unknown, h?: Record<string, string>) => Promise<{ status: number; body: any }> }, id: string) {
  const signKey = randomUUID();
  const signed = await who.post(`/api/referrals/${id}/sign`, { comment: '签收' }, { 'idempotency-key': signKey });
  expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  // The partner's retry with its own key gets the first answer, and nothing happens twice.
  expect(await who.post(`/api/referrals/${id}/sign`, { comment: '签收' }, { 'idempotency-key': signKey })).toEqual(signed);
  await eventually(async () => (await who.get(`/api/referrals/${id}`)).body.tasks.some((t: Task) => t.kind === 'REFERRAL_RESULT' && t.status === 'OPEN'));
  const reported = await who.post(`/api/referrals/${id}/report`, { final: true, action: '储氨器已送检并合格。' }, { 'idempotency-key': randomUUID() });
  expect(reported.status, JSON.stringify(reported.body)).toBe(200);
  await eventually(async () => (await handler.get(`/api/referrals/${id}`)).body.tasks.some((t: Task) => t.kind === 'REFERRAL_ACCEPTANCE' && t.status === 'OPEN'));
  const detail = (await handler.get(`/api/referrals/${id}`)).body;
  const audit = await sys.prisma.auditEvent.findMany({ where: { subjectType: 'Referral', subjectId: id }, orderBy: { id: 'asc' } });
  return {
    status: detail.status as string,
    tasks: (detail.tasks as Task[]).map((t) => `${t.kind}:${t.status}`).sort(),
    actions: audit.map((a) => a.action),
    actors: audit,
  };
}

describe('partner systems (接入系统, OAuth 2.0 client credentials)', () => {
  it("the department's system signs and reports by API and the referral advances exactly as through its officer", async () => {
    const client = await register('yx-dept-samr', ['referrals:read', 'referrals:respond']);
    const system = await tokenOf(client);
    const [byPerson, bySystem] = [await sentReferral(), await sentReferral()];
    const inbox = await system.get('/api/referrals');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.some((r: { id: string }) => r.id === bySystem)).toBe(true);

    const person = await signAndReport(samrPerson, byPerson);
    const machine = await signAndReport(system, bySystem);
    expect(machine.status).toBe('RESULT_REPORTED');
    expect(machine.status).toBe(person.status);
    expect(machine.tasks).toEqual(person.tasks);
    expect(machine.actions).toEqual(person.actions);
    // Audited with the client id, as the officer's steps are with theirs.
    const signedBy = (x: typeof machine) => x.actors.find((a) => a.action === 'referral.signed')?.actorId;
    expect(signedBy(machine)).toBe(client.clientId);
    expect(signedBy(person)).not.toBe(client.clientId);
    expect(await sys.prisma.auditEvent.count({ where: { actorId: client.clientId, subjectId: bySystem } })).toBeGreaterThan(0);
  });

  it("a token of another department cannot read or answer this department's referral; a token only reaches its scopes", async () => {
    const id = await sentReferral();
    const housing = await tokenOf(await register('yx-dept-housing', ['referrals:read', 'referrals:respond']));
    // Org scoping as for its people (store/visibility.ts), answered 403 to a system: word for word as for an id that does not exist.
    const before = await sys.prisma.auditEvent.count({ where: { subjectId: id } });
    const read = await housing.get(`/api/referrals/${id}`);
    expect(read.status).toBe(403);
    expect(read.body).toEqual((await housing.get(`/api/referrals/${randomUUID()}`)).body);
    const answer = await housing.post(`/api/referrals/${id}/sign`, { comment: '签收' });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual((await housing.post(`/api/referrals/${randomUUID()}/sign`, { comment: '签收' })).body);
    expect((await housing.get('/api/referrals')).body.items.some((r: { id: string }) => r.id === id)).toBe(false);
    expect(await sys.prisma.auditEvent.count({ where: { subjectId: id } })).toBe(before);

    const readOnly = await tokenOf(await register('yx-dept-samr', ['referrals:read']));
    expect((await readOnly.get(`/api/referrals/${id}`)).status).toBe(200);
    const noScope = await readOnly.post(`/api/referrals/${id}/sign`, {});
    expect(noScope.status).toBe(403);
    expect(noScope.body.error).toBe('insufficient_scope');
    // Not a partner endpoint at all, and no pages.
    expect((await readOnly.get('/api/me')).status).toBe(403);
    expect((await readOnly.get('/api/tasks')).status).toBe(403);
    expect((await readOnly.get('/referrals')).status).toBe(403);
    // A scope the client does not hold is not granted.
    const reader = await register('yx-dept-samr', ['referrals:read']);
    const asked = await requestToken(sys.baseUrl, reader.clientId, reader.clientSecret, 'referrals:read referrals:respond');
    expect(asked.status).toBe(400);
    expect(asked.body.error).toBe('invalid_scope');
    expect((await requestToken(sys.baseUrl, reader.clientId, `${reader.clientSecret}x`)).status).toBe(401);
  });

  it('refuses an expired, forged or revoked token with 401, and a revoked client gets no new one', async () => {
    const client = await register('yx-dept-samr', ['referrals:read']);
    const key = signingKey({ sessionSecret: 'unused', oauth: { tokenSeconds: 600, overlapSeconds: 1, signingSecret: SIGNING_SECRET } });
    const claims = { id: client.clientId, orgId: 'yx-dept-samr', scopes: ['referrals:read'], secretId: 'x' };
    const fresh = await signAccessToken(key, claims, 600);
    expect((await withToken(sys.baseUrl, fresh.token).get('/api/referrals')).status).toBe(200);
    const expired = await signAccessToken(key, claims, 600, new Date(Date.now() - 3_600_000));
    const e = await withToken(sys.baseUrl, expired.token).get('/api/referrals');
    expect(e.status).toBe(401);
    expect(e.body.message).toMatch(/令牌/);
    const forged = await signAccessToken(new Uint8Array(32).fill(7), claims, 600);
    expect((await withToken(sys.baseUrl, forged.token).get('/api/referrals')).status).toBe(401);

    const held = await tokenOf(client);
    expect((await held.get('/api/referrals')).status).toBe(200);
    expect((await admin.post(`/api/admin/api-clients/${client.clientId}/revoke`)).status).toBe(200);
    expect((await admin.post(`/api/admin/api-clients/${client.clientId}/revoke`)).status).toBe(200);
    expect((await held.get('/api/referrals')).status).toBe(401);
    const again = await requestToken(sys.baseUrl, client.clientId, client.clientSecret);
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('invalid_client');
    expect(await sys.prisma.auditEvent.count({ where: { subjectId: client.clientId, action: 'api_client.revoked' } })).toBe(1);
  });

  it('rotation: old and new secret both work during the overlap, then only the new one; the secret is stored hashed', async () => {
    const client = await register('yx-dept-samr', ['referrals:read']);
    const stored = await sys.prisma.apiClientSecret.findMany({ where: { clientId: client.clientId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.secretHash).toMatch(/^\$argon2id\$/);
    expect(stored[0]!.secretHash).not.toContain(client.clientSecret);

    const rotated = await admin.post(`/api/admin/api-clients/${client.clientId}/rotate`);
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    const next = { clientId: client.clientId, clientSecret: rotated.body.clientSecret as string };
    expect(next.clientSecret).not.toBe(client.clientSecret);
    expect((await requestToken(sys.baseUrl, client.clientId, client.clientSecret)).status).toBe(200);
    expect((await requestToken(sys.baseUrl, next.clientId, next.clientSecret)).status).toBe(200);
    const end = new Date(rotated.body.previousValidUntil as string).getTime();
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now()) + 200));
    const old = await requestToken(sys.baseUrl, client.clientId, client.clientSecret);
    expect(old.status).toBe(401);
    expect(old.body.error).toBe('invalid_client');
    expect((await requestToken(sys.baseUrl, next.clientId, next.clientSecret)).status).toBe(200);
  });

  it('the token endpoint answers per RFC 6749; registration refuses bad input and repeats; the admin page lists clients', async () => {
    const bad = await fetch(`${sys.baseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('unsupported_grant_type');
    const body = { orgId: 'yx-hongta-psb', name: `红塔公安警务平台-${randomUUID().slice(0, 6)}`, scopes: ['transfers:read', 'transfers:respond'] };
    const first = await admin.post('/api/admin/api-clients', body);
    expect(first.status).toBe(201);
    expect((await admin.post('/api/admin/api-clients', body)).status).toBe(409);
    expect((await admin.post('/api/admin/api-clients', { ...body, orgId: 'yx-hongta' })).status).toBe(422);
    expect((await admin.post('/api/admin/api-clients', { ...body, scopes: ['cases:write'] })).status).toBe(400);
    expect((await handler.post('/api/admin/api-clients', body)).status).toBe(403);
    const police = await tokenOf(first.body, 'transfers:read');
    expect((await police.get('/api/transfers')).status).toBe(200);
    expect((await sys.prisma.user.findUniqueOrThrow({ where: { id: first.body.clientId } })).roles).toEqual(['PSB_RECEIVER']);

    const list = await admin.get('/api/admin/api-clients');
    expect(list.body.some((c: { id: string }) => c.id === first.body.clientId)).toBe(true);
    const page = await fetch(`${sys.baseUrl}/admin/api-clients`, { headers: { authorization: `Bearer ${admin.token}` } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(body.name);
    expect(html).toContain('读取移送本机关的涉嫌犯罪案件');
    expect(html).not.toContain(first.body.clientSecret);
  });

  it('the police system signs for a transfer and decides not to file; the procuratorate system records its 检察意见', async () => {
    const head = await apiAs(sys.baseUrl, 'hongta.head');
    const created = await handler.post('/api/transfers', {
      category: 'DANGEROUS_OPERATION', harm: { deaths: 0, seriousInjuries: 0, directLossFen: 0, refusedStopOrder: true },
      facts: '拒不执行因重大事故隐患被责令停产停业的决定，继续组织作业。', report: '专案组认为当事人涉嫌危险作业罪，应当移送公安机关。',
      officerIds: ['u-hongta-handler1', 'u-hongta-handler2'], inspectionRef: `红塔应急检记〔2026〕${Math.floor(Math.random() * 9000) + 1000}号`, partyName: '玉溪某矿业有限公司',
    }, { 'idempotency-key': randomUUID() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const open = (who: { get: (p: string) => Promise<{ body: any }> }, kind: string) =>
      eventually(async () => (await who.get(`/api/transfers/${id}`)).body?.tasks?.some((t: Task) => t.kind === kind && t.status === 'OPEN'), 30_000);
    await open(head, 'TRANSFER_APPROVAL');
    expect((await head.post(`/api/transfers/${id}/approval`, { outcome: 'APPROVE', comment: '同意移送' })).status).toBe(200);
    await open(handler, 'TRANSFER_DELIVERY');
    expect((await handler.post(`/api/transfers/${id}/delivery`, { investigationReport: '涉嫌犯罪案件调查报告' })).status).toBe(200);

    const police = await tokenOf(await register('yx-hongta-psb', ['transfers:read', 'transfers:respond']));
    const otherPolice = await tokenOf(await register('yx-psb', ['transfers:read', 'transfers:respond']));
    await open(police, 'TRANSFER_RECEIPT');
    expect((await otherPolice.post(`/api/transfers/${id}/receipt`, {})).status).toBe(403);
    const key = randomUUID();
    const receipt = await police.post(`/api/transfers/${id}/receipt`, { comment: '已签收' }, { 'idempotency-key': key });
    expect(receipt.status, JSON.stringify(receipt.body)).toBe(200);
    expect(await police.post(`/api/transfers/${id}/receipt`, { comment: '已签收' }, { 'idempotency-key': key })).toEqual(receipt);
    await open(police, 'TRANSFER_FILING_REVIEW');
    const bad = await police.post(`/api/transfers/${id}/decision`, { outcome: 'NOT_FILE' });
    expect(bad.status).toBe(400);
    const decided = await police.post(`/api/transfers/${id}/decision`, { outcome: 'NOT_FILE', reason: '没有犯罪事实' }, { 'idempotency-key': randomUUID() });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    // The bureau's next step opens, as after the police officer's own decision.
    await open(handler, 'TRANSFER_NOT_FILED_RESPONSE');

    const procuratorate = await tokenOf(await register('yx-hongta-procuratorate', ['transfers:read', 'transfers:respond']));
    const opinion = await procuratorate.post(`/api/transfers/${id}/opinions`, { opinion: '建议依法对不予立案决定说明理由。' }, { 'idempotency-key': randomUUID() });
    expect(opinion.status, JSON.stringify(opinion.body)).toBe(200);
    const actors = new Set((await sys.prisma.auditEvent.findMany({ where: { subjectId: id }, select: { actorId: true } })).map((a) => a.actorId));
    const [policeId, procuratorId] = await Promise.all(['yx-hongta-psb', 'yx-hongta-procuratorate'].map(async (orgId) =>
      (await sys.prisma.apiClient.findFirstOrThrow({ where: { orgId }, orderBy: { createdAt: 'desc' } })).id));
    expect(actors.has(policeId!)).toBe(true);
    await eventually(async () => new Set((await sys.prisma.auditEvent.findMany({ where: { subjectId: id }, select: { actorId: true } })).map((a) => a.actorId)).has(procuratorId!));
  });

  it('the administrator registers and revokes from the page; the secret is on the page once', async () => {
    const post = (path: string, form: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
      return fetch(`${sys.baseUrl}${path}`, { method: 'POST', body, headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/x-www-form-urlencoded' } });
    };
    const name = `红塔检察业务系统-${randomUUID().slice(0, 6)}`;
    const missing = await post('/admin/api-clients', { orgId: 'yx-hongta-procuratorate', name });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('请至少选择一项权限范围');
    const made = await post('/admin/api-clients', { orgId: 'yx-hongta-procuratorate', name, scopes: ['transfers:read', 'transfers:respond'] });
    const html = await made.text();
    expect(made.status).toBe(200);
    const client = await sys.prisma.apiClient.findFirstOrThrow({ where: { name } });
    const secret = /<dt>客户端密钥<\/dt><dd><code>(zs_[\w-]+)<\/code>/.exec(html)?.[1];
    expect(secret).toBeTruthy();
    expect((await requestToken(sys.baseUrl, client.id, secret!)).status).toBe(200);
    const revoked = await post(`/admin/api-clients/${client.id}/revoke`, {});
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toContain('已停用该接入系统');
    expect((await requestToken(sys.baseUrl, client.id, secret!)).status).toBe(401);
  });

  it('publishes the partner endpoints and their scopes in the OpenAPI', async () => {
    const spec = (await handler.get('/api/openapi.json')).body;
    expect(spec.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl).toBe('/oauth/token');
    expect(spec.paths['/api/referrals/{id}/sign'].post.security).toContainEqual({ oauth2: ['referrals:respond'] });
    expect(spec.paths['/api/transfers/{id}/decision'].post['x-zhifa-partner-scopes']).toEqual(['transfers:respond']);
    expect(spec.paths['/api/payments'].post.security).toEqual([{}, { oauth2: ['payments:notify'] }]);
    expect(spec.paths['/api/cases'].get.security).not.toContainEqual(expect.objectContaining({ oauth2: expect.anything() }));
    expect(Object.keys(spec.paths['/oauth/token'].post.requestBody.content)).toEqual(['application/x-www-form-urlencoded']);
  });
});

describe('the payment platform reports payments (payments:notify, 罚缴分离)', () => {
  const FINE_FEN = 200_00;
  /** A 当场处罚 of 红塔区 with a 200-yuan fine: decided at once, waiting for the money. */
  async function caseAwaitingPayment(): Promise<string> {
    const r = await handler.post('/api/cases/summary', {
      ...leadBody({ party: { kind: 'ORG', name: `红塔缴款平台商贸有限公司-${randomUUID().slice(0, 8)}`, idNumber: validUscc('91530402MA6K0001X') } }),
      officerIds: ['u-hongta-handler2'], penalty: { penaltyTypes: ['WARNING', 'FINE'], fineFen: FINE_FEN }, receipt: signedReceipt(),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const caseId = r.body.caseId as string;
    await eventually(async () => (await handler.get(`/api/cases/${caseId}/state`)).body?.paymentDueDay, 30_000);
    return caseId;
  }
  const paymentRows = async (caseId: string) => ({
    payments: await sys.prisma.payment.count({ where: { caseId } }),
    audit: await sys.prisma.auditEvent.count({ where: { caseId, action: { in: ['payment.confirmed', 'payment.notified'] } } }),
  });

  it("the city's platform reports a payment once, however often it retries; the case is paid; refusals write nothing", async () => {
    const caseId = await caseAwaitingPayment();
    const body = { caseId, reference: `PAY-${randomUUID()}`, amountFen: FINE_FEN, paidAt: new Date().toISOString(), channel: '云南省非税收入电子缴款平台' };
    const cityClient = await register('yx-city', ['payments:notify']);
    expect((await sys.prisma.user.findUniqueOrThrow({ where: { id: cityClient.clientId } })).roles).toEqual([]);
    const platform = await tokenOf(cityClient);

    // Refused before anything is written: no token, a forged one, a token without the scope, another county's platform.
    const nothing = await paymentRows(caseId);
    const bare = await fetch(`${sys.baseUrl}/api/payments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(bare.status).toBe(401);
    const forged = await signAccessToken(new Uint8Array(32).fill(7), { id: cityClient.clientId, orgId: 'yx-city', scopes: ['payments:notify'], secretId: 'zk_x' }, 600);
    expect((await withToken(sys.baseUrl, forged.token).post('/api/payments', body)).status).toBe(401);
    const referralSystem = await tokenOf(await register('yx-dept-samr', ['referrals:read']));
    const unscoped = await referralSystem.post('/api/payments', body);
    expect(unscoped.status).toBe(403);
    expect(unscoped.body.error).toBe('insufficient_scope');
    const jiangchuan = await tokenOf(await register('yx-jiangchuan', ['payments:notify']));
    const foreign = await jiangchuan.post('/api/payments', body);
    expect(foreign.status).toBe(403);
    // The same answer as for a case that does not exist: a platform learns nothing of other counties' cases.
    expect(await jiangchuan.post('/api/payments', { ...body, caseId: randomUUID() })).toEqual(foreign);
    expect(await paymentRows(caseId)).toEqual(nothing);

    const paid = await platform.post('/api/payments', body);
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body).toEqual({ paidFen: FINE_FEN, outstandingFen: 0 });
    expect(await platform.post('/api/payments', body)).toEqual(paid);
    expect(await sys.prisma.payment.count({ where: { caseId } })).toBe(1);
    expect(await sys.prisma.payment.count({ where: { reference: body.reference } })).toBe(1);
    expect(await sys.prisma.auditEvent.count({ where: { caseId, action: 'payment.confirmed' } })).toBe(1);
    const notified = await sys.prisma.auditEvent.findMany({ where: { caseId, action: 'payment.notified' } });
    expect(notified.map((a) => a.actorId)).toEqual([cityClient.clientId]);
    const state = (await handler.get(`/api/cases/${caseId}/state`)).body;
    expect(state.paidFen).toBe(FINE_FEN);
    // The platform is for payments only: a case's pages and lists stay closed to it.
    expect((await platform.get(`/api/cases/${caseId}`)).status).toBe(403);
  });

  it("a county's platform reports for its own county's cases; the channel token keeps working beside it", async () => {
    const caseId = await caseAwaitingPayment();
    const hongta = await tokenOf(await register('yx-hongta', ['payments:notify']));
    const body = { caseId, reference: `PAY-${randomUUID()}`, amountFen: FINE_FEN, paidAt: new Date().toISOString(), channel: '红塔区财政局代收' };
    const paid = await hongta.post('/api/payments', body);
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    // The channel's retry of the same payment, by its shared token: the one payment already recorded.
    const byChannel = await fetch(`${sys.baseUrl}/api/payments`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-payment-channel-token': sys.paymentChannelToken }, body: JSON.stringify(body),
    });
    expect(byChannel.status).toBe(200);
    expect(await byChannel.json()).toEqual(paid.body);
    expect(await sys.prisma.payment.count({ where: { caseId } })).toBe(1);
  });

  it('payments:notify is granted only to a bureau\'s platform, and such a platform gets no other scope', async () => {
    const name = `缴款平台-${randomUUID().slice(0, 6)}`;
    const toDept = await admin.post('/api/admin/api-clients', { orgId: 'yx-dept-samr', name, scopes: ['referrals:read', 'payments:notify'] });
    expect(toDept.status).toBe(422);
    expect(toDept.body.message).toMatch(/只授予登记在应急管理局的缴款平台/);
    const wider = await admin.post('/api/admin/api-clients', { orgId: 'yx-city', name, scopes: ['payments:notify', 'events:read'] });
    expect(wider.status).toBe(422);
    expect(wider.body.message).toMatch(/权限范围只能是 payments:notify/);
    expect(await sys.prisma.apiClient.count({ where: { name } })).toBe(0);
  });
});
