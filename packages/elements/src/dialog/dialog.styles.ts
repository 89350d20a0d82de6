import { css } from 'lit';

export const dialogStyles = css`
  :host {
    display: contents;
  }
  dialog {
    inline-size: min(32rem, calc(100vw - 2 * var(--_space)));
    max-inline-size: calc(100vw - 2 * var(--_space));
    padding: calc(var(--_space) * 3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font-family: var(--_font-family);
  }
  dialog::backdrop {
    background: var(--shomei-dialog-backdrop, rgb(0 0 0 / 0.45));
  }
  [part='heading'] {
    margin: 0 0 calc(var(--_space) * 2);
    font-size: 1.25em;
  }
  [part='actions'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--_space);
    margin-block-start: calc(var(--_space) * 3);
  }
`;
