import { css } from 'lit';

export const sessionTimerStyles = css`
  :host {
    display: contents;
  }
  p {
    margin: 0 0 var(--_space);
  }
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
  .error {
    color: var(--_danger);
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
