/**
 * Order and payment state changes that do not come from the student: lazy expiry of payment
 * numbers, checkouts and unpaid orders (O7, O8, O11), provider outcomes (O7, O10) and the
 * office's steps (O6).
 */
import {
  counterPickupReadyAt,
  issuePrintReservation,
  nextOrderStatus,
  paymentLapse,
  paymentNextStepKind,
  unpaidOrderLapsed,
  type OrderEvent,
  type TenantSettings,
} from '@shomei/core';
import type { ServiceRuntime } from '../http/context.js';
import { apiError } from '../http/errors.js';
import type { WebhookEvent } from '../payments/provider.js';
import type { OrderRecord, PaymentRecord } from '../store/store.js';

/** The rule and its figure live in the core (payment.ts); re-exported for existing importers. */
export { REDIRECT_CHECKOUT_TTL_MINUTES } from '@shomei/core';

function applyEvent(order: OrderRecord, event: OrderEvent, now: Date): boolean {
  const next = nextOrderStatus(order.status, event);
  if (next === null) return false;
  order.status = next;
  order.updatedAt = now.toISOString();
  if (event === 'start-processing') order.processingAt = now.toISOString();
  if (next === 'completed') order.completedAt = now.toISOString();
  return true;
}

/** O11: an unpaid order past the tenant's expiry with no payment under way. */
function unpaidLapsed(
  settings: TenantSettings,
  order: OrderRecord,
  payments: readonly PaymentRecord[],
  now: Date,
): boolean {
  return unpaidOrderLapsed({
    status: order.status,
    createdAt: order.createdAt,
    hasPendingPayment: payments.some((payment) => payment.status === 'pending'),
    now,
    expiryHours: settings.unpaidOrderExpiryHours,
  });
}

/**
 * Issue 15, reads never write: the order and its payments as a reader sees them now, computed
 * without writing or asking the provider. The lapses that need nobody's say-so show as they
 * will be written (a payment number past its deadline and its order expired, an unpaid order
 * expired, O11); a redirect checkout the student left stays pending until the provider has
 * cancelled it (refreshOrder on the next write, or reconciliation, O7). Copies: the records
 * passed in are left as they are.
 */
export function currentOrderState(
  settings: TenantSettings,
  stored: OrderRecord,
  storedPayments: readonly PaymentRecord[],
  now: Date,
): { order: OrderRecord; payments: PaymentRecord[] } {
  const order = { ...stored };
  const payments = storedPayments.map((payment) => ({ ...payment }));
  for (const payment of payments) {
    if (paymentLapse(payment, now) !== 'deadline-passed') continue;
    payment.status = 'expired';
    payment.updatedAt = now.toISOString();
    applyEvent(order, 'payment-expired', now);
  }
  if (unpaidLapsed(settings, order, payments, now)) {
    applyEvent(order, 'payment-expired', now);
  }
  return { order, payments };
}

/** A read of an order (GET): no lock, no write; see currentOrderState. */
export async function readOrder(
  runtime: ServiceRuntime,
  settings: TenantSettings,
  order: OrderRecord,
  now: Date,
): Promise<{ order: OrderRecord; payments: PaymentRecord[] }> {
  const payments = await runtime.deps.store.payments.listForOrder(order.tenantId, order.orderId);
  return currentOrderState(settings, order, payments, now);
}

/**
 * Brings an order up to date before anyone changes it, and writes what lapsed (core's
 * paymentLapse and unpaidOrderLapsed); reads compute the same without writing (readOrder).
 * Call it under the order's lock:
 * - a konbini / Pay-easy number past its deadline expires, and with it the order (O11);
 * - a redirect checkout the student left is cancelled at the provider first, and only then
 *   marked expired, so the order can be paid another way without the old checkout still being
 *   payable (O8). When the provider cannot cancel (it already took the money, or is unreachable)
 *   the payment stays pending: its webhook, or the next read, settles it;
 * - an order nobody has started paying expires after the tenant's unpaidOrderExpiryHours (O11).
 */
export async function refreshOrder(
  runtime: ServiceRuntime,
  settings: TenantSettings,
  order: OrderRecord,
  now: Date,
): Promise<{ order: OrderRecord; payments: PaymentRecord[] }> {
  const { store } = runtime.deps;
  const payments = await store.payments.listForOrder(order.tenantId, order.orderId);
  let orderChanged = false;
  for (const payment of payments) {
    const lapse = paymentLapse(payment, now);
    if (lapse === null) continue;
    if (lapse === 'checkout-abandoned') {
      let cancelled: boolean;
      try {
        cancelled = await runtime.deps.payments.cancel(payment.paymentId);
      } catch (error) {
        runtime.logger.warn('the provider could not cancel a lapsed checkout', {
          tenantId: order.tenantId,
          orderId: order.orderId,
          paymentId: payment.paymentId,
          error: String(error),
        });
        continue;
      }
      if (!cancelled) continue;
    }
    payment.status = 'expired';
    payment.updatedAt = now.toISOString();
    await store.payments.put(payment);
    if (lapse === 'deadline-passed') {
      orderChanged = applyEvent(order, 'payment-expired', now) || orderChanged;
    }
  }
  if (unpaidLapsed(settings, order, payments, now)) {
    orderChanged = applyEvent(order, 'payment-expired', now) || orderChanged;
  }
  if (orderChanged) await store.orders.put(order);
  return { order, payments };
}

/**
 * Money the service did not ask for, or can no longer accept: a success for a payment that is no
 * longer pending (cancelled, expired, declined) or for an order that is not awaiting payment
 * (expired, or paid by another payment). Nothing changes; the office must look at it (logged at
 * error level with the ids). O8 forbids refunds for a change of mind, not for money taken by
 * mistake: a real provider adapter would refund such a payment here, through the provider's
 * refund API, and record that it did.
 */
function paymentIncident(
  runtime: ServiceRuntime,
  reason: string,
  payment: PaymentRecord,
  order: OrderRecord,
  event: WebhookEvent,
): void {
  runtime.logger.error(`payment incident: ${reason}; nothing changed`, {
    tenantId: order.tenantId,
    orderId: order.orderId,
    paymentId: payment.paymentId,
    eventId: event.eventId,
    paymentStatus: payment.status,
    orderStatus: order.status,
    expected: payment.amount,
    reported: event.amount,
  });
}

/**
 * A provider's verified outcome (O7); paid printer and konbini orders get their number (O10).
 * Applying an event twice changes nothing the second time, and an application cut short (a store
 * write failed) is finished by the provider's retry of the same event (see webhook.ts).
 */
export async function applyPaymentEvent(
  runtime: ServiceRuntime,
  settings: TenantSettings,
  event: WebhookEvent,
  now: Date,
): Promise<void> {
  const { store } = runtime.deps;
  const { logger } = runtime;
  const seen = await store.payments.get(settings.tenantId, event.paymentId);
  if (seen === null || seen.orderId !== event.orderId) {
    logger.warn('webhook for an unknown payment', { paymentId: event.paymentId });
    return;
  }
  const stored = await store.orders.get(settings.tenantId, seen.orderId);
  if (stored === null) {
    logger.error('payment without its order', { paymentId: seen.paymentId });
    return;
  }
  // Reads do not write lapses (readOrder): a payment number past its deadline is written
  // expired here first, so a late success is the incident a reader would have seen (O7, O11).
  const { order, payments } = await refreshOrder(runtime, settings, stored, now);
  const payment = payments.find((candidate) => candidate.paymentId === seen.paymentId) ?? seen;
  const stamp = now.toISOString();
  switch (event.type) {
    case 'payment.succeeded': {
      const orderPayable = nextOrderStatus(order.status, 'payment-succeeded') !== null;
      // Already applied (a redelivery under a new event id): nothing to do.
      if (payment.status === 'succeeded' && !orderPayable) return;
      // O8: only a pending payment of an order awaiting payment may succeed. A succeeded
      // payment of an order still awaiting payment is an application cut short: finish it.
      if (payment.status !== 'pending' && payment.status !== 'succeeded') {
        paymentIncident(runtime, `success for a ${payment.status} payment`, payment, order, event);
        return;
      }
      if (!orderPayable) {
        paymentIncident(runtime, `success for an order in ${order.status}`, payment, order, event);
        return;
      }
      if (event.amount !== payment.amount) {
        paymentIncident(runtime, 'the provider reports a different amount', payment, order, event);
        return;
      }
      if (payment.status === 'pending') {
        payment.status = 'succeeded';
        payment.updatedAt = stamp;
        await store.payments.put(payment);
      }
      applyEvent(order, 'payment-succeeded', now);
      // O5: the office starts once the money is in, so counter pickup is counted from now, not
      // from the order (a konbini number may be paid days later).
      if (order.delivery?.category === 'counter') {
        order.pickupReadyAt = counterPickupReadyAt(now, settings.closures).toISOString();
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

/** The event a provider's final status stands for (reconciliation synthesizes it). */
const EVENT_OF_STATUS = {
  succeeded: 'payment.succeeded',
  declined: 'payment.declined',
  cancelled: 'payment.cancelled',
  expired: 'payment.expired',
} as const;

/**
 * O7: brings one pending payment in line with what the provider says, under the order's lock:
 * a success (or refusal, cancellation, expiry) whose webhook was lost, in a crash say, is
 * applied now as if it had arrived; a payment the provider does not know can never succeed and
 * is cancelled, so the order can be paid another way. Answers the payment's status after.
 */
export async function reconcilePayment(
  runtime: ServiceRuntime,
  settings: TenantSettings,
  paymentId: string,
  now: Date,
): Promise<PaymentRecord['status'] | null> {
  const { store, payments: provider } = runtime.deps;
  const tenantId = settings.tenantId;
  const seen = await store.payments.get(tenantId, paymentId);
  if (seen === null || seen.status !== 'pending') return seen?.status ?? null;
  // Asked before the lock, so no order (and, on SQLite, no database) waits on the provider: its
  // final answers do not change, and a pending one changes nothing here.
  const known = await provider.getPayment(paymentId);
  return runtime.withLock(`order:${tenantId}:${seen.orderId}`, async () => {
    const order = await store.orders.get(tenantId, seen.orderId);
    if (order === null) return null;
    const { payments } = await refreshOrder(runtime, settings, order, now);
    const payment = payments.find((candidate) => candidate.paymentId === paymentId);
    if (payment === undefined || payment.status !== 'pending') return payment?.status ?? null;
    if (known.status === 'pending') return 'pending';
    if (known.status === 'unknown') {
      runtime.logger.warn('the provider does not know a pending payment; cancelled', {
        tenantId,
        orderId: payment.orderId,
        paymentId,
      });
      payment.status = 'cancelled';
      payment.updatedAt = now.toISOString();
      await store.payments.put(payment);
      return 'cancelled';
    }
    await applyPaymentEvent(
      runtime,
      settings,
      {
        eventId: `reconciled_${paymentId}_${known.status}`,
        type: EVENT_OF_STATUS[known.status],
        tenantId,
        paymentId,
        orderId: payment.orderId,
        amount: known.amount ?? payment.amount,
        occurredAt: now.toISOString(),
      },
      now,
    );
    return (await store.payments.get(tenantId, paymentId))?.status ?? null;
  });
}

/**
 * O8: gives up a pending payment: the provider makes it unpayable first, then it is recorded
 * cancelled. When the provider has already taken the money, its success is applied now instead
 * (the order is paid) and the answer is `paid`. Call it under the order's lock.
 */
export async function cancelPendingPayment(
  runtime: ServiceRuntime,
  settings: TenantSettings,
  payment: PaymentRecord,
  now: Date,
): Promise<'cancelled' | 'paid'> {
  if (await runtime.deps.payments.cancel(payment.paymentId)) {
    payment.status = 'cancelled';
    payment.updatedAt = now.toISOString();
    await runtime.deps.store.payments.put(payment);
    return 'cancelled';
  }
  const known = await runtime.deps.payments.getPayment(payment.paymentId);
  // The provider neither cancelled it nor took the money (still in progress on its side).
  if (known.status !== 'succeeded')
    throw apiError('payment_not_cancellable', 'the provider is still processing this payment');
  await applyPaymentEvent(
    runtime,
    settings,
    {
      eventId: `reconciled_${payment.paymentId}_succeeded`,
      type: 'payment.succeeded',
      tenantId: settings.tenantId,
      paymentId: payment.paymentId,
      orderId: payment.orderId,
      amount: known.amount ?? payment.amount,
      occurredAt: now.toISOString(),
    },
    now,
  );
  return 'paid';
}

/**
 * O8, O11: cancels an order nobody has paid, with its pending payment (student or office). Paid
 * orders are never cancelled (no refunds, O8). Call it under the order's lock; answers the order
 * and its payments as they are now.
 */
export async function cancelUnpaidOrder(
  runtime: ServiceRuntime,
  settings: TenantSettings,
  stored: OrderRecord,
  now: Date,
): Promise<{ order: OrderRecord; payments: PaymentRecord[] }> {
  const { order, payments } = await refreshOrder(runtime, settings, stored, now);
  const refuse = (current: OrderRecord): never => {
    if (
      current.status === 'paid' ||
      current.status === 'processing' ||
      current.status === 'completed'
    )
      throw apiError(
        'already_paid',
        `the order is ${current.status}; paid orders are not refunded`,
      );
    throw apiError('order_not_cancellable', `an order in ${current.status} cannot be cancelled`);
  };
  if (nextOrderStatus(order.status, 'cancel') === null) refuse(order);
  for (const payment of payments) {
    if (payment.status !== 'pending') continue;
    if ((await cancelPendingPayment(runtime, settings, payment, now)) === 'paid') {
      refuse((await runtime.deps.store.orders.get(order.tenantId, order.orderId)) ?? order);
    }
  }
  applyEvent(order, 'cancel', now);
  await runtime.deps.store.orders.put(order);
  return { order, payments };
}

/** O6: the office's steps on a mailed order; false when the status does not allow it. */
export function advanceOrder(
  order: OrderRecord,
  event: 'start-processing' | 'complete',
  now: Date,
): boolean {
  return applyEvent(order, event, now);
}
