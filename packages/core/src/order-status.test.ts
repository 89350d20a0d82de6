import { describe, expect, it } from 'vitest';
import {
  allowedOrderEvents,
  isTerminal,
  nextOrderStatus,
  ORDER_EVENTS,
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
