import { css } from 'lit';

/**
 * The shadow-root looks of what only the screens bring: the language picker's place on the
 * login screen. Adopted into the element's shadow root next to `loginStyles` (with the shared
 * `buttonStyles` for the locked-key dialog's buttons) when a screen renders first.
 */
export const loginScreensStyles = css`
  [part='language'] {
    margin-inline-start: auto;
  }
`;

/**
 * The light-DOM looks only the screens in `login-screens.ts` use: fields, notices, help texts,
 * facts, the trust checkbox, secondary and link buttons, carrier help and second-password rules.
 * Adopted into the host's tree scope next to `loginLightDomStyles` (the form, status, alert and
 * main button the element shows before its screens arrive). Every selector starts at the host's
 * tag so the page is not restyled; the fields' own looks are the text field's (`::slotted`).
 */
export const loginScreensLightDomStyles = css`
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
