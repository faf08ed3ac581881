import { computeLatestBefore, computeDue } from '../../rules/calendar.ts';
import { deadlineRule } from '../../rules/deadlines.ts';
import { createHolidayCalendar } from '../../rules/holiday-calendar.ts';
import { loadActor } from '../../store/users.ts';
import type { Actor } from '../../workflows/messages.ts';
import type { AppDeps } from '../deps.ts';
import { invalid } from '../errors.ts';

interface TaskRow { kind: string; payload: unknown }

/**
 * Checks that need the holiday calendar or the database, made before a completion is sent
 * to the workflow (the workflow checks everything that depends on its own state).
 */
export async function enrichCompletion(deps: AppDeps, task: TaskRow, outcome: string, data: Record<string, unknown>): Promise<{ officers?: Actor[] }> {
  if (task.kind === 'HEARING_SCHEDULE' || (task.kind === 'HEARING' && outcome === 'POSTPONED')) {
    await checkHearingDate(deps, String(data.hearingAt ?? ''), task.kind === 'HEARING_SCHEDULE' ? String((task.payload as { requestedAt?: string }).requestedAt ?? '') : undefined);
  }
  if (task.kind === 'RECON_DECISION' && outcome === 'SCHEDULE_HEARING') await checkReconsiderationHearing(deps, String(data.hearingAt ?? ''));
  if (Array.isArray(data.officerIds)) {
    const ids = [...new Set(data.officerIds.map(String))].slice(0, 10);
    const officers = (await Promise.all(ids.map((id) => loadActor(deps.prisma, id)))).filter((a): a is Actor => !!a);
    return { officers };
  }
  return {};
}

/** 复议听证: written notice at least 5 (working) days before (行政复议法 Art 51 ①). */
async function checkReconsiderationHearing(deps: AppDeps, hearingAt: string): Promise<void> {
  if (Number.isNaN(Date.parse(hearingAt))) throw invalid('听证时间格式不正确');
  const years = await deps.prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } });
  const latest = computeLatestBefore(deadlineRule('RECONSIDERATION_HEARING_NOTICE'), hearingAt, createHolidayCalendar(years));
  if (Date.now() > Date.parse(latest.dueAt)) throw invalid(`复议听证须在举行听证的5个工作日前通知：按此时间，最迟应于 ${latest.lastDay} 通知，请推后听证时间`);
}

async function checkHearingDate(deps: AppDeps, hearingAt: string, requestedAt?: string): Promise<void> {
  if (Number.isNaN(Date.parse(hearingAt))) throw invalid('听证时间格式不正确');
  const years = await deps.prisma.holidayYear.findMany({ select: { year: true, holidays: true, workdays: true } });
  const calendar = createHolidayCalendar(years);
  // 听证通知 at least 7 working days before the hearing (CF Art 64 (二); AB25 Art 57 ①).
  const latestNotice = computeLatestBefore(deadlineRule('HEARING_NOTICE'), hearingAt, calendar);
  if (Date.now() > Date.parse(latestNotice.dueAt)) {
    throw invalid(`听证通知须在举行听证的7个工作日前送达：按此时间，最迟应于 ${latestNotice.lastDay} 通知，请推后听证时间`);
  }
  if (requestedAt) {
    const hold = computeDue(deadlineRule('HEARING_HOLD'), requestedAt, calendar);
    if (Date.parse(hearingAt) > Date.parse(hold.dueAt)) throw invalid(`听证应在当事人申请之日起15日内举行（最迟 ${hold.lastDay}）`);
  }
}
