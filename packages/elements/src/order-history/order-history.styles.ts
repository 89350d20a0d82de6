import { css } from 'lit';

/**
 * The looks of the element's frame: the box, the heading and the refresh button's row, the
 * loading status and the error messages. The list's own looks are in
 * `order-history-screens.styles.ts`.
 */
export const orderHistoryStyles = css`
  :host {
    display: block;
  }
  [part='base'] {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }
  [part='heading'] {
    font-size: 1.375em;
    font-weight: 700;
  }
  p {
    margin: 0;
  }
  .error {
    color: var(--_danger);
  }
`;
