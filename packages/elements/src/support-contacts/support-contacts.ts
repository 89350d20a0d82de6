import { localized, msg } from '@lit/localize';
import { html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ShomeiClient, ShomeiError, TenantInfo } from '@shomei/sdk';
import { ShomeiErrorEvent } from '../events/error.js';
import { ClientController } from '../internal/client-controller.js';
import { LazyScreensController, ScreensChunk } from '../internal/lazy-screens.js';
import { LoadController } from '../internal/load-controller.js';
import { networkMessage } from '../internal/network-message.js';
import { useLocaleAreas } from '../localization.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
import { supportContactsStyles } from './support-contacts.styles.js';
import { langFollowsLocale } from '../internal/locale-lang.js';
import { supportContactsDesksImport } from './desks-import.js';

useLocaleAreas('support-contacts');

type LoadState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly tenant: TenantInfo }
  | { readonly status: 'error'; readonly error: ShomeiError };

/**
 * The contact desks with their words and looks: one chunk (docs/decisions/0012), fetched when
 * the element starts loading, so it travels alongside `getTenant` instead of before it. Loaded
 * once and kept for every instance.
 */
const supportContactsDesks = new ScreensChunk(() => supportContactsDesksImport.load());

/**
 * The university's contact details (A17), read from the tenant's settings through the SDK:
 * the student support office for questions about applications (hours, phone, email), and the
 * service's call center for payment and system questions (hours, phone, chat support link).
 * Tenant-written text follows the current language, falling back to Japanese.
 *
 * @summary Where students get help: support office and call center, from the tenant settings.
 *
 * @fires shomei-error - The tenant settings could not be loaded.
 *
 * @csspart base - The whole block.
 * @csspart heading - The 「お問い合わせ先」 heading.
 * @csspart desk - One contact desk (support office, call center).
 * @csspart desk-name - The desk's name.
 * @csspart status - Loading and error messages.
 * @csspart retry - The retry button after an error.
 *
 * @cssproperty --shomei-color-primary - Links and the retry button.
 * @cssproperty --shomei-color-border - Desk borders.
 * @cssproperty --shomei-color-text-muted - Field names (受付時間, 電話...).
 * @cssproperty --shomei-space - Spacing unit.
 * @cssproperty --shomei-radius - Desk corners.
 */
@localized()
export class ShomeiSupportContacts extends LitElement {
  static override styles = [tokens, buttonStyles, supportContactsStyles];

  /** The SDK client; defaults to the page-wide one from `configureShomei`. */
  @property({ attribute: false }) client: ShomeiClient | undefined;
  /** Level of the main heading (its desks are one below), to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  @state() private load: LoadState = { status: 'idle' };

  readonly #loads = new LoadController(this, new ClientController(this), () => this.refresh());
  /** `support-contacts-desks.ts`: until it is here, the loading line stays. */
  readonly #desks = new LazyScreensController(this, supportContactsDesks);

  constructor() {
    super();
    langFollowsLocale(this);
  }

  /** Load (again) from the service. */
  async refresh(): Promise<void> {
    const run = this.#loads.start();
    if (run === undefined) {
      this.load = { status: 'idle' };
      return;
    }
    this.#desks.load();
    this.load = { status: 'loading' };
    const { data, error } = await run.client.getTenant({ signal: run.signal });
    if (run.signal.aborted) return;
    if (error !== null) {
      this.load = { status: 'error', error };
      this.dispatchEvent(new ShomeiErrorEvent({ error, operation: 'getTenant' }));
    } else this.load = { status: 'ready', tenant: data };
  }

  protected override getUpdateComplete(): Promise<boolean> {
    return this.#desks.settled(() => super.getUpdateComplete());
  }

  #loading() {
    return html`<p part="status" role="status">
      ${msg('お問い合わせ先を読み込んでいます…', { id: 'support-contacts.loading' })}
    </p>`;
  }

  #retry(onClick: () => void) {
    return html`<button part="retry" class="button secondary" type="button" @click=${onClick}>
      ${msg('再読み込み', { id: 'support-contacts.retry' })}
    </button>`;
  }

  #body() {
    const load = this.load;
    switch (load.status) {
      case 'idle':
      case 'loading':
        return this.#loading();
      case 'error':
        return html`<p part="status" role="alert">
            ${msg('お問い合わせ先を読み込めませんでした。', { id: 'support-contacts.error' })}
          </p>
          ${this.#retry(() => void this.refresh())}`;
      case 'ready': {
        const desks = this.#desks.module;
        if (desks !== undefined) return desks.desks(this, load.tenant, this.headingLevel);
        if (!this.#desks.failed) return this.#loading();
        // The desks' chunk did not come: ask for it again (the page reloads if it fails again).
        return html`<p part="status" role="alert">${networkMessage()}</p>
          ${this.#retry(() => this.#desks.retry())}`;
      }
    }
  }

  protected override render() {
    const load = this.load;
    const busy =
      load.status === 'loading' ||
      (load.status === 'ready' && this.#desks.module === undefined && !this.#desks.failed);
    return html`
      <section part="base" aria-labelledby="heading" aria-busy=${busy}>
        <div role="heading" aria-level=${this.headingLevel} id="heading" part="heading">
          ${msg('お問い合わせ先', { id: 'support-contacts.heading' })}
        </div>
        ${this.#body()}
      </section>
    `;
  }
}
