import type { LoginStatus } from '@shomei/sdk';

export interface ShomeiLoginStepDetail {
  /** The login flow's new status (`credentials`, `auth-key`, `email-sent`, ...). */
  readonly status: LoginStatus;
  /** The status before, or `null` for the first one. */
  readonly previous: LoginStatus | null;
}

/**
 * `<shomei-login>` moved to another step of the login flow (A1–A13): for the host page's
 * analytics or layout (e.g. scroll to the box). Fired once per status change, never for typing.
 */
export class ShomeiLoginStepEvent extends CustomEvent<ShomeiLoginStepDetail> {
  static readonly eventName = 'shomei-login-step' as const;
  constructor(detail: ShomeiLoginStepDetail) {
    super(ShomeiLoginStepEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'shomei-login-step': ShomeiLoginStepEvent;
  }
}
