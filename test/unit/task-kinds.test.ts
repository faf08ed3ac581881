import { describe, expect, it } from 'vitest';
import { FORM_CHANGES, outcomeForms } from '../../rules/form-versions.ts';
import { TASK_FORMS } from '../../rules/task-forms.ts';
import { TASK_KINDS } from '../../rules/task-kinds.ts';

// The workflow decides with rules/task-kinds.ts and never loads the forms: the two must agree,
// in every form version (a version that adds an outcome adds it to the workflow's table too).
describe('the workflow\'s table of task kinds', () => {
  it('names every task kind of the forms, with its outcomes and certificate rule', () => {
    const fromForms = Object.fromEntries(Object.entries(TASK_FORMS).map(([kind, f]) => [kind, { requiresCertificate: f.requiresCertificate, outcomes: Object.keys(f.outcomes) }]));
    expect(Object.fromEntries(Object.entries(TASK_KINDS).map(([k, v]) => [k, { ...v, outcomes: [...v.outcomes] }]))).toEqual(fromForms);
  });

  it('lists every outcome that any form version adds', () => {
    for (let version = 1; version <= FORM_CHANGES.length + 1; version++) {
      for (const kind of Object.keys(TASK_FORMS)) {
        expect(TASK_KINDS[kind as keyof typeof TASK_KINDS].outcomes).toEqual(expect.arrayContaining(Object.keys(outcomeForms(kind, version))));
      }
    }
  });
});
