import { vnHolidays, type HolidayYear } from './vn-holidays.js';

// Working days and answer deadlines. Days are civil days in the jurisdiction's time zone (a fixed
// UTC offset: Vietnam has no daylight saving). A deadline of N working days ends at the close of
// office hours on the N-th working day after the day the report was filed.

export interface WorkCalendar {
  isWorkingDay(day: string): boolean;
  /** The end of the answer period: `days` working days after the filing day, at office close. */
  deadline(filedMs: number, days: number): number;
  /** Working days from `fromMs` to `toMs` (a clock shown to staff and citizens; negative when late). */
  workingDaysLeft(fromMs: number, toMs: number): number;
}

const DAY_MS = 86_400_000;

export interface CalendarOptions {
  /** Minutes east of UTC (420 for Vietnam). */
  utcOffsetMinutes: number;
  /** Office close, in minutes after local midnight (17:00 = 1020). */
  closeMinutes: number;
  holidays: readonly HolidayYear[];
}

const isoDay = (localMs: number) => new Date(localMs).toISOString().slice(0, 10);

export function createWorkCalendar(opts: CalendarOptions): WorkCalendar {
  const off = new Set(opts.holidays.flatMap((y) => y.daysOff));
  const worked = new Set(opts.holidays.flatMap((y) => y.workingWeekends));
  const offsetMs = opts.utcOffsetMinutes * 60_000;
  const isWorkingDay = (day: string) => {
    if (worked.has(day)) return true;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !off.has(day);
  };
  /** Local midnight of the day containing `ms`, in "local milliseconds" (UTC arithmetic). */
  const localMidnight = (ms: number) => Math.floor((ms + offsetMs) / DAY_MS) * DAY_MS;
  return {
    isWorkingDay,
    deadline(filedMs, days) {
      let local = localMidnight(filedMs);
      for (let counted = 0; counted < days;) {
        local += DAY_MS;
        if (isWorkingDay(isoDay(local))) counted++;
      }
      return local + opts.closeMinutes * 60_000 - offsetMs;
    },
    workingDaysLeft(fromMs, toMs) {
      const sign = toMs >= fromMs ? 1 : -1;
      const [a, b] = sign > 0 ? [fromMs, toMs] : [toMs, fromMs];
      let n = 0;
      for (let local = localMidnight(a) + DAY_MS; local <= localMidnight(b); local += DAY_MS) {
        if (isWorkingDay(isoDay(local))) n++;
      }
      return sign * n;
    },
  };
}

/** Vietnam: UTC+7, offices close at 17:00, the public holidays of ./vn-holidays.ts. */
export const vietnamCalendar = createWorkCalendar({
  utcOffsetMinutes: 420,
  closeMinutes: 17 * 60,
  holidays: vnHolidays,
});

/** A calendar for jurisdictions without a holiday table: weekdays, UTC, close at 17:00. */
export const weekdayCalendar = createWorkCalendar({
  utcOffsetMinutes: 0,
  closeMinutes: 17 * 60,
  holidays: [],
});
