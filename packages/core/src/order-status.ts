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
