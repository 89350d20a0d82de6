import { localized } from '@lit/localize';
import { LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Scheduler, SessionFlow, SessionState, SessionView, ShomeiClient } from '@shomei/sdk';
import { createSessionFlow } from '@shomei/sdk/flows';
import type { ShomeiDialog } from '../dialog/dialog.js';
import type { ShomeiDialogCloseEvent } from '../events/dialog-close.js';
import { ShomeiErrorEvent } from '../events/error.js';
import { ShomeiLogoutEvent } from '../events/logout.js';
import { ClientController } from '../internal/client-controller.js';
import '../localization.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
import { dialog, warningText, type SessionTimerKit } from './session-timer-dialog.js';
import { sessionTimerStyles } from './session-timer.styles.js';
import { langFollowsLocale } from '../internal/locale-lang.js';
import { useLocaleAreas } from '../localization.js';

useLocaleAreas('session-timer');

/** Input that shows the student is there (for `track-activity`). */
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;

/** The countdown is announced when the warning opens and once more at this many seconds. */
const LAST_CALL_SECONDS = 10;

/**
 * The inactivity warning of a signed-in page (A16). It follows the session's idle timeout with
 * the SDK's session flow (`createSessionFlow`) and, at least 20 seconds before the timeout (the
 * tenant's `idleWarningSeconds`, never less than WCAG 2.2.1's 20 s), opens a modal dialog with
 * the seconds left and 「延長する」. Extending calls the service (`extendSession`); pressing Esc
 * extends too, since it shows the student is there. When the time runs out the element logs the
 * student out and fires `shomei-logout` (`reason: 'idle'`).
 *
 * Screen readers hear the warning when it opens and once more at 10 seconds, through a polite
 * live region, not every second; the visible countdown updates every second.
 *
 * Other calls (this page's widgets, other tabs) move the service's idle timer too, and only the
 * service knows. So the element asks it (`getSession`, which does not move the timer) just
 * before the warning would open and whenever the page becomes visible again: when the service's
 * `idleExpiresAt` is later, the countdown follows it and no warning shows (or an open one
 * closes). An active student is never logged out for what this page did not see.
 *
 * With `track-activity`, pointer and keyboard input anywhere on the page counts as activity and
 * extends the session quietly (throttled by the flow, once a minute by default).
 *
 * Nothing is shown until the warning.
 *
 * @summary Inactivity warning (A16): countdown, extend, and logout when the time runs out.
 *
 * @fires shomei-logout - The session ended: `reason: 'idle'` when the time ran out,
 *   `'user'` when the student chose ログアウト in the warning.
 * @fires shomei-error - Extending or logging out failed; the dialog shows the message too.
 *
 * @csspart countdown - The seconds left, in the dialog.
 * @csspart button - The dialog's buttons.
 * @csspart status - Messages in the dialog (errors, after the logout).
 *
 * @cssproperty --shomei-color-primary - The extend button.
 * @cssproperty --shomei-color-danger - Errors.
 * @cssproperty --shomei-space - Spacing unit.
 * @cssproperty --shomei-radius - Corners.
 */
@localized()
export class ShomeiSessionTimer extends LitElement {
  static override styles = [tokens, buttonStyles, sessionTimerStyles];

  /** The SDK client; defaults to the page-wide one from `configureShomei`. */
  @property({ attribute: false }) client: ShomeiClient | undefined;
  /** The authenticated session (e.g. from `shomei-login`); otherwise read with `getSession`. */
  @property({ attribute: false }) session: SessionView | undefined;
  /**
   * Seconds of warning before the timeout; defaults to the tenant's `idleWarningSeconds`.
   * Never less than 20.
   */
  @property({ type: Number, attribute: 'idle-warning-seconds' }) idleWarningSeconds:
    number | undefined;
  /** Count pointer and keyboard input on the page as activity that extends the session. */
  @property({ type: Boolean, attribute: 'track-activity' }) trackActivity = false;
  /** The clock the flow reads (tests pass a fake one); the system clock by default. */
  @property({ attribute: false }) scheduler: Scheduler | undefined;

  @state() private flowState: SessionState | undefined;
  /** The live region's text: set when the warning opens and at 10 s, not every second. */
  @state() private announcement = '';

  @query('shomei-dialog') private dialog!: ShomeiDialog | null;

  readonly #clients = new ClientController(this);
  #startedWith: ShomeiClient | undefined;
  #flow: SessionFlow | undefined;
  #unsubscribe: (() => void) | undefined;
  #abort: AbortController | undefined;
  #listening = false;
  #announceWhenOpen: string | undefined;
  /** Set while the service is asked for its deadline before the warning opens. */
  #confirmingWarning = false;
  #deadlineAbort: AbortController | undefined;

  constructor() {
    super();
    langFollowsLocale(this);
  }

  /** The session flow's current state (for tests and host pages). */
  get sessionState(): SessionState | undefined {
    return this.flowState;
  }

  /** Extend the session now (what 「延長する」 does). */
  extend(): void {
    this.#flow?.send({ type: 'extend' });
  }

  /**
   * Another call moved the service's idle timer (e.g. the page saved something): restart the
   * countdown from `idleExpiresAt`.
   */
  extended(idleExpiresAt: string): void {
    this.#flow?.send({ type: 'extended', idleExpiresAt });
  }

  /** (Re)start following the session. */
  async start(): Promise<void> {
    const client = this.#clients.client;
    this.#startedWith = client;
    this.#stop();
    if (client === undefined) return;
    const abort = (this.#abort = new AbortController());
    const [session, warning] = await Promise.all([
      this.session === undefined ? client.getSession({ signal: abort.signal }) : null,
      this.idleWarningSeconds === undefined ? client.getTenant({ signal: abort.signal }) : null,
    ]);
    if (abort.signal.aborted) return;
    const failed = session?.error ?? warning?.error ?? null;
    if (failed !== null) {
      // Nothing to count down: an anonymous page has no timeout, and a failed read is retried
      // by the page's next `start()`.
      if (failed.code !== 'unauthenticated')
        this.dispatchEvent(
          new ShomeiErrorEvent({
            error: failed,
            operation: session?.error ? 'getSession' : 'getTenant',
          }),
        );
      return;
    }
    const view = session?.data ?? this.session;
    if (view?.step !== 'authenticated') return;
    const idleWarningSeconds = this.idleWarningSeconds ?? warning!.data!.idleWarningSeconds;
    const flow = (this.#flow = createSessionFlow(client, {
      idleExpiresAt: view.idleExpiresAt,
      idleWarningSeconds,
      ...(this.scheduler === undefined ? {} : { scheduler: this.scheduler }),
    }));
    this.flowState = flow.getState();
    this.#unsubscribe = flow.subscribe((next) => {
      const previous = this.flowState;
      this.flowState = next;
      this.#onState(previous, next);
    });
  }

  /**
   * Ask the service for its idle deadline and follow it when another call moved it later (A16).
   * A failed or anonymous answer changes nothing: the element's own countdown stays the rule.
   */
  async #refreshDeadline(): Promise<void> {
    const client = this.#startedWith;
    const flow = this.#flow;
    if (client === undefined || flow === undefined) return;
    this.#deadlineAbort?.abort();
    const abort = (this.#deadlineAbort = new AbortController());
    const { data } = await client.getSession({ signal: abort.signal });
    if (abort.signal.aborted || flow !== this.#flow) return;
    const current = flow.getState();
    if (
      data?.step === 'authenticated' &&
      (current.status === 'active' || current.status === 'warning') &&
      Date.parse(data.idleExpiresAt) > Date.parse(current.idleExpiresAt)
    )
      this.extended(data.idleExpiresAt);
  }

  /** The warning is due: check the service's deadline first, then show it if still due. */
  async #confirmWarning(): Promise<void> {
    this.#confirmingWarning = true;
    try {
      await this.#refreshDeadline();
    } finally {
      this.#confirmingWarning = false;
      this.requestUpdate();
    }
  }

  readonly #onVisibilityChange = (): void => {
    if (document.visibilityState === 'visible') void this.#refreshDeadline();
  };

  #stop(): void {
    this.#abort?.abort();
    this.#deadlineAbort?.abort();
    this.#deadlineAbort = undefined;
    this.#confirmingWarning = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#flow?.dispose();
    this.#flow = undefined;
    this.flowState = undefined;
    this.announcement = '';
  }

  #onState(previous: SessionState | undefined, next: SessionState): void {
    if (next.status === 'warning') {
      const opening = previous?.status !== 'warning' && previous?.status !== 'extending';
      // A live region announces changes, not what it held when it appeared: the first text is
      // set once the dialog is open (see `updated`).
      if (opening) {
        this.announcement = '';
        this.#announceWhenOpen = warningText(next.secondsLeft);
        if (previous?.status === 'active') void this.#confirmWarning();
      } else if (next.secondsLeft === LAST_CALL_SECONDS)
        this.announcement = warningText(next.secondsLeft);
    } else if (next.status === 'active') {
      this.announcement = '';
      this.#announceWhenOpen = undefined;
    }
    if ((next.status === 'warning' || next.status === 'active') && next.error !== undefined) {
      if (next.error !== (previous && 'error' in previous ? previous.error : undefined))
        this.dispatchEvent(new ShomeiErrorEvent({ error: next.error, operation: 'extendSession' }));
    }
    if (next.status === 'timed-out') this.dispatchEvent(new ShomeiLogoutEvent({ reason: 'idle' }));
    if (next.status === 'logged-out') {
      if (next.error !== undefined)
        this.dispatchEvent(new ShomeiErrorEvent({ error: next.error, operation: 'logout' }));
      this.dispatchEvent(new ShomeiLogoutEvent({ reason: 'user' }));
    }
  }

  readonly #onActivity = (): void => {
    this.#flow?.activity();
  };

  #syncActivityListeners(): void {
    const wanted = this.trackActivity && this.isConnected;
    if (wanted === this.#listening) return;
    this.#listening = wanted;
    for (const type of ACTIVITY_EVENTS) {
      if (wanted)
        document.addEventListener(type, this.#onActivity, { capture: true, passive: true });
      else document.removeEventListener(type, this.#onActivity, { capture: true });
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#syncActivityListeners();
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#syncActivityListeners();
    document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    this.#stop();
    this.#startedWith = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.isConnected) return;
    if (
      this.#clients.client !== this.#startedWith ||
      changed.has('session') ||
      changed.has('scheduler') ||
      changed.has('idleWarningSeconds')
    )
      void this.start();
    if (changed.has('trackActivity')) this.#syncActivityListeners();
  }

  protected override updated(): void {
    const dialog = this.dialog;
    const status = this.flowState?.status;
    if (!dialog) return;
    // `extending` keeps the dialog as it is: open after 「延長する」, closed after Esc.
    if (status === 'extending') return;
    // The service may have a later deadline (other calls moved it): no warning until it answers.
    if (this.#confirmingWarning && status === 'warning' && !dialog.open) return;
    const wanted = status === 'warning' || status === 'logging-out' || status === 'timed-out';
    if (wanted && !dialog.open) void dialog.show().then(() => this.#announceQueued());
    else if (!wanted && dialog.open) dialog.close('done');
    else if (status === 'timed-out') dialog.querySelector<HTMLElement>('[autofocus]')?.focus();
    else if (wanted) this.#announceQueued();
  }

  #announceQueued(): void {
    if (this.#announceWhenOpen === undefined || this.flowState?.status !== 'warning') return;
    this.announcement = this.#announceWhenOpen;
    this.#announceWhenOpen = undefined;
  }

  readonly #onDialogClose = (event: ShomeiDialogCloseEvent): void => {
    const status = this.flowState?.status;
    const value = event.detail.returnValue;
    // Esc shows the student is there: it extends, like 「延長する」.
    if (status === 'warning' && value === '') this.extend();
    else if (status === 'timed-out') this.#stop();
  };

  /** What the dialog uses of the element. */
  readonly #kit: SessionTimerKit = {
    announcement: () => this.announcement,
    extend: () => this.extend(),
    logout: () => this.#flow?.send({ type: 'logout' }),
    closeDialog: (returnValue) => this.dialog?.close(returnValue),
    onDialogClose: (event) => this.#onDialogClose(event),
  };

  protected override render() {
    const state = this.flowState;
    if (state === undefined) return nothing;
    return dialog(this.#kit, state);
  }
}
