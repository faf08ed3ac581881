import { describe, expect, it } from 'vitest';
import { apiRouteTable } from '../../api/app.ts';
import type { AppDeps } from '../../api/deps.ts';
import { openApi } from '../../api/openapi.ts';
// Issue 19 item 7: every JSON API operation publishes what a success returns, so Schemathesis's
// response-conformance check can fail. The route table is built as the app builds it (building
// it touches no database).
const deps = {} as AppDeps;
const key = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

// A route that answers with a file, not JSON, has no JSON schema to publish.
const FILES = new Set(['GET /api/dashboard/export']);

describe('response schemas', () => {
  const routes = apiRouteTable(deps);

  it('every JSON API route declares what a success returns', () => {
    const missing = routes.filter((r) => !r.response && !FILES.has(key(r))).map(key);
    expect(missing).toEqual([]);
  });

  it('the file exceptions name routes that exist and send no JSON schema', () => {
    for (const k of FILES) expect(routes.filter((r) => !r.response).map(key)).toContain(k);
  });

  it('publishes each of them in the OpenAPI document as the success status\'s JSON body', () => {
    const spec = openApi(routes) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
    const unpublished = routes.filter((r) => r.response).filter((r) => {
      const op = spec.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method];
      return !op?.responses[String(r.status ?? 200)]?.content?.['application/json']?.schema;
    }).map(key);
    expect(unpublished).toEqual([]);
  });
});
