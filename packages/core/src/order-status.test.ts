import { describe, expect, it } from 'vitest';
import {
  allowedOrderEvents,
  isTerminal,
  nextOrderStatus,
  ORDER_EVENTS,
  unpaidOrderLapsed,
  DEFAULT_UNPAID_ORDER_EXPIRY_HOURS,
  type OrderEvent,
} from './order-status.js';
import { ORDER_STATUSES, type OrderStatus } from './vocabulary.js';

const LEGAL: Partial<Record<`${OrderStatus} ${OrderEvent}`, OrderStatus>> = {
  'awaiting-payment payment-succeeded': 'paid',
  'awaiting-payment payment-expired': 'expired',
  'awaiting-payment cancel': 'cancelled',
  'paid start-processing': 'processing',
  'paid complete': 'completed',
  'processing complete': 'completed',
};

describe('nextOrderStatus', () => {
  const pairs = ORDER_STATUSES.flatMap((from) =>
    ORDER_EVENTS.map((event) => [from, event] as const),
  );

  it('O11: covers all 30 status × event pairs', () => {
    expect(pairs).toHaveLength(30);
  });

  it.each(pairs)('O11: %s + %s', (from, event) => {
    expect(nextOrderStatus(from, event)).toBe(LEGAL[`${from} ${event}`] ?? null);
  });

  it('O8: a paid order cannot be cancelled (no refunds)', () => {
    expect(nextOrderStatus('paid', 'cancel')).toBeNull();
    expect(nextOrderStatus('processing', 'cancel')).toBeNull();
  });
});

describe('isTerminal', () => {
  it.each([
    ['awaiting-payment', false],
    ['paid', false],
    ['processing', false],
    ['completed', true],
    ['expired', true],
    ['cancelled', true],
  ] as const)('O11: %s is terminal: %s', (status, terminal) => {
    expect(isTerminal(status)).toBe(terminal);
    expect(allowedOrderEvents(status).length === 0).toBe(terminal);
  });
});

describe('unpaidOrderLapsed', () => {
  const createdAt = '2026-06-03T01:00:00.000Z';
  const after = (hours: number) => new Date(Date.parse(createdAt) + hours * 60 * 60 * 1000);
  const base = { status: 'awaiting-payment', createdAt, hasPendingPayment: false } as const;

  it("O11: an order nobody pays expires after the tenant's hours (default 72)", () => {
    expect(DEFAULT_UNPAID_ORDER_EXPIRY_HOURS).toBe(72);
    expect(unpaidOrderLapsed({ ...base, now: after(72) })).toBe(false);
    expect(unpaidOrderLapsed({ ...base, now: after(73) })).toBe(true);
    expect(unpaidOrderLapsed({ ...base, now: after(25), expiryHours: 24 })).toBe(true);
  });

  it('O11: a pending payment, or a status the table lets no payment expire, keeps the order', () => {
    expect(unpaidOrderLapsed({ ...base, hasPendingPayment: true, now: after(100) })).toBe(false);
    for (const status of ['paid', 'processing', 'completed', 'expired', 'cancelled'] as const) {
      expect(unpaidOrderLapsed({ ...base, status, now: after(100) })).toBe(false);
    }
  });
});
