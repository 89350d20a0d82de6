/**
 * The words of `<shomei-session-timer>` that its shell needs without the dialog's chunk: the
 * warning its live region reads out, and what its fallback warning shows when that chunk did not
 * arrive (docs/decisions/0012). The dialog shows them too; its other words load with it, in
 * `session-timer-dialog.ts`.
 */
import { msg, str } from '@lit/localize';

/** The seconds left, as one sentence: read out by the live region, shown by the fallback. */
export const warningText = (seconds: number): string =>
  msg(str`操作がないため、あと${seconds}秒で自動的にログアウトします。`, {
    id: 'session-timer.warning',
  });

export const extendLabel = (): string => msg('延長する', { id: 'session-timer.extend' });

export const loggingOutText = (): string =>
  msg('ログアウトしています…', { id: 'session-timer.logging-out' });

export const timedOutText = (): string =>
  msg('一定時間操作がなかったため、ログアウトしました。', {
    id: 'session-timer.timed-out',
  });

export const okLabel = (): string => msg('OK', { id: 'session-timer.ok' });
