import { css } from 'lit';

export const textFieldStyles = css`
  :host {
    display: block;
    margin-block-end: calc(var(--_space) * 2);
  }
  [part='form-control'] {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  ::slotted(label) {
    font-weight: 600;
  }
  ::slotted(input) {
    /* The input is light DOM: the shadow root's box-sizing does not reach it (A19, 320 px). */
    box-sizing: border-box;
    inline-size: 100%;
    min-block-size: 2.75rem;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
  }
  ::slotted(input:focus-visible) {
    outline: var(--_focus-ring);
    outline-offset: 1px;
  }
  :host(:state(user-invalid)) ::slotted(input) {
    border-color: var(--_danger);
    border-width: 2px;
  }
  ::slotted([slot='help']) {
    color: var(--_text-muted);
    font-size: 0.875em;
  }
  ::slotted([slot='feedback']) {
    color: var(--_danger);
    font-size: 0.875em;
  }
`;
