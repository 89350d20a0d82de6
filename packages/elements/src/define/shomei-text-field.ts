import { defineElement } from '../internal/define-element.js';
import { ShomeiTextField } from '../text-field/text-field.js';

defineElement('shomei-text-field', ShomeiTextField);

declare global {
  interface HTMLElementTagNameMap {
    'shomei-text-field': ShomeiTextField;
  }
}
