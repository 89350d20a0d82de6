/**
 * The list of `<shomei-order-history>`: each order with its status in words and its details
 * (O11; payment numbers and deadlines O7, print reservations O10, pickup estimates O5), and the
 * message for an empty history.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { Order, TenantInfo } from '@shomei/sdk';
import { formatTokyoDateTime } from '../internal/format-date.js';
import { orderErrorMessage } from '../internal/order-error-messages.js';
import { officeName } from '../internal/tenant-text.js';
import { pickLocalized } from '../localization.js';
import {
  deliveryCategoryName,
  destinationName,
  formatYen,
  orderStatusName,
  paymentMethodName,
} from '../order/order-text.js';

/** The orders as loaded (newest first), or that there are none yet. */
export function renderOrders(
  orders: readonly Order[],
  headingLevel: number,
  tenant: TenantInfo | undefined,
): TemplateResult {
  return orders.length === 0
    ? html`<p>${msg('申請はまだありません。', { id: 'order-history.empty' })}</p>`
    : html`<ol class="orders" role="list">
        ${orders.map((order, index) => renderOrder(order, index, headingLevel, tenant))}
      </ol>`;
}

function details(order: Order): TemplateResult[] {
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
      html`<span part="reservation-number" class="number">${order.printReservation.number}</span>`,
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

function renderOrder(
  order: Order,
  index: number,
  headingLevel: number,
  tenant: TenantInfo | undefined,
): TemplateResult {
  const id = `order-${index}`;
  const items = order.lines
    .map((line) => {
      const name = pickLocalized(line.name);
      return msg(str`${name}：${line.quantity}部`, { id: 'order-history.line' });
    })
    .join(msg('、', { id: 'order-history.separator' }));
  return html`<li part="order" class="order">
    <article aria-labelledby=${id}>
      <div role="heading" aria-level=${headingLevel + 1} id=${id} class="order-heading">
        ${items}
      </div>
      <p part="order-status" class="order-status" data-status=${order.status}>
        ${orderStatusName(order.status, order)}
      </p>
      ${
        order.status === 'completed' && order.delivery?.category === 'counter'
          ? html`<p class="help">
              ${msg(
                str`「郵送対応完了」のメールは、窓口受取りの場合「受取り可能」という意味です。学生証をお持ちの上、${officeName(tenant)}窓口にお越しください。`,
                { id: 'order-history.counter-ready' },
              )}
            </p>`
          : nothing
      }
      <dl>${details(order)}</dl>
      <p class="help">${msg(str`申請番号：${order.orderId}`, { id: 'order-history.order-id' })}</p>
    </article>
  </li>`;
}
