import { continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { acts } from './activities-proxy.ts';
import { calendarRecomputeQuery, type CalendarRecomputeInput, type CalendarRecomputeProgress } from './calendar-messages.ts';

/** Workflows listed per activity; each activity signals them a few at a time (activities/calendar.ts). */
const PAGE = 200;

/** Tells every running workflow with an open provisional task that the calendar gained a year. */
export async function calendarRecomputeWorkflow(input: CalendarRecomputeInput): Promise<CalendarRecomputeProgress> {
  const progress: CalendarRecomputeProgress = input.progress ?? { year: input.year, signalled: 0, closed: 0, failed: 0, done: false };
  setHandler(calendarRecomputeQuery, () => progress);
  let after = input.after;
  for (;;) {
    const page = await acts.signalCalendarBatch({ year: input.year, after, limit: PAGE });
    progress.signalled += page.signalled;
    progress.closed += page.closed;
    progress.failed += page.failed;
    if (!page.next) break;
    after = page.next;
    // A country's worth of pages stays within a history's size: carry the cursor and the counts on.
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof calendarRecomputeWorkflow>({ year: input.year, after, progress });
  }
  progress.done = true;
  return progress;
}
