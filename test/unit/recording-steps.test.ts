import { describe, expect, it } from 'vitest';
import { parseRecordingOverrides } from '../../infra/config.ts';
import { RECORDING_RULES, recordingRuleFor, withRecordingOverrides } from '../../rules/recording-steps.ts';
import { taskForm } from '../../rules/task-forms.ts';

describe('全过程音像记录 table (rules/recording-steps.ts)', () => {
  it('names a real step (and real outcomes) with a source for every row', () => {
    for (const r of Object.values(RECORDING_RULES)) {
      const form = taskForm(r.taskKind);
      expect(form, r.id).toBeDefined();
      for (const o of ('outcomes' in r ? r.outcomes : []) ?? []) expect(Object.keys(form!.outcomes), r.id).toContain(o);
      expect(r.source.instrument).toMatch(/^《/);
      expect(r.source.article.length).toBeGreaterThan(0);
      if (!r.confirmed) expect(r.note, r.id).toBeTruthy();
    }
  });

  it('applies a row by outcome and by the completion data (留置送达 is one method of service)', () => {
    const t = withRecordingOverrides();
    expect(recordingRuleFor(t, 'DECISION_SERVICE', 'SERVED', { method: 'LEFT' })?.id).toBe('LEFT_SERVICE');
    expect(recordingRuleFor(t, 'DECISION_SERVICE', 'SERVED', { method: 'DIRECT' })).toBeUndefined();
    expect(recordingRuleFor(t, 'PRESERVATION_DISPOSAL', 'SEIZE')?.id).toBe('SEIZURE');
    expect(recordingRuleFor(t, 'PRESERVATION_DISPOSAL', 'RELEASE')).toBeUndefined();
    expect(recordingRuleFor(t, 'HEARING', 'HELD')?.id).toBe('HEARING');
    expect(recordingRuleFor(t, 'HEARING', 'POSTPONED')).toBeUndefined();
    expect(recordingRuleFor(t, 'FILING_APPROVAL', 'APPROVE')).toBeUndefined();
  });

  it('lets configuration switch off an unconfirmed row, never the confirmed one, and refuses unknown ids', () => {
    const t = withRecordingOverrides({ HEARING: { required: false } });
    expect(recordingRuleFor(t, 'HEARING', 'HELD')).toBeUndefined();
    expect(() => withRecordingOverrides({ SEIZURE: { required: false } })).toThrow(/不能通过配置修改/);
    expect(() => parseRecordingOverrides('{"NOPE": {"required": false}}')).toThrow(/未知的音像记录规则/);
    expect(() => parseRecordingOverrides('{"HEARING": {"required": "no"}}')).toThrow(/true 或 false/);
    expect(parseRecordingOverrides(undefined)).toEqual({});
  });
});
