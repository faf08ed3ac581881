import path from 'node:path';
import { createRequire } from 'node:module';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, invalid } from '../errors.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import * as responses from './dashboard.responses.ts';
import { dashboard, TABLE_KEYS, type Cell, type Column, type Table } from '../services/dashboard.ts';
import { dashboardDrill, drillQuery } from '../services/dashboard-drill.ts';
import { tableCsv, tablesXlsx } from '../services/dashboard-export.ts';
import { DASHBOARD_ROLES, dashboardQuery } from '../services/dashboard-scope.ts';

const exportQuery = dashboardQuery.extend({
  format: z.enum(['csv', 'xlsx'], { error: '导出格式只能是 csv 或 xlsx' }),
  table: z.enum(TABLE_KEYS, { error: '未知的统计表' }).optional(),
}).strict();

const attachment = (name: string) => `attachment; filename="dashboard.${name.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** 执法监督看板 (issue 8): figures, drill-down and exports for the city supervisor and county heads. */
export function dashboardRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/dashboard', tag: 'dashboard', access: DASHBOARD_ROLES, query: dashboardQuery,
      summary: '执法监督看板：在办案件、超期环节、办理用时、处罚、移送移交、复议结果、委托抽查、升级督办（市局：全市；县局：本县及所属乡镇）',
      refusals: [422], response: responses.getApiDashboard, handler: async ({ actor, query }) => dashboard(deps, actor, query),
    }),
    defineRoute({
      method: 'get', path: '/api/dashboard/cases', tag: 'dashboard', access: DASHBOARD_ROLES, query: drillQuery,
      summary: '执法监督看板明细：某项统计背后的案件和环节（最多200条）',
      refusals: [422], response: responses.getApiDashboardCases, handler: async ({ actor, query }) => dashboardDrill(deps, actor, query),
    }),
    defineRoute({
      method: 'get', path: '/api/dashboard/export', tag: 'dashboard', access: DASHBOARD_ROLES, query: exportQuery,
      summary: '导出执法监督看板的统计表（csv：一张表，须指定 table；xlsx：指定的表或全部）',
      refusals: [422], handler: async ({ actor, query, res }) => {
        const { format, table, ...q } = query;
        if (format === 'csv' && !table) throw invalid('CSV 每次导出一张统计表，请用 table 指定');
        const d = await dashboard(deps, actor, q);
        const tables: Table[] = table ? d.tables.filter((t) => t.key === table) : d.tables;
        const stem = `执法监督看板-${table ? tables[0].title : '全部'}-${d.from}至${d.to}`;
        const orgName = d.org ? d.orgs.find((o) => o.id === d.org)?.name ?? d.org : null;
        res.setHeader('Cache-Control', 'no-store');
        if (format === 'csv') {
          res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', attachment(`${stem}.csv`));
          res.send(tableCsv(tables[0]));
        } else {
          res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').setHeader('Content-Disposition', attachment(`${stem}.xlsx`));
          res.send(await tablesXlsx(tables, { from: d.from, to: d.to, org: orgName }));
        }
      },
    }),
  ];
}

const echartsDist = path.dirname(createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'));

function allowed(req: Request, res: Response): boolean {
  if (!req.actor) {
    res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    return false;
  }
  if (!req.actor.roles.some((r) => (DASHBOARD_ROLES as readonly string[]).includes(r))) {
    throw new AppError('forbidden', '只有市局执法监督人员和县级负责人可以查看执法监督看板', 403);
  }
  return true;
}

// The chart data travels as JSON in a non-executed <script> block (the CSP allows no inline script);
// escaping "<" keeps "</script>" in an org or party name from ending the block.
const jsonBlock = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

const money = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
function display(kind: Column['kind'], v: Cell): string {
  if (v === null) return '—';
  if (kind === 'yuan') return money.format(Number(v) / 100);
  if (kind === 'rate') return `${(Number(v) * 100).toFixed(1)}%`;
  if (kind === 'hours') return Number(v).toFixed(2);
  return String(v);
}
/** Tables with their cells already written out for the page (numbers right-aligned). */
const viewTables = (tables: Table[]) => tables.map((t) => ({
  ...t,
  rows: t.rows.map((r) => ({ href: r.href, cells: t.columns.map((c) => ({ text: display(c.kind, r.cells[c.key] ?? null), num: !!c.kind && c.kind !== 'text' })) })),
}));

export function dashboardPageRoutes(deps: AppDeps): Router {
  const r = Router();
  // ECharts from node_modules, same origin (no CDN: the CSP allows only 'self', and bureaus run offline networks).
  r.use('/assets/echarts', express.static(echartsDist, { maxAge: '7d', index: false }));
  r.get('/dashboard', async (req, res) => {
    if (!allowed(req, res)) return;
    const q = dashboardQuery.parse(req.query);
    const d = await dashboard(deps, req.actor!, q);
    const qs = new URLSearchParams({ from: d.from, to: d.to, ...(d.org ? { org: d.org } : {}) }).toString();
    res.render('dashboard', {
      title: '执法监督看板', me: req.actor, csrf: csrfToken(req), d, qs, tables: viewTables(d.tables),
      orgOptions: d.orgs.map((o) => ({ ...o, selected: o.id === d.org, indent: o.kind === 'TOWNSHIP' || o.kind === 'DEV_ZONE' })),
      chartData: jsonBlock(d.charts),
    });
  });
  r.get('/dashboard/cases', async (req, res) => {
    if (!allowed(req, res)) return;
    const q = drillQuery.parse(req.query);
    const back = new URLSearchParams({ ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), ...(q.org ? { org: q.org } : {}) }).toString();
    res.render('dashboard-cases', { title: '执法监督看板明细', me: req.actor, csrf: csrfToken(req), drill: await dashboardDrill(deps, req.actor!, q), back });
  });
  return r;
}
