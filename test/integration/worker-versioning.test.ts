import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { codecDataConverter } from '../../infra/codec-keys.ts';
import { loadConfig } from '../../infra/config.ts';
import { createPrisma } from '../../infra/db.ts';
import { parseCodecKeys } from '../../infra/payload-codec.ts';
import { createWorker } from '../../infra/temporal.ts';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { delegationWorkflowId, revokeDelegationUpdate, type DelegationInput } from '../../workflows/delegation-messages.ts';
import { people } from '../support/case-driver.ts';
import { eventually } from '../support/system.ts';

// Worker Versioning on the dev server (README, "Changing a live procedure"): workers started with
// WORKER_BUILD_ID join a deployment; the build made current serves new runs; a procedure that lives for
// months (AUTO_UPGRADE) moves to it at its next task; a run that ended stays recorded on its build.
const codecKeys = parseCodecKeys(inject('codecKeys'));
const deploymentName = `zhifa-test-${randomUUID().slice(0, 8)}`;
const taskQueue = `versioning-${randomUUID()}`;
let connection: Connection;
let client: Client;
const prisma = createPrisma(inject('databaseUrl'), 2);
beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, namespace: 'default', dataConverter: codecDataConverter(codecKeys) });
});
afterAll(async () => { await connection?.close(); await prisma.$disconnect(); });

const worker = (buildId: string) => createWorker({
  prisma, codecKeys, address: inject('temporalAddress'), namespace: 'default', taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') },
  config: loadConfig({ WORKER_BUILD_ID: buildId, WORKER_DEPLOYMENT_NAME: deploymentName }),
});
/** The server knows a version once its worker has polled: until then setting it current is refused. */
const makeCurrent = (buildId: string) => eventually(async () => {
  try {
    await client.workflowService.setWorkerDeploymentCurrentVersion({ namespace: 'default', deploymentName, buildId, identity: 'versioning-test' });
    return true;
  } catch {
    return false;
  }
}, 60_000);
const versioning = async (workflowId: string) => (await client.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo?.versioningInfo;

describe('worker versioning (deployment name + build id)', () => {
  it('the current build serves new runs; a long procedure moves to it at its next task; a finished run stays recorded on its build', async () => {
    const v1 = await worker('v1');
    const v1Running = v1.run();
    await makeCurrent('v1');

    const anchor1 = `anchor-${randomUUID()}`;
    await client.workflow.execute('auditAnchorWorkflow', { args: [], workflowId: anchor1, taskQueue });
    const first = await versioning(anchor1);
    expect(first?.behavior).toBe(2); // AUTO_UPGRADE, the worker's default (no type is PINNED: see infra/temporal.ts)
    expect(first?.deploymentVersion).toMatchObject({ deploymentName, buildId: 'v1' });

    const today = shanghaiDate(new Date());
    const input: DelegationInput = {
      delegationId: randomUUID(), countyOrgId: 'yx-hongta', townshipOrgId: 'yx-hongta-yuxing-st', itemCodes: ['AQ-099-1'],
      officerIds: ['u-hongta-yuxing-officer1'], startDate: today, endDate: addDays(today, 70), samplePercent: 10, draftedBy: people.head,
    };
    const delegation = await client.workflow.start('delegationWorkflow', { args: [input], workflowId: delegationWorkflowId(input.delegationId), taskQueue });
    await eventually(() => prisma.task.findFirst({ where: { workflowId: delegation.workflowId, kind: 'DELEGATION_LEGAL_REVIEW' } }), 60_000);
    expect(await versioning(delegation.workflowId)).toMatchObject({ behavior: 2, deploymentVersion: { buildId: 'v1' } }); // AUTO_UPGRADE

    const v2 = await worker('v2');
    const v2Running = v2.run();
    await makeCurrent('v2');
    const anchor2 = `anchor-${randomUUID()}`;
    await client.workflow.execute('auditAnchorWorkflow', { args: [], workflowId: anchor2, taskQueue });
    expect((await versioning(anchor2))?.deploymentVersion).toMatchObject({ buildId: 'v2' });
    // The run that ended on v1 stays recorded on v1.
    expect((await versioning(anchor1))?.deploymentVersion).toMatchObject({ buildId: 'v1' });

    // The next task of the delegation (a revocation) runs on the current build.
    const s = await delegation.executeUpdate(revokeDelegationUpdate, { args: [{ actor: people.head, reason: '测试换版本' }] });
    expect(s.status).toBe('REVOKED');
    await delegation.result();
    expect((await versioning(delegation.workflowId))?.deploymentVersion).toMatchObject({ buildId: 'v2' });

    v1.shutdown();
    v2.shutdown();
    await Promise.all([v1Running, v2Running]);
  }, 240_000);
});
