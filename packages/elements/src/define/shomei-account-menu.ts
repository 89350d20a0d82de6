import { ShomeiAccountMenu } from '../account-menu/account-menu.js';
import { defineElement } from '../internal/define-element.js';
// The tags <shomei-account-menu> renders are defined by its screens module
// (account-menu/account-screens.ts).

defineElement('shomei-account-menu', ShomeiAccountMenu);

declare global {
  interface HTMLElementTagNameMap {
    'shomei-account-menu': ShomeiAccountMenu;
  }
}
