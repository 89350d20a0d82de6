import { html, nothing, type TemplateResult } from 'lit';

export interface DialogButtonOptions {
  /** The button's text. */
  readonly label: string;
  /** What a click does; not called while `busy`. */
  readonly onClick: () => void;
  /** The outlined look (`class="button secondary"`). */
  readonly secondary?: boolean;
  /** The button `<shomei-dialog>` focuses when it opens. */
  readonly autofocus?: boolean;
  /**
   * Whether a call is in flight: the button stays focusable but does nothing
   * (`aria-disabled="true"`). Leave it out for a button that is never busy (no `aria-disabled`).
   */
  readonly busy?: boolean;
}

/** A `<button slot="actions" part="button">` for the actions row of a `<shomei-dialog>`. */
export function dialogButton(options: DialogButtonOptions): TemplateResult {
  const { label, onClick, secondary = false, autofocus = false, busy } = options;
  return html`<button
    slot="actions"
    type="button"
    part="button"
    class=${secondary ? 'button secondary' : 'button'}
    ?autofocus=${autofocus}
    aria-disabled=${busy === undefined ? nothing : busy ? 'true' : 'false'}
    @click=${busy === true ? undefined : onClick}
  >
    ${label}
  </button>`;
}
