import { defineElement } from '../internal/define-element.js';
import { ShomeiSupportContacts } from '../support-contacts/support-contacts.js';

defineElement('shomei-support-contacts', ShomeiSupportContacts);

declare global {
  interface HTMLElementTagNameMap {
    'shomei-support-contacts': ShomeiSupportContacts;
  }
}
