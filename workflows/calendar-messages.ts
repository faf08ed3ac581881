import { defineQuery } from '@temporalio/workflow';

// Holiday-year recomputation as a batch (issue 18 item 9): loading a year starts one fan-out
// workflow that tells every running workflow with a provisional deadline, page by page with
// bounded concurrency; the request answers 202 at once and this query shows the progress.

export interface CalendarRecomputeProgress {
  year: number;
  /** workflows told to recompute */
  signalled: number;
  /** workflows listed that had already ended (nothing to recompute) */
  closed: number;
  /** signals that could not be delivered (logged by the activity); loading the year again retries them */
  failed: number;
  done: boolean;
}
export interface CalendarRecomputeInput { year: number; after?: string; progress?: CalendarRecomputeProgress }

export const calendarRecomputeQuery = defineQuery<CalendarRecomputeProgress>('calendarRecompute');
export const calendarRecomputeWorkflowId = (year: number): string => `calendar-recompute-${year}`;
