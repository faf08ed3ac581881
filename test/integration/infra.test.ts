// The infrastructure layer for real: embedded PostgreSQL, the Temporal dev server and the
// time-skipping test server, each started from scratch in a temp dir and torn down.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../infra/config.ts';
import { createPrisma } from '../../infra/db.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../infra/embedded-postgres.ts';
import { startTemporalDevServer, type TemporalDevServer } from '../../infra/temporal-dev-server.ts';
import { createWorker } from '../../infra/temporal.ts';
import { resolveTemporalCli, resolveTestServer, temporalCliExecutable, testServerExecutable } from '../../infra/tools.ts';

// The first run on a machine may build the Temporal CLI (minutes) and fetch the test server.
const BUILD_TIMEOUT = 20 * 60_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'zhifa-infra-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('tool resolver', () => {
  it('finds or builds both Temporal binaries', async () => {
    const [cli, testServer] = [await resolveTemporalCli(), await resolveTestServer()];
    expect(path.isAbsolute(cli) && path.isAbsolute(testServer)).toBe(true);
    expect(await temporalCliExecutable()).toEqual({ type: 'existing-path', path: cli });
    expect(await testServerExecutable()).toEqual({ type: 'existing-path', path: testServer });
  }, BUILD_TIMEOUT);
});

describe('embedded PostgreSQL', () => {
  let server: EmbeddedPostgresHandle | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('initialises a cluster in a temp dir and answers select 1', async () => {
    server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), database: 'infra_test', postgresFlags: ['-c', 'fsync=off'] });
    expect(server.url).toMatch(/^postgresql:\/\/.+\/infra_test$/);
    expect(await query(server.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await query(server.url, "create table kept (v text); insert into kept values ('执法')");
  }, 120_000);

  it('restarts on the same data dir with the data kept', async () => {
    await server!.stop();
    server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), database: 'infra_test' });
    expect(await query(server.url, 'select v from kept')).toEqual([{ v: '执法' }]);
  }, 120_000);
});

describe('Temporal dev server', () => {
  let server: TemporalDevServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('starts from the resolved CLI and keeps running workflows across a restart', async () => {
    const dbFile = path.join(dir, 'temporal.db');
    server = await startTemporalDevServer({ dbFile, namespace: 'infra-test' });
    let connection = await Connection.connect({ address: server.address });
    const info = await connection.workflowService.getSystemInfo({});
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
    const workflowId = `infra-${randomUUID()}`;
    // No worker polls this queue: the workflow simply stays running.
    await new Client({ connection, namespace: 'infra-test' }).workflow.start('nobodyRunsThis', { taskQueue: 'nobody', workflowId });
    await connection.close();

    await server.stop();
    server = await startTemporalDevServer({ dbFile, namespace: 'infra-test' });
    connection = await Connection.connect({ address: server.address });
    const described = await new Client({ connection, namespace: 'infra-test' }).workflow.getHandle(workflowId).describe();
    expect(described.status.name).toBe('RUNNING');
    await connection.close();

    // The worker's sticky cache size comes from the configuration when set.
    const config = loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '7' });
    const prisma = createPrisma(inject('databaseUrl'), 1);
    const worker = await createWorker({ prisma, config, address: server.address, namespace: 'infra-test',
      taskQueue: 'nobody', workflowBundle: { codePath: inject('workflowBundlePath') } });
    expect(worker.options.maxCachedWorkflows).toBe(7);
    await worker.runUntil(Promise.resolve());
    await prisma.$disconnect();
  }, BUILD_TIMEOUT);
});

describe('time-skipping test server', () => {
  it('starts through TestWorkflowEnvironment and skips time', async () => {
    const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: await testServerExecutable() } });
    try {
      expect(env.supportsTimeSkipping).toBe(true);
      const before = await env.currentTimeMs();
      await env.sleep('1 day');
      expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(86_400_000);
    } finally {
      await env.teardown();
    }
  }, BUILD_TIMEOUT);
});
