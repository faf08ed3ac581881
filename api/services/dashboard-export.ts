import ExcelJS from 'exceljs';
import type { Cell, Column, Table } from './dashboard.ts';

// Exports of the dashboard tables. Money is stored in fen and written in yuan; rates as fractions
// in Excel (formatted as %) and as percentages in CSV.

const yuan = (fen: number) => fen / 100;

function value(c: Column, v: Cell): Cell {
  if (v === null) return null;
  if (c.kind === 'yuan') return yuan(Number(v));
  return v;
}

/**
 * A CSV field. Text that a spreadsheet would take for a formula (= + - @, tab, CR) gets a leading
 * apostrophe (OWASP "CSV injection"): party and org names are typed by people.
 */
export function csvField(v: Cell): string {
  if (v === null) return '';
  let s = typeof v === 'number' ? String(v) : v;
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One table as CSV (UTF-8 with BOM so that Excel in a Chinese locale reads it right; CRLF as RFC 4180). */
export function tableCsv(t: Table): string {
  const cell = (c: Column, v: Cell) => {
    const x = value(c, v);
    return c.kind === 'rate' && typeof x === 'number' ? `${(x * 100).toFixed(2)}%` : csvField(x);
  };
  const lines = [t.columns.map((c) => csvField(c.label)).join(','), ...t.rows.map((r) => t.columns.map((c) => cell(c, r.cells[c.key] ?? null)).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const FORMATS: Partial<Record<NonNullable<Column['kind']>, string>> = { yuan: '#,##0.00', rate: '0.00%', hours: '0.00', int: '0' };

/** The tables as one workbook, a sheet each. Strings go in as text cells, never formulas. */
export async function tablesXlsx(tables: Table[], meta: { from: string; to: string; org: string | null }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '执法办案平台';
  wb.created = new Date();
  for (const t of tables) {
    const ws = wb.addWorksheet(t.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
    ws.columns = t.columns.map((c) => ({ header: c.label, key: c.key, width: Math.max(10, c.label.length * 2 + 2), style: FORMATS[c.kind ?? 'text'] ? { numFmt: FORMATS[c.kind ?? 'text'] } : {} }));
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) ws.addRow(Object.fromEntries(t.columns.map((c) => [c.key, value(c, r.cells[c.key] ?? null)])));
    ws.addRow([]);
    ws.addRow([`统计期间：${meta.from} 至 ${meta.to}${meta.org ? `；机构：${meta.org}` : ''}${t.note ? `；${t.note}` : ''}`]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
