import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Order, ShomeiClient, ShomeiError, TenantInfo } from '@shomei/sdk';
import { ShomeiErrorEvent } from '../events/error.js';
import { ClientController } from '../internal/client-controller.js';
import { LoadController } from '../internal/load-controller.js';
import { orderErrorMessage } from '../internal/order-error-messages.js';
import { useLocaleAreas } from '../localization.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
import { renderOrders } from './order-history-screens.js';
import { orderHistoryListStyles } from './order-history-screens.styles.js';
import { orderHistoryStyles } from './order-history.styles.js';
import { langFollowsLocale } from '../internal/locale-lang.js';

useLocaleAreas('order-history', 'order');

type LoadState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly orders: readonly Order[] | null }
  | { readonly status: 'ready'; readonly orders: readonly Order[] }
  | {
      readonly status: 'error';
      readonly error: ShomeiError;
      readonly orders: readonly Order[] | null;
    };

/**
 * The student's orders and where each stands (O11): awaiting payment, paid, being processed,
 * ready for pickup or sent, expired, cancelled. An unpaid konbini or Pay-easy order shows its
 * payment number and deadline; a paid printer or konbini order its print reservation number
 * (O10); a counter-pickup order its estimated pickup time (O5).
 *
 * @summary Order history: each order's status in words, payment numbers, print reservations.
 *
 * @fires shomei-error - The orders could not be loaded.
 *
 * @csspart base - The whole block.
 * @csspart heading - The heading.
 * @csspart status - Loading and error messages.
 * @csspart refresh - The refresh button.
 * @csspart order - One order.
 * @csspart order-status - An order's status.
 * @csspart payment-number - An unpaid order's payment number.
 * @csspart reservation-number - A print reservation number.
 *
 * @cssproperty --shomei-color-primary - The refresh button and statuses.
 * @cssproperty --shomei-color-border - Order borders.
 * @cssproperty --shomei-color-text-muted - Dates.
 * @cssproperty --shomei-space - Spacing unit.
 * @cssproperty --shomei-radius - Order corners.
 */
@localized()
export class ShomeiOrderHistory extends LitElement {
  static override styles = [tokens, buttonStyles, orderHistoryStyles, orderHistoryListStyles];

  /** The SDK client; defaults to the page-wide one from `configureShomei`. */
  @property({ attribute: false }) client: ShomeiClient | undefined;
  /** Level of the heading (each order is one below). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  @state() private load: LoadState = { status: 'idle' };

  readonly #loads = new LoadController(this, new ClientController(this), () => this.refresh());
  /** X6: the tenant view (its office's name), asked once beside the first `listOrders`. */
  #tenant: TenantInfo | undefined;

  constructor() {
    super();
    langFollowsLocale(this);
  }

  /** The orders as last loaded. */
  get orders(): readonly Order[] {
    return 'orders' in this.load ? (this.load.orders ?? []) : [];
  }

  /** Load (again) from the service. */
  async refresh(): Promise<void> {
    const run = this.#loads.start();
    if (run === undefined) {
      this.load = { status: 'idle' };
      return;
    }
    const previous = 'orders' in this.load ? this.load.orders : null;
    this.load = { status: 'loading', orders: previous };
    const tenant =
      this.#tenant === undefined ? run.client.getTenant({ signal: run.signal }) : undefined;
    const { data, error } = await run.client.listOrders({ signal: run.signal });
    if (run.signal.aborted) return;
    // Without the tenant's answer the list still shows, with generic words for its office.
    if (tenant !== undefined) this.#tenant = (await tenant).data ?? undefined;
    if (run.signal.aborted) return;
    if (error !== null) {
      this.load = { status: 'error', error, orders: previous };
      this.dispatchEvent(new ShomeiErrorEvent({ error, operation: 'listOrders' }));
    } else {
      const orders = [...data.orders].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      this.load = { status: 'ready', orders };
    }
  }

  /** Below the status line: the error and the list. */
  #content(load: LoadState): TemplateResult | typeof nothing {
    const orders = 'orders' in load ? load.orders : null;
    return html`${
      load.status === 'error'
        ? html`<p part="status" class="error" role="alert">${orderErrorMessage(load.error)}</p>`
        : nothing
    }
    ${orders === null ? nothing : renderOrders(orders, this.headingLevel, this.#tenant)}`;
  }

  protected override render() {
    const load = this.load;
    const loading = load.status === 'loading' || load.status === 'idle';
    return html`<section part="base" aria-labelledby="heading" aria-busy=${loading}>
      <div class="top">
        <div role="heading" aria-level=${this.headingLevel} id="heading" part="heading">
          ${msg('申請履歴', { id: 'order-history.heading' })}
        </div>
        <button
          part="refresh"
          class="button secondary"
          type="button"
          ?disabled=${load.status === 'loading'}
          @click=${() => void this.refresh()}
        >
          ${msg('最新の状況に更新', { id: 'order-history.refresh' })}
        </button>
      </div>
      <p part="status" role="status">
        ${loading ? msg('申請履歴を読み込んでいます…', { id: 'order-history.loading' }) : nothing}
      </p>
      ${this.#content(load)}
    </section>`;
  }
}
