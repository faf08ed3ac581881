import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouteTable } from '../../api/app.ts';
import type { AppDeps } from '../../api/deps.ts';
import { ROLES, type Role } from '../../rules/roles.ts';
import { apiAs, startSystem, type Api, type System } from '../support/system.ts';

// Every API route × every role × anonymous, from the one route table that also routes the
// app and writes the OpenAPI spec: a role the policy does not list gets 403, nobody gets in
// anonymously unless the route is public, and no call ends in a 500. A new route cannot
// exist without an access policy (RouteDef.access is required).
const AS: Record<Role, string> = {
  HANDLER: 'hongta.handler1', ASSISTANT: 'hongta.assistant', LEGAL_REVIEWER: 'hongta.legal', SUPERVISOR: 'hongta.supervisor',
  HEAD: 'hongta.head', TOWNSHIP_OFFICER: 'hongta.yuxing.officer1', CITY_SUPERVISOR: 'city.supervisor', DEPT_RECEIVER: 'samr.receiver',
  PSB_RECEIVER: 'psb.receiver', PROCURATOR: 'procurator', RECON_CLERK: 'recon.clerk', DISCIPLINE: 'city.discipline', ADMIN: 'admin',
};

let sys: System;
const clients = new Map<Role, Api>();
beforeAll(async () => {
  sys = await startSystem();
  for (const role of ROLES) clients.set(role, await apiAs(sys.baseUrl, AS[role]));
});
afterAll(async () => sys?.stop());

// Routes with side effects on the caller's own session are left to their own tests.
const routes = apiRouteTable({} as AppDeps).filter((r) => r.path !== '/api/logout');
const url = (path: string) => path.replace(/:(\w+)/g, 'no-such-$1');

describe('access policy matrix', () => {
  it('covers every role and a route table of real size', () => {
    expect(Object.keys(AS).sort()).toEqual([...ROLES].sort());
    expect(routes.length).toBeGreaterThan(25);
  });

  it.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', async (_name, r) => {
    const anon = await fetch(sys.baseUrl + url(r.path), {
      method: r.method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: r.method === 'get' ? undefined : '{}',
    });
    if (r.access === 'public') expect(anon.status).toBeLessThan(500);
    else expect(anon.status, 'anonymous').toBe(401);

    for (const role of ROLES) {
      const api = clients.get(role)!;
      const res = r.method === 'get' ? await api.get(url(r.path)) : await api.post(url(r.path), {});
      const allowed = r.access === 'public' || r.access === 'authenticated' || r.access.includes(role);
      if (allowed) expect([401, 403], `${role} is allowed`).not.toContain(res.status);
      else expect(res.status, `${role} is refused`).toBe(403);
      expect(res.status, `${role} never meets a 500`).toBeLessThan(500);
    }
  });
});
