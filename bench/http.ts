// A JSON client of the app's API, signed in with a bearer token as a seeded user.
export interface ApiClient {
  user: string;
  /** Resolves with the body of a 2xx answer; throws "<status> <message>" otherwise. */
  call<T = any>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
}

export async function signIn(baseUrl: string, username: string, password: string): Promise<ApiClient> {
  let token = '';
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new Error(`${method} ${path.replace(/\/[0-9a-f-]{36}/g, '/:id')}: ${res.status} ${parsed?.message ?? text.slice(0, 200)}`);
    return parsed as T;
  };
  token = (await call<{ token: string }>('POST', '/api/login', { username, password })).token;
  return { user: username, call };
}
