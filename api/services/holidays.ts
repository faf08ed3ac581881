// Years of the official holiday calendar (法定节假日 + 调休) beyond what chinese-days ships,
// loaded by an administrator from the State Council's annual notice
// (国务院办公厅关于X年部分节假日安排的通知) — through the admin page/API or a committed file
// data/holidays/<year>.json. Loading a year tells every workflow that holds a provisional
// (weekends-only) deadline to recompute it through the computeDeadline activity: a fan-out
// workflow does the telling in the background (workflows/calendar-recompute.ts), not the request.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import type { Logger } from 'pino';
import { z } from 'zod';
import { chineseDaysKnownYears, holidayYearSchema, type HolidayYearInput } from '../../rules/holiday-calendar.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Actor } from '../../workflows/messages.ts';
import {
  calendarRecomputeQuery, calendarRecomputeWorkflowId, type CalendarRecomputeInput, type CalendarRecomputeProgress,
} from '../../workflows/calendar-messages.ts';
import { send } from '../workflow-calls.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, conflict, invalid } from '../errors.ts';

export type HolidayDeps = Pick<AppDeps, 'prisma' | 'temporal' | 'taskQueue' | 'updateDeadlineMs'> & { logger?: Pick<Logger, 'info' | 'warn'> };

/** Who loads a year: a person (page/API) or the start-up loader reading a committed file. */
export type HolidayLoader = Actor | { system: string };

export interface LoadHolidayYearResult {
  year: number;
  /** the same year with the same content was already loaded: nothing was written */
  unchanged: boolean;
  /** the background batch telling running workflows to recompute provisional deadlines */
  recompute: { workflowId: string; progressPath: string };
}

export const BUILT_IN_SOURCE = 'chinese-days 数据包，据国务院办公厅历年部分节假日安排的通知';

const FIELD_LABELS: Record<string, string> = { year: '年份', holidays: '放假日期', workdays: '调休上班日期', source: '来源通知' };

const zh = z.locales.zhCN().localeError;
const messages: z.core.$ZodErrorMap = (iss) =>
  iss.code === 'invalid_type' && iss.input === undefined ? '必填' : zh(iss);

function describeIssue(i: z.core.$ZodIssue): string {
  const [field, index] = i.path;
  if (field === undefined) return i.message;
  const label = FIELD_LABELS[String(field)] ?? String(field);
  return `${label}${typeof index === 'number' ? `第${index + 1}项` : ''}：${i.message}`;
}

/** holidayYearSchema, answered as a 422 with every problem in Chinese. */
export function parseHolidayYear(input: unknown): HolidayYearInput {
  const parsed = holidayYearSchema.safeParse(input, { error: messages });
  if (parsed.success) return parsed.data;
  throw invalid(parsed.error.issues.map(describeIssue).join('；'),
    parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

const sorted = (dates: readonly string[]) => [...dates].sort();
const sameDates = (a: readonly string[], b: readonly string[]) => sorted(a).join() === sorted(b).join();

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === 'P2002';

/**
 * Loads one year of the State Council notice. A year chinese-days already knows, or one
 * already loaded with different content, is refused (409); the same content again is
 * answered `unchanged` (and still re-signals, so a load whose signals were interrupted can
 * simply be repeated). The row and its audit event are written in one transaction; the
 * signals go out after the commit, so a workflow that recomputes sees the new year.
 */
export async function loadHolidayYear(deps: HolidayDeps, by: HolidayLoader, input: unknown): Promise<LoadHolidayYearResult> {
  const y = parseHolidayYear(input);
  if (chineseDaysKnownYears().includes(y.year)) {
    throw conflict(`${y.year}年的节假日安排已由系统内置数据提供，无需载入`);
  }
  const row = { year: y.year, holidays: sorted(y.holidays), workdays: sorted(y.workdays), source: y.source };
  const write = () => deps.prisma.$transaction(async (tx) => {
    const existing = await tx.holidayYear.findUnique({ where: { year: row.year } });
    if (existing) {
      if (existing.source === row.source && sameDates(existing.holidays, row.holidays) && sameDates(existing.workdays, row.workdays)) {
        return true;
      }
      throw conflict(`${row.year}年的节假日安排已于 ${existing.loadedAt.toISOString()} 载入（来源：${existing.source}），内容与本次提交不同，不能覆盖`);
    }
    const person = 'system' in by ? undefined : by;
    await tx.holidayYear.create({ data: { ...row, loadedById: person?.userId ?? null } });
    await appendAudit(tx, {
      ...(person ? { actorKind: 'USER' as const, actorId: person.userId, ip: person.ip ?? null, orgId: person.orgId }
        : { actorKind: 'SYSTEM' as const, actorId: 'system' in by ? by.system : null }),
      action: 'calendar.year_loaded', subjectType: 'HolidayYear', subjectId: String(row.year),
      data: { source: row.source, holidays: row.holidays, workdays: row.workdays },
    });
    return false;
  });
  let unchanged: boolean;
  try {
    unchanged = await write();
  } catch (err) {
    // Two loads of the same new year at once: the loser finds the winner's row.
    if (!isUniqueViolation(err)) throw err;
    unchanged = await write();
  }
  deps.logger?.info({ year: row.year, unchanged }, unchanged ? 'holiday year already loaded' : 'holiday year loaded');
  return { year: row.year, unchanged, recompute: await startRecompute(deps, row.year) };
}

/**
 * Starts the fan-out that tells every workflow with an open provisional task that the calendar
 * gained `year`; while one runs for the year it is the answer. Loading the year again after it
 * finished starts another (it retries what failed: recomputing twice changes nothing).
 */
export async function startRecompute(deps: HolidayDeps, year: number): Promise<LoadHolidayYearResult['recompute']> {
  const workflowId = calendarRecomputeWorkflowId(year);
  const input: CalendarRecomputeInput = { year };
  await send(deps, () => deps.temporal.workflow.start('calendarRecomputeWorkflow', {
    workflowId, taskQueue: deps.taskQueue, args: [input], workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  }));
  return { workflowId, progressPath: `/api/admin/holiday-years/${year}/recompute` };
}

/** The progress of a year's recomputation batch (the last one, if it has finished). */
export async function recomputeProgress(deps: HolidayDeps, year: number): Promise<CalendarRecomputeProgress> {
  try {
    return await send(deps, () => deps.temporal.workflow.getHandle(calendarRecomputeWorkflowId(year)).query(calendarRecomputeQuery));
  } catch (err) {
    if (err instanceof AppError && err.status === 404) throw new AppError('not_found', `${year}年的节假日安排没有重算批次`, 404);
    throw err;
  }
}

export interface HolidayYearListing {
  /** every year the calendar knows, ascending */
  known: number[];
  /** years from chinese-days */
  builtIn: { years: number[]; source: string };
  /** years an administrator loaded, with the notice cited */
  loaded: {
    year: number; source: string; holidays: string[]; workdays: string[];
    loadedAt: Date; loadedById: string | null; loadedByName: string | null;
  }[];
  /** the first year after the known ones: deadlines reaching it are provisional */
  firstUnknownYear: number;
  /** open tasks whose due date is still provisional */
  provisionalOpenTasks: number;
}

export async function listHolidayYears(deps: Pick<HolidayDeps, 'prisma'>): Promise<HolidayYearListing> {
  const builtIn = chineseDaysKnownYears();
  const [rows, provisionalOpenTasks] = await Promise.all([
    deps.prisma.holidayYear.findMany({ orderBy: { year: 'asc' } }),
    deps.prisma.task.count({ where: { status: 'OPEN', dueProvisional: true } }),
  ]);
  const people = await deps.prisma.user.findMany({
    where: { id: { in: rows.map((r) => r.loadedById).filter((x): x is string => !!x) } }, select: { id: true, displayName: true },
  });
  const names = new Map(people.map((p) => [p.id, p.displayName]));
  const known = [...new Set([...builtIn, ...rows.map((r) => r.year)])].sort((a, b) => a - b);
  let firstUnknownYear = Math.min(...builtIn);
  while (known.includes(firstUnknownYear)) firstUnknownYear += 1;
  return {
    known,
    builtIn: { years: builtIn, source: BUILT_IN_SOURCE },
    loaded: rows.map((r) => ({
      year: r.year, source: r.source, holidays: r.holidays, workdays: r.workdays, loadedAt: r.loadedAt,
      loadedById: r.loadedById, loadedByName: r.loadedById ? names.get(r.loadedById) ?? r.loadedById : null,
    })),
    firstUnknownYear,
    provisionalOpenTasks,
  };
}

export const HOLIDAY_FILES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/holidays');

export type HolidayFileResult =
  | ({ file: string; status: 'loaded' | 'unchanged' } & LoadHolidayYearResult)
  | { file: string; status: 'error'; message: string };

/**
 * Loads every data/holidays/<year>.json (the same shape as the API body) through
 * loadHolidayYear, in year order. Never throws for a bad file: each file gets its result,
 * so one bad file does not stop the others or the start-up; callers report the errors.
 */
export async function loadHolidayFiles(deps: HolidayDeps, dir: string = HOLIDAY_FILES_DIR): Promise<HolidayFileResult[]> {
  const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const files = entries.filter((f) => f.endsWith('.json')).sort();
  const results: HolidayFileResult[] = [];
  for (const file of files) {
    const rel = path.relative(process.cwd(), path.join(dir, file)) || file;
    try {
      let body: unknown;
      try {
        body = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
      } catch (err) {
        throw invalid(`不是合法的 JSON：${(err as Error).message}`);
      }
      const expected = /^(\d{4})\.json$/.exec(file)?.[1];
      const year = (body as { year?: unknown } | null)?.year;
      if (!expected || String(year) !== expected) {
        throw invalid(`文件名须为 <年份>.json 且与其中的 year 一致（文件 ${file}，year ${JSON.stringify(year)}）`);
      }
      const r = await loadHolidayYear(deps, { system: `file:${rel}` }, body);
      results.push({ file: rel, status: r.unchanged ? 'unchanged' : 'loaded', ...r });
    } catch (err) {
      if (!(err instanceof AppError)) throw err; // database or Temporal down: not the file's fault
      deps.logger?.warn({ file: rel, err: err.message }, 'holiday file not loaded');
      results.push({ file: rel, status: 'error', message: err.message });
    }
  }
  return results;
}
