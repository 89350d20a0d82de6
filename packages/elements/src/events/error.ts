import type { FlowError, ShomeiError } from '@shomei/sdk';

export interface ShomeiErrorDetail {
  /**
   * The SDK's error: a code and data, never display text (docs/decisions/0002). A call made by
   * an element is a `ShomeiError`; an error a flow state carries is the flow's `FlowError`.
   */
  readonly error: ShomeiError | FlowError;
  /** What the element was doing, e.g. `getTenant` or `setLocalePreference`. */
  readonly operation: string;
}

/**
 * A call to the service failed (X5). The element shows its own localized message as well; the
 * event is for the host page's logging and analytics.
 */
export class ShomeiErrorEvent extends CustomEvent<ShomeiErrorDetail> {
  static readonly eventName = 'shomei-error' as const;
  constructor(detail: ShomeiErrorDetail) {
    super(ShomeiErrorEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'shomei-error': ShomeiErrorEvent;
  }
}
