import type { Order } from '@shomei/sdk';

export interface ShomeiPaymentCompleteDetail {
  /** The paid order; `printReservation` is set for campus printer and konbini (O10). */
  readonly order: Order;
}

/** The order is paid (O7, O10): the element shows the print reservation or the next steps. */
export class ShomeiPaymentCompleteEvent extends CustomEvent<ShomeiPaymentCompleteDetail> {
  static readonly eventName = 'shomei-payment-complete' as const;
  constructor(detail: ShomeiPaymentCompleteDetail) {
    super(ShomeiPaymentCompleteEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'shomei-payment-complete': ShomeiPaymentCompleteEvent;
  }
}
