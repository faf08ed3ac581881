import { describe, expect, it } from 'vitest';
import { brokenText } from '../support/page-text.ts';

describe('what the page crawl calls broken text', () => {
  it('finds enum codes, API paths, raw ids and broken values', () => {
    const found = (t: string) => brokenText(t).map((f) => /«(.*)»/.exec(f)![1]);
    expect(found('阶段 INVESTIGATION')).toEqual(['INVESTIGATION']);
    expect(found('风险 MAJOR、HIGH')).toEqual(['MAJOR', 'HIGH']);
    expect(found('环节 FILING_APPROVAL')).toEqual(['FILING_APPROVAL']);
    expect(found('请使用 POST /api/draws')).toEqual(['POST', '/api/draws']);
    expect(found('罚款 NaN 元，undefined，[object Object]，Invalid Date')).toEqual(['NaN', 'undefined', '[object Object]', 'Invalid Date']);
    expect(found('承办人 u-hongta-handler1，机构 yx-hongta')).toEqual(['u-hongta-handler1', 'yx-hongta']);
    expect(found('案件 0f8fad5b-d9cb-469f-a165-70867728950e')).toEqual(['0f8fad5b-d9cb-469f-a165-70867728950e']);
  });

  it('lets through what people legitimately read', () => {
    expect(brokenText('下载 PDF；现场照片 SHA-256；身份证ID；执法事项 AQ-065-4、YHJY-035-2；统一社会信用代码 91530402MA6K0000X3；红塔应急询〔2026〕1号')).toEqual([]);
    expect(brokenText('当事人：测试化工有限公司-1a2b3c')).toEqual([]);
  });
});
