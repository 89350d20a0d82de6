import { defineElement } from '../internal/define-element.js';
import { ShomeiLanguagePicker } from '../language-picker/language-picker.js';

defineElement('shomei-language-picker', ShomeiLanguagePicker);

declare global {
  interface HTMLElementTagNameMap {
    'shomei-language-picker': ShomeiLanguagePicker;
  }
}
