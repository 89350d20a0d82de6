import { ShomeiDialog } from '../dialog/dialog.js';
import { defineElement } from '../internal/define-element.js';

defineElement('shomei-dialog', ShomeiDialog);

declare global {
  interface HTMLElementTagNameMap {
    'shomei-dialog': ShomeiDialog;
  }
}
