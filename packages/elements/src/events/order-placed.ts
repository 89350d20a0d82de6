import type { Order } from '@shomei/sdk';

export interface ShomeiOrderPlacedDetail {
  /** The order as the service made it: awaiting payment (O8). */
  readonly order: Order;
}

/** The student confirmed the review and the service made the order (O8); payment comes next. */
export class ShomeiOrderPlacedEvent extends CustomEvent<ShomeiOrderPlacedDetail> {
  static readonly eventName = 'shomei-order-placed' as const;
  constructor(detail: ShomeiOrderPlacedDetail) {
    super(ShomeiOrderPlacedEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'shomei-order-placed': ShomeiOrderPlacedEvent;
  }
}
