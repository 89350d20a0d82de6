import { describe, expect, it } from 'vitest';
import {
  decidePaymentStart,
  isKonbini,
  issuePrintReservation,
  paymentDeadline,
  paymentLapse,
  paymentNextStepKind,
  REDIRECT_CHECKOUT_TTL_MINUTES,
  type ExistingPayment,
} from './payment.js';
import { PAYMENT_METHODS, type PaymentMethod } from './vocabulary.js';

describe('payment methods', () => {
  it.each(PAYMENT_METHODS)('O7: %s has its own next step', (method) => {
    const paysLater = method.startsWith('konbini-') || method === 'pay-easy';
    expect(paymentNextStepKind(method)).toBe(paysLater ? 'payment-number' : 'redirect');
    expect(isKonbini(method)).toBe(method.startsWith('konbini-'));
  });
});

describe('decidePaymentStart', () => {
  const allowedMethods: PaymentMethod[] = ['card', 'konbini-lawson', 'paypay'];
  const payment = (overrides: Partial<ExistingPayment>): ExistingPayment => ({
    paymentId: 'pay_1',
    idempotencyKey: 'key-1',
    method: 'card',
    status: 'pending',
    ...overrides,
  });
  const decide = (overrides: Partial<Parameters<typeof decidePaymentStart>[0]>) =>
    decidePaymentStart({
      orderStatus: 'awaiting-payment',
      payments: [],
      idempotencyKey: 'key-2',
      method: 'card',
      allowedMethods,
      ...overrides,
    });

  it('O7: a first payment with an allowed method is created', () => {
    expect(decide({})).toEqual({ action: 'create' });
  });

  it('O8: a retry with the same key and method replays the same payment, even after it succeeded', () => {
    expect(decide({ payments: [payment({})], idempotencyKey: 'key-1' })).toEqual({
      action: 'replay',
      paymentId: 'pay_1',
    });
    expect(
      decide({
        orderStatus: 'paid',
        payments: [payment({ status: 'succeeded' })],
        idempotencyKey: 'key-1',
      }),
    ).toEqual({ action: 'replay', paymentId: 'pay_1' });
  });

  it('O8: the same key with another method is refused', () => {
    expect(decide({ payments: [payment({})], idempotencyKey: 'key-1', method: 'paypay' })).toEqual({
      action: 'reject',
      code: 'idempotency-key-reused',
    });
  });

  it('O8: an order cannot be paid twice', () => {
    expect(decide({ orderStatus: 'paid', payments: [payment({ status: 'succeeded' })] })).toEqual({
      action: 'reject',
      code: 'already-paid',
    });
    expect(
      decide({ payments: [payment({ status: 'pending', method: 'konbini-lawson' })] }),
    ).toEqual({
      action: 'reject',
      code: 'payment-in-progress',
    });
  });

  it('O8: after a declined or expired attempt the student may try again', () => {
    expect(
      decide({
        payments: [
          payment({ status: 'declined' }),
          payment({ paymentId: 'pay_2', idempotencyKey: 'k', status: 'cancelled' }),
        ],
      }),
    ).toEqual({
      action: 'create',
    });
  });

  it.each(['paid', 'processing', 'completed', 'expired', 'cancelled'] as const)(
    'O8: an order that is %s is not payable',
    (orderStatus) => {
      expect(decide({ orderStatus })).toEqual({ action: 'reject', code: 'order-not-payable' });
    },
  );

  it('O7: a method the tenant does not offer is refused', () => {
    expect(decide({ method: 'merpay' })).toEqual({ action: 'reject', code: 'method-unavailable' });
  });
});

describe('deadlines and print reservations', () => {
  it('O7: a payment number is valid to the end of the Tokyo day, days later', () => {
    // 2026-06-05 23:30 in Tokyo is already the 5th there, so 3 days means the end of the 8th.
    expect(paymentDeadline(new Date('2026-06-05T14:30:00Z'), 3)).toBe('2026-06-08T14:59:59.000Z');
    expect(paymentDeadline(new Date('2026-06-05T15:30:00Z'), 3)).toBe('2026-06-09T14:59:59.000Z');
    expect(() => paymentDeadline(new Date(), -1)).toThrow(RangeError);
  });

  it('O10: a print reservation number is 8 unambiguous characters with its validity', () => {
    const numbers = new Set<string>();
    for (let index = 0; index < 200; index += 1) {
      const reservation = issuePrintReservation(new Date('2026-06-05T01:00:00Z'), 7);
      expect(reservation.number).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{8}$/);
      expect(reservation.validUntil).toBe('2026-06-12T14:59:59.000Z');
      numbers.add(reservation.number);
    }
    expect(numbers.size).toBe(200);
  });
});

describe('paymentLapse', () => {
  const started = '2026-06-03T01:00:00.000Z';
  const at = (minutes: number) => new Date(Date.parse(started) + minutes * 60 * 1000);

  it('O8: a redirect checkout lapses after REDIRECT_CHECKOUT_TTL_MINUTES; only a pending one', () => {
    const card = { method: 'card', status: 'pending', createdAt: started, deadline: null } as const;
    expect(paymentLapse(card, at(REDIRECT_CHECKOUT_TTL_MINUTES))).toBeNull();
    expect(paymentLapse(card, at(REDIRECT_CHECKOUT_TTL_MINUTES + 1))).toBe('checkout-abandoned');
    expect(paymentLapse({ ...card, status: 'succeeded' }, at(600))).toBeNull();
  });

  it('O7/O11: a payment number lapses after its deadline, not after the checkout TTL', () => {
    const konbini = {
      method: 'konbini-lawson',
      status: 'pending',
      createdAt: started,
      deadline: '2026-06-08T14:59:59.000Z',
    } as const;
    expect(paymentLapse(konbini, at(60 * 24))).toBeNull();
    expect(paymentLapse(konbini, new Date('2026-06-08T15:00:00Z'))).toBe('deadline-passed');
  });
});
