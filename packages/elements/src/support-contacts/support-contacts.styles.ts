import { css } from 'lit';

/**
 * The element's own looks: the block, its heading, the loading and error lines (the desks' looks
 * are in `support-contacts-desks.styles.ts`).
 */
export const supportContactsStyles = css`
  :host {
    display: block;
  }
  [part='base'] {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  [part='heading'] {
    margin: 0;
    font-size: 1.25em;
    font-weight: 700;
  }
  [part='status'] {
    margin: 0;
  }
  [part='retry'] {
    margin-block-start: var(--_space);
  }
`;
