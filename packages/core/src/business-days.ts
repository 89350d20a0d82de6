/**
 * Calendar dates and business days in Asia/Tokyo (O5).
 *
 * Everything works on `YYYY-MM-DD` strings and a fixed +09:00 offset rather than on the host's
 * local time: Japan has no daylight saving time, and the code runs on servers and in browsers
 * anywhere in the world.
 */
import holidayJp from '@holiday-jp/holiday_jp';

/** 原則、申請日の翌営業日の13時から受取可能 (the university notice). */
export const COUNTER_PICKUP_HOUR = 13;
/** 15時以降の申請分は、翌々営業日の受取となる場合があります. */
export const LATE_APPLICATION_HOUR = 15;

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** No calendar closes for this long; reaching it means the closures close every day. */
const MAX_CLOSED_RUN = 400;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of a calendar date, used only as a day counter, never as an instant. */
function dayNumber(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (match) {
    const [, year, month, day] = match;
    const time = Date.UTC(Number(year), Number(month) - 1, Number(day));
    // Date.UTC rolls 02-30 over to 03-02; the round trip catches that.
    if (new Date(time).toISOString().slice(0, 10) === date) return time / DAY_MS;
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
}

function fromDayNumber(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date in Tokyo at `instant`. */
export function tokyoDate(instant: Date): string {
  return new Date(instant.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

/** The wall-clock time in Tokyo at `instant`. */
export function tokyoTimeOfDay(instant: Date): { hour: number; minute: number } {
  const shifted = new Date(instant.getTime() + TOKYO_OFFSET_MS);
  return { hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes() };
}

/** The instant at which Tokyo's clocks show `date` `hour`:`minute`. */
export function tokyoInstant(date: string, hour = 0, minute = 0): Date {
  return new Date(dayNumber(date) * DAY_MS + (hour * 60 + minute) * 60 * 1000 - TOKYO_OFFSET_MS);
}

/** `date` moved by `days` calendar days (negative moves back). */
export function addCalendarDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return fromDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

/**
 * A Japanese public holiday, including substitute holidays (振替休日) and citizens' holidays.
 * Looked up by string key: the library's own `isHoliday(Date)` reads the Date in host-local time,
 * which gives the wrong day outside Japan.
 */
export function isJapaneseHoliday(date: string): boolean {
  dayNumber(date);
  return Object.hasOwn(holidayJp.holidays, date);
}

/** Whether `date` matches a tenant closure: `YYYY-MM-DD` once, or `MM-DD` every year. */
export function isClosure(date: string, closures: readonly string[]): boolean {
  const monthDay = date.slice(5);
  return closures.some((closure) => closure === date || closure === monthDay);
}

/** The office is open: not Saturday or Sunday, not a public holiday, not a tenant closure. */
export function isBusinessDay(date: string, closures: readonly string[]): boolean {
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6 && !isJapaneseHoliday(date) && !isClosure(date, closures);
}

/**
 * The `n`th business day after `date` (before it when `n` is negative). With `n = 0` the date is
 * returned as given, business day or not.
 */
export function addBusinessDays(date: string, n: number, closures: readonly string[]): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`n must be an integer, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let day = dayNumber(date);
  let remaining = Math.abs(n);
  let closedRun = 0;
  while (remaining > 0) {
    day += step;
    if (isBusinessDay(fromDayNumber(day), closures)) {
      remaining -= 1;
      closedRun = 0;
    } else if (++closedRun > MAX_CLOSED_RUN) {
      throw new RangeError('the closures leave no business day');
    }
  }
  return fromDayNumber(day);
}

/** Business days from the application date to pickup: 1, or 2 from 15:00 on. */
export function counterPickupBusinessDays(appliedAt: Date, closures: readonly string[]): 1 | 2 {
  // The 15:00 cut-off is the office's same-day processing limit, so it only bites on a day
  // the office works: a Saturday evening application is read on Monday morning like any other.
  const lateOnAWorkingDay =
    isBusinessDay(tokyoDate(appliedAt), closures) &&
    tokyoTimeOfDay(appliedAt).hour >= LATE_APPLICATION_HOUR;
  return lateOnAWorkingDay ? 2 : 1;
}

/**
 * When a counter-pickup order (O4 「大学窓口で受取り」) is ready: 13:00 Tokyo time on the next
 * business day after the Tokyo date of application, or on the business day after that when
 * applied at or after 15:00. The notice says the late case "may" take the extra day, so the
 * estimate shown to the student takes it always: arriving early is worse than being told late.
 * On a day the office is closed the cut-off does not apply: the next business day is the first
 * day anyone handles the application.
 */
export function counterPickupReadyAt(appliedAt: Date, closures: readonly string[]): Date {
  const readyDate = addBusinessDays(
    tokyoDate(appliedAt),
    counterPickupBusinessDays(appliedAt, closures),
    closures,
  );
  return tokyoInstant(readyDate, COUNTER_PICKUP_HOUR);
}
