import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCounty, createStaff } from '../support/own-county.ts';
import { apiAs, startSystem, type Api, type System } from '../support/system.ts';

// 期限督办: the steps a bureau's head should look at — overdue, due within two days, or already
// warned by their workflow (临期 in the queue) however far off the last day is.
const tag = randomUUID().slice(0, 8);
const ORG = `sup-${tag}`;
const DAY = 86_400_000;

let sys: System;
let head: Api;
beforeAll(async () => {
  sys = await startSystem();
  await createCounty(sys.prisma, { id: ORG, name: `测试县应急管理局${tag}`, shortName: `测试${tag}` });
  await createStaff(sys.prisma, [{ id: `u-${ORG}-head`, username: `sup.${tag}.head`, displayName: '测试局长', orgId: ORG, roles: ['HEAD'], certified: false }]);
  const now = Date.now();
  const task = (k: string, d: Record<string, unknown>) => ({
    id: `${ORG}-${k}`, workflowId: `${ORG}-wf`, step: k, title: `测试环节${k}`, orgId: ORG, candidateRoles: ['HANDLER'],
    allowedOutcomes: ['OK'], status: 'OPEN', kind: 'INVESTIGATION', ...d,
  });
  await sys.prisma.task.createMany({ data: [
    task('over', { dueAt: new Date(now - DAY) }),
    task('near', { dueAt: new Date(now + DAY) }),
    task('warned', { dueAt: new Date(now + 4 * DAY), warnedAt: new Date(now) }),
    task('far', { dueAt: new Date(now + 4 * DAY) }),
    task('done', { dueAt: new Date(now - DAY), status: 'COMPLETED', completedAt: new Date(now) }),
  ] });
  head = await apiAs(sys.baseUrl, `sup.${tag}.head`);
});
afterAll(async () => { await sys?.stop(); });

describe('期限督办 (deadlines at risk)', () => {
  it('lists overdue, near and warned open steps of the bureau, most urgent first', async () => {
    const r = await head.get('/api/supervision/deadlines');
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { id: string }) => i.id)).toEqual([`${ORG}-over`, `${ORG}-near`, `${ORG}-warned`]);
    expect(r.body).toMatchObject({ total: 3, overdue: 1 });
    const page = await (await fetch(`${sys.baseUrl}/supervision`, { headers: { accept: 'text/html', authorization: `Bearer ${head.token}` } })).text();
    expect(page).toContain('测试环节warned');
    expect(page).not.toContain('测试环节far');
  });
});
