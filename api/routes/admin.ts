import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { holidayYearSchema } from '../../rules/holiday-calendar.ts';
import { csrfToken } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import * as responses from './admin.responses.ts';
import { listHolidayYears, loadHolidayYear, recomputeProgress, type HolidayYearListing, type LoadHolidayYearResult } from '../services/holidays.ts';

// The body is validated by the service (holidayYearSchema → 422 with every problem named),
// not by the router (which would answer a ZodError with 400); the router only insists on a
// JSON object, and the OpenAPI document shows the real schema.
const { $schema: _drop, ...holidayYearJsonSchema } = z.toJSONSchema(holidayYearSchema, { io: 'input' }) as Record<string, unknown>;
// mount() refuses U+0000 in every string (api/route.ts); this schema is converted apart from the
// route table's, so its one free-text field says so here (the fuzzer sends what the spec allows).
const holidayProps = holidayYearJsonSchema.properties as Record<string, Record<string, unknown>>;
holidayProps.source = { ...holidayProps.source, pattern: '^[^\\u0000]*$' };
const holidayYearBody = z.record(z.string(), z.unknown()).meta({
  ...holidayYearJsonSchema,
  description: '一年的国务院办公厅部分节假日安排通知：放假日期（含连休的周末）、调休上班日期（周末）、来源通知（名称与文号）。日期为 YYYY-MM-DD，须在该年或上一年12月内。',
});

/** JSON API for the holiday calendar (ADMIN only). */
export function adminRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/admin/holiday-years', tag: 'admin', access: ['ADMIN'],
      summary: '载入一年的法定节假日安排（国务院办公厅通知），并在后台分批通知流程重算暂定期限（202，返回批次进度地址）', body: holidayYearBody,
      status: 202, response: responses.postApiAdminHolidayYears, handler: async ({ actor, body }) => loadHolidayYear(deps, actor, body),
    }),
    defineRoute({
      method: 'get', path: '/api/admin/holiday-years/:year/recompute', tag: 'admin', access: ['ADMIN'],
      summary: '某年节假日安排载入后重算暂定期限的批次进度（已通知、已结束、失败的流程数）',
      params: z.object({ year: z.coerce.number().int().min(2000).max(2200) }),
      refusals: [], response: responses.getApiAdminHolidayYearsYearRecompute, handler: async ({ params }) => recomputeProgress(deps, params.year),
    }),
    defineRoute({
      method: 'get', path: '/api/admin/holiday-years', tag: 'admin', access: ['ADMIN'],
      summary: '节假日安排已知年份（内置与已载入，含来源）',
      refusals: [], response: responses.getApiAdminHolidayYears, handler: async () => listHolidayYears(deps),
    }),
  ];
}

function page(req: Request, res: Response, years: HolidayYearListing, data: Record<string, unknown>) {
  const built = years.builtIn.years;
  res.render('admin-calendar', {
    title: '节假日安排', ...data, years, builtInRange: built.length ? `${built[0]}–${built[built.length - 1]}年` : '无',
    me: req.actor, csrf: csrfToken(req),
  });
}

/** Signed-in ADMIN, or an answer has been sent (redirect to login, or a 403 page naming what only they may do). */
export function admitted(req: Request, res: Response, what = '维护节假日安排'): boolean {
  if (!req.actor) {
    res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    return false;
  }
  if (req.actor.roles.includes('ADMIN')) return true;
  res.status(403).render('error', {
    status: 403, message: `只有系统管理员可以${what}`, me: req.actor, csrf: csrfToken(req), title: '无权限',
  });
  return false;
}

/** One ISO date per line (commas, 、 and spaces also separate). */
export const dateLines = (text: unknown): string[] =>
  String(text ?? '').split(/[\s,，、;；]+/).map((s) => s.trim()).filter(Boolean);

function formInput(b: Record<string, unknown>) {
  const year = String(b.year ?? '').trim();
  return {
    year: /^\d+$/.test(year) ? Number(year) : year,
    source: String(b.source ?? ''),
    holidays: dateLines(b.holidays),
    workdays: dateLines(b.workdays),
  };
}

function resultMessage(r: LoadHolidayYearResult): string {
  const head = r.unchanged ? `${r.year}年的节假日安排此前已按相同内容载入，未作改动` : `已载入${r.year}年的节假日安排`;
  return `${head}；含暂定期限的流程正在后台重算期限。`;
}

/** Server-rendered admin pages: GET/POST /admin/calendar. */
export function adminPageRoutes(deps: AppDeps): Router {
  const r = Router();

  r.get('/admin/calendar', async (req, res) => {
    if (!admitted(req, res)) return;
    page(req, res, await listHolidayYears(deps), { form: {} });
  });

  r.post('/admin/calendar', async (req, res) => {
    if (!admitted(req, res)) return;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const form = { year: b.year, source: b.source, holidays: b.holidays, workdays: b.workdays };
    try {
      const result = await loadHolidayYear(deps, req.actor!, formInput(b));
      page(req, res, await listHolidayYears(deps), { form: {}, result, message: resultMessage(result) });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      res.status(err.status);
      page(req, res, await listHolidayYears(deps), { form, error: err.message });
    }
  });
  return r;
}
