import { describe, expect, it } from 'vitest';
import { formData, outcomeViews } from '../../api/forms.ts';
import { TASK_FORMS } from '../../rules/task-forms.ts';

// The task page builds a flat form from each outcome's schema; tasks whose answer holds a list of
// objects or an object per item get no generic form (they are answered on their own page).
describe('task page forms', () => {
  it('are flat forms for flat answers, with labels and types from the schema', () => {
    const filing = outcomeViews('FILING_APPROVAL');
    expect(filing.map((o) => [o.value, o.label])).toEqual([['APPROVE', '批准立案'], ['REJECT', '不予立案']]);
    expect(filing[1]!.fields).toEqual([expect.objectContaining({ name: 'reason', label: '理由', required: true })]);
    expect(formData('FILING_APPROVAL', 'REJECT', { 'REJECT.reason': '不属于本机关管辖' })).toEqual({ reason: '不属于本机关管辖' });
  });

  it('are not offered where the answer is a checklist, hazards, files or evidence', () => {
    for (const kind of ['CASE_REVIEW', 'CASE_REVIEW_CORRECTION', 'INSPECTION_RECORD', 'REFERRAL_RESULT', 'RECON_ANSWER']) {
      expect(kind in TASK_FORMS, kind).toBe(true);
      expect(outcomeViews(kind), kind).toEqual([]);
    }
    // Every other kind keeps a form for each of its outcomes.
    const flat = Object.keys(TASK_FORMS).filter((k) => outcomeViews(k).length > 0);
    expect(flat.length).toBeGreaterThan(30);
    for (const k of flat) expect(outcomeViews(k).length, k).toBe(Object.keys(TASK_FORMS[k as keyof typeof TASK_FORMS].outcomes).length);
  });
});
