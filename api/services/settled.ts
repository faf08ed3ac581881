import type { AppDeps } from '../deps.ts';

export type StepScope = { caseId: string } | { workflowId: string };

/** The open steps of a case (all its procedures) or of one workflow, as the read model has them now. */
export async function openStepIds(deps: AppDeps, scope: StepScope): Promise<Set<string>> {
  const rows = await deps.prisma.task.findMany({ where: { ...scope, status: 'OPEN' }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

/**
 * Waits until the read model shows what a person's submit led to: a step that was not open
 * before (`before`), or the case leaving OPEN (not filed, closed). The workflow answers the
 * update first and writes its next step in the activity after, so a page that redirects at once
 * shows the step table of a moment ago. Gives up quietly after `timeoutMs` (a submit that opens
 * no new step, e.g. a disposal while the investigation runs, waits that long at most). Never fails.
 */
export async function awaitNextStep(deps: AppDeps, scope: StepScope, before: Set<string>, timeoutMs = 3000): Promise<boolean> {
  for (let wait = 20, until = Date.now() + timeoutMs; Date.now() < until; wait = Math.min(wait * 2, 300)) {
    const open = await openStepIds(deps, scope);
    if ([...open].some((id) => !before.has(id))) return true;
    if ('caseId' in scope) {
      const c = await deps.prisma.case.findUnique({ where: { id: scope.caseId }, select: { status: true } });
      if (c && c.status !== 'OPEN') return true;
    }
    await new Promise((r) => setTimeout(r, wait));
  }
  return false;
}
