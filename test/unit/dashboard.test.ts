import { describe, expect, it } from 'vitest';
import { legalLimit, monthsOf, type Table } from '../../api/services/dashboard.ts';
import { csvField, tableCsv } from '../../api/services/dashboard-export.ts';


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

describe('dashboard labels', () => {
  // Who oversees which orgs is decided on the org tree in the database: test/integration/access-matrix.test.ts.
  it('names the legal limit of a step from its deadline row, and lists the months of a period', () => {
    expect(legalLimit('FILING_DECISION')).toEqual({ limit: '5个工作日', source: expect.stringContaining('第34条第1款') });
    expect(legalLimit(null)).toEqual({ limit: '—', source: '' });
    expect(monthsOf('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsOf('2026-03-01', '2026-03-31')).toEqual(['2026-03']);
  });
});
