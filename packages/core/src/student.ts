import type { Locale, StudentGroup } from './vocabulary.js';

/** A student as the directory (university roster) knows them. */
export interface Student {
  /** ユーザID: the student number. */
  readonly userId: string;
  readonly name: string;
  readonly group: StudentGroup;
  /** Department code, e.g. `medicine`, `nursing`. */
  readonly department: string;
  /** 学年 (1 = first year). */
  readonly year: number;
  /** The instant from which this student may log in (A18: the afternoon after the ceremony). */
  readonly availableFrom?: string;
  readonly preferredLocale?: Locale;
}
