import { defineElement } from '../internal/define-element.js';
import { ShomeiSessionTimer } from '../session-timer/session-timer.js';

defineElement('shomei-session-timer', ShomeiSessionTimer);

declare global {
  interface HTMLElementTagNameMap {
    'shomei-session-timer': ShomeiSessionTimer;
  }
}
