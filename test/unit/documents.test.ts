import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS, documentNumber, type DocumentKind } from '../../documents/kinds.ts';
import { chineseDate, documentHash, fenToUpper, fenToYuan, renderDocument, type DocumentData } from '../../documents/render.ts';
import { documentSample as sample } from '../support/document-sample.ts';

const KINDS = Object.keys(DOCUMENT_KINDS) as DocumentKind[];
const XSS = ['<script>alert(1)</script>', `"'><img src=x onerror=alert(1)>`];
// Every free-text string becomes hostile; dates and amounts stay typed (helpers reject junk).
const hostile = (v: unknown, payload: string, key = ''): unknown => {
  if (typeof v === 'string') return /(^at|At|By)$|^number$|^authorityName$|^kind$/.test(key) ? v : payload;
  if (Array.isArray(v)) return v.map((x) => hostile(x, payload));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hostile(x, payload, k)]));
  return v;
};
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('执法文书 templates', () => {
  it.each(KINDS)('%s renders a complete standalone A4 document with header, title and number', (kind) => {
    const html = renderDocument(kind, sample);
    expect(html.trimStart().startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('</html>');
    expect(html).toMatch(/@page \{ size: A4/);
    expect(html).toContain('@media print');
    expect(html).toContain('玉溪市红塔区应急管理局');
    expect(html).toContain(`<h1>${DOCUMENT_KINDS[kind].title}</h1>`);
    expect(html).toContain('红塔应急罚〔2026〕12号');
    expect(html).not.toMatch(/<(script|link|img)\b/i); // nothing fetched or run: the stored page is self-contained
  });

  it('every kind has its template, a distinct series, and no template uses triple-stash', () => {
    const series = KINDS.map((k) => DOCUMENT_KINDS[k].series);
    expect(new Set(series).size).toBe(series.length);
    expect(series).not.toContain('立'); // the case number's own series
    const dir = new URL('../../documents/templates/', import.meta.url);
    const files = [...readdirSync(dir).filter((f) => f.endsWith('.hbs')), ...readdirSync(new URL('partials/', dir)).map((f) => `partials/${f}`)];
    for (const k of KINDS) expect(files).toContain(DOCUMENT_KINDS[k].template);
    for (const f of files) expect(readFileSync(new URL(f, dir), 'utf8'), f).not.toContain('{{{');
  });

  describe.each(XSS)('user text %s', (payload) => {
    it.each(KINDS)('appears only escaped in %s', (kind) => {
      const html = renderDocument(kind, hostile(sample, payload) as DocumentData);
      expect(html).not.toContain(payload);
      expect(html).not.toMatch(/<script|<img/i);
      expect(html).toContain(payload.startsWith('<script') ? '&lt;script&gt;alert(1)&lt;/script&gt;' : '&quot;&#x27;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    });
  });
});

describe('行政处罚决定书', () => {
  const decision = text(renderDocument('PENALTY_DECISION', sample));

  it('states the remedy: 复议 within 60 days to the named organ, or suit within 6 months (CF 59(五))', () => {
    expect(decision).toContain('可以自收到本决定书之日起六十日内依法向玉溪市红塔区人民政府申请行政复议，或者自收到本决定书之日起六个月内依法向玉溪市红塔区人民法院提起行政诉讼');
    expect(decision).toContain('本决定不停止执行');
  });

  it('shows the fine in figures and in Chinese capitals, the 3% late fee and 罚缴分离', () => {
    expect(decision).toContain('¥12,345.00');
    expect(decision).toContain('壹万贰仟叁佰肆拾伍元整');
    expect(decision).toContain('每日按罚款数额的百分之三加处罚款');
    expect(decision).toContain('执法人员不得自行收缴罚款');
    expect(decision).toContain('2026年11月28日');
  });

  it('an on-the-spot decision says 复议 must come first (行政复议法 Art 23)', () => {
    const spot = text(renderDocument('SUMMARY_DECISION', { ...sample, fineFen: 20000 }));
    expect(spot).toContain('应当自收到本决定书之日起六十日内先向玉溪市红塔区人民政府申请行政复议');
    expect(spot).toContain('不得直接向人民法院提起行政诉讼');
    expect(spot).toContain('贰佰元整');
  });

  it('a delegated decision names the county bureau as authority and the township as 受委托组织 (CF 20)', () => {
    const html = renderDocument('PENALTY_DECISION', { ...sample, delegatedHandler: '红塔区玉兴街道办事处' });
    expect(html).toContain('<p class="authority">玉溪市红塔区应急管理局</p>');
    expect(html).toContain('受委托组织：红塔区玉兴街道办事处');
    expect(text(html)).toContain('以玉溪市红塔区应急管理局名义实施');
    expect(renderDocument('PENALTY_DECISION', sample)).not.toContain('受委托组织');
  });
});

describe('helpers and hash', () => {
  it.each([
    [1234500, '¥12,345.00', '壹万贰仟叁佰肆拾伍元整'], [100, '¥1.00', '壹元整'], [5, '¥0.05', '伍分'], [50, '¥0.50', '伍角整'],
    [100005, '¥1,000.05', '壹仟元零伍分'], [1000000000, '¥10,000,000.00', '壹仟万元整'], [10000000100, '¥100,000,001.00', '壹亿零壹元整'],
    [10005000, '¥100,050.00', '壹拾万零伍拾元整'], [0, '¥0.00', '零元整'],
  ])('%i fen → %s / %s', (fen, figures, capitals) => {
    expect(fenToYuan(fen)).toBe(figures);
    expect(fenToUpper(fen)).toBe(capitals);
  });

  it('refuses a decision missing an item the law requires, or with an object where text belongs', () => {
    expect(() => renderDocument('PENALTY_DECISION', { ...sample, penaltyBasis: '' })).toThrow(/penaltyBasis/);
    expect(() => renderDocument('SUMMARY_DECISION', { ...sample, officers: [] })).toThrow(/officers/);
    expect(() => renderDocument('PENALTY_DECISION', { ...sample, penalty: { penaltyTypes: ['FINE'] } })).toThrow(/object Object/);
    // A record is held to its content too (issue 17): a blank 询问笔录 names what it lacks.
    expect(() => renderDocument('INTERVIEW_RECORD', { number: 'n', authorityName: 'a' })).toThrow(/interviewee.*qa.*confirmation/);
    expect(() => renderDocument('INSPECTION_RECORD', { ...sample, measures: ' ', officers: (sample.officers as unknown[]).slice(0, 1) })).toThrow(/officers.*measures/);
  });

  it('refuses a non-integer amount rather than print a wrong one', () => {
    expect(() => fenToYuan(12.5)).toThrow();
    expect(() => renderDocument('PENALTY_DECISION', { ...sample, fineFen: 'abc' })).toThrow();
  });

  it('formats dates in Asia/Shanghai', () => {
    expect(chineseDate('2026-11-27T16:30:00Z')).toBe('2026年11月28日');
    expect(chineseDate('2026-11-28T01:05:00Z', true)).toBe('2026年11月28日9时05分');
  });

  it('numbers as 红塔应急罚〔2026〕12号', () => {
    expect(documentNumber('红塔应急', 'PENALTY_DECISION', 2026, 12)).toBe('红塔应急罚〔2026〕12号');
  });

  it('the hash is stable for the same input and changes with one character', () => {
    const a = renderDocument('PENALTY_DECISION', sample);
    expect(documentHash(renderDocument('PENALTY_DECISION', sample))).toBe(documentHash(a));
    expect(documentHash(a)).toMatch(/^[0-9a-f]{64}$/);
    const b = renderDocument('PENALTY_DECISION', { ...sample, facts: `${sample.facts as string}。` });
    expect(documentHash(b)).not.toBe(documentHash(a));
    expect(documentHash(`${a.slice(0, -1)}X`)).not.toBe(documentHash(a));
  });
});
