// The official holiday calendar: chinese-days' data (法定节假日 + 调休, from the State Council
// notices) for the years it has, overlaid with years an administrator loaded from the
// notice 国务院办公厅关于X年部分节假日安排的通知. Not bundled into workflows (it reads a package's
// data); deadlines are computed in activities, so loading a year never breaks a running
// workflow's determinism.
import { z } from 'zod';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { calendarFromYears, type HolidayCalendar, type HolidayYear } from './calendar.ts';
import { isIsoDate, isWeekend, yearOf, type IsoDate } from './iso-date.ts';

export type { HolidayCalendar, HolidayYear } from './calendar.ts';

interface ChineseDaysData {
  holidays: Record<IsoDate, string>;
  workdays: Record<IsoDate, string>;
}

function groupByYear(data: ChineseDaysData): HolidayYear[] {
  const years = new Map<number, { holidays: IsoDate[]; workdays: IsoDate[] }>();
  const entry = (d: IsoDate) => {
    const y = yearOf(d);
    if (!years.has(y)) years.set(y, { holidays: [], workdays: [] });
    return years.get(y)!;
  };
  for (const d of Object.keys(data.holidays)) entry(d).holidays.push(d);
  for (const d of Object.keys(data.workdays)) entry(d).workdays.push(d);
  // A year is known only if its notice is in the data: one with holidays listed.
  return [...years].filter(([, v]) => v.holidays.length > 0).map(([year, v]) => ({ year, ...v }));
}

/** chinese-days@1.5.7 carries the notices for 2004–2026 (checked in test/unit/calendar.test.ts). */
export const CHINESE_DAYS_YEARS: readonly HolidayYear[] = groupByYear(chineseDays as ChineseDaysData);

export function chineseDaysKnownYears(): number[] {
  return CHINESE_DAYS_YEARS.map((y) => y.year).sort((a, b) => a - b);
}

/** Administrator-loaded years replace chinese-days' data for the same year. */
export function createHolidayCalendar(
  loadedYears: readonly { year: number; holidays: readonly string[]; workdays: readonly string[] }[] = [],
): HolidayCalendar {
  return calendarFromYears([...CHINESE_DAYS_YEARS, ...loadedYears]);
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期须为 YYYY-MM-DD 格式的有效日期').refine(isIsoDate, '日期须为 YYYY-MM-DD 格式的有效日期');

/**
 * What an administrator submits from the annual notice. Every date lies in that year —
 * or in the preceding December, because a notice may move the days around New Year (the
 * 2019 notice made 2018-12-29 a working day and 2018-12-30/31 days off). A 调休 working
 * day is a weekend day that is worked, so it must fall on a weekend and not also be off.
 */
export const holidayYearSchema = z
  .object({
    year: z.number().int().min(2004).max(2200),
    holidays: z.array(isoDate).min(1, '至少应有一个放假日期').max(366),
    workdays: z.array(isoDate).max(366),
    source: z.string().trim().min(6, '请注明来源通知的名称和文号（国务院办公厅关于X年部分节假日安排的通知）').max(500),
  })
  .strict()
  .superRefine((v, ctx) => {
    const inRange = (d: string) => d.startsWith(`${v.year}-`) || d.startsWith(`${v.year - 1}-12-`);
    for (const key of ['holidays', 'workdays'] as const) {
      v[key].forEach((d, i) => {
        if (isIsoDate(d) && !inRange(d)) {
          ctx.addIssue({ code: 'custom', path: [key, i], message: `${d} 不在 ${v.year} 年（或上一年12月）内` });
        }
      });
      if (new Set(v[key]).size !== v[key].length) ctx.addIssue({ code: 'custom', path: [key], message: '日期重复' });
    }
    const off = new Set(v.holidays);
    v.workdays.forEach((d, i) => {
      if (off.has(d)) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} 不能既放假又上班` });
      else if (isIsoDate(d) && !isWeekend(d)) {
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} 不是周末，无需列为调休上班日` });
      }
    });
  });

export type HolidayYearInput = z.infer<typeof holidayYearSchema>;
