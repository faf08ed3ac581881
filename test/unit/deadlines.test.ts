import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENFORCEMENT_DEADLINES } from '../../rules/deadline-rows-enforcement.ts';
import { PENALTY_DEADLINES } from '../../rules/deadline-rows-penalty.ts';
import { REMEDY_DEADLINES } from '../../rules/deadline-rows-remedies.ts';
import { TRANSFER_DEADLINES } from '../../rules/deadline-rows-transfer.ts';
import { CREDIT_DEADLINES } from '../../rules/deadline-rows-credit.ts';
import { DELEGATION_DEADLINES } from '../../rules/deadline-rows-delegation.ts';
import { WORKFORCE_DEADLINES } from '../../rules/deadline-rows-workforce.ts';
import { REVIEW_DEADLINES } from '../../rules/deadline-rows-review.ts';
import { ESCALATION_DEADLINES } from '../../rules/deadline-rows-escalation.ts';
import { JURISDICTION_DEADLINES } from '../../rules/deadline-rows-jurisdiction.ts';
import { CAMPAIGN_DEADLINES } from '../../rules/deadline-rows-campaign.ts';
import { VISIT_DEADLINES } from '../../rules/deadline-rows-visits.ts';
import { DEADLINES, DEADLINE_IDS, deadlineRule, withOverrides, type DeadlineRule } from '../../rules/deadlines.ts';
import { INSTRUMENT } from '../../rules/legal-sources.ts';
import { THRESHOLDS, meetsThreshold, withThresholdOverrides, yuanToFen, type ThresholdRule } from '../../rules/thresholds.ts';

const rows: DeadlineRule[] = Object.values(DEADLINES);
const thresholds: ThresholdRule[] = Object.values(THRESHOLDS);

// ../shared/law/deadlines.md sits beside the project (shared/README.md); a bare clone lacks it.
const lawPath = fileURLToPath(new URL('../../../shared/law/deadlines.md', import.meta.url));
const law = existsSync(lawPath) ? readFileSync(lawPath, 'utf8') : undefined;

// Each configurable assumption, and the words in deadlines.md that mark it UNCONFIRMED (or
// record that no statute sets it).
const THREE_DAYS = 'define no counting rule for "3日". **UNCONFIRMED**';
const NO_STATUTE = '"应当及时依法移送" — **no numeric deadline** found';
const UNCONFIRMED: Record<string, string> = {
  TRANSFER_APPROVAL: THREE_DAYS,
  POLICE_FILING_REVIEW: THREE_DAYS,
  POLICE_DECISION_NOTICE: THREE_DAYS,
  TRANSFER_MATERIALS_HANDOVER: THREE_DAYS,
  TRANSFER_RECONSIDERATION_REQUEST: THREE_DAYS,
  POLICE_RECONSIDERATION_DECISION: THREE_DAYS,
  PROCURATORATE_SUPERVISION_REQUEST: THREE_DAYS,
  POLICE_REVIEW_VERIFICATION_EXTENSION: 'Extended police review (7 d if 线索需查证; 30 d if 重大疑难) in XX19 | **UNCONFIRMED**',
  POLICE_REVIEW_MAJOR_EXTENSION: 'Extended police review (7 d if 线索需查证; 30 d if 重大疑难) in XX19 | **UNCONFIRMED**',
  REFERRAL_SIGN: NO_STATUTE,
  REFERRAL_SIGN_URGENT: NO_STATUTE,
  REFERRAL_RESULT: NO_STATUTE,
  TRANSFER_PAUSES_DECISION_CLOCK: 'Is the 90/120/180-day clock paused during transfer?',
  HEARING_FINE_MIN_INDIVIDUAL: "Yunnan's own figure **UNCONFIRMED**",
  HEARING_FINE_MIN_ORGANISATION: "Yunnan's own figure **UNCONFIRMED**",
};

// The bureau's own policy where the law sets no period at all (deadlines.md has no line for
// them): never confirmed, and each says in its note that it is not a statutory limit.
const POLICY = [
  // 委托乡镇 (issue 4): the law sets no interval or period for supervising a delegation.
  'DELEGATED_MATTER', 'DELEGATION_SAMPLING', 'DELEGATION_SAMPLE_REVIEW', 'DELEGATION_CORRECTION', 'DELEGATION_EXPIRY_REMINDER',
  // 安全生产信用 (issue 9): how long a credit record counts.
  'CREDIT_BAD_RECORD', 'CREDIT_BLACKLIST', 'CREDIT_GOOD_RECORD',
  // 执法队伍 (issue 8): how long before a 行政执法证 lapses its holder's head is reminded.
  'CERTIFICATE_EXPIRY_REMINDER',
  // 抽查 / 评议考核 (issue 8): the reform plan names no period, share or size.
  'CASE_REVIEW_CYCLE', 'CASE_REVIEW_SCORING', 'CASE_REVIEW_CORRECTION', 'CASE_REVIEW_SAMPLE_SHARE', 'CASE_REVIEW_SAMPLE_MIN',
  // 逾期升级 (issue 8): the law sets no warning before a limit ends nor a period per level.
  'ESCALATION_WARNING', 'ESCALATION_RESPONSE',
  // 检测 pauses and entered dates (issue 17): from when a pause counts, and how far ahead a device clock may run.
  'TESTING_PAUSE_FROM_COMMISSION', 'DATE_FUTURE_TOLERANCE_MINUTES',
  // 报请提级管辖 (issue 21): the law sets no period for the superior's answer.
  'JURISDICTION_REQUEST_DECISION',
  // 专项执法 (issue 21): how long before a campaign ends lagging counties are warned is the bureau's policy.
  'CAMPAIGN_WARNING',
  // 联合执法 and visit frequency (issue 21): the reform plan names no period or count.
  'VISIT_FREQUENCY_WINDOW', 'VISIT_OVER_LIMIT_ANSWER', 'JOINT_RECORD_SIGNATURE', 'VISIT_FREQUENCY_MAX', 'VISIT_FREQUENCY_SANCTIONED',
];

describe('the deadline table', () => {
  it('has one row per id, no id lost when the parts are merged', () => {
    const parts = [PENALTY_DEADLINES, ENFORCEMENT_DEADLINES, TRANSFER_DEADLINES, REMEDY_DEADLINES, DELEGATION_DEADLINES, CREDIT_DEADLINES, REVIEW_DEADLINES, WORKFORCE_DEADLINES, ESCALATION_DEADLINES, JURISDICTION_DEADLINES, CAMPAIGN_DEADLINES, VISIT_DEADLINES];
    expect(DEADLINE_IDS).toHaveLength(parts.reduce((n, p) => n + Object.keys(p).length, 0));
    for (const [key, row] of Object.entries(DEADLINES)) expect(row.id).toBe(key);
  });

  it('every row has a source, a positive whole amount, a unit, an effect and a Chinese label', () => {
    const known = new Set<string>(Object.values(INSTRUMENT));
    for (const r of rows) {
      expect(known.has(r.source.instrument), r.id).toBe(true);
      expect(r.source.article.trim().length, r.id).toBeGreaterThan(0);
      for (const s of r.related ?? []) expect(known.has(s.instrument) && s.article.length > 0, r.id).toBe(true);
      expect(Number.isInteger(r.amount) && r.amount > 0, r.id).toBe(true);
      expect(['CALENDAR_DAY', 'WORKING_DAY', 'HOUR', 'MONTH']).toContain(r.unit);
      expect(r.label, r.id).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('counts days the way each instrument defines them', () => {
    // 行政处罚法 Art 85, AB25 Art 89, 行政复议法 Art 88 ②, 行政强制法 Art 69
    const workingDayAmounts = new Map<string, (n: number) => boolean>([
      [INSTRUMENT.PENALTY_LAW, (n) => [2, 3, 5, 7].includes(n)],
      [INSTRUMENT.AB25, (n) => [2, 5, 7, 10].includes(n)],
      [INSTRUMENT.RECONSIDERATION_LAW, (n) => [3, 5, 7, 10].includes(n)],
      [INSTRUMENT.COERCION_LAW, (n) => n <= 10],
    ]);
    // unconfirmed rows carry configured numbers, not the instrument's
    for (const r of rows.filter((r) => r.confirmed && (r.unit === 'CALENDAR_DAY' || r.unit === 'WORKING_DAY'))) {
      const rule = workingDayAmounts.get(r.source.instrument);
      if (rule) expect(r.unit, r.id).toBe(rule(r.amount) ? 'WORKING_DAY' : 'CALENDAR_DAY');
    }
    for (const r of rows.filter((r) => r.source.instrument === INSTRUMENT.LITIGATION_LAW)) expect(r.unit).not.toBe('WORKING_DAY');
  });

  it('has the limits the issue names, with their numbers', () => {
    const spot: [keyof typeof DEADLINES, number, string][] = [
      ['FILING_DECISION', 5, 'WORKING_DAY'], ['PRESERVATION_DECISION', 7, 'WORKING_DAY'], ['DECISION', 90, 'CALENDAR_DAY'],
      ['DECISION_EXTENDED', 120, 'CALENDAR_DAY'], ['DECISION_FURTHER_EXTENDED', 180, 'CALENDAR_DAY'],
      ['SERVICE_BY_PUBLIC_NOTICE', 30, 'CALENDAR_DAY'], ['COURT_ENFORCEMENT_APPLICATION', 3, 'MONTH'],
      ['LITIGATION_DIRECT', 6, 'MONTH'], ['TRANSFER_DELIVERY', 24, 'HOUR'], ['TRANSFER_APPROVAL', 3, 'CALENDAR_DAY'],
      ['RECONSIDERATION_ANSWER', 10, 'WORKING_DAY'], ['SEIZURE', 30, 'CALENDAR_DAY'],
    ];
    for (const [id, amount, unit] of spot) expect(DEADLINES[id], id).toMatchObject({ amount, unit });
    expect(DEADLINES.DECISION.excludesTesting).toBe(true);
    expect(DEADLINES.RECONSIDERATION_ACCEPTANCE_REVIEW.onExpiry).toBe('DEEMED_ACCEPTED');
    expect(DEADLINES.STATEMENT_AND_DEFENCE.onExpiry).toBe('WAIVE');
  });
});

describe('unconfirmed rows', () => {
  it('are exactly the items deadlines.md marks UNCONFIRMED or as having no statutory number, and the bureau\'s policy rows', () => {
    const unconfirmed = [...rows, ...thresholds].filter((r) => !r.confirmed).map((r) => r.id).sort();
    expect(unconfirmed).toEqual([...Object.keys(UNCONFIRMED), ...POLICY].sort());
    for (const r of [...rows, ...thresholds].filter((r) => !r.confirmed)) expect(r.note, r.id).toBeTruthy();
    for (const id of POLICY) expect([...rows, ...thresholds].find((r) => r.id === id)?.note, id).toMatch(/不是法定期限|不是法定标准|未核实/);
  });

  it.skipIf(law === undefined)('each cites a line of deadlines.md that says so', () => {
    const lines = law!.split('\n');
    for (const [id, phrase] of Object.entries(UNCONFIRMED)) {
      const line = lines.find((l) => l.includes(phrase));
      expect(line, `${id}: "${phrase}"`).toBeDefined();
      expect(line!, id).toMatch(/UNCONFIRMED|no numeric deadline/);
    }
  });

  it('can be configured; confirmed rows cannot', () => {
    const table = withOverrides({ TRANSFER_APPROVAL: { amount: 3, unit: 'WORKING_DAY' } });
    expect(table.TRANSFER_APPROVAL).toMatchObject({ amount: 3, unit: 'WORKING_DAY', confirmed: false });
    expect(DEADLINES.TRANSFER_APPROVAL.unit).toBe('CALENDAR_DAY');
    expect(deadlineRule('REFERRAL_RESULT', { REFERRAL_RESULT: { amount: 10, unit: 'WORKING_DAY' } }).amount).toBe(10);
    expect(deadlineRule('FILING_DECISION')).toBe(DEADLINES.FILING_DECISION);
    expect(() => withOverrides({ DECISION: { amount: 120, unit: 'CALENDAR_DAY' } })).toThrow(/不能通过配置修改/);
    expect(() => withOverrides({ REFERRAL_SIGN: { amount: 0, unit: 'WORKING_DAY' } })).toThrow(/正整数/);
    expect(() => withOverrides({ REFERRAL_SIGN: { amount: 1.5, unit: 'WORKING_DAY' } })).toThrow(/正整数/);
    expect(() => withOverrides({ NOPE: { amount: 1, unit: 'HOUR' } } as never)).toThrow(/未知/);
  });
});

describe('thresholds', () => {
  it('are whole fen with a source', () => {
    for (const t of thresholds) {
      expect(Number.isSafeInteger(t.value) && t.value > 0, t.id).toBe(true);
      expect(t.source.article.length, t.id).toBeGreaterThan(0);
    }
    expect(THRESHOLDS.SUMMARY_FINE_MAX_INDIVIDUAL.value).toBe(yuanToFen(200));
    expect(THRESHOLDS.SUMMARY_FINE_MAX_ORGANISATION.value).toBe(yuanToFen(3000));
    expect(THRESHOLDS.ON_THE_SPOT_COLLECTION_MAX.value).toBe(yuanToFen(100));
    expect(THRESHOLDS.HEARING_FINE_MIN_ORGANISATION.value).toBe(yuanToFen(100_000));
    expect(THRESHOLDS.CRIMINAL_DIRECT_LOSS_MIN.value).toBe(yuanToFen(1_000_000));
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
  });

  it('include the stated figure (以上/以下 包括本数)', () => {
    expect(meetsThreshold(THRESHOLDS.SUMMARY_FINE_MAX_INDIVIDUAL, yuanToFen(200))).toBe(true);
    expect(meetsThreshold(THRESHOLDS.SUMMARY_FINE_MAX_INDIVIDUAL, yuanToFen(200.01))).toBe(false);
    expect(meetsThreshold(THRESHOLDS.HEARING_FINE_MIN_INDIVIDUAL, yuanToFen(20_000))).toBe(true);
    expect(meetsThreshold(THRESHOLDS.CRIMINAL_SERIOUS_INJURIES_MIN, 2)).toBe(false);
  });

  it('only the unconfirmed hearing amounts can be configured', () => {
    expect(withThresholdOverrides({ HEARING_FINE_MIN_INDIVIDUAL: { value: yuanToFen(10_000) } }).HEARING_FINE_MIN_INDIVIDUAL.value).toBe(1_000_000);
    expect(() => withThresholdOverrides({ SUMMARY_FINE_MAX_INDIVIDUAL: { value: 1 } })).toThrow(/不能通过配置修改/);
  });
});
