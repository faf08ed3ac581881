import { describe, expect, it } from 'vitest';
import { ORGS } from '../../prisma/seed-data/orgs.ts';
import { legalLimit, monthsOf, type Table } from '../../api/services/dashboard.ts';
import { csvField, tableCsv } from '../../api/services/dashboard-export.ts';
import { overseenOrgs } from '../../api/services/dashboard-scope.ts';
import type { Actor } from '../../workflows/messages.ts';

const actor = (orgId: string, roles: Actor['roles']): Actor => ({ userId: 'u', name: 'n', orgId, roles, certified: true });
const orgs = ORGS.map((o) => ({ id: o.id, name: o.name, shortName: o.shortName, kind: o.kind, parentId: o.parentId }));

describe('dashboard export', () => {
  it('guards text a spreadsheet would run as a formula, and quotes what CSV needs quoted', () => {
    expect(csvField('=HYPERLINK("http://x","点我")')).toBe(`"'=HYPERLINK(""http://x"",""点我"")"`);
    expect(csvField('+86 123')).toBe("'+86 123");
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('红塔区, 玉兴街道')).toBe('"红塔区, 玉兴街道"');
    expect(csvField('两行\n文字')).toBe('"两行\n文字"');
    expect(csvField(-12.5)).toBe('-12.5'); // a number is a number, not a formula
    expect(csvField(null)).toBe('');
  });

  it('writes a table with a BOM and CRLF, money in yuan and rates as percentages', () => {
    const t: Table = {
      key: 'penalties', title: '行政处罚',
      columns: [{ key: 'name', label: '事项' }, { key: 'fen', label: '罚款（元）', kind: 'yuan' }, { key: 'rate', label: '比例', kind: 'rate' }],
      rows: [{ cells: { name: '=1+1', fen: 350_050, rate: 0.6667 } }, { cells: { name: '无', fen: 0, rate: null } }],
    };
    expect(tableCsv(t)).toBe('\uFEFF事项,罚款（元）,比例\r\n\'=1+1,3500.5,66.67%\r\n无,0,\r\n');
  });
});

describe('dashboard scope and labels', () => {
  it('gives the city supervisor every county, township and zone below the city bureau, and nothing of other organs', () => {
    const ids = overseenOrgs(actor('yx-city', ['CITY_SUPERVISOR']), orgs).map((o) => o.id);
    expect(ids).toHaveLength(1 + 9 + 23 + 1);
    expect(ids).toEqual(expect.arrayContaining(['yx-city', 'yx-hongta', 'yx-yuanjiang-ganzhuang-st', 'yx-gaoxin']));
    expect(ids.some((id) => /psb|procuratorate|gov|court|dept|wso/.test(id))).toBe(false);
  });

  it('gives a county head or 队长 their bureau and its townships only, and other roles nothing', () => {
    expect(overseenOrgs(actor('yx-hongta', ['HEAD']), orgs).map((o) => o.id).sort())
      .toEqual(['yx-gaoxin', 'yx-hongta', 'yx-hongta-dayingjie-st', 'yx-hongta-fenghuang-st', 'yx-hongta-yanhe-st', 'yx-hongta-yuxing-st']);
    expect(overseenOrgs(actor('yx-jiangchuan', ['SUPERVISOR']), orgs).map((o) => o.id).sort())
      .toEqual(['yx-jiangchuan', 'yx-jiangchuan-dajie-st', 'yx-jiangchuan-jiangcheng-town', 'yx-jiangchuan-qianwei-town']);
    expect(overseenOrgs(actor('yx-hongta', ['HANDLER', 'LEGAL_REVIEWER']), orgs)).toEqual([]);
  });

  it('names the legal limit of a step from its deadline row, and lists the months of a period', () => {
    expect(legalLimit('FILING_DECISION')).toEqual({ limit: '5个工作日', source: expect.stringContaining('第34条第1款') });
    expect(legalLimit(null)).toEqual({ limit: '—', source: '' });
    expect(monthsOf('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsOf('2026-03-01', '2026-03-31')).toEqual(['2026-03']);
  });
});
