export interface ShomeiLogoutDetail {
  /**
   * `user`: the student pressed ログアウト; `idle`: the inactivity timeout ran out (A16);
   * `expired`: the service no longer knew the session (it timed out or ended elsewhere).
   */
  readonly reason: 'user' | 'idle' | 'expired';
}

/** The session ended (A16). */
export class ShomeiLogoutEvent extends CustomEvent<ShomeiLogoutDetail> {
  static readonly eventName = 'shomei-logout' as const;
  constructor(detail: ShomeiLogoutDetail) {
    super(ShomeiLogoutEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'shomei-logout': ShomeiLogoutEvent;
  }
}
