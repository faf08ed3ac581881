import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeLatestBefore } from '../../rules/calendar.ts';
import { deadlineRule } from '../../rules/deadlines.ts';
import { createHolidayCalendar } from '../../rules/holiday-calendar.ts';
import { addDays, shanghaiDate } from '../../rules/iso-date.ts';
import { completeTaskUpdate, type Actor } from '../../workflows/messages.ts';
import { certificateReminderWorkflowId, type CertificateSweepResult } from '../../workflows/workforce-messages.ts';
import { people } from '../support/case-driver.ts';
import { eventually } from '../support/system.ts';
import { recordHistory } from '../support/record-history.ts';
import { startTimeSkipping } from '../support/workflow-env.ts';
import { expectRefused } from '../support/refusal.ts';
import { FAILURE } from '../../workflows/messages.ts';

// 行政执法证 reminders on the time-skipping server, real activities on the test database: the
// daily sweep (what the Schedule starts) opens one reminder task per certificate that has reached
// its reminder day (CERTIFICATE_EXPIRY_REMINDER, counted back from the last valid day), never two.
let t: Awaited<ReturnType<typeof startTimeSkipping>>;
beforeEach(async () => { t = await startTimeSkipping(); });
afterEach(async () => t?.stop());

const day = (d: string) => new Date(`${d}T00:00:00Z`);

async function officer(orgId: string, roles: string[], validUntil: string) {
  const id = `u-test-${randomUUID().slice(0, 8)}`;
  await t.prisma.user.create({ data: { id, username: id, displayName: `测试${id.slice(-4)}`, passwordHash: 'x', orgId, roles, qualifications: [] } });
  const certId = `cert-test-${randomUUID()}`;
  await t.prisma.certificate.create({ data: { id: certId, userId: id, number: `测试证${randomUUID().slice(0, 12)}`, issuer: '云南省人民政府', validFrom: day('2024-01-01'), validUntil: day(validUntil) } });
  return { userId: id, certId };
}

const sweep = async (recordAs?: string): Promise<CertificateSweepResult> => {
  const workflowId = `sweep-${randomUUID()}`;
  const result = await t.env.client.workflow.execute('certificateSweepWorkflow', { args: [], workflowId, taskQueue: t.taskQueue });
  if (recordAs) await recordHistory(t.env.client, recordAs, workflowId);
  return result;
};
const tasksOf = (certId: string) => t.prisma.task.findMany({ where: { workflowId: certificateReminderWorkflowId(certId) }, orderBy: { createdAt: 'asc' } });
const openTask = (certId: string) => eventually(() => t.prisma.task.findFirst({ where: { workflowId: certificateReminderWorkflowId(certId), status: 'OPEN' } }));
const complete = async (certId: string, who: Actor, outcome: string, data: Record<string, unknown>) => {
  const task = await openTask(certId);
  return t.env.client.workflow.getHandle(certificateReminderWorkflowId(certId))
    .executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: who, outcome, data }], updateId: task.id });
};

describe('certificate expiry reminders', () => {
  it('reminds the head once a certificate reaches its reminder day; a township officer\'s reminder goes to the county; not before', async () => {
    const today = shanghaiDate(new Date(await t.env.currentTimeMs()));
    const cal = createHolidayCalendar(await t.prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } }));
    const rule = deadlineRule('CERTIFICATE_EXPIRY_REMINDER');
    const soon = addDays(today, 20);
    const later = addDays(today, rule.amount + 40);
    expect(computeLatestBefore(rule, soon, cal).lastDay <= today).toBe(true);
    expect(computeLatestBefore(rule, later, cal).lastDay > today).toBe(true);

    const handler = await officer('yx-hongta', ['HANDLER'], soon);
    const notYet = await officer('yx-hongta', ['HANDLER'], later);
    const township = await officer('yx-hongta-yuxing-st', ['TOWNSHIP_OFFICER'], soon);
    const assistant = await officer('yx-hongta', ['ASSISTANT'], soon); // not an officer: no reminder

    const worker = await t.worker();
    await worker.runUntil(async () => {
      const first = await sweep('certificate-sweep/reminders-started');
      expect(first.started).toBeGreaterThanOrEqual(2);
      const task = await openTask(handler.certId);
      expect(task).toMatchObject({ kind: 'CERTIFICATE_RENEWAL', orgId: 'yx-hongta', candidateRoles: ['HEAD'], status: 'OPEN' });
      expect(task.title).toContain(soon);
      expect((await openTask(township.certId)).orgId).toBe('yx-hongta');
      expect(await tasksOf(notYet.certId)).toHaveLength(0);
      expect(await tasksOf(assistant.certId)).toHaveLength(0);

      // The next day's sweep starts nothing new for them.
      await sweep();
      expect(await tasksOf(handler.certId)).toHaveLength(1);
      expect(await tasksOf(township.certId)).toHaveLength(1);
    });
  });

  it('the head records the renewed certificate; a number already in use is refused and the head is asked again', async () => {
    const today = shanghaiDate(new Date(await t.env.currentTimeMs()));
    const holder = await officer('yx-hongta', ['HANDLER'], addDays(today, 10));
    const taken = (await t.prisma.certificate.findFirstOrThrow({ where: { userId: 'u-hongta-handler1' } })).number;
    const worker = await t.worker();
    await worker.runUntil(async () => {
      await sweep();
      const handle = t.env.client.workflow.getHandle(certificateReminderWorkflowId(holder.certId));
      // Only the head of the officer's bureau may answer.
      await expectRefused(complete(holder.certId, people.handler1, 'NOTED', {}), FAILURE.forbidden, /的角色不能办理/);
      await complete(holder.certId, people.head, 'RENEWED', { number: taken, issuer: '云南省人民政府', validFrom: today, validUntil: addDays(today, 1500) });
      await eventually(async () => (await tasksOf(holder.certId)).length === 2);
      const refused = await t.prisma.auditEvent.findMany({ where: { action: 'certificate.renewal_refused', subjectId: holder.userId } });
      expect(refused).toHaveLength(1);

      const number = `云应急执字第530402${randomUUID().slice(0, 6)}号`;
      await complete(holder.certId, people.head, 'RENEWED', { number, issuer: '云南省人民政府', validFrom: today, validUntil: addDays(today, 1500) });
      const result = await handle.result();
      expect(result.outcome).toBe('RENEWED');
      await recordHistory(t.env.client, 'certificate-reminder/number-taken-then-renewed', handle.workflowId);
      const cert = await t.prisma.certificate.findUniqueOrThrow({ where: { id: result.renewedId } });
      expect(cert).toMatchObject({ userId: holder.userId, number });
      expect(cert.validUntil.toISOString().slice(0, 10)).toBe(addDays(today, 1500));
      expect(await t.prisma.auditEvent.count({ where: { action: 'certificate.renewed', subjectId: holder.userId } })).toBe(1);
      // With a later certificate in hand the officer is not reminded again.
      await sweep();
      expect(await t.prisma.task.count({ where: { workflowId: certificateReminderWorkflowId(cert.id) } })).toBe(0);
    });
  });
});
