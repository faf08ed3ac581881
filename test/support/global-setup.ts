import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { createPrisma } from '../../infra/db.ts';
import { startEmbeddedPostgres } from '../../infra/embedded-postgres.ts';
import { migrate } from '../../infra/migrate.ts';
import { formatCodecKeys, newCodecKey } from '../../infra/payload-codec.ts';
import { FIXTURE_CODEC_KEY } from './fixture-codec-key.ts';
import { startTemporalDevServer } from '../../infra/temporal-dev-server.ts';
import { workflowsPath } from '../../infra/temporal.ts';
import { resolveTestServer } from '../../infra/tools.ts';
import { seed } from '../../prisma/seed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    workflowBundlePath: string;
    testServerPath: string;
    /** TEMPORAL_CODEC_KEYS of this run: every test client and worker encrypts payloads with them. */
    codecKeys: string;
  }
}

// Real parts for every system test: one embedded PostgreSQL (migrated and seeded), one
// Temporal dev server, the time-skipping test server binary, and the workflow bundle
// built once. TEST_DATABASE_URL / TEST_TEMPORAL_ADDRESS point at external ones instead.
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zhifa-test-'));
  const stops: (() => Promise<unknown>)[] = [];
  const [testServerPath, databaseUrl, temporalAddress] = await Promise.all([
    resolveTestServer(),
    process.env.TEST_DATABASE_URL ?? startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), database: 'zhifa_test' })
      .then((s) => { stops.push(s.stop); return s.url; }),
    process.env.TEST_TEMPORAL_ADDRESS ?? startTemporalDevServer({ dbFile: path.join(dir, 'temporal.db') })
      .then((s) => { stops.push(s.stop); return s.address; }),
  ]);
  await migrate(databaseUrl);
  const prisma = createPrisma(databaseUrl, 2);
  await seed(prisma);
  await prisma.$disconnect();
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never });
  const workflowBundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, code);

  project.provide('databaseUrl', databaseUrl);
  project.provide('temporalAddress', temporalAddress);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('testServerPath', testServerPath);
  // Recorded histories (test/fixtures/histories) are encrypted with a fixed test-only key, so they
  // replay in every later run; other runs encrypt with a fresh key and still decrypt the fixtures.
  const run = newCodecKey('test');
  project.provide('codecKeys', formatCodecKeys(process.env.RECORD_HISTORIES === '1' ? [FIXTURE_CODEC_KEY, run] : [run, FIXTURE_CODEC_KEY]));

  return async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
}
