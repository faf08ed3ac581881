import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formData, outcomeViews } from '../../api/forms.ts';
import { checkAnswer, currentFormVersion, FORM_CHANGES, outcomeForms } from '../../rules/form-versions.ts';
import { comment, outcome, reason, text } from '../../rules/forms/fields.ts';

afterEach(() => { FORM_CHANGES.splice(0); });

describe('task form versions', () => {
  it('answers each version with the form as it stood then; a later change leaves earlier versions alone', () => {
    expect(currentFormVersion()).toBe(1);
    FORM_CHANGES.push({ FILING_APPROVAL: { APPROVE: outcome('批准立案', () => z.object({ comment, basis: text('立案依据') }).strict()) } });
    FORM_CHANGES.push({ FILING_APPROVAL: { DEFER: outcome('暂缓立案', () => z.object({ reason }).strict()) } });
    expect(currentFormVersion()).toBe(3);

    expect(checkAnswer('FILING_APPROVAL', 'APPROVE', { comment: ' 同意 ' }, 1)).toEqual({ ok: true, data: { comment: '同意' } });
    expect(checkAnswer('FILING_APPROVAL', 'APPROVE', { comment: '同意' }, 2)).toEqual({
      ok: false, message: '立案依据：请填写立案依据', fields: { basis: '请填写立案依据' },
    });
    // Version 3 changed another outcome only: APPROVE is still version 2's.
    expect(checkAnswer('FILING_APPROVAL', 'APPROVE', { comment: '同意', basis: '检查发现' }, 3)).toEqual({ ok: true, data: { comment: '同意', basis: '检查发现' } });
    // Version 1 refuses the field it did not have (strict).
    expect(checkAnswer('FILING_APPROVAL', 'APPROVE', { comment: '同意', basis: '检查发现' }, 1).ok).toBe(false);

    expect(Object.keys(outcomeForms('FILING_APPROVAL', 1))).toEqual(['APPROVE', 'REJECT']);
    expect(Object.keys(outcomeForms('FILING_APPROVAL', 3))).toEqual(['APPROVE', 'REJECT', 'DEFER']);
    expect(checkAnswer('FILING_APPROVAL', 'DEFER', { reason: '需补充材料' }, 2)).toMatchObject({ ok: false, unknownOutcome: true, message: '办理结果“DEFER”无效，可选：APPROVE、REJECT' });
  });

  it('the task page shows the fields of the task\'s own version and reads them back', () => {
    FORM_CHANGES.push({ FILING_APPROVAL: { APPROVE: outcome('批准立案', () => z.object({ comment, basis: text('立案依据') }).strict()) } });
    const fields = (version: number) => outcomeViews('FILING_APPROVAL', {}, version).find((o) => o.value === 'APPROVE')!.fields.map((f) => f.label);
    expect(fields(1)).toEqual(['意见']);
    expect(fields(2)).toEqual(['意见', '立案依据']);
    const posted = { 'APPROVE.comment': '同意', 'APPROVE.basis': '检查发现' };
    expect(formData('FILING_APPROVAL', 'APPROVE', posted, 1)).toEqual({ comment: '同意' });
    expect(formData('FILING_APPROVAL', 'APPROVE', posted, 2)).toEqual({ comment: '同意', basis: '检查发现' });
  });
});
