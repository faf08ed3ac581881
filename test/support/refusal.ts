import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'vitest';

/**
 * The promise is a workflow update refused with this failure type (workflows/messages.ts FAILURE)
 * and a message matching `message`: a refusal for any other reason (a timeout, a typo in the
 * update's name, a different rule) fails the test.
 */
export async function expectRefused(p: Promise<unknown>, type: string, message: RegExp): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err, 'the update was accepted').toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect({ type: (cause as ApplicationFailure).type, message: cause!.message }).toEqual({ type, message: expect.stringMatching(message) });
}
