import { describe, expect, it } from 'vitest';
import {
  CRIME_CATEGORIES, CRIME_CATEGORY_IDS, crimeTitle, isCrimeCategory, NO_HARM, transferSuggestionReasons,
} from '../../rules/criminal-thresholds.ts';
import { TRANSFER_DEADLINES } from '../../rules/deadline-rows-transfer.ts';
import { TASK_FORMS } from '../../rules/task-forms.ts';
import { THRESHOLDS, withThresholdOverrides } from '../../rules/thresholds.ts';
import { checkTransferOfficers } from '../../workflows/transfer-messages.ts';

const officer = (userId: string, over: Record<string, unknown> = {}) => ({ userId, name: userId, orgId: 'yx-hongta', roles: ['HANDLER' as const], certified: true, ...over });

describe('crimes a safety bureau transfers (deadlines.md §8a)', () => {
  it('lists the seven 54号文 categories, 危险作业罪 and the others, each with its Criminal Law article', () => {
    for (const id of ['MAJOR_LIABILITY_ACCIDENT', 'FORCED_RISKY_OPERATION', 'MAJOR_LABOUR_SAFETY_ACCIDENT', 'DANGEROUS_GOODS_ACCIDENT',
      'FIRE_LIABILITY_ACCIDENT', 'FAILURE_TO_REPORT_ACCIDENT', 'DANGEROUS_OPERATION', 'ILLEGAL_MINING', 'FALSE_CERTIFICATION']) {
      expect(isCrimeCategory(id), id).toBe(true);
    }
    expect(crimeTitle('DANGEROUS_OPERATION')).toBe('危险作业罪（刑法第134条之一）');
    expect(crimeTitle('MAJOR_LIABILITY_ACCIDENT')).toBe('重大责任事故罪（刑法第134条第1款）');
    expect(CRIME_CATEGORY_IDS.every((id) => /^第\d+条/.test(CRIME_CATEGORIES[id].article))).toBe(true);
    expect(isCrimeCategory('THEFT')).toBe(false);
    expect(isCrimeCategory('toString')).toBe(false);
  });
});

describe('basic threshold for suggesting a transfer (法释〔2015〕22号 Art 6; 刑法 Art 134之一)', () => {
  it('is met at exactly 1 death, 3 serious injuries or 1,000,000 yuan direct loss ("以上" includes the figure)', () => {
    expect(transferSuggestionReasons({ ...NO_HARM, deaths: 1 })).toHaveLength(1);
    expect(transferSuggestionReasons({ ...NO_HARM, seriousInjuries: 3 })[0]).toMatch(/重伤3人/);
    expect(transferSuggestionReasons({ ...NO_HARM, directLossFen: 1_000_000_00 })[0]).toMatch(/直接经济损失1000000\.00元/);
    expect(transferSuggestionReasons({ ...NO_HARM, refusedStopOrder: true })[0]).toMatch(/第134条之一/);
  });

  it('is not met just below each figure, and names every reason that applies', () => {
    expect(transferSuggestionReasons({ deaths: 0, seriousInjuries: 2, directLossFen: 999_999_99, refusedStopOrder: false })).toEqual([]);
    expect(transferSuggestionReasons({ deaths: 2, seriousInjuries: 5, directLossFen: 2_000_000_00, refusedStopOrder: true })).toHaveLength(4);
  });

  it('reads its figures from the threshold table with their sources', () => {
    expect(THRESHOLDS.CRIMINAL_DEATHS_MIN.value).toBe(1);
    expect(THRESHOLDS.CRIMINAL_SERIOUS_INJURIES_MIN.value).toBe(3);
    expect(THRESHOLDS.CRIMINAL_DIRECT_LOSS_MIN.value).toBe(1_000_000_00);
    expect(transferSuggestionReasons({ ...NO_HARM, deaths: 1 })[0]).toContain(THRESHOLDS.CRIMINAL_DEATHS_MIN.source.article);
    const stricter = { ...THRESHOLDS, CRIMINAL_DEATHS_MIN: { ...THRESHOLDS.CRIMINAL_DEATHS_MIN, value: 2 } };
    expect(transferSuggestionReasons({ ...NO_HARM, deaths: 1 }, stricter)).toEqual([]);
  });

  it('the clock pause during a transfer is an unconfirmed choice: on by default, switched off by configuration only as 0/1', () => {
    expect(THRESHOLDS.TRANSFER_PAUSES_DECISION_CLOCK).toMatchObject({ value: 1, unit: 'FLAG', confirmed: false });
    expect(withThresholdOverrides({ TRANSFER_PAUSES_DECISION_CLOCK: { value: 0 } }).TRANSFER_PAUSES_DECISION_CLOCK.value).toBe(0);
    expect(() => withThresholdOverrides({ TRANSFER_PAUSES_DECISION_CLOCK: { value: 2 } })).toThrow(/只能是 1（是）或 0（否）/);
  });
});

describe('专案组 (310号令 Art 5 ①)', () => {
  it('needs two distinct certified officers of the transferring bureau', () => {
    expect(checkTransferOfficers('yx-hongta', ['a', 'b'], [officer('a'), officer('b')])).toBeUndefined();
    expect(checkTransferOfficers('yx-hongta', ['a', 'a'], [officer('a')])).toMatch(/两名以上/);
    expect(checkTransferOfficers('yx-hongta', ['a', 'b'], [officer('a'), officer('b', { certified: false })])).toMatch(/执法证/);
    expect(checkTransferOfficers('yx-hongta', ['a', 'b'], [officer('a'), officer('b', { orgId: 'yx-jiangchuan' })])).toMatch(/不属于移送机关/);
    expect(checkTransferOfficers('yx-hongta', ['a', 'b'], [officer('a'), officer('b', { roles: ['ASSISTANT'] })])).toMatch(/不是执法人员/);
    expect(checkTransferOfficers('yx-hongta', ['a', 'b'], [officer('a')])).toMatch(/不存在/);
  });
});

describe('the transfer steps are in the deadline table and the task forms', () => {
  it('every transfer limit has a source, and escalating ones are the steps with a person on the hook', () => {
    for (const row of Object.values(TRANSFER_DEADLINES)) expect(row.source.article.length).toBeGreaterThan(0);
    expect(TRANSFER_DEADLINES.TRANSFER_RECONSIDERATION_REQUEST.onExpiry).toBe('LAPSE');
    expect(TRANSFER_DEADLINES.TRANSFER_DELIVERY).toMatchObject({ amount: 24, unit: 'HOUR', confirmed: true });
  });

  it('the dismissal of a suggestion needs a reason, the confirmation a 专案组', () => {
    const form = TASK_FORMS.TRANSFER_SUGGESTION.outcomes;
    expect(form.DISMISS.schema.safeParse({}).success).toBe(false);
    expect(form.DISMISS.schema.safeParse({ reason: '重伤系自身过失' }).success).toBe(true);
    expect(form.CONFIRM.schema.safeParse({ category: 'MAJOR_LIABILITY_ACCIDENT', facts: '死亡1人', report: '涉嫌犯罪', officerIds: ['a'] }).success).toBe(false);
    expect(form.CONFIRM.schema.safeParse({ category: 'NOPE', facts: '死亡1人', report: '涉嫌犯罪', officerIds: ['a', 'b'] }).success).toBe(false);
  });
});
