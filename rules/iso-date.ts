// Calendar dates ('YYYY-MM-DD') and the Asia/Shanghai wall clock, without a time-zone
// library: China has kept UTC+8 all year since it dropped daylight saving in 1991, so
// a fixed offset is exact for every date this system handles. Pure; no Date.now.

export type IsoDate = string;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must say which zone it is in; a bare local time would be read in the host's zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parts(date: IsoDate): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`不是有效的日期（YYYY-MM-DD）：${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new RangeError(`不存在的日期：${date}`);
  return [y, mo, d];
}

function utcMs(y: number, month: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, month - 1, d); // unlike Date.UTC, keeps years 0–99 literal
  return t.getTime();
}

export function isIsoDate(s: string): boolean {
  try {
    parts(s);
    return true;
  } catch {
    return false;
  }
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate();
}

export function toDayNumber(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return Math.round(utcMs(y, m, d) / DAY_MS);
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** b − a in days */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

export function yearOf(date: IsoDate): number {
  return parts(date)[0];
}

/** 0 = Sunday … 6 = Saturday */
export function weekdayOf(date: IsoDate): number {
  return new Date(toDayNumber(date) * DAY_MS).getUTCDay();
}

export function isWeekend(date: IsoDate): boolean {
  const w = weekdayOf(date);
  return w === 0 || w === 6;
}

/**
 * The corresponding day n months later (n may be negative); when that month is shorter,
 * its last day — 民法典 Art 202: "没有对应日的，月末日为期间的最后一日".
 */
export function addMonthsClamped(date: IsoDate, n: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  const day = Math.min(d, daysInMonth(ty, tm));
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Accepts a Date, an ISO instant with Z or an offset, or a calendar date (= 00:00 in Shanghai). */
export function toInstant(x: Date | string): Date {
  if (x instanceof Date) {
    if (Number.isNaN(x.getTime())) throw new RangeError('无效的时间');
    return x;
  }
  if (ISO_DATE.test(x)) return new Date(toDayNumber(x) * DAY_MS - SHANGHAI_OFFSET_MS);
  if (!ISO_INSTANT.test(x)) throw new RangeError(`时间须为带时区的ISO格式或YYYY-MM-DD：${x}`);
  const t = new Date(x);
  if (Number.isNaN(t.getTime())) throw new RangeError(`无效的时间：${x}`);
  return t;
}

/** The Shanghai calendar date of an instant (a calendar date is returned as is). */
export function shanghaiDate(x: Date | string): IsoDate {
  if (typeof x === 'string' && ISO_DATE.test(x)) return fromDayNumber(toDayNumber(x));
  return new Date(toInstant(x).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 24:00 Asia/Shanghai at the end of the given day, as a UTC instant (16:00Z that day). */
export function endOfShanghaiDay(date: IsoDate): string {
  return new Date((toDayNumber(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS).toISOString();
}
