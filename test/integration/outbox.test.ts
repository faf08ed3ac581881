// The outbox (issue 24 item 4): an event is written in the transaction of the step that causes it,
// so a step that fails inside its transaction leaves no event and a retried step leaves one, under
// one id, numbered in its org's gap-free sequence.
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { transitionActivities, type Effect } from '../../activities/transition.ts';
import { createPrisma } from '../../infra/db.ts';
import { eventId } from '../../store/outbox.ts';

const prisma = createPrisma(inject('databaseUrl'), 3);
afterAll(async () => prisma.$disconnect());

const ORG = 'yx-jiangchuan';
const failing = new Set<string>();
const activities = transitionActivities(prisma, {}, { failAfterEvents: (key) => failing.has(key) });
/** As the worker runs it (the audit actor comes from the activity context). */
const commitTransition = (t: { key: string; effects: Effect[] }) => new MockActivityEnvironment().run(activities.commitTransition, t);

async function aCase(): Promise<string> {
  const item = await prisma.catalogItem.findFirstOrThrow({ select: { code: true } });
  const id = `case-outbox-${randomUUID()}`;
  await prisma.case.create({ data: {
    id, orgId: ORG, procedure: 'GENERAL', stage: 'DECISION', status: 'OPEN', partyKind: 'ORG', partyName: '玉溪某化工有限公司',
    partyIdNumber: '91530400MA6K000000', catalogItemId: item.code, source: 'INSPECTION', facts: '未按规定进行安全生产教育和培训',
    occurredAt: new Date('2026-11-02T02:00:00Z'), registeredById: 'u-jiangchuan-handler1',
  } });
  return id;
}

const served = (caseId: string): Effect[] => [{
  kind: 'caseStage', caseId, stage: 'EXECUTION', action: 'case.served', data: { servedAt: '2026-12-01T03:00:00.000Z', method: 'DIRECT' },
}];

describe('outbox', () => {
  it('a step that fails after writing its event leaves no event; its retry leaves exactly one, with the id of its key', async () => {
    const caseId = await aCase();
    const key = `${caseId}/task/served-${randomUUID()}`;
    failing.add(key);
    await expect(commitTransition({ key, effects: served(caseId) })).rejects.toThrow(/fault injected after the events/);
    expect(await prisma.outboxEvent.count({ where: { subjectId: caseId } })).toBe(0);
    expect(await prisma.caseAction.count({ where: { caseId } })).toBe(0);

    failing.delete(key);
    const before = (await prisma.counter.findUnique({ where: { orgId_series_year: { orgId: ORG, series: 'EVENT', year: 0 } } }))?.value ?? 0;
    await commitTransition({ key, effects: served(caseId) });
    await commitTransition({ key, effects: served(caseId) }); // the activity retried after its commit
    const events = await prisma.outboxEvent.findMany({ where: { subjectId: caseId } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: eventId(key, 'case.served', ORG, 0), orgId: ORG, type: 'decision.served', subjectType: 'Case' });
    expect(events[0]!.data).toMatchObject({ caseId, servedAt: '2026-12-01T03:00:00.000Z' });
    // Gap-free: the failed attempt gave its number back. Other files may add events of the org meanwhile, never skip one.
    expect(events[0]!.seq).toBeGreaterThan(before);
    const seqs = (await prisma.outboxEvent.findMany({ where: { orgId: ORG }, select: { seq: true }, orderBy: { seq: 'asc' } })).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('is append-only', async () => {
    const caseId = await aCase();
    await commitTransition({ key: `${caseId}/served`, effects: served(caseId) });
    const e = await prisma.outboxEvent.findFirstOrThrow({ where: { subjectId: caseId } });
    await expect(prisma.outboxEvent.update({ where: { id: e.id }, data: { type: 'decision.changed' } })).rejects.toThrow(/append-only/);
    await expect(prisma.outboxEvent.delete({ where: { id: e.id } })).rejects.toThrow(/append-only/);
  });

  it('a step with no partner event writes none', async () => {
    const caseId = await aCase();
    await commitTransition({ key: `${caseId}/moved`, effects: [{ kind: 'caseStage', caseId, stage: 'DECISION', action: 'case.decision_drafted' }] });
    expect(await prisma.caseAction.count({ where: { caseId } })).toBe(1);
    expect(await prisma.outboxEvent.count({ where: { subjectId: caseId } })).toBe(0);
  });
});
