/**
 * Instants as students in Japan read them: the service's deadlines (an auth key's expiry, A7;
 * the day access opens, A18) are Japan time, whatever the device's time zone. Intl only; the
 * current UI language picks the format.
 */
import { getShomeiLocale } from '../localization.js';

/** The tenant's time zone; every Shōmei university is in Japan. */
export const TENANT_TIME_ZONE = 'Asia/Tokyo';

/** `2026年4月8日 13:00` in ja, `8 Apr 2026, 13:00` in en..., always in Asia/Tokyo. */
export function formatTokyoDateTime(instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(getShomeiLocale(), {
    timeZone: TENANT_TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}
