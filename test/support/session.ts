import { expect } from 'vitest';

export interface PageReply { status: number; location: string | null; html: string; cookies: string[] }
export type PageCall = ((method: string, path: string, form?: Record<string, string>) => Promise<PageReply>) & { jar: Map<string, string> };

/** A browser-like session on the server-rendered pages: cookies kept, redirects not followed. */
export async function sessionAs(baseUrl: string, username?: string): Promise<PageCall> {
  const jar = new Map<string, string>();
  const call = (async (method: string, p: string, form?: Record<string, string>) => {
    const res = await fetch(baseUrl + p, {
      method, redirect: 'manual',
      headers: {
        accept: 'text/html', cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const cookies = res.headers.getSetCookie();
    for (const c of cookies) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text(), cookies };
  }) as PageCall;
  call.jar = jar;
  if (username) {
    const login = await call('POST', '/login', { username, password: process.env.ZHIFA_DEMO_PASSWORD ?? 'zhifa-demo-2026', next: '/tasks' });
    expect(login.status).toBe(302);
  }
  return call;
}

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
