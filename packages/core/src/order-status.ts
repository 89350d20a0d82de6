/** The life of an order (O11) as a transition table; anything not in it is illegal. */
import type { OrderStatus } from './vocabulary.js';

export const ORDER_EVENTS = [
  'payment-succeeded',
  'payment-expired',
  'cancel',
  'start-processing',
  'complete',
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

/**
 * There is no way out of `paid` but forward: nothing is refunded once paid (O8), so a paid order
 * cannot be cancelled. `paid → completed` directly is the campus printer and konbini case: the
 * order is ready as soon as its print reservation number exists (O10), with no office step.
 */
export const ORDER_TRANSITIONS: {
  readonly [From in OrderStatus]: { readonly [Event in OrderEvent]?: OrderStatus };
} = {
  'awaiting-payment': {
    'payment-succeeded': 'paid',
    'payment-expired': 'expired',
    cancel: 'cancelled',
  },
  paid: { 'start-processing': 'processing', complete: 'completed' },
  processing: { complete: 'completed' },
  completed: {},
  expired: {},
  cancelled: {},
};

/** The status after `event`, or null when `event` is illegal in `from`. */
export function nextOrderStatus(from: OrderStatus, event: OrderEvent): OrderStatus | null {
  return ORDER_TRANSITIONS[from][event] ?? null;
}

/** The events `status` accepts, in ORDER_EVENTS order. */
export function allowedOrderEvents(status: OrderStatus): OrderEvent[] {
  return ORDER_EVENTS.filter((event) => ORDER_TRANSITIONS[status][event] !== undefined);
}

/** No event leaves this status. */
export function isTerminal(status: OrderStatus): boolean {
  return allowedOrderEvents(status).length === 0;
}

/** O11: hours an order nobody pays waits before it expires, unless the tenant says otherwise. */
export const DEFAULT_UNPAID_ORDER_EXPIRY_HOURS = 72;

/**
 * O11: whether an order awaiting payment has lapsed because nobody is paying it: no payment is
 * pending (a pending payment has its own deadline or checkout lapse) and the tenant's
 * `unpaidOrderExpiryHours` have passed since it was placed. Apply it with the `payment-expired`
 * event, so the transition table above stays the one source of what may follow what.
 */
export function unpaidOrderLapsed(input: {
  readonly status: OrderStatus;
  /** ISO instant the order was placed. */
  readonly createdAt: string;
  readonly hasPendingPayment: boolean;
  readonly now: Date;
  /** The tenant's unpaidOrderExpiryHours; DEFAULT_UNPAID_ORDER_EXPIRY_HOURS when absent. */
  readonly expiryHours?: number | undefined;
}): boolean {
  if (input.hasPendingPayment || nextOrderStatus(input.status, 'payment-expired') === null) {
    return false;
  }
  const hours = input.expiryHours ?? DEFAULT_UNPAID_ORDER_EXPIRY_HOURS;
  return input.now.getTime() - Date.parse(input.createdAt) > hours * 60 * 60 * 1000;
}
