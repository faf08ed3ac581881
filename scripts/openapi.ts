// Writes the published OpenAPI document (the one GET /api/openapi.json serves) to a file, for
// `npm run lint:openapi` (Redocly) and anyone who wants it without starting Zhifa. Building the
// route table touches no database or Temporal, so no dependencies are given.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiRouteTable } from '../api/app.ts';
import type { AppDeps } from '../api/deps.ts';
import { openApi } from '../api/openapi.ts';

const out = process.argv[2] ?? 'test-results/openapi.json';
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(openApi(apiRouteTable({} as AppDeps)), null, 2));
process.stdout.write(`OpenAPI written to ${out}\n`);
