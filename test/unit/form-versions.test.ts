import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formData, outcomeViews } from '../../api/forms.ts';
import { checkAnswer, currentFormVersion, FORM_CHANGES, outcomeForms, RELEASED_FORM_CHANGES } from '../../rules/form-versions.ts';
import { comment, outcome, reason, text } from '../../rules/forms/fields.ts';

// The released versions stay; each test adds its own on top (version b is the released one).
const b = RELEASED_FORM_CHANGES + 1;
afterEach(() => { FORM_CHANGES.splice(RELEASED_FORM_CHANGES); });

describe('task form versions', () => {
  it('answers each version with the form as it stood then; a later change leaves earlier versions alone', () => {
    expect(currentFormVersion()).toBe(b);
    FORM_CHANGES.push({ FILING_APPROVAL: { APPROVE: outcome('批准立案', () => z.object({ comment, basis: text('立案依据') }).strict()) } });
    FORM_CHANGES.push({ FILING_APPROVAL: { DEFER: outcome('暂缓立案', () => z.object({ reason }).strict()) } });
    expect(currentFormVersion()).toBe(b + 2);

    expect(checkAnswer('FILING_APPROVAL', 'APPROVE', { comment: ' 同意 ' }, b)).toEqual({ ok: true, data: { comment: '同意' } });
    expect(checkAnswer('FILING_APPROVAL', 'APPROVE', { comment: '同意' }, b + 1)).toEqual({
      ok: false, message: '立案依据：请填写立案依据', fields: { basis: '请填写立案依据' },
    });
    // Version b + 2 changed another outcome only: APPROVE is still version b + 1's.
    expect(checkAnswer('FILING_APPROVAL', 'APPROVE', { comment: '同意', basis: '检查发现' }, b + 2)).toEqual({ ok: true, data: { comment: '同意', basis: '检查发现' } });
    // Version b refuses the field it did not have (strict).
    expect(checkAnswer('FILING_APPROVAL', 'APPROVE', { comment: '同意', basis: '检查发现' }, b).ok).toBe(false);

    expect(Object.keys(outcomeForms('FILING_APPROVAL', b))).toEqual(['APPROVE', 'REJECT']);
    expect(Object.keys(outcomeForms('FILING_APPROVAL', b + 2))).toEqual(['APPROVE', 'REJECT', 'DEFER']);
    expect(checkAnswer('FILING_APPROVAL', 'DEFER', { reason: '需补充材料' }, b + 1)).toMatchObject({ ok: false, unknownOutcome: true, message: '办理结果“DEFER”无效，可选：APPROVE、REJECT' });
  });

  it('the task page shows the fields of the task\'s own version and reads them back', () => {
    FORM_CHANGES.push({ FILING_APPROVAL: { APPROVE: outcome('批准立案', () => z.object({ comment, basis: text('立案依据') }).strict()) } });
    const fields = (version: number) => outcomeViews('FILING_APPROVAL', {}, version).find((o) => o.value === 'APPROVE')!.fields.map((f) => f.label);
    expect(fields(b)).toEqual(['意见']);
    expect(fields(b + 1)).toEqual(['意见', '立案依据']);
    const posted = { 'APPROVE.comment': '同意', 'APPROVE.basis': '检查发现' };
    expect(formData('FILING_APPROVAL', 'APPROVE', posted, b)).toEqual({ comment: '同意' });
    expect(formData('FILING_APPROVAL', 'APPROVE', posted, b + 1)).toEqual({ comment: '同意', basis: '检查发现' });
  });
});
