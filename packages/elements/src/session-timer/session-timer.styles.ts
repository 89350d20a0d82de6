import { css } from 'lit';
import { visuallyHiddenStyles } from '../styles/tokens.js';

/**
 * The shell's looks: the live region, messages, and the fallback warning shown when the dialog's
 * chunk did not arrive (the dialog's own looks are in `session-timer-dialog.styles.ts`).
 */
export const sessionTimerStyles = css`
  :host {
    display: contents;
  }
  p {
    margin: 0 0 var(--_space);
  }
  .error {
    color: var(--_danger);
  }
  ${visuallyHiddenStyles()}
  .fallback {
    position: fixed;
    inset-block-start: var(--_space);
    inset-inline: 0;
    z-index: 2147483647;
    box-sizing: border-box;
    inline-size: min(32rem, calc(100vw - 2 * var(--_space)));
    margin-inline: auto;
    padding: calc(var(--_space) * 2);
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.25);
  }
`;
