import { css } from 'lit';

/**
 * The looks of the list in `order-history-screens.ts` (the orders, their statuses and details),
 * after the frame's (`order-history.styles.ts`).
 */
export const orderHistoryListStyles = css`
  .orders {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .order {
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .order article {
    display: grid;
    gap: var(--_space);
  }
  .order-heading {
    font-weight: 700;
  }
  .order-status {
    font-weight: 700;
    color: var(--_primary);
  }
  .order-status[data-status='expired'],
  .order-status[data-status='cancelled'] {
    color: var(--_text-muted);
  }
  dl {
    display: grid;
    grid-template-columns: minmax(6em, max-content) 1fr;
    gap: calc(var(--_space) / 2) calc(var(--_space) * 2);
    margin: 0;
  }
  dt {
    font-weight: 700;
  }
  dd {
    margin: 0;
  }
  .number {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 1.25em;
    font-weight: 700;
    letter-spacing: 0.08em;
    user-select: all;
  }
  .help {
    color: var(--_text-muted);
    font-size: 0.875em;
  }
`;
