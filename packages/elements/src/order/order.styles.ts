import { css } from 'lit';

/**
 * The looks of the element's frame: the box, the steps, the heading, the loading status and the
 * error box. The screens' own looks are in `order-screens.styles.ts`.
 */
export const orderStyles = css`
  :host {
    display: block;
  }
  .base {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  .heading {
    font-size: 1.375em;
    font-weight: 700;
  }
  p {
    margin: 0;
  }
  .steps {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    margin: 0;
    padding: 0;
    list-style: none;
    color: var(--_text-muted);
    font-size: 0.875em;
  }
  .steps li {
    padding: calc(var(--_space) / 4) var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .steps li[aria-current='step'] {
    border-color: var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
    font-weight: 700;
  }
  .status {
    color: var(--_text);
  }
  .error {
    padding: var(--_space);
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    color: var(--_danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  [tabindex='-1']:focus-visible {
    outline: var(--_focus-ring);
  }
`;
