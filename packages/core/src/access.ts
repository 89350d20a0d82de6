/** Who may log in, and from when (A18). */
import { addCalendarDays, tokyoInstant } from './business-days.js';
import type { Student } from './student.js';
import type { LocalizedText, TenantSettings } from './tenant.js';

export type AccessDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly reason: 'not-yet-available';
      readonly availableFrom: string;
    }
  | { readonly allowed: false; readonly reason: 'contact-office'; readonly notice: LocalizedText };

/**
 * A group told to contact the office is turned away first, since waiting does not help them;
 * a student whose access opens later (new students) is told from when.
 */
export function checkAccess(input: {
  tenant: TenantSettings;
  student: Student;
  now: Date;
}): AccessDecision {
  const rule = input.tenant.accessRules.find(
    (candidate) => candidate.group === input.student.group && candidate.access === 'contact-office',
  );
  if (rule !== undefined) return { allowed: false, reason: 'contact-office', notice: rule.notice };
  const { availableFrom } = input.student;
  if (availableFrom !== undefined && input.now.getTime() < Date.parse(availableFrom)) {
    return { allowed: false, reason: 'not-yet-available', availableFrom };
  }
  return { allowed: true };
}

/** 入学式翌日の午後から: noon (Tokyo) of the calendar day after the ceremony (`YYYY-MM-DD`). */
export function availableFromAfterCeremony(ceremonyDate: string): string {
  return tokyoInstant(addCalendarDays(ceremonyDate, 1), 12).toISOString();
}
