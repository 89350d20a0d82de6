import { css } from 'lit';

/**
 * The shadow layout: the box, the header with the language picker's place, the heading and the
 * slotted form (the locked-key dialog's buttons use the shared `buttonStyles`).
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
  [part='language'] {
    margin-inline-start: auto;
  }
`;

/**
 * The light-DOM form (docs/decisions/0006), adopted into the host's tree scope: fields, notices,
 * help texts, facts, the trust checkbox, buttons, carrier help and second-password rules. Every
 * selector starts at the host's tag so the page is not restyled; the fields' own looks are the
 * text field's (`::slotted`). Custom properties inherit from the host.
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
  shomei-login > form ul,
  shomei-login > form ol,
  shomei-login > form dl {
    margin: 0;
  }
  shomei-login > form shomei-text-field {
    margin-block-end: 0;
    min-inline-size: 0;
  }
  shomei-login .shomei-login-help {
    color: var(--_text-muted);
    font-size: 0.875em;
  }
  shomei-login .shomei-login-notices {
    display: grid;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font-size: 0.9375em;
  }
  shomei-login .shomei-login-notices ul,
  shomei-login .shomei-login-notices ol {
    padding-inline-start: 1.5em;
  }
  shomei-login .shomei-login-subheading,
  shomei-login .shomei-login-lead {
    font-weight: 700;
  }
  shomei-login .shomei-login-facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: calc(var(--_space) / 2) var(--_space);
  }
  shomei-login .shomei-login-facts dt {
    font-weight: 600;
  }
  shomei-login .shomei-login-facts dd {
    margin: 0;
  }
  shomei-login .shomei-login-check {
    display: grid;
    grid-template-columns: auto 1fr;
    align-items: center;
    gap: calc(var(--_space) / 2) var(--_space);
  }
  shomei-login .shomei-login-check input {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    margin: 0;
    accent-color: var(--_primary);
  }
  shomei-login .shomei-login-check .shomei-login-help {
    grid-column: 2;
  }
  shomei-login .shomei-login-passkey {
    display: grid;
    justify-items: start;
    gap: calc(var(--_space) / 2);
    margin-block-start: var(--_space);
  }
  shomei-login .shomei-login-button.secondary {
    background: var(--_surface);
    color: var(--_primary);
  }
  shomei-login .shomei-login-link-row .shomei-login-button {
    padding-inline: 0;
    border: none;
    background: none;
    text-decoration: underline;
  }
  shomei-login .shomei-login-carrier:empty {
    display: none;
  }
  shomei-login .shomei-login-carrier {
    padding: var(--_space);
    border-inline-start: calc(var(--_space) / 2) solid var(--_primary);
  }
  shomei-login .shomei-login-rules {
    list-style: none;
    padding-inline-start: 0;
  }
  shomei-login .shomei-login-rules .mark {
    display: inline-block;
    inline-size: 1.5em;
    font-weight: 700;
  }
  shomei-login .shomei-login-rules .met .mark {
    color: var(--_primary);
  }
  shomei-login .shomei-login-rules .unmet .mark,
  shomei-login .shomei-login-rules .unmet .verdict {
    color: var(--_danger);
  }
`;
