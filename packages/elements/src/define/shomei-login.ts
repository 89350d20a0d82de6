import { defineElement } from '../internal/define-element.js';
import { ShomeiLogin } from '../login/login.js';
// The tags <shomei-login> renders.
import './shomei-dialog.js';
import './shomei-language-picker.js';
import './shomei-text-field.js';

defineElement('shomei-login', ShomeiLogin);

declare global {
  interface HTMLElementTagNameMap {
    'shomei-login': ShomeiLogin;
  }
}
