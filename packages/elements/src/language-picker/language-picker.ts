import { localized, msg } from '@lit/localize';
import { html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ShomeiClient } from '@shomei/sdk';
import { ShomeiErrorEvent } from '../events/error.js';
import { ShomeiLocaleChangeEvent } from '../events/locale-change.js';
import { ClientController } from '../internal/client-controller.js';
import {
  getShomeiLocale,
  isShomeiLocale,
  LOCALE_NAMES,
  setShomeiLocale,
  SHOMEI_LOCALES,
  type ShomeiLocale,
} from '../localization.js';
import { tokens } from '../styles/tokens.js';
import { languagePickerStyles } from './language-picker.styles.js';
import { langFollowsLocale } from '../internal/locale-lang.js';

/**
 * The language pulldown of the login and print-destination screens (A14). It lists the tenant's
 * languages, each in its own name. Choosing one switches every Shōmei element on the page at
 * once, without a reload; the choice is kept for the next visit (`localStorage`
 * `shomei.locale`) and sent to the service, so later screens and mails follow it.
 *
 * @summary Language pulldown: every locale in its own name; switches all elements at once.
 *
 * @fires shomei-locale-change - The student chose a language; the page
 *   already shows it.
 * @fires shomei-error - The tenant's languages or the preference call failed
 *   (the switch itself still happens).
 *
 * @csspart base - The row around label and select.
 * @csspart label - The 「LANG（言語）」 label.
 * @csspart select - The native `<select>`.
 *
 * @cssproperty --shomei-color-border - Select border.
 * @cssproperty --shomei-radius - Select corners.
 * @cssproperty --shomei-space - Spacing unit.
 */
@localized()
export class ShomeiLanguagePicker extends LitElement {
  static override styles = [tokens, languagePickerStyles];

  /** The SDK client; defaults to the page-wide one from `configureShomei`. */
  @property({ attribute: false }) client: ShomeiClient | undefined;

  /** The tenant's languages once known; every supported one until then. */
  @state() private locales: readonly ShomeiLocale[] = SHOMEI_LOCALES;

  readonly #clients = new ClientController(this);
  #loadedWith: ShomeiClient | undefined;

  constructor() {
    super();
    langFollowsLocale(this);
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    const client = this.#clients.client;
    if (client !== this.#loadedWith) {
      this.#loadedWith = client;
      if (client !== undefined) void this.#loadLocales(client);
    }
  }

  async #loadLocales(client: ShomeiClient): Promise<void> {
    const { data, error } = await client.getTenant();
    if (error !== null) {
      this.dispatchEvent(new ShomeiErrorEvent({ error, operation: 'getTenant' }));
      return;
    }
    const offered = data.locales.filter(isShomeiLocale);
    if (offered.length > 0) this.locales = offered;
  }

  /** Switch the page to `locale`, as if the student had picked it. */
  async select(locale: ShomeiLocale): Promise<void> {
    await setShomeiLocale(locale);
    const client = this.#clients.client;
    if (client !== undefined) {
      // A client from configureShomei already follows the UI locale; another one is told.
      if (client.locale !== locale) client.setLocale(locale);
      // The endpoint is public: before login it keeps the choice for the session being built,
      // after login for the student's later screens and mails.
      const { error } = await client.setLocalePreference({ locale });
      if (error !== null)
        this.dispatchEvent(new ShomeiErrorEvent({ error, operation: 'setLocalePreference' }));
    }
    this.dispatchEvent(new ShomeiLocaleChangeEvent({ locale }));
  }

  readonly #onChange = (event: Event): void => {
    const { value } = event.target as HTMLSelectElement;
    if (isShomeiLocale(value)) void this.select(value);
  };

  protected override render() {
    const current = getShomeiLocale();
    return html`
      <div part="base">
        <label part="label" for="select"
          >${msg('LANG（言語）', { id: 'language-picker.label' })}</label
        >
        <select id="select" part="select" @change=${this.#onChange}>
          ${this.locales.map(
            (locale) =>
              html`<option value=${locale} lang=${locale} ?selected=${locale === current}>
                ${LOCALE_NAMES[locale]}
              </option>`,
          )}
        </select>
      </div>
    `;
  }
}
