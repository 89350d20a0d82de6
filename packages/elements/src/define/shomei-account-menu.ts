import { ShomeiAccountMenu } from '../account-menu/account-menu.js';
import { defineElement } from '../internal/define-element.js';

defineElement('shomei-account-menu', ShomeiAccountMenu);

declare global {
  interface HTMLElementTagNameMap {
    'shomei-account-menu': ShomeiAccountMenu;
  }
}
