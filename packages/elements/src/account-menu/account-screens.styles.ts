import { css } from 'lit';
import { lightDomButtonStyles, visuallyHiddenStyles } from '../styles/tokens.js';

/**
 * The shadow-root looks of what `account-screens.ts` renders: the menu's items, the A11/A12
 * panel and its headings and actions.
 */
export const accountScreensStyles = css`
  [part~='menu-item'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0 var(--_space);
    box-sizing: border-box;
    inline-size: 100%;
    min-block-size: 2.75rem;
    padding: var(--_space) calc(var(--_space) * 2);
    border: 0;
    background: none;
    color: var(--_text);
    font: inherit;
    text-align: start;
    text-decoration: none;
    cursor: pointer;
  }
  a[part~='menu-item'] {
    color: var(--_primary);
    text-decoration: underline;
  }
  button[part~='menu-item']:hover,
  a[part~='menu-item']:hover {
    background: color-mix(in srgb, var(--_primary) 8%, var(--_surface));
  }
  .fixed {
    cursor: default;
  }
  [part='two-factor-state'] {
    padding: 0 var(--_space);
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    font-size: 0.875em;
  }
  [part='two-factor-state'].on {
    color: var(--_primary);
  }
  .note {
    flex-basis: 100%;
    color: var(--_text-muted);
    font-size: 0.875em;
  }
  a .note {
    flex-basis: auto;
  }
  [part='panel'] {
    display: grid;
    gap: calc(var(--_space) * 2);
    margin-block-start: calc(var(--_space) * 2);
    padding: calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  [part='panel'] p {
    margin: 0;
  }
  [part='heading'] {
    font-size: 1.25em;
    font-weight: 700;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--_space);
  }
  .passkeys {
    display: grid;
    gap: var(--_space);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .passkey {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space) calc(var(--_space) * 2);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .passkey-name {
    flex: 1 1 12rem;
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .passkey-dates {
    display: flex;
    flex-wrap: wrap;
    gap: 0 calc(var(--_space) * 2);
    margin: 0;
    font-size: 0.875em;
  }
  .passkey-dates div {
    display: flex;
    gap: var(--_space);
  }
  .passkey-dates dt {
    color: var(--_text-muted);
  }
  .passkey-dates dd {
    margin: 0;
  }
  [part='panel'] .note {
    color: var(--_text-muted);
    font-size: 0.875em;
  }
`;

/**
 * The light-DOM form of the A11/A12 screens (docs/decisions/0006), adopted into the host's tree
 * scope. Scoped by the tag so the host page is not restyled; custom properties carry the theme.
 */
export const accountScreensLightDomStyles = css`
  shomei-account-menu > form {
    display: grid;
    gap: calc(var(--shomei-space, 0.5rem) * 2);
  }
  shomei-account-menu > form .form-error:empty {
    display: none;
  }
  shomei-account-menu > form .form-error,
  shomei-account-menu > form .rules .unmet .mark,
  shomei-account-menu > form .rules .unmet .verdict {
    color: var(--shomei-color-danger, #b3261e);
  }
  shomei-account-menu > form .form-error p {
    margin: 0;
  }
  shomei-account-menu > form .notices,
  shomei-account-menu > form .carrier {
    padding: calc(var(--shomei-space, 0.5rem) * 1.5);
    border: 1px solid var(--shomei-color-border, #767676);
    border-radius: var(--shomei-radius, 0.375rem);
  }
  shomei-account-menu > form .notices p,
  shomei-account-menu > form .notices ul,
  shomei-account-menu > form .carrier p {
    margin: 0 0 var(--shomei-space, 0.5rem);
  }
  shomei-account-menu > form .notices-heading {
    font-weight: 700;
  }
  shomei-account-menu > form .rules {
    padding: 0;
    list-style: none;
  }
  shomei-account-menu > form .rules .met .mark {
    color: var(--shomei-color-primary, #0b57d0);
  }
  shomei-account-menu > form .rules .mark {
    display: inline-block;
    inline-size: 1.5em;
    font-weight: 700;
  }
  shomei-account-menu > form .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--shomei-space, 0.5rem);
  }
  ${lightDomButtonStyles(css`shomei-account-menu > form`)}
  shomei-account-menu > form .button:focus-visible {
    outline: var(--shomei-focus-ring, 2px solid var(--shomei-color-primary, #0b57d0));
    outline-offset: 2px;
  }
  shomei-account-menu > form .pending {
    margin: 0;
  }
  ${visuallyHiddenStyles(css`shomei-account-menu`)}
`;
