import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Order, ShomeiClient, ShomeiError } from '@shomei/sdk';
import { ShomeiErrorEvent } from '../events/error.js';
import { ClientController } from '../internal/client-controller.js';
import { LoadController } from '../internal/load-controller.js';
import { formatTokyoDateTime } from '../internal/format-date.js';
import { orderErrorMessage } from '../internal/order-error-messages.js';
import { pickLocalized, useLocaleAreas } from '../localization.js';
import {
  deliveryCategoryName,
  destinationName,
  formatYen,
  orderStatusName,
  paymentMethodName,
} from '../order/order-text.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
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
  static override styles = [tokens, buttonStyles, orderHistoryStyles];

  /** The SDK client; defaults to the page-wide one from `configureShomei`. */
  @property({ attribute: false }) client: ShomeiClient | undefined;
  /** Level of the heading (each order is one below). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  @state() private load: LoadState = { status: 'idle' };

  readonly #loads = new LoadController(this, new ClientController(this), () => this.refresh());

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
    const { data, error } = await run.client.listOrders({ signal: run.signal });
    if (run.signal.aborted) return;
    if (error !== null) {
      this.load = { status: 'error', error, orders: previous };
      this.dispatchEvent(new ShomeiErrorEvent({ error, operation: 'listOrders' }));
    } else {
      const orders = [...data.orders].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      this.load = { status: 'ready', orders };
    }
  }

  #details(order: Order): TemplateResult[] {
    const rows: TemplateResult[] = [];
    const row = (term: string, value: unknown) =>
      rows.push(
        html`<dt>${term}</dt>
          <dd>${value}</dd>`,
      );
    row(
      msg('申請日時', { id: 'order-history.created-at' }),
      formatTokyoDateTime(order.createdAt, 'long'),
    );
    row(msg('印刷先', { id: 'order.step.destination' }), destinationName(order.destination));
    if (order.delivery !== null)
      row(
        msg('送付先', { id: 'order.step.delivery' }),
        deliveryCategoryName(order.delivery.category),
      );
    row(msg('合計金額', { id: 'order.total' }), formatYen(order.total));
    const payment = order.payment;
    if (order.status === 'awaiting-payment' && payment !== null) {
      row(msg('支払方法', { id: 'order-history.method' }), paymentMethodName(payment.method));
      const step = payment.nextStep;
      if (payment.status === 'pending' && step.kind === 'payment-number') {
        row(
          msg('お支払い番号', { id: 'order.payment.number' }),
          html`<span part="payment-number" class="number">${step.paymentNumber}</span>`,
        );
        if (step.confirmationNumber !== undefined)
          row(
            msg('確認番号', { id: 'order.payment.confirmation-number' }),
            html`<span class="number">${step.confirmationNumber}</span>`,
          );
        row(
          msg('お支払い期限', { id: 'order.payment.deadline' }),
          html`<strong>${formatTokyoDateTime(step.deadline, 'long')}</strong>`,
        );
      }
      if (payment.status === 'expired')
        row(
          msg('お支払い', { id: 'order.payment.pending-heading' }),
          orderErrorMessage({ code: 'payment_expired' }),
        );
      if (payment.status === 'declined')
        row(
          msg('お支払い', { id: 'order.payment.pending-heading' }),
          orderErrorMessage({ code: 'payment_declined' }),
        );
    }
    if (order.printReservation !== null && order.status !== 'expired') {
      row(
        msg('予約番号', { id: 'order.reservation.heading' }),
        html`<span part="reservation-number" class="number"
          >${order.printReservation.number}</span
        >`,
      );
      row(
        msg('予約番号の有効期限', { id: 'order-history.reservation-valid-until' }),
        formatTokyoDateTime(order.printReservation.validUntil, 'long'),
      );
    }
    if (order.pickupReadyAt !== null && order.status !== 'expired' && order.status !== 'cancelled')
      row(
        msg('受取可能日時（予定）', { id: 'order.pickup.estimate' }),
        formatTokyoDateTime(order.pickupReadyAt, 'long'),
      );
    return rows;
  }

  #order(order: Order, index: number): TemplateResult {
    const id = `order-${index}`;
    const items = order.lines
      .map((line) => {
        const name = pickLocalized(line.name);
        return msg(str`${name}：${line.quantity}部`, { id: 'order-history.line' });
      })
      .join(msg('、', { id: 'order-history.separator' }));
    return html`<li part="order" class="order">
      <article aria-labelledby=${id}>
        <div role="heading" aria-level=${this.headingLevel + 1} id=${id} class="order-heading">
          ${items}
        </div>
        <p part="order-status" class="order-status" data-status=${order.status}>
          ${orderStatusName(order.status, order)}
        </p>
        ${
          order.status === 'completed' && order.delivery?.category === 'counter'
            ? html`<p class="help">
                ${msg(
                  '「郵送対応完了」のメールは、窓口受取りの場合「受取り可能」という意味です。学生証をお持ちの上、学生支援課窓口にお越しください。',
                  { id: 'order-history.counter-ready' },
                )}
              </p>`
            : nothing
        }
        <dl>${this.#details(order)}</dl>
        <p class="help">
          ${msg(str`申請番号：${order.orderId}`, { id: 'order-history.order-id' })}
        </p>
      </article>
    </li>`;
  }

  protected override render() {
    const load = this.load;
    const orders = 'orders' in load ? load.orders : null;
    return html`<section
      part="base"
      aria-labelledby="heading"
      aria-busy=${load.status === 'loading' || load.status === 'idle'}
    >
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
        ${
          load.status === 'loading' || load.status === 'idle'
            ? msg('申請履歴を読み込んでいます…', { id: 'order-history.loading' })
            : nothing
        }
      </p>
      ${
        load.status === 'error'
          ? html`<p part="status" class="error" role="alert">${orderErrorMessage(load.error)}</p>`
          : nothing
      }
      ${
        orders === null
          ? nothing
          : orders.length === 0
            ? html`<p>${msg('申請はまだありません。', { id: 'order-history.empty' })}</p>`
            : html`<ol class="orders" role="list">
                ${orders.map((order, index) => this.#order(order, index))}
              </ol>`
      }
    </section>`;
  }
}
