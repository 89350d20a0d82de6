import { css } from 'lit';

/**
 * The element's own looks: the menu button and the list it opens (its items' looks are with them
 * in `account-screens.styles.ts`), the loading and error lines.
 */
export const accountMenuStyles = css`
  :host {
    display: block;
  }
  [part='base'] {
    position: relative;
    display: flex;
    flex-direction: column;
    align-items: flex-end;
  }
  .menu-button {
    display: inline-flex;
    align-items: center;
    gap: var(--_space);
    min-block-size: 2.75rem;
    padding: var(--_space) calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    cursor: pointer;
  }
  .menu-button svg {
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
  }
  [part='menu'] {
    position: absolute;
    inset-block-start: calc(100% + var(--_space) / 2);
    inset-inline-end: 0;
    z-index: 10;
    min-inline-size: min(18rem, calc(100vw - 2 * var(--_space)));
    max-inline-size: calc(100vw - 2 * var(--_space));
    margin: 0;
    padding: calc(var(--_space) / 2) 0;
    list-style: none;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.15);
  }
  [part='menu'][hidden] {
    display: none;
  }
  .error {
    color: var(--_danger);
  }
  [part~='status'] {
    margin: 0;
  }
`;
