import type { PrismaClient } from '../../generated/prisma/client.ts';

// The demo acts as people would: it signs in as the seeded demo users and calls the same
// JSON API the pages call, so every row it leaves was written by the workflows themselves.

export class DemoApiError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export interface DemoApi {
  username: string;
  /** The bearer token, for the tus upload client (prisma/demo/recordings.ts). */
  token: string;
  get<T = any>(path: string): Promise<T>;
  post<T = any>(path: string, body?: unknown, idempotencyKey?: string): Promise<T>;
}

async function call(baseUrl: string, method: string, path: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(baseUrl + path, {
    method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new DemoApiError(res.status, `${method} ${path} → ${res.status} ${json?.message ?? text}`);
  return json;
}

export async function signIn(baseUrl: string, username: string, password: string): Promise<DemoApi> {
  const { token } = await call(baseUrl, 'POST', '/api/login', { username, password }, {});
  const auth = { authorization: `Bearer ${token}` };
  return {
    username, token,
    get: (path) => call(baseUrl, 'GET', path, undefined, auth),
    post: (path, body = {}, key) => call(baseUrl, 'POST', path, body, { ...auth, ...(key ? { 'idempotency-key': key } : {}) }),
  };
}

/** One signed-in client per demo user, signed in on first use. */
export function people(baseUrl: string, password: string, prisma: PrismaClient) {
  const signedIn = new Map<string, Promise<DemoApi>>();
  const as = (username: string) => {
    if (!signedIn.has(username)) signedIn.set(username, signIn(baseUrl, username, password));
    return signedIn.get(username)!;
  };
  return {
    as,
    /** The demo user with this id (drawn officers, a referral's receiving department). */
    async byId(userId: string) {
      const u = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } });
      return as(u.username);
    },
    async inOrg(orgId: string, role: string) {
      const u = await prisma.user.findFirstOrThrow({ where: { orgId, roles: { has: role }, active: true }, orderBy: { username: 'asc' }, select: { username: true } });
      return as(u.username);
    },
  };
}
export type People = ReturnType<typeof people>;

/**
 * Polls until `fn` returns a value: workflows write the read model a moment after they answer.
 * Generous: on a busy laptop one step can take many seconds.
 */
export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 180_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`演示数据：等待超时（${what}）`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
