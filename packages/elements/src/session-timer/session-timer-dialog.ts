/**
 * The warning dialog of `<shomei-session-timer>` (A16): its content for every state.
 *
 * When the dialog opens and closes, what it announces and what its buttons do are the element's,
 * through `SessionTimerKit`.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { SessionState } from '@shomei/sdk';
// The tag this module renders.
import '../define/shomei-dialog.js';
import type { ShomeiDialogCloseEvent } from '../events/dialog-close.js';
import { dialogButton } from '../internal/dialog-button.js';
import { errorMessage } from '../internal/error-messages.js';

/** The seconds left, as one sentence: what the element's live region reads out. */
export const warningText = (seconds: number): string =>
  msg(str`操作がないため、あと${seconds}秒で自動的にログアウトします。`, {
    id: 'session-timer.warning',
  });

/** What the dialog uses of the element; one object per element. */
export interface SessionTimerKit {
  /** The live region's text: set when the warning opens and at 10 s, not every second. */
  announcement(): string;
  /** 「延長する」. */
  extend(): void;
  /** ログアウト. */
  logout(): void;
  /** Closes the dialog with `returnValue`. */
  closeDialog(returnValue: string): void;
  readonly onDialogClose: (event: ShomeiDialogCloseEvent) => void;
}

function content(kit: SessionTimerKit, state: SessionState) {
  if (state.status === 'timed-out')
    return html`
      <span slot="heading"
        >${msg('ログアウトしました', { id: 'session-timer.timed-out-heading' })}</span
      >
      <p part="status" role="status">
        ${msg('一定時間操作がなかったため、ログアウトしました。', { id: 'session-timer.timed-out' })}
      </p>
      ${dialogButton({
        label: msg('OK', { id: 'session-timer.ok' }),
        onClick: () => kit.closeDialog('ok'),
        autofocus: true,
      })}
    `;
  if (state.status === 'logging-out' || state.status === 'logged-out')
    return html`
      <span slot="heading"
        >${msg('まもなく自動的にログアウトします', { id: 'session-timer.heading' })}</span
      >
      <p part="status" role="status">
        ${msg('ログアウトしています…', { id: 'session-timer.logging-out' })}
      </p>
    `;
  const secondsLeft =
    state.status === 'warning'
      ? state.secondsLeft
      : state.status === 'extending'
        ? state.secondsLeft
        : null;
  const busy = state.status === 'extending';
  const error = state.status === 'warning' ? state.error : undefined;
  return html`
    <span slot="heading"
      >${msg('まもなく自動的にログアウトします', { id: 'session-timer.heading' })}</span
    >
    <p>
      ${msg('一定時間操作がないため、まもなく自動的にログアウトします。', {
        id: 'session-timer.body',
      })}
    </p>
    <p class="countdown-line">
      ${msg('残り時間', { id: 'session-timer.remaining' })}
      <span part="countdown"
        >${
          secondsLeft === null
            ? nothing
            : msg(str`${secondsLeft}秒`, { id: 'session-timer.seconds' })
        }</span
      >
    </p>
    <p>
      ${msg('続けて利用する場合は「延長する」を押してください。', {
        id: 'session-timer.how-to-extend',
      })}
    </p>
    <p class="visually-hidden" role="status">${kit.announcement()}</p>
    ${
      error === undefined
        ? nothing
        : html`<p part="status" class="error" role="alert">${errorMessage(error)}</p>`
    }
    ${
      busy
        ? html`<p part="status">${msg('延長しています…', { id: 'session-timer.extending' })}</p>`
        : nothing
    }
    ${dialogButton({
      label: msg('ログアウト', { id: 'session-timer.logout' }),
      onClick: () => kit.logout(),
      secondary: true,
      busy,
    })}
    ${dialogButton({
      label: msg('延長する', { id: 'session-timer.extend' }),
      onClick: () => kit.extend(),
      autofocus: true,
      busy,
    })}
  `;
}

/** The dialog, closed or open: the element opens and closes it (its `updated`). */
export function dialog(kit: SessionTimerKit, state: SessionState): TemplateResult {
  return html`<shomei-dialog @shomei-dialog-close=${kit.onDialogClose}
    >${content(kit, state)}</shomei-dialog
  >`;
}
