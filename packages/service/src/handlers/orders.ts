/** Catalog, orders and payment: O1–O11. */
import {
  catalogFor,
  counterPickupReadyAt,
  decidePaymentStart,
  normalizeDelivery,
  paymentDeadline,
  priceOrder,
  randomAlphanumeric,
  type DeliveryAddressInput,
  type PaymentStartRejection,
  type Student,
} from '@shomei/core';
import type { ApiErrorCode } from '../contract.js';
import type { BaseContext, EndpointContext, EndpointHandlers } from '../http/context.js';
import { apiError, type ApiError } from '../http/errors.js';
import type { OrderRecord, PaymentRecord } from '../store/store.js';
import { originAllowed } from '../tenants.js';
import { catalogEntryView, orderView, paymentView } from '../views.js';
import { cancelPendingPayment, cancelUnpaidOrder, readOrder, refreshOrder } from './fulfilment.js';
import { requireStudent, sessionAccount } from './shared.js';

const REJECTIONS: { readonly [Code in PaymentStartRejection]: ApiErrorCode } = {
  'order-not-payable': 'order_not_payable',
  'already-paid': 'already_paid',
  'payment-in-progress': 'payment_in_progress',
  'idempotency-key-reused': 'idempotency_key_reused',
  'method-unavailable': 'payment_method_unavailable',
};

/**
 * Runs `work` under the order's lock with the student's payment (`params.paymentId` of
 * `params.orderId`), brought up to date first; anyone else's reads as not found.
 */
async function withOwnPayment<T>(
  context: EndpointContext<'cancelPayment'>,
  work: (payment: PaymentRecord) => Promise<T>,
): Promise<T> {
  const { runtime, settings, now, params } = context;
  return runtime.withLock(`order:${settings.tenantId}:${params.orderId}`, async () => {
    const { payments } = await refreshOrder(
      runtime,
      settings,
      await ownOrder(context, params.orderId),
      now,
    );
    return work(paymentIn(payments, params.paymentId));
  });
}

/** The payment of that id among an order's payments; any other reads as not found. */
function paymentIn(payments: readonly PaymentRecord[], paymentId: string): PaymentRecord {
  const payment = payments.find((candidate) => candidate.paymentId === paymentId);
  if (payment === undefined) throw apiError('payment_not_found', `no payment ${paymentId}`);
  return payment;
}

/** The order when it is this student's; anyone else's reads as not found. */
async function ownOrder(context: BaseContext, orderId: string): Promise<OrderRecord> {
  const { session } = await sessionAccount(context);
  const order = await context.runtime.deps.store.orders.get(context.settings.tenantId, orderId);
  if (order === null || order.userId !== session.userId)
    throw apiError('order_not_found', `no order ${orderId}`);
  return order;
}

function latest(payments: readonly PaymentRecord[]): PaymentRecord | null {
  return payments.at(-1) ?? null;
}

/** The form's optional fields without the `undefined`s zod leaves for absent keys. */
function deliveryInput(
  input: { category: DeliveryAddressInput['category'] } & Record<string, string | undefined>,
): DeliveryAddressInput {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) if (value !== undefined) result[key] = value;
  return result as unknown as DeliveryAddressInput;
}

/** A redirect may only lead back to the university's own pages (no open redirect). */
function checkReturnUrl(context: BaseContext, returnUrl: string | undefined): void {
  if (returnUrl === undefined) return;
  const origin = new URL(returnUrl).origin;
  const homepage =
    context.settings.homepageUrl === undefined
      ? undefined
      : new URL(context.settings.homepageUrl).origin;
  if (
    origin !== homepage &&
    origin !== new URL(context.request.url).origin &&
    !originAllowed(origin, context.tenant.allowedOrigins)
  ) {
    throw apiError('invalid_request', 'returnUrl must point at the university', {
      fields: [{ field: 'returnUrl', code: 'not-allowed' }],
    });
  }
}

type CreateOrderRequest = EndpointContext<'createOrder'>['body'];

function keyReused(): ApiError {
  return apiError('idempotency_key_reused', 'this Idempotency-Key was used for another request');
}

/** O8: a delivery as the service stores it, or null when there is none or it is invalid. */
function normalizedDelivery(
  delivery: CreateOrderRequest['delivery'],
): OrderRecord['delivery'] | null {
  if (delivery === undefined) return null;
  const normalized = normalizeDelivery(deliveryInput(delivery));
  return normalized.ok ? normalized.delivery : null;
}

/** O8: whether `body` asks for exactly the order `order` is (an idempotent retry). */
function sameOrderRequest(order: OrderRecord, body: CreateOrderRequest): boolean {
  return (
    body.acknowledgeNoRefund &&
    body.destination === order.destination &&
    body.expectedTotal === order.total &&
    body.lines.length === order.lines.length &&
    body.lines.every(
      (line, index) =>
        line.itemId === order.lines[index]?.itemId &&
        line.quantity === order.lines[index]?.quantity,
    ) &&
    JSON.stringify(normalizedDelivery(body.delivery)) === JSON.stringify(order.delivery)
  );
}

/** O2–O5, O8: the order `body` asks for, after every rule; throws the first kind of problem. */
function newOrder(
  context: EndpointContext<'createOrder'>,
  student: Student,
  orderId: string | null,
): OrderRecord {
  const { body, settings, now } = context;
  // O8: 返金不可 must be acknowledged on the review step.
  if (!body.acknowledgeNoRefund) {
    throw apiError('no_refund_not_acknowledged', 'acknowledge that nothing is refunded once paid', {
      fields: [{ field: 'acknowledgeNoRefund', code: 'required' }],
    });
  }
  const priced = priceOrder({
    tenant: settings,
    student,
    destination: body.destination,
    now,
    lines: body.lines,
  });
  if (!priced.ok)
    throw apiError('order_invalid', 'the order has problems', { lineProblems: priced.problems });

  let delivery: OrderRecord['delivery'] = null;
  if (body.destination === 'mail') {
    if (body.delivery === undefined) {
      throw apiError('delivery_invalid', 'mail needs a delivery address', {
        fields: [{ field: 'delivery', code: 'required' }],
      });
    }
    const normalized = normalizeDelivery(deliveryInput(body.delivery));
    if (!normalized.ok) {
      throw apiError('delivery_invalid', 'the delivery address has problems', {
        fields: normalized.problems.map((problem) => ({
          field: `delivery.${problem.field}`,
          code: problem.code,
        })),
      });
    }
    delivery = normalized.delivery;
  } else if (body.delivery !== undefined) {
    throw apiError('delivery_invalid', 'only mail takes a delivery address', {
      fields: [{ field: 'delivery', code: 'not-allowed' }],
    });
  }
  // O8: the student pays what they saw, or nothing.
  if (body.expectedTotal !== priced.total) {
    throw apiError('total_mismatch', `the total is ${priced.total} yen, not ${body.expectedTotal}`);
  }

  return {
    orderId: orderId ?? `ord_${randomAlphanumeric(12)}`,
    tenantId: settings.tenantId,
    userId: student.userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    destination: body.destination,
    lines: priced.lines.map((line) => ({
      itemId: line.itemId,
      name: settings.catalog.find((item) => item.itemId === line.itemId)?.name ?? {
        ja: line.itemId,
      },
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      subtotal: line.subtotal,
    })),
    total: priced.total,
    delivery,
    // O5: the estimate shown before payment, from the time of application; recomputed from the
    // moment the payment succeeds (fulfilment.ts applyPaymentEvent), since the office starts then.
    pickupReadyAt:
      delivery?.category === 'counter'
        ? counterPickupReadyAt(now, settings.closures).toISOString()
        : null,
    status: 'awaiting-payment',
    printReservation: null,
    processingAt: null,
    completedAt: null,
  };
}

export const orderHandlers = {
  async getCatalog(context) {
    const { session } = await sessionAccount(context);
    const entries = catalogFor({
      tenant: context.settings,
      student: requireStudent(session),
      destination: context.query.destination,
      now: context.now,
    });
    return { destination: context.query.destination, items: entries.map(catalogEntryView) };
  },

  async getPickupEstimate(context) {
    return {
      appliedAt: context.now.toISOString(),
      readyAt: counterPickupReadyAt(context.now, context.settings.closures).toISOString(),
    };
  },

  async createOrder(context) {
    const { session } = await sessionAccount(context);
    const student = requireStudent(session);
    const { body, settings, now, runtime } = context;
    const { store } = runtime.deps;
    const idempotencyKey = context.idempotencyKey;
    if (idempotencyKey === undefined) throw new Error('the router guarantees an Idempotency-Key');
    const tenantId = settings.tenantId;
    // O8: a retried request (lost response) gets the order it made, not a second one. The key's
    // record is written before the order, so a crash between the two is finished by the retry.
    // The replay is read under the order's lock after the key's lock is released: locks on
    // different keys are never nested (ServiceRuntime.withLock).
    const outcome = await runtime.withLock(
      `idempotency:${tenantId}:${student.userId}:${idempotencyKey}`,
      async (): Promise<{ created: ReturnType<typeof orderView> } | { replay: string }> => {
        const earlier = await store.idempotency.get(tenantId, student.userId, idempotencyKey);
        if (earlier !== null && earlier.endpoint !== 'createOrder') throw keyReused();
        if (earlier !== null) {
          const existing = await store.orders.get(tenantId, earlier.resourceId);
          if (existing !== null) {
            // Checked before the rules: prices may have changed since, the order stands.
            if (!sameOrderRequest(existing, body)) throw keyReused();
            return { replay: existing.orderId };
          }
        }
        const order = newOrder(context, student, earlier?.resourceId ?? null);
        if (earlier === null) {
          await store.idempotency.put({
            tenantId,
            userId: student.userId,
            key: idempotencyKey,
            endpoint: 'createOrder',
            resourceId: order.orderId,
            createdAt: now.toISOString(),
          });
        }
        await store.orders.put(order);
        return { created: orderView(order, null) };
      },
    );
    if ('created' in outcome) return outcome.created;
    context.responseHeaders.set('Idempotent-Replayed', 'true');
    return runtime.withLock(`order:${tenantId}:${outcome.replay}`, async () => {
      const stored = await store.orders.get(tenantId, outcome.replay);
      if (stored === null) throw new Error('an order vanished after its Idempotency-Key');
      const { order, payments } = await refreshOrder(runtime, settings, stored, now);
      return orderView(order, latest(payments));
    });
  },

  async listOrders(context) {
    const { session } = await sessionAccount(context);
    const { runtime, settings, now } = context;
    const orders = await runtime.deps.store.orders.listForUser(
      settings.tenantId,
      session.userId ?? '',
    );
    // Issue 15: a read takes no lock and writes nothing; lapses are computed (readOrder).
    const views = [];
    for (const stored of orders) {
      const { order, payments } = await readOrder(runtime, settings, stored, now);
      views.push(orderView(order, latest(payments)));
    }
    return { orders: views };
  },

  async getOrder(context) {
    const { runtime, settings, now } = context;
    const { order, payments } = await readOrder(
      runtime,
      settings,
      await ownOrder(context, context.params.orderId),
      now,
    );
    return orderView(order, latest(payments));
  },

  async startPayment(context) {
    const { runtime, settings, now, body } = context;
    const { store } = runtime.deps;
    const idempotencyKey = context.idempotencyKey;
    if (idempotencyKey === undefined) throw new Error('the router guarantees an Idempotency-Key');
    checkReturnUrl(context, body.returnUrl);
    return runtime.withLock(`order:${settings.tenantId}:${context.params.orderId}`, async () => {
      const stored = await ownOrder(context, context.params.orderId);
      // O8: a key is good for one order of one student.
      const earlier = await store.idempotency.get(settings.tenantId, stored.userId, idempotencyKey);
      if (
        earlier !== null &&
        (earlier.endpoint !== 'startPayment' || earlier.resourceId !== stored.orderId)
      ) {
        throw keyReused();
      }
      const { order, payments } = await refreshOrder(runtime, settings, stored, now);
      const decision = decidePaymentStart({
        orderStatus: order.status,
        payments,
        idempotencyKey,
        method: body.method,
        allowedMethods: settings.paymentMethods,
      });
      switch (decision.action) {
        case 'replay': {
          const replayed = payments.find((payment) => payment.paymentId === decision.paymentId);
          if (replayed === undefined)
            throw new Error('decidePaymentStart replayed an unknown payment');
          context.responseHeaders.set('Idempotent-Replayed', 'true');
          return paymentView(replayed);
        }
        case 'reject':
          throw apiError(REJECTIONS[decision.code], `the payment cannot start: ${decision.code}`);
        case 'create':
          break;
      }
      if (earlier === null) {
        await store.idempotency.put({
          tenantId: settings.tenantId,
          userId: order.userId,
          key: idempotencyKey,
          endpoint: 'startPayment',
          resourceId: order.orderId,
          createdAt: now.toISOString(),
        });
      }
      const paymentId = `pay_${randomAlphanumeric(12)}`;
      const { nextStep } = await runtime.deps.payments.start({
        paymentId,
        orderId: order.orderId,
        tenantId: settings.tenantId,
        amount: order.total,
        method: body.method,
        ...(body.returnUrl === undefined ? {} : { returnUrl: body.returnUrl }),
        deadline: paymentDeadline(now, settings.paymentNumberValidDays),
      });
      const payment: PaymentRecord = {
        paymentId,
        orderId: order.orderId,
        tenantId: settings.tenantId,
        userId: order.userId,
        idempotencyKey,
        method: body.method,
        status: 'pending',
        amount: order.total,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        nextStep,
        deadline: nextStep.kind === 'payment-number' ? nextStep.deadline : null,
      };
      await store.payments.put(payment);
      return paymentView(payment);
    });
  },

  async getPayment(context) {
    const { runtime, settings, now, params } = context;
    const { payments } = await readOrder(
      runtime,
      settings,
      await ownOrder(context, params.orderId),
      now,
    );
    return paymentView(paymentIn(payments, params.paymentId));
  },

  async cancelPayment(context) {
    const { runtime, settings, now } = context;
    return withOwnPayment(context, async (payment) => {
      if (payment.status === 'succeeded') throw apiError('already_paid', 'the payment succeeded');
      if (payment.status !== 'pending')
        throw apiError('payment_not_cancellable', `the payment is ${payment.status}`);
      if ((await cancelPendingPayment(runtime, settings, payment, now)) === 'paid')
        throw apiError('already_paid', 'the provider had already taken the payment');
      return paymentView(payment);
    });
  },

  async cancelOrder(context) {
    const { runtime, settings, now } = context;
    return runtime.withLock(`order:${settings.tenantId}:${context.params.orderId}`, async () => {
      const { order, payments } = await cancelUnpaidOrder(
        runtime,
        settings,
        await ownOrder(context, context.params.orderId),
        now,
      );
      return orderView(order, latest(payments));
    });
  },
} satisfies Pick<
  EndpointHandlers,
  | 'getCatalog'
  | 'getPickupEstimate'
  | 'createOrder'
  | 'listOrders'
  | 'getOrder'
  | 'startPayment'
  | 'getPayment'
  | 'cancelPayment'
  | 'cancelOrder'
>;
