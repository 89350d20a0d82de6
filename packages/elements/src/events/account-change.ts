/** What changed in the student's account (A11, A12, A15). */
export type ShomeiAccountChangeDetail =
  /** A11: the change link was redeemed; `email` is the address now registered. */
  | { readonly change: 'email'; readonly email: string }
  /** A12: the second password was changed. */
  | { readonly change: 'second-password' }
  /** A15: the two-factor setting is now `twoFactorEnabled`. */
  | { readonly change: 'two-factor'; readonly twoFactorEnabled: boolean };

/**
 * `<shomei-account-menu>` changed the account, or `<shomei-login>` redeemed the email change link
 * (A11); fired once the service has confirmed it.
 */
export class ShomeiAccountChangeEvent extends CustomEvent<ShomeiAccountChangeDetail> {
  static readonly eventName = 'shomei-account-change' as const;
  constructor(detail: ShomeiAccountChangeDetail) {
    super(ShomeiAccountChangeEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'shomei-account-change': ShomeiAccountChangeEvent;
  }
}
