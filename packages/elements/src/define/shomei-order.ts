import { defineElement } from '../internal/define-element.js';
import { ShomeiOrder } from '../order/order.js';
// The tags <shomei-order> renders are defined by its screens (order/order-screens.ts).

defineElement('shomei-order', ShomeiOrder);

declare global {
  interface HTMLElementTagNameMap {
    'shomei-order': ShomeiOrder;
  }
}
