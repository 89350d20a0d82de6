import type { ShomeiLocale } from '../localization.js';

export interface ShomeiLocaleChangeDetail {
  readonly locale: ShomeiLocale;
}

/** The student chose another language (A14). Fired after the page has switched to it. */
export class ShomeiLocaleChangeEvent extends CustomEvent<ShomeiLocaleChangeDetail> {
  static readonly eventName = 'shomei-locale-change' as const;
  constructor(detail: ShomeiLocaleChangeDetail) {
    super(ShomeiLocaleChangeEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'shomei-locale-change': ShomeiLocaleChangeEvent;
  }
}
