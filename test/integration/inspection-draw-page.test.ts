import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, sessionAs } from '../support/session.ts';
import { startSystem, type System } from '../support/system.ts';

// 计划外双随机抽查 from the 监督检查 page (it used to tell the 局长 to call POST /api/draws): the same
// roles and the same service as the API, a refusal shown on the page with nothing drawn, and a
// resubmitted form (same key) drawing once.
let sys: System;
beforeAll(async () => { sys = await startSystem(); });
afterAll(async () => sys?.stop());

const drawsOf = (orgId: string) => sys.prisma.inspectionDraw.count({ where: { orgId } });

describe('the inspections page draws unplanned random checks', () => {
  it('the 队长 draws from the page; a handler and a bad count are refused with nothing drawn; a resubmission draws once', async () => {
    const handler = await sessionAs(sys.baseUrl, 'jiangchuan.handler1');
    const list = await handler('GET', '/inspections');
    expect(list.html).not.toContain('随机抽取并下达检查');
    const before = await drawsOf('yx-jiangchuan');
    const refused = await handler('POST', '/inspections/draws', { _csrf: csrfOf(list.html), count: '1', idempotencyKey: randomUUID() });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('只有队长和局长可以组织计划外抽查');

    const supervisor = await sessionAs(sys.baseUrl, 'jiangchuan.supervisor');
    const page = await supervisor('GET', '/inspections');
    expect(page.html).toContain('随机抽取并下达检查');
    expect(page.html).not.toContain('/api/draws');
    const bad = await supervisor('POST', '/inspections/draws', { _csrf: csrfOf(page.html), count: '0', idempotencyKey: randomUUID() });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('抽取企业数须为 1 至 50 的整数');
    expect(await drawsOf('yx-jiangchuan')).toBe(before);

    const key = randomUUID();
    const form = { _csrf: csrfOf(page.html), count: '1', idempotencyKey: key };
    const drawn = await supervisor('POST', '/inspections/draws', form);
    expect(drawn.status).toBe(303);
    expect(drawn.location).toBe('/inspections');
    expect(await drawsOf('yx-jiangchuan')).toBe(before + 1);
    expect((await supervisor('POST', '/inspections/draws', form)).status).toBe(303);
    expect(await drawsOf('yx-jiangchuan')).toBe(before + 1);
  });
});
