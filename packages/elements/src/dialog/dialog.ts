import { html, LitElement } from 'lit';
import { property, query } from 'lit/decorators.js';
import { ShomeiDialogCloseEvent } from '../events/dialog-close.js';
import { tokens } from '../styles/tokens.js';
import { dialogStyles } from './dialog.styles.js';

/** The focused element, looking through open shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

/**
 * A modal dialog around the native `<dialog>` (STYLE, "Dialogs"): the browser traps focus and
 * closes on Esc; this element moves focus in, returns it to the opener, and reports the outcome.
 * Used for the locked-key notice (A9) and the 2FA confirmation (A15).
 *
 * Put the buttons in the `actions` slot and call `close('yes')` etc. from them; a slotted
 * element with `autofocus` gets the focus when the dialog opens, otherwise the first focusable
 * slotted element does.
 *
 * @summary Modal dialog: focus in, Esc closes, focus back to the opener.
 *
 * @slot heading - The title; it also names the dialog for assistive technology.
 * @slot - The message.
 * @slot actions - The buttons.
 *
 * @fires shomei-dialog-close - The dialog closed; `detail.returnValue`
 *   is what `close()` got, `''` for Esc.
 *
 * @csspart dialog - The native `<dialog>`.
 * @csspart heading - The heading around the heading slot.
 * @csspart body - The message area.
 * @csspart actions - The row of buttons.
 *
 * @cssproperty --shomei-dialog-backdrop - Backdrop colour.
 * @cssproperty --shomei-color-surface - Dialog background.
 * @cssproperty --shomei-radius - Corners.
 */
export class ShomeiDialog extends LitElement {
  static override styles = [tokens, dialogStyles];

  /** Reflects whether the dialog is open; set it or call `show()` / `close()`. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** The value of the last `close()`. */
  returnValue = '';

  @query('dialog') private dialog!: HTMLDialogElement;
  #opener: HTMLElement | null = null;

  /** Opens the dialog modally and moves focus into it; resolves once it is open. */
  async show(): Promise<void> {
    await this.updateComplete;
    if (this.dialog.open) return;
    this.#opener = deepActiveElement();
    this.returnValue = '';
    this.dialog.showModal();
    this.open = true;
    this.#focusInside();
    await this.updateComplete;
  }

  /** Closes with `returnValue`; focus goes back to the element that had it before `show()`. */
  close(returnValue = ''): void {
    if (!this.dialog?.open) return;
    this.dialog.close(returnValue);
  }

  protected override updated(): void {
    if (this.open && !this.dialog.open) void this.show();
    if (!this.open && this.dialog.open) this.close();
  }

  #focusInside(): void {
    const slotted = [...this.querySelectorAll<HTMLElement>('*')];
    const target =
      slotted.find((element) => element.hasAttribute('autofocus')) ??
      slotted.find((element) => element.matches(FOCUSABLE) && !element.hasAttribute('disabled'));
    if (target !== undefined) target.focus();
    else this.dialog.focus();
  }

  readonly #onClose = (): void => {
    this.returnValue = this.dialog.returnValue;
    this.open = false;
    const opener = this.#opener;
    this.#opener = null;
    if (opener?.isConnected) opener.focus();
    this.dispatchEvent(new ShomeiDialogCloseEvent({ returnValue: this.returnValue }));
  };

  protected override render() {
    return html`
      <dialog part="dialog" aria-labelledby="heading" tabindex="-1" @close=${this.#onClose}>
        <h2 id="heading" part="heading"><slot name="heading"></slot></h2>
        <div part="body"><slot></slot></div>
        <div part="actions"><slot name="actions"></slot></div>
      </dialog>
    `;
  }
}

const FOCUSABLE =
  'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"])';
