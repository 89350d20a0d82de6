import { css } from 'lit';
import { visuallyHiddenStyles } from '../styles/tokens.js';

/** The warning dialog's content: its messages, the countdown line and the live region. */
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
  .countdown-line {
    display: flex;
    align-items: baseline;
    gap: var(--_space);
  }
  [part='countdown'] {
    font-size: 1.75em;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
`;
