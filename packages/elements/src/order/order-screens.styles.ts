import { css } from 'lit';
import { lightDomButtonStyles, visuallyHiddenStyles } from '../styles/tokens.js';

/** The looks of the screens in `order-screens.ts`, after the frame's (`order.styles.ts`). */
export const orderScreenStyles = css`
  .subheading {
    font-size: 1.125em;
    font-weight: 700;
    margin-block-end: var(--_space);
  }
  .help {
    display: block;
    color: var(--_text-muted);
    font-size: 0.875em;
  }
  .error ul {
    margin: var(--_space) 0 0;
  }
  .choices,
  .items {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .choice {
    inline-size: 100%;
    min-block-size: 2.75rem;
    padding: var(--_space) calc(var(--_space) * 2);
    border: 1px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_primary);
    font: inherit;
    font-weight: 700;
    text-align: start;
    cursor: pointer;
  }
  .choices .help {
    margin-block-start: calc(var(--_space) / 2);
  }
  .group {
    display: grid;
    gap: var(--_space);
  }
  .item {
    padding-block-end: var(--_space);
    border-block-end: 1px solid var(--_border);
  }
  .item shomei-text-field {
    max-inline-size: 16rem;
  }
  .total {
    font-size: 1.125em;
  }
  .total strong {
    font-size: 1.25em;
  }
  a.button {
    display: inline-flex;
    align-items: center;
    text-decoration: none;
  }
  .button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .summary {
    display: grid;
    grid-template-columns: minmax(6em, max-content) 1fr;
    gap: calc(var(--_space) / 2) calc(var(--_space) * 2);
    margin: 0;
  }
  .summary dt {
    font-weight: 700;
  }
  .summary dd {
    margin: 0;
  }
  .lines {
    inline-size: 100%;
    border-collapse: collapse;
  }
  .lines th,
  .lines td {
    padding: calc(var(--_space) / 2);
    border-block-end: 1px solid var(--_border);
    text-align: start;
  }
  .lines td {
    text-align: end;
    white-space: nowrap;
  }
  .notice {
    padding: var(--_space);
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
  }
  .checkbox,
  .radio {
    display: flex;
    align-items: flex-start;
    gap: var(--_space);
    min-block-size: 2.75rem;
    padding-block: calc(var(--_space) / 2);
    cursor: pointer;
  }
  .checkbox input,
  .radio input {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    margin-block-start: 0.2em;
    flex: none;
  }
  .notice .checkbox {
    margin-block-start: var(--_space);
    font-weight: 700;
  }
  fieldset {
    display: grid;
    gap: calc(var(--_space) / 2);
    margin: 0;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  legend {
    font-weight: 700;
    padding-inline: calc(var(--_space) / 2);
  }
  form {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  .big-number,
  .reservation-number {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 1.5em;
    font-weight: 700;
    letter-spacing: 0.1em;
    user-select: all;
  }
  .reservation-number {
    font-size: 2.25em;
  }
  .reservation {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
  }
  ${visuallyHiddenStyles()}
`;

/**
 * The delivery form lives in the element's light DOM (autofill, docs/decisions/0006); these
 * rules are adopted into the page's tree scope and select through the tag only.
 */
export const deliveryFormStyles = css`
  shomei-order > form[slot='form'] {
    display: grid;
    gap: calc(var(--shomei-space, 0.5rem) * 2);
    font-family: inherit;
  }
  shomei-order > form[slot='form'] fieldset {
    display: grid;
    gap: calc(var(--shomei-space, 0.5rem) / 2);
    margin: 0;
    padding: var(--shomei-space, 0.5rem);
    border: 1px solid var(--shomei-color-border, #767676);
    border-radius: var(--shomei-radius, 0.375rem);
  }
  shomei-order > form[slot='form'] legend {
    font-weight: 700;
  }
  shomei-order > form[slot='form'] .radio {
    display: flex;
    align-items: center;
    gap: var(--shomei-space, 0.5rem);
    min-block-size: 2.75rem;
    cursor: pointer;
  }
  shomei-order > form[slot='form'] .radio input {
    inline-size: 1.25rem;
    block-size: 1.25rem;
  }
  shomei-order > form[slot='form'] .address,
  shomei-order > form[slot='form'] .counter {
    display: grid;
    gap: var(--shomei-space, 0.5rem);
  }
  shomei-order > form[slot='form'] .counter dl {
    margin: 0;
  }
  shomei-order > form[slot='form'] .counter dd {
    margin: 0;
    font-weight: 700;
  }
  shomei-order > form[slot='form'] .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--shomei-space, 0.5rem);
  }
  ${lightDomButtonStyles(css`shomei-order > form[slot='form']`)}
  shomei-order > form[slot='form'] :focus-visible {
    outline: var(--shomei-focus-ring, 2px solid var(--shomei-color-primary, #0b57d0));
    outline-offset: 2px;
  }
`;
