import { defineElement } from '../internal/define-element.js';
import { ShomeiLogin } from '../login/login.js';
// The tags <shomei-login> renders are defined with its screens (login/login-screens.ts).

defineElement('shomei-login', ShomeiLogin);

declare global {
  interface HTMLElementTagNameMap {
    'shomei-login': ShomeiLogin;
  }
}
