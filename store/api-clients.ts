import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { CLIENT_ROLE_BY_ORG_KIND, isApiScope, PAYMENT_CLIENT_ORG_KINDS, scopeProblem, type ApiScope } from '../rules/api-scopes.ts';
import type { Actor } from '../workflows/messages.ts';
import { appendAudit } from './audit.ts';
import { AppError, conflict, invalid, notFound } from './errors.ts';
import { hashPassword, verifyNobody, verifyPassword } from './passwords.ts';

// Partner systems as OAuth 2.0 clients (issue 24; RFC 6749 §4.4 client credentials). The client id
// is public and random; the secret is random, shown once, kept only as an argon2 hash (the same
// hashing as passwords, store/passwords.ts). A client has a User row with the same id so that every
// check written for people — the policy table, org scoping, per-actor idempotency keys, the audit
// log's actorId — applies to it unchanged and names the client.

export interface ApiClientView {
  id: string; orgId: string; orgName: string; name: string; scopes: string[]; role: string;
  createdAt: Date; revokedAt: Date | null; secrets: { id: string; createdAt: Date; expiresAt: Date | null }[];
}

const clientId = () => `zc_${randomBytes(12).toString('base64url')}`;
const secretValue = () => `zs_${randomBytes(32).toString('base64url')}`;
const secretId = () => `zk_${randomBytes(9).toString('base64url')}`;

/** Secrets that still authenticate: the current one, and a rotated one within its overlap. */
const liveSecrets = (now: Date) => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

function checkScopes(scopes: readonly string[]): ApiScope[] {
  const unknown = scopes.filter((s) => !isApiScope(s));
  if (unknown.length) throw invalid(`未知的权限范围：${unknown.join('、')}`, { field: 'scopes' });
  if (!scopes.length) throw invalid('请至少选择一项权限范围', { field: 'scopes' });
  return [...new Set(scopes)] as ApiScope[];
}

/**
 * Registers a partner system for one org and returns its secret (the only time it is shown). A
 * second active client of the same name in the same org is refused, so a repeated submission
 * never makes two.
 */
export async function registerApiClient(prisma: PrismaClient, admin: Actor, input: { orgId: string; name: string; scopes: readonly string[] }) {
  const scopes = checkScopes(input.scopes);
  const org = await prisma.org.findUnique({ where: { id: input.orgId }, select: { id: true, name: true, kind: true } });
  if (!org) throw invalid(`机构 ${input.orgId} 不存在`, { field: 'orgId' });
  const role = CLIENT_ROLE_BY_ORG_KIND[org.kind];
  if (!role && !PAYMENT_CLIENT_ORG_KINDS.includes(org.kind)) throw invalid(`${org.name}不是可接入的部门、公安机关、检察院或应急管理局（缴款平台）`, { field: 'orgId' });
  const problem = scopeProblem(org.kind, scopes);
  if (problem) throw invalid(problem, { field: 'scopes' });
  const id = clientId();
  const secret = secretValue();
  const [secretHash, unusablePassword] = await Promise.all([hashPassword(secret), hashPassword(randomBytes(32).toString('hex'))]);
  const sid = secretId();
  await prisma.$transaction(async (tx) => {
    // Two submissions at once: the second waits here and then finds the first.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`zhifa.api-client:${org.id}`}))`;
    if (await tx.apiClient.findFirst({ where: { orgId: org.id, name: input.name, revokedAt: null }, select: { id: true } })) {
      throw conflict(`${org.name}已有名为“${input.name}”的接入系统；如需新密钥请轮换`);
    }
    await tx.user.create({ data: {
      id, username: `client:${id}`, displayName: `${input.name}（接入系统）`, orgId: org.id, roles: role ? [role] : [], qualifications: [], passwordHash: unusablePassword,
    } });
    await tx.apiClient.create({ data: { id, orgId: org.id, name: input.name, scopes, createdById: admin.userId } });
    await tx.apiClientSecret.create({ data: { id: sid, clientId: id, secretHash } });
    await appendAudit(tx, { actorKind: 'USER', actorId: admin.userId, ip: admin.ip, action: 'api_client.registered',
      subjectType: 'ApiClient', subjectId: id, orgId: org.id, data: { name: input.name, scopes, role: role ?? null } });
  });
  return { clientId: id, clientSecret: secret, secretId: sid, orgId: org.id, name: input.name, scopes };
}

/**
 * A new secret; every secret current until now keeps working for `overlapSeconds` more, so the
 * partner can deploy the new one without a gap. Secrets already in an overlap keep their end.
 */
export async function rotateApiClientSecret(prisma: PrismaClient, admin: Actor, id: string, overlapSeconds: number) {
  const client = await prisma.apiClient.findUnique({ where: { id } });
  if (!client) throw notFound('接入系统');
  if (client.revokedAt) throw conflict('该接入系统已停用，不能轮换密钥');
  const secret = secretValue();
  const secretHash = await hashPassword(secret);
  const sid = secretId();
  const oldUntil = new Date(Date.now() + overlapSeconds * 1000);
  await prisma.$transaction(async (tx) => {
    await tx.apiClientSecret.updateMany({ where: { clientId: id, expiresAt: null }, data: { expiresAt: oldUntil } });
    await tx.apiClientSecret.create({ data: { id: sid, clientId: id, secretHash } });
    await appendAudit(tx, { actorKind: 'USER', actorId: admin.userId, ip: admin.ip, action: 'api_client.secret_rotated',
      subjectType: 'ApiClient', subjectId: id, orgId: client.orgId, data: { secretId: sid, previousValidUntil: oldUntil.toISOString() } });
  });
  return { clientId: id, clientSecret: secret, secretId: sid, previousValidUntil: oldUntil };
}

/** Stops the client at once: no new tokens, and the tokens it holds are refused (api/client-tokens.ts). Repeating it changes nothing. */
export async function revokeApiClient(prisma: PrismaClient, admin: Actor, id: string) {
  const client = await prisma.apiClient.findUnique({ where: { id } });
  if (!client) throw notFound('接入系统');
  if (client.revokedAt) return { clientId: id, revokedAt: client.revokedAt };
  const revokedAt = new Date();
  await prisma.$transaction(async (tx) => {
    const done = await tx.apiClient.updateMany({ where: { id, revokedAt: null }, data: { revokedAt } });
    if (!done.count) return;
    await tx.user.update({ where: { id }, data: { active: false } });
    await appendAudit(tx, { actorKind: 'USER', actorId: admin.userId, ip: admin.ip, action: 'api_client.revoked',
      subjectType: 'ApiClient', subjectId: id, orgId: client.orgId, data: {} });
  });
  return { clientId: id, revokedAt: (await prisma.apiClient.findUniqueOrThrow({ where: { id } })).revokedAt! };
}

export async function listApiClients(prisma: PrismaClient): Promise<ApiClientView[]> {
  const rows = await prisma.apiClient.findMany({
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    include: { org: { select: { name: true } }, user: { select: { roles: true } }, secrets: { where: liveSecrets(new Date()), orderBy: { createdAt: 'desc' } } },
  });
  return rows.map((c) => ({
    id: c.id, orgId: c.orgId, orgName: c.org.name, name: c.name, scopes: c.scopes, role: c.user.roles[0] ?? '',
    createdAt: c.createdAt, revokedAt: c.revokedAt,
    secrets: c.revokedAt ? [] : c.secrets.map((s) => ({ id: s.id, createdAt: s.createdAt, expiresAt: s.expiresAt })),
  }));
}

/**
 * The client whose id and secret these are (RFC 6749 §2.3.1), or an AppError 401 invalid_client.
 * An unknown or revoked client costs the same argon2 work as a wrong secret.
 */
export async function authenticateClient(prisma: PrismaClient, id: string, secret: string) {
  const now = new Date();
  const client = await prisma.apiClient.findUnique({ where: { id }, include: { secrets: { where: liveSecrets(now) } } });
  const refused = new AppError('invalid_client', '客户端标识或密钥错误，或该接入系统已停用', 401);
  if (!client || client.revokedAt || !client.secrets.length) {
    await verifyNobody(secret);
    throw refused;
  }
  for (const s of client.secrets) if (await verifyPassword(s.secretHash, secret)) return { client, secretId: s.id };
  throw refused;
}

/** A live client by id, for a token's check on each request; null when unknown or revoked. */
export async function activeClient(prisma: PrismaClient, id: string) {
  return prisma.apiClient.findFirst({ where: { id, revokedAt: null }, select: { id: true, orgId: true, scopes: true } });
}

/**
 * The audit record that a partner system reported a payment (the payment's own record names the
 * channel, activities/payments.ts): once per reference, however often the platform retries.
 */
export async function auditClientPayment(prisma: PrismaClient, e: { clientId: string; caseId: string; orgId: string; reference: string; ip?: string | null }) {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`zhifa.payment-notified:${e.reference}`}))`;
    const seen = await tx.auditEvent.findFirst({
      where: { action: 'payment.notified', subjectType: 'Case', subjectId: e.caseId, data: { path: ['reference'], equals: e.reference } }, select: { id: true },
    });
    if (seen) return;
    await appendAudit(tx, { actorKind: 'USER', actorId: e.clientId, ip: e.ip ?? null, action: 'payment.notified', subjectType: 'Case',
      subjectId: e.caseId, caseId: e.caseId, orgId: e.orgId, data: { reference: e.reference } });
  });
}
