import './shomei-language-picker.js';
import './shomei-text-field.js';
import { defineElement } from '../internal/define-element.js';
import { ShomeiOrder } from '../order/order.js';

defineElement('shomei-order', ShomeiOrder);

declare global {
  interface HTMLElementTagNameMap {
    'shomei-order': ShomeiOrder;
  }
}
