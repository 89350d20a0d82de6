import { css } from 'lit';

/**
 * The shadow layout the element renders before its screens arrive: the box, the header, the
 * heading and the slotted form. What only the screens bring (the language picker's place, the
 * locked-key dialog's buttons) is adopted with them (`login-screens.styles.ts`).
 */
export const loginStyles = css`
  :host {
    display: block;
    max-inline-size: var(--shomei-login-max-width, 32rem);
  }
  [part='base'] {
    display: grid;
    gap: calc(var(--_space) * 2);
    padding: calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  [part='tenant-name'] {
    font-weight: 700;
  }
  [part='heading'] {
    margin: 0;
    font-size: 1.25em;
    font-weight: 700;
  }
  [part='heading']:focus {
    outline: none;
  }
  [part='heading']:focus-visible {
    outline: var(--_focus-ring);
  }
  ::slotted(form) {
    display: block;
    min-inline-size: 0;
  }
`;

/**
 * The light-DOM form (docs/decisions/0006), adopted into the host's tree scope: what the element
 * shows there before its screens arrive (the loading status, or the alert and 「再読み込み」 when
 * they did not). Every selector starts at the host's tag so the page is not restyled. Custom
 * properties inherit from the host. The looks only the lazily loaded screens use are in
 * `login-screens.styles.ts`.
 */
export const loginLightDomStyles = css`
  shomei-login > form {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    margin: 0;
  }
  shomei-login > form p {
    margin: 0;
  }
  shomei-login .shomei-login-alert {
    padding: var(--_space);
    border: 2px solid var(--_danger);
    border-inline-start-width: calc(var(--_space) * 0.75);
    border-radius: var(--_radius);
    color: var(--_danger);
    font-weight: 600;
  }
  shomei-login .shomei-login-alert::before {
    content: '⚠ ';
  }
  shomei-login .shomei-login-status:empty {
    display: none;
  }
  shomei-login .shomei-login-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  shomei-login .shomei-login-button {
    min-block-size: 2.75rem;
    padding: var(--_space) calc(var(--_space) * 2);
    border: 1px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    font: inherit;
    cursor: pointer;
  }
  shomei-login > form :focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
`;
