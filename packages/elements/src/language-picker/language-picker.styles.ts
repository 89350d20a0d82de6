import { css } from 'lit';

export const languagePickerStyles = css`
  :host {
    display: inline-block;
  }
  [part='base'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  [part='label'] {
    font-weight: 600;
  }
  [part='select'] {
    min-block-size: 2.75rem;
    max-inline-size: 100%;
    padding: calc(var(--_space) / 2) var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
  }
`;
