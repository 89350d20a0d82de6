import { describe, expect, it } from 'vitest';
import { fail, ok } from './fake-client.js';
import {
  orderEffect,
  orderInitialState,
  orderStateForReturn,
  orderTotal,
  orderTransition,
  type OrderEvent,
  type OrderState,
} from './order.js';
import {
  awaitingOrder,
  konbiniPayment,
  mailCatalog,
  paidOrder,
  printerCatalog,
  redirectPayment,
} from './test-fixtures.js';

const run = (state: OrderState, ...events: OrderEvent[]): OrderState =>
  events.reduce(orderTransition, state);

type Of<S extends OrderState['status']> = Extract<OrderState, { status: S }>;
function expectStatus<S extends OrderState['status']>(state: OrderState, status: S): Of<S> {
  expect(state.status).toBe(status);
  return state as Of<S>;
}

const METHODS = ['card', 'paypay', 'konbini-lawson', 'pay-easy'] as const;
const start = orderInitialState({
  paymentMethods: METHODS,
  returnUrl: 'https://univ.example/pay/return',
});

const atCatalog = (destination: 'mail' | 'campus-printer'): OrderState =>
  run(
    start,
    { type: 'choose-destination', destination },
    {
      type: 'result',
      endpoint: 'getCatalog',
      result: ok(destination === 'mail' ? mailCatalog : printerCatalog),
    },
  );

const printerReview = run(
  atCatalog('campus-printer'),
  { type: 'set-quantity', itemId: 'enrollment-ja', quantity: 2 },
  { type: 'continue' },
);

const counterReview = run(
  atCatalog('mail'),
  { type: 'set-quantity', itemId: 'student-card', quantity: 1 },
  { type: 'continue' },
  { type: 'set-delivery-category', category: 'counter' },
  { type: 'continue' },
  {
    type: 'result',
    endpoint: 'getPickupEstimate',
    result: ok({ appliedAt: '2025-06-02T07:00:00.000Z', readyAt: '2025-06-04T04:00:00.000Z' }),
  },
);

const creating = run(
  printerReview,
  { type: 'acknowledge-no-refund', acknowledged: true },
  { type: 'proceed-to-payment' },
);
const paymentMethod = run(creating, {
  type: 'result',
  endpoint: 'createOrder',
  result: ok(awaitingOrder),
});

describe('order flow', () => {
  it('O7: reads the tenant first when the page has not got its payment methods', () => {
    const state = orderInitialState();
    expect(orderEffect(state)).toEqual({ type: 'call', endpoint: 'getTenant', input: {} });
  });

  it('O1: choosing a print destination loads its catalog', () => {
    const state = run(start, { type: 'choose-destination', destination: 'konbini' });
    expect(orderEffect(state)).toEqual({
      type: 'call',
      endpoint: 'getCatalog',
      input: { query: { destination: 'konbini' } },
    });
  });

  it('O2: the catalog for the destination is shown with nothing ordered yet', () => {
    const state = expectStatus(atCatalog('mail'), 'quantities');
    expect(state.draft.catalog).toBe(mailCatalog);
    expect(state.total).toBe(0);
    expect(state.lineProblems).toEqual([]);
  });

  it('O9: an ineligible item cannot be chosen', () => {
    const state = atCatalog('mail');
    expect(
      orderTransition(state, { type: 'set-quantity', itemId: 'parking-fee', quantity: 1 }),
    ).toBe(state);
  });

  it('O3: the total follows the quantities, in integer yen', () => {
    const state = expectStatus(
      run(
        atCatalog('mail'),
        { type: 'set-quantity', itemId: 'enrollment-ja', quantity: 3 },
        { type: 'set-quantity', itemId: 'student-card', quantity: 1 },
      ),
      'quantities',
    );
    expect(state.total).toBe(2600);
    expect(orderTotal(mailCatalog, { 'enrollment-ja': 3, 'student-card': 1 })).toBe(2600);
  });

  it('O3: a quantity over the per-item limit is a line problem and blocks going on', () => {
    const over = expectStatus(
      run(atCatalog('mail'), { type: 'set-quantity', itemId: 'enrollment-ja', quantity: 11 }),
      'quantities',
    );
    expect(over.lineProblems).toEqual([{ itemId: 'enrollment-ja', code: 'quantity-out-of-range' }]);
    expect(over.draft.quantities).toEqual({ 'enrollment-ja': 11 });
    expect(over.total).toBe(0);
    const blocked = expectStatus(orderTransition(over, { type: 'continue' }), 'quantities');
    expect(blocked.error).toMatchObject({ code: 'order_invalid', lineProblems: over.lineProblems });
  });

  it('O3: an empty order does not go on', () => {
    const state = expectStatus(
      orderTransition(atCatalog('mail'), { type: 'continue' }),
      'quantities',
    );
    expect(state.error?.lineProblems).toEqual([{ itemId: null, code: 'empty-order' }]);
  });

  it('O1: printer and konbini skip the delivery step', () => {
    const review = expectStatus(printerReview, 'review');
    expect(review.delivery).toBeNull();
    expect(review.lines).toEqual([
      {
        itemId: 'enrollment-ja',
        name: { ja: '在学証明書' },
        quantity: 2,
        unitPrice: 200,
        subtotal: 400,
      },
    ]);
  });

  describe('delivery', () => {
    const delivery = run(
      atCatalog('mail'),
      { type: 'set-quantity', itemId: 'student-card', quantity: 1 },
      { type: 'continue' },
    );

    it('O4: mail asks for a delivery address', () => {
      expect(expectStatus(delivery, 'delivery').counterAddress).toBeNull();
    });

    it('O4: a home address with fields missing is refused with the fields at fault', () => {
      const state = run(
        delivery,
        { type: 'set-delivery-field', field: 'recipientName', value: '産業 花子' },
        { type: 'set-delivery-field', field: 'postalCode', value: '８０７−８５５５' },
        { type: 'continue' },
      );
      const refused = expectStatus(state, 'delivery');
      expect(refused.error?.code).toBe('delivery_invalid');
      expect(refused.error?.fields.map((problem) => problem.field)).toEqual([
        'prefecture',
        'city',
        'addressLine1',
        'phone',
      ]);
      expect(refused.draft.delivery).toMatchObject({
        recipientName: '産業 花子',
        postalCode: '８０７−８５５５',
      });
    });

    it('O4: 「大学窓口で受取り」 sets the address to 窓口受取り and needs no postal code', () => {
      const counter = expectStatus(
        run(delivery, { type: 'set-delivery-category', category: 'counter' }),
        'delivery',
      );
      expect(counter.counterAddress).toBe('窓口受取り');
      const estimating = orderTransition(counter, { type: 'continue' });
      expect(orderEffect(estimating)).toEqual({
        type: 'call',
        endpoint: 'getPickupEstimate',
        input: {},
      });
    });

    it('O5: the counter pickup estimate is shown on the review, before paying', () => {
      const review = expectStatus(counterReview, 'review');
      expect(review.pickupReadyAt).toBe('2025-06-04T04:00:00.000Z');
      expect(review.delivery).toEqual({ category: 'counter' });
    });

    it('X5: switching to the counter and back keeps the typed address', () => {
      const state = run(
        delivery,
        { type: 'set-delivery-field', field: 'city', value: '北九州市' },
        { type: 'set-delivery-category', category: 'counter' },
        { type: 'set-delivery-category', category: 'home' },
      );
      expect(expectStatus(state, 'delivery').draft.delivery.city).toBe('北九州市');
    });
  });

  describe('review and order', () => {
    it('O8: proceeding to payment needs the no-refund acknowledgement', () => {
      expect(orderTransition(printerReview, { type: 'proceed-to-payment' })).toBe(printerReview);
      const acknowledged = orderTransition(printerReview, {
        type: 'acknowledge-no-refund',
        acknowledged: true,
      });
      expect(expectStatus(acknowledged, 'review').acknowledgedNoRefund).toBe(true);
      expect(orderTransition(acknowledged, { type: 'proceed-to-payment' }).status).toBe(
        'creating-order',
      );
    });

    it('O8: the order carries the total the student saw and the acknowledgement', () => {
      expect(orderEffect(creating)).toEqual({
        type: 'call',
        endpoint: 'createOrder',
        input: {
          body: {
            destination: 'campus-printer',
            lines: [{ itemId: 'enrollment-ja', quantity: 2 }],
            expectedTotal: 400,
            acknowledgeNoRefund: true,
          },
        },
      });
    });

    it('O4: a counter-pickup order sends only its category as delivery', () => {
      const state = run(
        counterReview,
        { type: 'acknowledge-no-refund', acknowledged: true },
        { type: 'proceed-to-payment' },
      );
      expect(orderEffect(state)?.input).toMatchObject({
        body: { destination: 'mail', delivery: { category: 'counter' }, expectedTotal: 2000 },
      });
    });

    it('O8: changing the quantities asks for the acknowledgement again', () => {
      const state = run(
        printerReview,
        { type: 'acknowledge-no-refund', acknowledged: true },
        { type: 'back' },
        { type: 'set-quantity', itemId: 'enrollment-ja', quantity: 3 },
        { type: 'continue' },
      );
      expect(expectStatus(state, 'review').acknowledgedNoRefund).toBe(false);
    });

    it('O3: a total the service disagrees with reloads the catalog and keeps the quantities', () => {
      const reloading = orderTransition(creating, {
        type: 'result',
        endpoint: 'createOrder',
        result: fail({ code: 'total_mismatch', status: 409 }),
      });
      expect(reloading).toMatchObject({ status: 'catalog-loading', reason: 'total_mismatch' });
      expect(orderEffect(reloading)?.endpoint).toBe('getCatalog');
      const repriced = {
        ...printerCatalog,
        items: printerCatalog.items.map((item) => ({ ...item, unitPrice: 250 })),
      };
      const state = expectStatus(
        orderTransition(reloading, {
          type: 'result',
          endpoint: 'getCatalog',
          result: ok(repriced),
        }),
        'quantities',
      );
      expect(state.draft.quantities).toEqual({ 'enrollment-ja': 2 });
      expect(state.total).toBe(500);
      expect(state.error?.code).toBe('total_mismatch');
    });

    it('O9: a window that closed meanwhile sends the student back to the quantities with the lines at fault', () => {
      const lineProblems = [{ itemId: 'enrollment-ja', code: 'outside-window' }];
      const state = expectStatus(
        orderTransition(creating, {
          type: 'result',
          endpoint: 'createOrder',
          result: fail({ code: 'order_invalid', status: 422, lineProblems }),
        }),
        'quantities',
      );
      expect(state.error).toEqual({ code: 'order_invalid', fields: [], lineProblems });
      expect(state.draft.quantities).toEqual({ 'enrollment-ja': 2 });
    });

    it("O3: editing a line the service found at fault clears that line's problem, and the error once none is left", () => {
      const lineProblems = [
        { itemId: 'enrollment-ja', code: 'quantity-out-of-range' },
        { itemId: 'transcript-en', code: 'quantity-out-of-range' },
      ];
      const refused = run(
        atCatalog('campus-printer'),
        { type: 'set-quantity', itemId: 'enrollment-ja', quantity: 2 },
        { type: 'set-quantity', itemId: 'transcript-en', quantity: 1 },
        { type: 'continue' },
        { type: 'acknowledge-no-refund', acknowledged: true },
        { type: 'proceed-to-payment' },
        {
          type: 'result',
          endpoint: 'createOrder',
          result: fail({ code: 'order_invalid', status: 400, lineProblems }),
        },
      );
      expect(expectStatus(refused, 'quantities').error?.lineProblems).toEqual(lineProblems);
      const oneFixed = expectStatus(
        orderTransition(refused, { type: 'set-quantity', itemId: 'enrollment-ja', quantity: 1 }),
        'quantities',
      );
      expect(oneFixed.error).toEqual({
        code: 'order_invalid',
        fields: [],
        lineProblems: [{ itemId: 'transcript-en', code: 'quantity-out-of-range' }],
      });
      const bothFixed = expectStatus(
        orderTransition(oneFixed, { type: 'set-quantity', itemId: 'transcript-en', quantity: 2 }),
        'quantities',
      );
      expect(bothFixed.error).toBeUndefined();
    });

    it('X5: a failed order keeps the review and its acknowledgement', () => {
      const state = expectStatus(
        orderTransition(creating, {
          type: 'result',
          endpoint: 'createOrder',
          result: fail({ code: 'network' }),
        }),
        'review',
      );
      expect(state.acknowledgedNoRefund).toBe(true);
      expect(state.error?.code).toBe('network');
    });
  });

  describe('payment', () => {
    it("O7: the order awaits payment with the tenant's methods", () => {
      const state = expectStatus(paymentMethod, 'payment-method');
      expect(state.paymentMethods).toEqual(METHODS);
      expect(state.method).toBeNull();
      expect(orderTransition(state, { type: 'pay' })).toBe(state);
    });

    it('O7: a method the tenant does not offer cannot be chosen', () => {
      expect(
        orderTransition(paymentMethod, { type: 'choose-payment-method', method: 'merpay' }),
      ).toBe(paymentMethod);
    });

    it('O7: paying starts the payment with the return URL', () => {
      const state = run(
        paymentMethod,
        { type: 'choose-payment-method', method: 'card' },
        { type: 'pay' },
      );
      expect(orderEffect(state)).toEqual({
        type: 'call',
        endpoint: 'startPayment',
        input: {
          params: { orderId: 'ord_1' },
          body: { method: 'card', returnUrl: 'https://univ.example/pay/return' },
        },
      });
    });

    it("O7: a redirect method's next step is the provider's page", () => {
      const state = run(
        paymentMethod,
        { type: 'choose-payment-method', method: 'card' },
        { type: 'pay' },
        { type: 'result', endpoint: 'startPayment', result: ok(redirectPayment) },
      );
      expect(expectStatus(state, 'payment-next-step').payment.nextStep).toEqual({
        kind: 'redirect',
        url: 'https://pay.example/checkout/pay_1',
      });
    });

    it('O7: konbini gives a payment number and a deadline', () => {
      const state = run(
        paymentMethod,
        { type: 'choose-payment-method', method: 'konbini-lawson' },
        { type: 'pay' },
        { type: 'result', endpoint: 'startPayment', result: ok(konbiniPayment) },
      );
      expect(expectStatus(state, 'payment-next-step').payment.nextStep).toMatchObject({
        kind: 'payment-number',
        paymentNumber: '1234-5678-9012',
        deadline: '2025-06-05T14:59:59.000Z',
      });
    });

    it('O8: 別の支払方法を選ぶ gives up the number at the service, then the methods are offered again', () => {
      const numbered = run(
        paymentMethod,
        { type: 'choose-payment-method', method: 'konbini-lawson' },
        { type: 'pay' },
        { type: 'result', endpoint: 'startPayment', result: ok(konbiniPayment) },
      );
      const cancelling = orderTransition(numbered, { type: 'change-payment-method' });
      expect(orderEffect(cancelling)).toEqual({
        type: 'call',
        endpoint: 'cancelPayment',
        input: { params: { orderId: 'ord_1', paymentId: konbiniPayment.paymentId } },
      });
      const again = expectStatus(
        orderTransition(cancelling, {
          type: 'result',
          endpoint: 'cancelPayment',
          result: ok({ ...konbiniPayment, status: 'cancelled' }),
        }),
        'payment-method',
      );
      expect(again.method).toBeNull();
      expect(again.order.payment).toBeNull();
      // Paid meanwhile: the order is read, not offered again.
      expect(
        orderTransition(cancelling, {
          type: 'result',
          endpoint: 'cancelPayment',
          result: fail({ code: 'already_paid', status: 409 }),
        }).status,
      ).toBe('confirming-payment');
      // Any other failure keeps the number on screen with the error.
      const kept = expectStatus(
        orderTransition(cancelling, {
          type: 'result',
          endpoint: 'cancelPayment',
          result: fail({ code: 'network' }),
        }),
        'payment-next-step',
      );
      expect(kept.error?.code).toBe('network');
      expect(kept.payment).toEqual(konbiniPayment);
    });

    it('O7: a declined payment goes back to the methods with the error and the method kept', () => {
      const state = run(
        paymentMethod,
        { type: 'choose-payment-method', method: 'card' },
        { type: 'pay' },
        {
          type: 'result',
          endpoint: 'startPayment',
          result: ok({ ...redirectPayment, status: 'declined', nextStep: { kind: 'none' } }),
        },
      );
      const back = expectStatus(state, 'payment-method');
      expect(back.method).toBe('card');
      expect(back.error?.code).toBe('payment_declined');
    });

    it('O10: after the provider, the order shows the print reservation', () => {
      const nextStep = run(
        paymentMethod,
        { type: 'choose-payment-method', method: 'card' },
        { type: 'pay' },
        { type: 'result', endpoint: 'startPayment', result: ok(redirectPayment) },
      );
      const checking = orderTransition(nextStep, { type: 'check-payment' });
      expect(orderEffect(checking)).toEqual({
        type: 'call',
        endpoint: 'getOrder',
        input: { params: { orderId: 'ord_1' } },
      });
      const done = expectStatus(
        orderTransition(checking, { type: 'result', endpoint: 'getOrder', result: ok(paidOrder) }),
        'done',
      );
      expect(done.order.printReservation).toEqual({
        number: 'K7QH4M2P',
        validUntil: '2025-06-09T14:59:59.000Z',
      });
    });

    it('O7: a payment still pending keeps the next step and says so', () => {
      const pendingOrder = { ...awaitingOrder, payment: konbiniPayment };
      const state = run(orderStateForReturn('ord_1', METHODS), {
        type: 'result',
        endpoint: 'getOrder',
        result: ok(pendingOrder),
      });
      expect(state).toMatchObject({
        status: 'payment-next-step',
        stillPending: true,
        payment: konbiniPayment,
      });
    });

    it('O8: an order already paid is shown as paid, not paid again', () => {
      const state = run(
        paymentMethod,
        { type: 'choose-payment-method', method: 'card' },
        { type: 'pay' },
        {
          type: 'result',
          endpoint: 'startPayment',
          result: fail({ code: 'already_paid', status: 409 }),
        },
      );
      expect(state.status).toBe('confirming-payment');
    });

    it('O11: an order that expired before payment is closed, and the student can start over', () => {
      const closed = run(orderStateForReturn('ord_1', METHODS), {
        type: 'result',
        endpoint: 'getOrder',
        result: ok({ ...awaitingOrder, status: 'expired' }),
      });
      expect(closed.status).toBe('order-closed');
      expect(orderTransition(closed, { type: 'start-over' })).toMatchObject({
        status: 'destination',
      });
    });

    it('X5: a failed status check can be retried', () => {
      const failed = run(orderStateForReturn('ord_1'), {
        type: 'result',
        endpoint: 'getOrder',
        result: fail({ code: 'timeout' }),
      });
      expect(failed).toMatchObject({ status: 'payment-check-failed', error: { code: 'timeout' } });
      expect(orderTransition(failed, { type: 'check-payment' }).status).toBe('confirming-payment');
    });
  });

  describe('back navigation', () => {
    it('X5: back from every step returns to the previous one keeping everything entered', () => {
      const review = expectStatus(counterReview, 'review');
      const delivery = expectStatus(orderTransition(review, { type: 'back' }), 'delivery');
      expect(delivery.draft.delivery.category).toBe('counter');
      const quantities = expectStatus(orderTransition(delivery, { type: 'back' }), 'quantities');
      expect(quantities.draft.quantities).toEqual({ 'student-card': 1 });
      const destination = expectStatus(
        orderTransition(quantities, { type: 'back' }),
        'destination',
      );
      expect(destination.draft.destination).toBe('mail');
      expect(destination.draft.quantities).toEqual({ 'student-card': 1 });
      // The first step has nowhere to go back to.
      expect(orderTransition(destination, { type: 'back' })).toBe(destination);
      // Choosing the same destination again keeps the quantities for what the catalog offers.
      const again = run(
        destination,
        { type: 'choose-destination', destination: 'mail' },
        {
          type: 'result',
          endpoint: 'getCatalog',
          result: ok(mailCatalog),
        },
      );
      expect(expectStatus(again, 'quantities').total).toBe(2000);
    });

    it('X5: back from the payment methods returns to the review', () => {
      expect(orderTransition(paymentMethod, { type: 'back' })).toMatchObject({
        status: 'review',
        total: 400,
      });
    });

    it('O8: no back while the order or the payment is being made', () => {
      expect(orderTransition(creating, { type: 'back' })).toBe(creating);
      const starting = run(
        paymentMethod,
        { type: 'choose-payment-method', method: 'card' },
        { type: 'pay' },
      );
      expect(orderTransition(starting, { type: 'back' })).toBe(starting);
    });

    it('O1: back while the catalog loads returns to the destinations', () => {
      const loading = run(start, { type: 'choose-destination', destination: 'mail' });
      expect(orderTransition(loading, { type: 'back' })).toMatchObject({ status: 'destination' });
    });
  });
});
