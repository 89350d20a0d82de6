import { css } from 'lit';

/**
 * The looks only the warning dialog uses (the countdown line). Adopted into the element's shadow
 * root next to `sessionTimerStyles` when the dialog renders first.
 */
export const sessionTimerDialogStyles = css`
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
