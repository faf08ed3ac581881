import { condition, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';

// "Start and ask" (issue 18 item 5): the API starts a matter's workflow and asks this Update in
// one call (Update-with-Start), which answers once the workflow has written the matter's row, so
// the page the person is sent to exists. The wire name is public: never renamed.

export interface RecordedAnswer { workflowId: string }
export const recordedUpdate = defineUpdate<RecordedAnswer, []>('recorded');

/**
 * Installs the handler (call before the workflow's first await: Update-with-Start delivers the
 * Update in the first workflow task) and returns what marks the matter recorded.
 */
export function answerWhenRecorded(): () => void {
  let recorded = false;
  setHandler(recordedUpdate, async () => {
    await condition(() => recorded);
    return { workflowId: workflowInfo().workflowId };
  });
  return () => { recorded = true; };
}
