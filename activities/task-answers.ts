// The activity that writes a person's answer checks it again (issue 18 item 2, issue 20 item 3)
// against the form version its task was opened with: the API checked it before the Update, but
// the workflow no longer parses forms, so this is the last place an answer that bypassed the API
// (a direct Temporal client, an API of another build) is stopped before it becomes the record.
// It runs inside the step's transaction: a refusal rolls the whole step back.
import { ApplicationFailure } from '@temporalio/common';
import { checkAnswer, currentFormVersion } from '../rules/form-versions.ts';
import type { TaskResult } from '../workflows/messages.ts';
import { FAILURE } from '../workflows/messages.ts';

export function checkStoredAnswer(kind: string, formVersion: number, result: TaskResult): void {
  // A task opened by a newer build while this one is still rolling out: a worker of that build
  // (retried) checks it, never this one against a form it does not know.
  if (formVersion > currentFormVersion()) {
    throw ApplicationFailure.retryable(`任务表单版本 ${formVersion} 高于本程序版本 ${currentFormVersion()}，待新版本处理`, 'FormVersionUnknown');
  }
  const check = checkAnswer(kind, result.outcome, result.data, formVersion);
  if (!check.ok) throw ApplicationFailure.nonRetryable(check.message, FAILURE.invalid, { fields: check.fields, formVersion });
}
