export interface ShomeiDialogCloseDetail {
  /** What `close(returnValue)` was given; `''` when the student pressed Esc. */
  readonly returnValue: string;
}

/** A `<shomei-dialog>` closed (the native `close` event does not leave the shadow root). */
export class ShomeiDialogCloseEvent extends CustomEvent<ShomeiDialogCloseDetail> {
  static readonly eventName = 'shomei-dialog-close' as const;
  constructor(detail: ShomeiDialogCloseDetail) {
    super(ShomeiDialogCloseEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'shomei-dialog-close': ShomeiDialogCloseEvent;
  }
}
