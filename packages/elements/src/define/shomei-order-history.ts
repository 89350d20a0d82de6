import { defineElement } from '../internal/define-element.js';
import { ShomeiOrderHistory } from '../order-history/order-history.js';

defineElement('shomei-order-history', ShomeiOrderHistory);

declare global {
  interface HTMLElementTagNameMap {
    'shomei-order-history': ShomeiOrderHistory;
  }
}
