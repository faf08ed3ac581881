import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { DemoApi } from './client.ts';
import { until } from './client.ts';
import { recordStep } from './recordings.ts';

// Steps of a penalty case as the officers take them, each one skipped when an earlier run
// already took it, so that a second run (or one resumed after Ctrl-C) adds nothing. Progress
// is read from the read model (cheap); every change goes through the API.

export function caseSteps(prisma: PrismaClient, baseUrl: string) {
  const task = (caseId: string, kinds: string[], status: string) =>
    prisma.task.findFirst({ where: { caseId, kind: { in: kinds }, status }, select: { id: true, kind: true, caseId: true } });
  const done = async (caseId: string, kind: string) => !!(await task(caseId, [kind], 'COMPLETED'));
  /** Waits until one of `kinds` is open on the case (the workflow opens it a moment after the step before). */
  const opened = (caseId: string, kinds: string[]) => until(`${kinds.join('/')} 待办`, () => task(caseId, kinds, 'OPEN'));
  return {
    done, opened,
    /** Completes the case's open task of `kind` as `who`; false when an earlier run already did. */
    async step(who: DemoApi, caseId: string, kind: string, outcome: string, data: Record<string, unknown> = {}): Promise<boolean> {
      if (await done(caseId, kind)) return false;
      const t = await opened(caseId, [kind]);
      await recordStep(prisma, baseUrl, who, t, outcome, data);
      await who.post(`/api/tasks/${t.id}/complete`, { outcome, data });
      await until(`${kind} 完成`, () => done(caseId, kind));
      return true;
    },
    /** Waits until the workflow has written an event (some steps end after the task closes). */
    recorded: (caseId: string, action: string) =>
      until(action, () => prisma.auditEvent.findFirst({ where: { caseId, action }, select: { id: true } })),
  };
}
