// A JSON client of the app's API, signed in with a bearer token as a seeded user.
import { randomUUID } from 'node:crypto';

export interface ApiClient {
  user: string;
  /** Resolves with the body of a 2xx answer; throws "<status> <message>" otherwise. */
  call<T = any>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  /** 503 answers retried so far (each retry is counted; only a request still failing after them is an error). */
  readonly retries: number;
}

/** Attempts of one request that keeps getting 503 before the client gives up. */
const MAX_ATTEMPTS = 4;

/**
 * What a real client does: every write carries an Idempotency-Key, and a 503 (the API's
 * back-pressure when a workflow Update outlives UPDATE_DEADLINE_MS, api/workflow-calls.ts) is
 * sent again with the same key after its Retry-After, so it joins the one Update and gets its one
 * result, never a second effect.
 */
export async function signIn(baseUrl: string, username: string, password: string): Promise<ApiClient> {
  let token = '';
  let retries = 0;
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const key = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(baseUrl + path, {
        method,
        headers: {
          'content-type': 'application/json', ...(method === 'POST' ? { 'idempotency-key': key } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const parsed = text ? JSON.parse(text) : undefined;
      if (res.status === 503 && attempt < MAX_ATTEMPTS) {
        retries += 1;
        await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
        continue;
      }
      if (!res.ok) throw new Error(`${method} ${path.replace(/\/[0-9a-f-]{36}/g, '/:id')}: ${res.status} ${parsed?.message ?? text.slice(0, 200)}`);
      return parsed as T;
    }
  };
  token = (await call<{ token: string }>('POST', '/api/login', { username, password })).token;
  return { user: username, call, get retries() { return retries; } };
}
