/**
 * Instants as students in Japan read them: the service's deadlines (an auth key's expiry, A7;
 * the day access opens, A18; payment deadlines, pickup times and print reservations, O5–O11) are
 * Japan time, whatever the device's time zone. Intl only; the current UI language picks the
 * format. Every element formats Tokyo times here.
 */
import { getShomeiLocale } from '../localization.js';

/** The tenant's time zone; every Shōmei university is in Japan. */
export const TENANT_TIME_ZONE = 'Asia/Tokyo';

/**
 * `medium` (default): `2026/04/08 13:00` in ja, `Apr 8, 2026, 1:00 PM` in en,
 * `2026年4月8日 13:00` in zh-Hans, `2026. 4. 8. PM 1:00` in ko (login, account).
 * `long`: the month written out, with the weekday (counter pickup, payment deadlines, validity
 * on the order screens and the order history).
 * Always in Asia/Tokyo; a string that is not an instant is shown as it is.
 */
export function formatTokyoDateTime(instant: string, style: 'medium' | 'long' = 'medium'): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(
    getShomeiLocale(),
    style === 'medium'
      ? { timeZone: TENANT_TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' }
      : {
          timeZone: TENANT_TIME_ZONE,
          year: 'numeric',
          month: 'long',
          day: 'numeric',
          weekday: 'short',
          hour: '2-digit',
          minute: '2-digit',
        },
  ).format(date);
}
