/**
 * Order and payment state changes that do not come from the student: lazy expiry of payment
 * numbers (O7, O11), provider outcomes (O7, O10) and the office's steps (O6).
 */
import {
  issuePrintReservation,
  nextOrderStatus,
  paymentNextStepKind,
  type OrderEvent,
  type TenantSettings,
} from '@shomei/core';
import type { ServiceRuntime } from '../http/context.js';
import type { WebhookEvent } from '../payments/provider.js';
import type { OrderRecord, PaymentRecord } from '../store/store.js';

/**
 * A redirect checkout the student left (closed the tab, never came back) would otherwise block
 * the order forever (payment_in_progress). Real providers expire such sessions; so does this.
 */
export const REDIRECT_CHECKOUT_TTL_MINUTES = 30;

function applyEvent(order: OrderRecord, event: OrderEvent, now: Date): boolean {
  const next = nextOrderStatus(order.status, event);
  if (next === null) return false;
  order.status = next;
  order.updatedAt = now.toISOString();
  if (event === 'start-processing') order.processingAt = now.toISOString();
  if (next === 'completed') order.completedAt = now.toISOString();
  return true;
}

/**
 * Brings an order up to date before anyone reads or pays it: a konbini / Pay-easy number past
 * its deadline expires, and with it the order (O11 「期限切れ」).
 */
export async function refreshOrder(
  runtime: ServiceRuntime,
  order: OrderRecord,
  now: Date,
): Promise<{ order: OrderRecord; payments: PaymentRecord[] }> {
  const { store } = runtime.deps;
  const payments = await store.payments.listForOrder(order.tenantId, order.orderId);
  let orderChanged = false;
  for (const payment of payments) {
    if (payment.status !== 'pending') continue;
    const numberLapsed = payment.deadline !== null && now.getTime() > Date.parse(payment.deadline);
    const checkoutLapsed =
      paymentNextStepKind(payment.method) === 'redirect' &&
      now.getTime() - Date.parse(payment.createdAt) > REDIRECT_CHECKOUT_TTL_MINUTES * 60 * 1000;
    if (!numberLapsed && !checkoutLapsed) continue;
    payment.status = 'expired';
    payment.updatedAt = now.toISOString();
    await store.payments.put(payment);
    if (numberLapsed) orderChanged = applyEvent(order, 'payment-expired', now) || orderChanged;
  }
  if (orderChanged) await store.orders.put(order);
  return { order, payments };
}

/** A provider's verified outcome (O7); paid printer and konbini orders get their number (O10). */
export async function applyPaymentEvent(
  runtime: ServiceRuntime,
  settings: TenantSettings,
  event: WebhookEvent,
  now: Date,
): Promise<void> {
  const { store } = runtime.deps;
  const { logger } = runtime;
  const payment = await store.payments.get(settings.tenantId, event.paymentId);
  if (payment === null || payment.orderId !== event.orderId) {
    logger.warn('webhook for an unknown payment', { paymentId: event.paymentId });
    return;
  }
  const order = await store.orders.get(settings.tenantId, payment.orderId);
  if (order === null) {
    logger.error('payment without its order', { paymentId: payment.paymentId });
    return;
  }
  const stamp = now.toISOString();
  switch (event.type) {
    case 'payment.succeeded': {
      if (payment.status === 'succeeded') return;
      if (event.amount !== payment.amount) {
        logger.error('provider reports a different amount; payment left as it was', {
          paymentId: payment.paymentId,
          expected: payment.amount,
          reported: event.amount,
        });
        return;
      }
      payment.status = 'succeeded';
      payment.updatedAt = stamp;
      await store.payments.put(payment);
      if (!applyEvent(order, 'payment-succeeded', now)) {
        // Money arrived for an order that can no longer take it (e.g. paid twice at two
        // providers). Nothing is refunded automatically (O8); the office must look at it.
        logger.error('payment succeeded for an order that is not awaiting payment', {
          orderId: order.orderId,
          status: order.status,
        });
        return;
      }
      if (order.destination !== 'mail') {
        order.printReservation = issuePrintReservation(now, settings.printReservationValidDays);
        applyEvent(order, 'complete', now);
      }
      await store.orders.put(order);
      return;
    }
    case 'payment.declined':
    case 'payment.cancelled':
      if (payment.status !== 'pending') return;
      payment.status = event.type === 'payment.declined' ? 'declined' : 'cancelled';
      payment.updatedAt = stamp;
      await store.payments.put(payment);
      return;
    case 'payment.expired':
      if (payment.status !== 'pending') return;
      payment.status = 'expired';
      payment.updatedAt = stamp;
      await store.payments.put(payment);
      if (
        paymentNextStepKind(payment.method) === 'payment-number' &&
        applyEvent(order, 'payment-expired', now)
      ) {
        await store.orders.put(order);
      }
      return;
  }
}

/** O6: the office's steps on a mailed order; false when the status does not allow it. */
export function advanceOrder(
  order: OrderRecord,
  event: 'start-processing' | 'complete',
  now: Date,
): boolean {
  return applyEvent(order, event, now);
}
