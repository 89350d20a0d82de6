import { localized, msg } from '@lit/localize';
import { html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ShomeiClient, ShomeiError, TenantInfo } from '@shomei/sdk';
import { ShomeiErrorEvent } from '../events/error.js';
import { ClientController } from '../internal/client-controller.js';
import { LoadController } from '../internal/load-controller.js';
import { useLocaleAreas } from '../localization.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
import { desks } from './support-contacts-desks.js';
import { supportContactsDesksStyles } from './support-contacts-desks.styles.js';
import { supportContactsStyles } from './support-contacts.styles.js';
import { langFollowsLocale } from '../internal/locale-lang.js';

useLocaleAreas('support-contacts');

type LoadState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly tenant: TenantInfo }
  | { readonly status: 'error'; readonly error: ShomeiError };

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
  static override styles = [
    tokens,
    buttonStyles,
    supportContactsStyles,
    supportContactsDesksStyles,
  ];

  /** The SDK client; defaults to the page-wide one from `configureShomei`. */
  @property({ attribute: false }) client: ShomeiClient | undefined;
  /** Level of the main heading (its desks are one below), to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  @state() private load: LoadState = { status: 'idle' };

  readonly #loads = new LoadController(this, new ClientController(this), () => this.refresh());

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
    this.load = { status: 'loading' };
    const { data, error } = await run.client.getTenant({ signal: run.signal });
    if (run.signal.aborted) return;
    if (error !== null) {
      this.load = { status: 'error', error };
      this.dispatchEvent(new ShomeiErrorEvent({ error, operation: 'getTenant' }));
    } else this.load = { status: 'ready', tenant: data };
  }

  #body() {
    const load = this.load;
    switch (load.status) {
      case 'idle':
      case 'loading':
        return html`<p part="status" role="status">
          ${msg('お問い合わせ先を読み込んでいます…', { id: 'support-contacts.loading' })}
        </p>`;
      case 'error':
        return html`<p part="status" role="alert">
            ${msg('お問い合わせ先を読み込めませんでした。', { id: 'support-contacts.error' })}
          </p>
          <button
            part="retry"
            class="button secondary"
            type="button"
            @click=${() => void this.refresh()}
          >
            ${msg('再読み込み', { id: 'support-contacts.retry' })}
          </button>`;
      case 'ready':
        return desks(load.tenant, this.headingLevel);
    }
  }

  protected override render() {
    return html`
      <section part="base" aria-labelledby="heading" aria-busy=${this.load.status === 'loading'}>
        <div role="heading" aria-level=${this.headingLevel} id="heading" part="heading">
          ${msg('お問い合わせ先', { id: 'support-contacts.heading' })}
        </div>
        ${this.#body()}
      </section>
    `;
  }
}
