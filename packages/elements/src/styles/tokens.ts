import { css, type CSSResult } from 'lit';

/**
 * Theming (X3): every element reads these public custom properties, each with a default.
 * A university sets them on any ancestor (`shomei-login { --shomei-color-primary: #7b1e3a }`).
 * Elements use the private `--_` copies so the fallback is written once. Default colours meet
 * WCAG AA contrast on the default surface (text 4.5:1, borders and focus 3:1).
 *
 * | property | default |
 * | --- | --- |
 * | `--shomei-color-primary` | `#0b57d0` (buttons, links, focus) |
 * | `--shomei-color-on-primary` | `#ffffff` |
 * | `--shomei-color-text` | `#1f1f1f` |
 * | `--shomei-color-text-muted` | `#4a4a4a` |
 * | `--shomei-color-surface` | `#ffffff` |
 * | `--shomei-color-border` | `#767676` |
 * | `--shomei-color-danger` | `#b3261e` |
 * | `--shomei-font-family` | system UI fonts with Japanese fallbacks |
 * | `--shomei-font-size` | `1rem` |
 * | `--shomei-radius` | `0.375rem` |
 * | `--shomei-space` | `0.5rem` (the unit of every gap and padding) |
 * | `--shomei-focus-ring` | `2px solid var(--shomei-color-primary)` |
 */
export const tokens = css`
  :host {
    --_primary: var(--shomei-color-primary, #0b57d0);
    --_on-primary: var(--shomei-color-on-primary, #ffffff);
    --_text: var(--shomei-color-text, #1f1f1f);
    --_text-muted: var(--shomei-color-text-muted, #4a4a4a);
    --_surface: var(--shomei-color-surface, #ffffff);
    --_border: var(--shomei-color-border, #767676);
    --_danger: var(--shomei-color-danger, #b3261e);
    --_font-family: var(
      --shomei-font-family,
      system-ui,
      -apple-system,
      'Hiragino Sans',
      'Hiragino Kaku Gothic ProN',
      'Noto Sans JP',
      Meiryo,
      sans-serif
    );
    --_font-size: var(--shomei-font-size, 1rem);
    --_radius: var(--shomei-radius, 0.375rem);
    --_space: var(--shomei-space, 0.5rem);
    --_focus-ring: var(--shomei-focus-ring, 2px solid var(--_primary));

    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    line-height: 1.6;
    /* A19: nothing may force a page wider than 320 px. */
    max-inline-size: 100%;
    overflow-wrap: anywhere;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
`;

/** Shared looks for buttons inside shadow roots; parts stay per element. */
export const buttonStyles = css`
  .button {
    min-block-size: 2.75rem; /* WCAG 2.5.8 target size, comfortably */
    padding: calc(var(--_space) * 1) calc(var(--_space) * 2);
    border: 1px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    font: inherit;
    cursor: pointer;
  }
  .button.secondary {
    background: var(--_surface);
    color: var(--_primary);
  }
`;

/**
 * `.visually-hidden`: out of sight, still read by screen readers (live totals, statuses).
 * `scope` is the selector of a light-DOM form that uses it; none inside a shadow root.
 */
export const visuallyHiddenStyles = (scope: CSSResult = css``) => css`
  ${scope} .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/**
 * The same looks for `.button` in a form an element puts in the light DOM, where the private
 * `--_` tokens are not set: `scope` is the selector of that form.
 */
export const lightDomButtonStyles = (scope: CSSResult) => css`
  ${scope} .button {
    min-block-size: 2.75rem;
    padding: var(--shomei-space, 0.5rem) calc(var(--shomei-space, 0.5rem) * 2);
    border: 1px solid var(--shomei-color-primary, #0b57d0);
    border-radius: var(--shomei-radius, 0.375rem);
    background: var(--shomei-color-primary, #0b57d0);
    color: var(--shomei-color-on-primary, #ffffff);
    font: inherit;
    cursor: pointer;
  }
  ${scope} .button.secondary {
    background: var(--shomei-color-surface, #ffffff);
    color: var(--shomei-color-primary, #0b57d0);
  }
`;
