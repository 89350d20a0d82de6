import type { SessionView } from '@shomei/sdk';

export interface ShomeiLoginDetail {
  /** The session once the student is fully logged in (`step: 'authenticated'`). */
  readonly session: SessionView;
}

/** The student completed login (A1–A7). */
export class ShomeiLoginEvent extends CustomEvent<ShomeiLoginDetail> {
  static readonly eventName = 'shomei-login' as const;
  constructor(detail: ShomeiLoginDetail) {
    super(ShomeiLoginEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'shomei-login': ShomeiLoginEvent;
  }
}
