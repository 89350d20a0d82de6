import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addCalendarDays,
  COUNTER_PICKUP_HOUR,
  counterPickupReadyAt,
  dayOfWeek,
  isBusinessDay,
  isJapaneseHoliday,
  LATE_APPLICATION_HOUR,
  tokyoDate,
  tokyoInstant,
  tokyoTimeOfDay,
} from './business-days.js';

const YEAR_END = ['12-29', '12-30', '12-31', '01-01', '01-02', '01-03'];
/** Tokyo wall-clock time as an instant, written the way a test reader thinks of it. */
const jst = (text: string): Date => new Date(`${text}+09:00`);

describe('Tokyo calendar', () => {
  it('O5: reads the Tokyo date and time of an instant', () => {
    expect(tokyoDate(new Date('2026-04-30T14:59:59Z'))).toBe('2026-04-30');
    expect(tokyoDate(new Date('2026-04-30T15:00:00Z'))).toBe('2026-05-01');
    expect(tokyoTimeOfDay(new Date('2026-04-30T06:05:00Z'))).toEqual({ hour: 15, minute: 5 });
    expect(tokyoInstant('2026-05-01', 13).toISOString()).toBe('2026-05-01T04:00:00.000Z');
  });

  it('O5: round-trips dates and instants for any instant 2020-2030', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (instant) => {
          const { hour, minute } = tokyoTimeOfDay(instant);
          const floored = tokyoInstant(tokyoDate(instant), hour, minute);
          expect(instant.getTime() - floored.getTime()).toBeGreaterThanOrEqual(0);
          expect(instant.getTime() - floored.getTime()).toBeLessThan(60_000);
        },
      ),
    );
  });

  it('refuses malformed dates', () => {
    expect(() => isBusinessDay('2026-02-30', [])).toThrow(RangeError);
    expect(() => isBusinessDay('2026/05/01', [])).toThrow(RangeError);
    expect(() => addCalendarDays('2026-13-01', 1)).toThrow(RangeError);
  });
});

describe('isBusinessDay', () => {
  it.each([
    ['2026-04-29', false, '昭和の日 (Wednesday)'],
    ['2026-04-30', true, 'a plain Thursday'],
    ['2026-05-01', true, 'a plain Friday'],
    ['2026-05-02', false, 'Saturday'],
    ['2026-05-03', false, 'Sunday and 憲法記念日'],
    ['2026-05-04', false, 'みどりの日'],
    ['2026-05-05', false, 'こどもの日'],
    ['2026-05-06', false, '振替休日 for 憲法記念日 on a Sunday'],
    ['2026-05-07', true, 'the Thursday after Golden Week'],
    ['2026-09-22', false, '国民の休日 between two holidays'],
    ['2026-12-28', true, 'the last working day of 2026'],
    ['2026-12-29', false, 'a recurring year-end closure'],
    ['2027-01-04', true, 'the first working day of 2027'],
  ])('O5: %s is a business day: %s (%s)', (date, expected) => {
    expect(isBusinessDay(date, YEAR_END)).toBe(expected);
  });

  it('O5: honours one-off closures given as YYYY-MM-DD', () => {
    expect(isBusinessDay('2026-07-15', [])).toBe(true);
    expect(isBusinessDay('2026-07-15', ['2026-07-15'])).toBe(false);
    expect(isBusinessDay('2027-07-15', ['2026-07-15'])).toBe(true);
  });

  it('O5: knows substitute holidays', () => {
    expect(isJapaneseHoliday('2026-05-06')).toBe(true);
    expect(isJapaneseHoliday('2026-05-07')).toBe(false);
  });
});

describe('addBusinessDays', () => {
  it('O5: skips weekends, holidays and closures, both ways', () => {
    expect(addBusinessDays('2026-05-01', 1, [])).toBe('2026-05-07');
    expect(addBusinessDays('2026-05-07', -1, [])).toBe('2026-05-01');
    expect(addBusinessDays('2026-12-28', 1, YEAR_END)).toBe('2027-01-04');
    expect(addBusinessDays('2026-12-28', 2, YEAR_END)).toBe('2027-01-05');
    expect(addBusinessDays('2026-05-02', 0, [])).toBe('2026-05-02');
  });

  it('O5: stops rather than loop forever when every day is closed', () => {
    const everyDay = Array.from({ length: 366 }, (_, index) =>
      addCalendarDays('2024-01-01', index).slice(5),
    );
    expect(() => addBusinessDays('2026-05-01', 1, everyDay)).toThrow(RangeError);
  });
});

describe('counterPickupReadyAt', () => {
  it.each([
    ['Golden Week: Thursday morning → Friday', '2026-04-30T10:00', '2026-05-01T13:00'],
    [
      'Golden Week: Friday 16:00 → Thursday 7 May is the next business day, so ready on Friday 8 May',
      '2026-05-01T16:00',
      '2026-05-08T13:00',
    ],
    ['Golden Week: Friday 14:00 → Thursday 7 May', '2026-05-01T14:00', '2026-05-07T13:00'],
    [
      'year end: Monday 16:00 with closures 12-29..01-03 → Tuesday 5 Jan',
      '2026-12-28T16:00',
      '2027-01-05T13:00',
    ],
    ['year end: Monday 10:00 → Monday 4 Jan', '2026-12-28T10:00', '2027-01-04T13:00'],
    ['Friday 14:59 → Monday', '2026-07-03T14:59', '2026-07-06T13:00'],
    ['Friday 15:00 exactly counts as late → Tuesday', '2026-07-03T15:00', '2026-07-07T13:00'],
    ['Friday 15:01 → Tuesday', '2026-07-03T15:01', '2026-07-07T13:00'],
    ['Friday 23:59 → Tuesday', '2026-07-03T23:59', '2026-07-07T13:00'],
    [
      'Saturday 00:00 Tokyo (Friday 15:00 UTC) is a Saturday application → Monday',
      '2026-07-04T00:00',
      '2026-07-06T13:00',
    ],
    [
      'Saturday 16:00 → the cut-off only applies on business days, Monday',
      '2026-07-04T16:00',
      '2026-07-06T13:00',
    ],
    ['Monday 13:30, before the late hour → Tuesday', '2026-07-06T13:30', '2026-07-07T13:00'],
  ])('O5: %s', (_label, applied, ready) => {
    expect(counterPickupReadyAt(jst(applied), YEAR_END).toISOString()).toBe(
      jst(ready).toISOString(),
    );
  });

  it('O5: uses the published hours', () => {
    expect(COUNTER_PICKUP_HOUR).toBe(13);
    expect(LATE_APPLICATION_HOUR).toBe(15);
  });

  it('O5: ready at 13:00 Tokyo on a business day, after the application, within three weeks', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.subarray(['2026-07-15', '2027-03-01', '08-13', '08-14', '08-15', '2025-12-26']),
        (appliedAt, extraClosures) => {
          const closures = [...YEAR_END, ...extraClosures];
          const ready = counterPickupReadyAt(appliedAt, closures);
          const readyDate = tokyoDate(ready);
          expect(isBusinessDay(readyDate, closures)).toBe(true);
          expect(tokyoTimeOfDay(ready)).toEqual({ hour: 13, minute: 0 });
          expect(ready.getTime()).toBeGreaterThan(appliedAt.getTime());
          expect(ready.getTime() - appliedAt.getTime()).toBeLessThanOrEqual(
            21 * 24 * 60 * 60 * 1000,
          );

          // Exactly one (or, from 15:00 on a business day, two) business days lie between the
          // two Tokyo dates.
          const appliedDate = tokyoDate(appliedAt);
          const late = isBusinessDay(appliedDate, closures) && tokyoTimeOfDay(appliedAt).hour >= 15;
          const wanted = late ? 2 : 1;
          let businessDaysBetween = 0;
          for (
            let date = addCalendarDays(appliedDate, 1);
            date <= readyDate;
            date = addCalendarDays(date, 1)
          ) {
            if (isBusinessDay(date, closures)) businessDaysBetween += 1;
          }
          expect(businessDaysBetween).toBe(wanted);
        },
      ),
    );
  });

  describe('host time zone', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it('O5: gives the same answer whatever the process time zone', () => {
      const cases = [
        '2026-05-01T16:00',
        '2026-12-28T16:00',
        '2026-07-03T14:59',
        '2026-07-04T00:30',
      ];
      const answers = (): string[] =>
        cases.map((applied) => counterPickupReadyAt(jst(applied), YEAR_END).toISOString());
      const weekday = (): number => dayOfWeek('2026-05-06');

      process.env.TZ = 'Asia/Tokyo';
      const inTokyo = answers();
      expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(-540);
      for (const zone of [
        'America/Los_Angeles',
        'Pacific/Kiritimati',
        'Pacific/Pago_Pago',
        'UTC',
      ]) {
        process.env.TZ = zone;
        expect(answers()).toEqual(inTokyo);
        expect(weekday()).toBe(3);
      }
      process.env.TZ = 'Pacific/Pago_Pago';
      expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(660);
    });
  });
});
