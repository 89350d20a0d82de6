import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type {
  EndpointName,
  FlowClient,
  FlowError,
  LoginEvent,
  LoginField,
  LoginFlow,
  LoginState,
  LoginStatus,
  RequestInput,
  ShomeiClient,
  StartedCall,
  TenantInfo,
} from '@shomei/sdk';
import { isShomeiNetworkError } from '@shomei/sdk/errors';
import type { ShomeiDialog } from '../dialog/dialog.js';
import type { ShomeiDialogCloseEvent } from '../events/dialog-close.js';
import { ShomeiAccountChangeEvent } from '../events/account-change.js';
import { ShomeiErrorEvent } from '../events/error.js';
import { ShomeiLoginStepEvent } from '../events/login-step.js';
import { ShomeiLoginEvent } from '../events/login.js';
import { ClientController } from '../internal/client-controller.js';
import { networkMessage } from '../internal/network-message.js';
import { uniqueId } from '../internal/ids.js';
import { LazyScreensController, ScreensChunk } from '../internal/lazy-screens.js';
import { LightDomFormController } from '../internal/light-dom.js';
import { pickLocalized, useLocaleAreas, withTexts } from '../localization.js';
import { tokens } from '../styles/tokens.js';
import type { ShomeiTextField } from '../text-field/text-field.js';
import type { LazyLoginState, LoginScreenKit, LoginStart } from './login-screens.js';
import { loginLightDomStyles, loginStyles } from './login.styles.js';
import { langFollowsLocale } from '../internal/locale-lang.js';

useLocaleAreas('login');

/** What the student sees: pending states keep the screen they came from. */
type Screen =
  | 'loading'
  | 'credentials'
  | 'email-registration'
  | 'email-sent'
  | 'second-password-setup'
  | 'second-password-set'
  | 'auth-key'
  | 'authenticated'
  | 'reset-request'
  | 'reset-sent'
  | 'email-registered'
  | 'email-changed'
  | 'link-error'
  | 'reset-link'
  | 'reset-done';

const SCREENS: Readonly<Record<LoginStatus, Screen>> = {
  loading: 'loading',
  credentials: 'credentials',
  submitting: 'credentials',
  'email-registration': 'email-registration',
  'registering-email': 'email-registration',
  'email-sent': 'email-sent',
  'second-password-setup': 'second-password-setup',
  'setting-second-password': 'second-password-setup',
  'second-password-set': 'second-password-set',
  'auth-key': 'auth-key',
  'verifying-auth-key': 'auth-key',
  reissuing: 'auth-key',
  authenticated: 'authenticated',
  'logging-out': 'loading',
  'reset-request': 'reset-request',
  'requesting-reset': 'reset-request',
  'reset-sent': 'reset-sent',
  'confirming-email-registration': 'loading',
  'email-registered': 'email-registered',
  'confirming-email-change': 'loading',
  'email-changed': 'email-changed',
  'link-error': 'link-error',
  'reset-link': 'reset-link',
  'resetting-second-password': 'reset-link',
  'reset-done': 'reset-done',
};

/** The states whose screens `login-screens.ts` renders: all but the waiting ones. */
function isLazy(state: LoginState): state is LazyLoginState {
  return SCREENS[state.status] !== 'loading';
}

/** States that wait for the service. */
const PENDING: ReadonlySet<LoginStatus> = new Set([
  'loading',
  'submitting',
  'registering-email',
  'setting-second-password',
  'verifying-auth-key',
  'reissuing',
  'logging-out',
  'requesting-reset',
  'confirming-email-registration',
  'confirming-email-change',
  'resetting-second-password',
]);

/**
 * Every screen but the loading state, with the field, dialog and language picker they use and
 * their Japanese text: one chunk (docs/decisions/0012), fetched as soon as the element starts
 * its flow, so it travels alongside the flow's first call to the service (`getSession`) instead
 * of before it. It is loaded once and kept for every instance.
 */
const loginScreens = new ScreensChunk(() =>
  withTexts(import('./login-screens.js'), 'login/login-screens'),
);

/**
 * The mails' one-time links put the token in the fragment: `#email-registration=<token>`,
 * `#second-password-reset=<token>`, `#email-change=<token>` (the tenant's link page is the login
 * page, so the login box must take every link the service mails).
 */
const LINK_FRAGMENT = /^#(email-registration|second-password-reset|email-change)=([^&#]+)$/u;

/**
 * Errors about the key the student typed (WCAG 3.3.1): shown on the 認証キー field, not in the
 * form-level alert. `invalid_credentials` stays form-level: it must not say which factor failed.
 */
const AUTH_KEY_FIELD_ERRORS: ReadonlySet<string> = new Set([
  'auth_key_wrong',
  'auth_key_expired',
  'auth_key_locked',
]);

const authKeyFieldError = (state: LoginState | undefined): FlowError | undefined =>
  state?.status === 'auth-key' &&
  state.error !== undefined &&
  AUTH_KEY_FIELD_ERRORS.has(state.error.code)
    ? state.error
    : undefined;

/**
 * The student login box and everything the login flow of the SDK leads through (A1–A9, A13,
 * A18): 在学生ログイン with ユーザID, パスワード and 第2パスワード and the manual's notices; the
 * first login's email registration (A3) and 「確認メールを送信しました。」; the second-password
 * setup with every rule checked live (A5); the auth key with 「認証」 and 「認証キー再発行」
 * (A7, A8) and the locked-key dialog (A9); 「第2パスワードを忘れた場合」 (A13); and the pages the
 * mails' one-time links open (A4, A11, A13), read from the URL fragment
 * (`#email-registration=…`, `#email-change=…`, `#second-password-reset=…`), which is then
 * removed from the address bar.
 *
 * The email change link (A11) is redeemed whether or not the browser is logged in (the service
 * needs no session for it: the link proves the new address, the request needed the login). The
 * page says 「メールアドレス変更完了」 with the new address; its 「OK」 asks the service for the
 * session, so a logged-in student goes on (`shomei-login`, as on any visit to the login page
 * while logged in) and anyone else sees the login box. A used, expired or mangled link says why.
 *
 * The form lives in the element's light DOM (docs/decisions/0006) so password managers and
 * paste work; the shadow root holds the header, heading and dialog. Every error of the flow is
 * shown as localized text and nothing typed is lost (X5).
 *
 * @summary Student login box: credentials, email registration, second password, auth key, reset.
 *
 * @slot logo - The university's logo, before its name.
 * @slot language - Replaces the built-in `<shomei-language-picker>` on the login screen (A14).
 * @slot form - Rendered by the element: the current screen's form. Do not supply.
 *
 * @fires shomei-login - The student is fully logged in; `detail.session` is the session view.
 * @fires shomei-login-step - The flow moved to another status (`detail.status`).
 * @fires shomei-account-change - The email change link was redeemed (`change: 'email'`, A11).
 * @fires shomei-error - A call to the service failed (the box shows the message as well).
 *
 * @csspart base - The whole box.
 * @csspart header - The row with logo, university name and language picker.
 * @csspart tenant-name - The university's name.
 * @csspart language - The language picker's wrapper (login screen only).
 * @csspart heading - The screen's title (在学生ログイン, 第2パスワード設定...).
 * @csspart body - The wrapper of the form.
 * @csspart dialog - The locked-key dialog (`<shomei-dialog>`).
 *
 * @cssproperty --shomei-color-primary - Buttons, links, rule ticks, focus.
 * @cssproperty --shomei-color-on-primary - Text on the main button.
 * @cssproperty --shomei-color-danger - Error messages and unmet rules.
 * @cssproperty --shomei-color-border - Box and notice borders.
 * @cssproperty --shomei-color-surface - Box background.
 * @cssproperty --shomei-color-text-muted - Help text.
 * @cssproperty --shomei-radius - Corners.
 * @cssproperty --shomei-space - Spacing unit.
 * @cssproperty --shomei-login-max-width - Widest the box gets (default 32rem).
 */
@localized()
export class ShomeiLogin extends LitElement {
  static override styles = [tokens, loginStyles];

  /** The SDK client; defaults to the page-wide one from `configureShomei`. */
  @property({ attribute: false }) client: ShomeiClient | undefined;
  /** Level of the screen's heading, to fit the host page's outline (notices are one below). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;
  /** Hide the built-in language picker (e.g. the page has its own). */
  @property({ type: Boolean, attribute: 'no-language-picker' }) noLanguagePicker = false;
  /** Do not start at a one-time link's page when the URL fragment holds one. */
  @property({ type: Boolean, attribute: 'ignore-url-fragment' }) ignoreUrlFragment = false;

  @state() private flowState: LoginState | undefined;
  @state() private tenant: TenantInfo | undefined;

  @query('[part="heading"]') private heading!: HTMLElement;
  @query('shomei-dialog') private dialog: ShomeiDialog | null | undefined;

  readonly #clients = new ClientController(this);
  readonly #lightDom = new LightDomFormController(this, loginLightDomStyles);
  readonly #id = uniqueId('shomei-login');
  #flow: LoginFlow | undefined;
  #flowClient: ShomeiClient | undefined;
  /**
   * The flow to create once the screens' chunk, which carries the flow's code, is here; and the
   * first call already sent for it (docs/decisions/0012).
   */
  #pendingStart:
    | { readonly client: FlowClient; readonly start: LoginStart; readonly started?: StartedCall }
    | undefined;
  #startAbort: AbortController | undefined;
  /**
   * The start whose flow was not created yet. Unlike `#pendingStart` it outlives a move in the
   * page or a new client: a one-time link taken from the address bar must still be redeemed.
   */
  #unstarted: LoginStart | undefined;
  #unsubscribe: (() => void) | undefined;
  #tenantAbort: AbortController | undefined;
  #focusHeading = false;
  /** The 認証キー field takes focus after the next render (the service refused the key). */
  #focusAuthKey = false;
  /** The key the service refused; its error is tied to the field while the field holds it. */
  #rejectedAuthKey: string | undefined;
  /** `LoginScreenKit.settled`: per key, the latest value, the one shown, the pending timer. */
  readonly #settled = new Map<
    string,
    { value: unknown; shown: unknown; timer: ReturnType<typeof setTimeout> | undefined }
  >();
  /**
   * The one-time link's fragment taken from the address bar, until its screen is shown: if the
   * screens' chunk never comes and 「再読み込み」 reloads the page, the link is put back first.
   * Forgotten once the chunk is here or the service took the token (it is a secret).
   */
  #linkFragment: string | undefined;
  /** `login-screens.ts` for this element: the element shows its loading state until it is here. */
  readonly #screens = new LazyScreensController(this, loginScreens, {
    beforeReload: () => this.#restoreLink(),
  });

  constructor() {
    super();
    langFollowsLocale(this);
    this.#lightDom.form.addEventListener('submit', this.#onSubmit);
  }

  /** The login flow's current state (read-only; send events through the UI). */
  get loginState(): LoginState | undefined {
    return this.flowState;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    globalThis.addEventListener('hashchange', this.#onHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener('hashchange', this.#onHashChange);
    for (const entry of this.#settled.values()) clearTimeout(entry.timer);
    this.#settled.clear();
    this.#stop();
    this.#tenantAbort?.abort();
    // Reconnecting resumes where the student was (moving the element must not lose input).
    this.#flowClient = undefined;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // A removed element may still update (its flow settling, its screens arriving): it must
    // not start anything.
    if (!this.isConnected) return;
    const client = this.#clients.client;
    if (client !== this.#flowClient)
      this.#start(
        client,
        this.#linkFromUrl() ??
          (this.flowState === undefined
            ? (this.#unstarted ?? { kind: 'page' })
            : { kind: 'resume', state: this.flowState }),
      );
    this.#createFlow();
  }

  /** Also waits for the lazily loaded screens and the render that shows them. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.#screens.settled(() => super.getUpdateComplete());
  }

  protected override updated(): void {
    // The screens are here: no reload can lose the link any more.
    if (this.#screens.module !== undefined) this.#linkFragment = undefined;
    // The heading gets focus once the new screen is there (not its loading placeholder).
    if (this.#focusHeading && !this.#waitingForScreens()) {
      this.#focusHeading = false;
      this.heading.focus();
    }
    if (this.#focusAuthKey) {
      this.#focusAuthKey = false;
      const field = this.querySelector<ShomeiTextField>('shomei-text-field[name="authKey"]');
      field?.showFeedback();
      field?.focus();
    }
  }

  #start(client: ShomeiClient | undefined, start: LoginStart): void {
    this.#stop();
    this.#flowClient = client;
    this.#unstarted = start;
    if (client === undefined) return;
    const reporting = this.#reporting(client);
    let started: StartedCall | undefined;
    if (start.kind === 'page') {
      // The flow's first call goes out now, alongside the chunk with the flow's code.
      const abort = (this.#startAbort = new AbortController());
      started = {
        endpoint: 'getSession',
        answer: reporting.request('getSession', { signal: abort.signal }),
      };
    }
    this.#pendingStart = {
      client: reporting,
      start,
      ...(started === undefined ? {} : { started }),
    };
    this.#screens.load();
    this.#createFlow();
    void this.#loadTenant(client);
  }

  /**
   * Creates the flow once the screens' chunk is here. Pending states are resumed by calling
   * again, except a redeemed link (the token is spent).
   */
  #createFlow(): void {
    const pending = this.#pendingStart;
    const screens = this.#screens.module;
    if (pending === undefined || screens === undefined) return;
    this.#pendingStart = undefined;
    this.#unstarted = undefined;
    const flow = screens.startLoginFlow(pending.client, pending.start, pending.started);
    this.#flow = flow;
    this.#unsubscribe = flow.subscribe(this.#onState);
    this.#onState(flow.getState());
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#flow?.dispose();
    this.#unsubscribe = undefined;
    this.#flow = undefined;
    this.#pendingStart = undefined;
    this.#startAbort?.abort();
    this.#startAbort = undefined;
  }

  /**
   * 「再読み込み」 after the screens' chunk failed: the chunk's retry first (it reloads the page
   * when the chunk fails again), then the flow's start again, so that it does not begin from an
   * answer that waited for the student all that time.
   */
  readonly #retryScreens = (): void => {
    const pending = this.#pendingStart;
    this.#screens.retry();
    if (pending !== undefined) this.#start(this.#flowClient, pending.start);
  };

  /** The flow's port to the client, reporting each failed call as `shomei-error`. */
  #reporting(client: ShomeiClient): FlowClient {
    return {
      request: async <N extends EndpointName>(name: N, input: RequestInput<N>) => {
        const result = await client.request(name, input);
        const { error } = result;
        if (error !== null && !(isShomeiNetworkError(error) && error.aborted))
          this.dispatchEvent(new ShomeiErrorEvent({ error, operation: name }));
        return result;
      },
    };
  }

  async #loadTenant(client: ShomeiClient): Promise<void> {
    this.#tenantAbort?.abort();
    const abort = (this.#tenantAbort = new AbortController());
    const { data, error } = await client.getTenant({ signal: abort.signal });
    if (abort.signal.aborted) return;
    if (error !== null) this.dispatchEvent(new ShomeiErrorEvent({ error, operation: 'getTenant' }));
    else this.tenant = data;
  }

  /** A one-time link's start from the page URL; the fragment is removed at once. */
  #linkFromUrl(): LoginStart | undefined {
    if (this.ignoreUrlFragment) return undefined;
    const fragment = globalThis.location?.hash ?? '';
    const match = LINK_FRAGMENT.exec(fragment);
    if (match === null) return undefined;
    const [, purpose, encoded = ''] = match;
    let token: string;
    try {
      token = decodeURIComponent(encoded);
    } catch {
      token = encoded;
    }
    // The token is a secret: keep it out of the history, bookmarks and screenshots.
    const { pathname, search } = globalThis.location;
    globalThis.history.replaceState(globalThis.history.state, '', `${pathname}${search}`);
    this.#linkFragment = fragment;
    return {
      kind: 'link',
      purpose:
        purpose === 'email-registration' || purpose === 'email-change'
          ? purpose
          : 'second-password-reset',
      token,
    };
  }

  /** Before 「再読み込み」 reloads the page: the link whose screen never came goes back. */
  #restoreLink(): void {
    const fragment = this.#linkFragment;
    if (fragment === undefined) return;
    this.#linkFragment = undefined;
    const { pathname, search } = globalThis.location;
    globalThis.history.replaceState(
      globalThis.history.state,
      '',
      `${pathname}${search}${fragment}`,
    );
  }

  readonly #onHashChange = (): void => {
    const link = this.#flowClient === undefined ? undefined : this.#linkFromUrl();
    if (link !== undefined) {
      this.#focusHeading = true;
      this.#start(this.#flowClient, link);
    }
  };

  readonly #onState = (next: LoginState): void => {
    const previous = this.flowState;
    this.flowState = next;
    // WCAG 3.3.1: a refused key is an error of the 認証キー field; focus goes there so it is
    // read with its message. Not while the lock dialog is open: the dialog has focus then.
    if (previous?.status === 'verifying-auth-key' && next.status === 'auth-key') {
      const refused = authKeyFieldError(next);
      this.#rejectedAuthKey = refused === undefined ? undefined : next.authKey;
      if (refused !== undefined && !next.lockedDialog) this.#focusAuthKey = true;
    } else if (next.status !== 'auth-key') this.#rejectedAuthKey = undefined;
    if (previous?.status === next.status) return;
    // The service took the link's token: opened again, it would only say "used".
    if (next.status === 'email-registered' || next.status === 'email-changed')
      this.#linkFragment = undefined;
    if (isLazy(next)) this.#screens.load();
    this.dispatchEvent(
      new ShomeiLoginStepEvent({ status: next.status, previous: previous?.status ?? null }),
    );
    if (next.status === 'authenticated')
      this.dispatchEvent(new ShomeiLoginEvent({ session: next.session }));
    if (next.status === 'email-changed')
      this.dispatchEvent(new ShomeiAccountChangeEvent({ change: 'email', email: next.email }));
    // A new screen after the student's action: move focus to its title so it is announced.
    // Not on page load (loading, a link being redeemed): the page decides where focus starts.
    if (
      previous !== undefined &&
      SCREENS[previous.status] !== SCREENS[next.status] &&
      previous.status !== 'loading' &&
      previous.status !== 'confirming-email-registration' &&
      previous.status !== 'confirming-email-change'
    )
      this.#focusHeading = true;
  };

  /**
   * The screens' chunk is not here yet, and the flow (whose code comes with it) or the current
   * state's screen needs it.
   */
  #waitingForScreens(): boolean {
    const current = this.flowState;
    return this.#screens.module === undefined && (current === undefined || isLazy(current));
  }

  #send(event: LoginEvent): void {
    this.#flow?.send(event);
  }

  readonly #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = this.#lightDom.form;
    // A9: a locked key is refused by the flow itself, which opens the dialog again.
    const current = this.flowState;
    if (current?.status === 'auth-key' && current.locked) {
      this.#send({ type: 'submit' });
      return;
    }
    if (!form.checkValidity()) {
      const fields = [...form.querySelectorAll<ShomeiTextField>('shomei-text-field')];
      fields.find((field) => !field.validity.valid)?.focus();
      return;
    }
    this.#send({ type: 'submit' });
  };

  readonly #onField = (event: Event): void => {
    const field = event.currentTarget as ShomeiTextField;
    this.#send({ type: 'input', field: field.name as LoginField, value: field.value });
  };

  readonly #onDialogClose = (event: ShomeiDialogCloseEvent): void => {
    event.stopPropagation();
    const current = this.flowState;
    if (event.detail.returnValue === 'reissue') this.#send({ type: 'reissue' });
    else if (current?.status === 'auth-key' && current.lockedDialog)
      this.#send({ type: 'dismiss-dialog' });
  };

  // ---- shadow layout ---------------------------------------------------------------------

  #title(current: LoginState | undefined): string {
    const screens = this.#screens.module;
    if (current !== undefined && screens !== undefined && isLazy(current))
      return screens.screenTitle(current);
    return msg('在学生ログイン', { id: 'login.title.credentials' });
  }

  protected override render() {
    const current = this.flowState;
    const waiting = this.#waitingForScreens();
    const screen = current === undefined || waiting ? 'loading' : SCREENS[current.status];
    const pending =
      current === undefined || waiting ? !this.#screens.failed : PENDING.has(current.status);
    const lockedDialog = current?.status === 'auth-key' && current.lockedDialog;
    const screens = this.#screens.module;
    return html`
      <section part="base" aria-labelledby="heading" aria-busy=${pending ? 'true' : 'false'}>
        <div part="header">
          <slot name="logo"></slot>
          <span part="tenant-name">${this.tenant ? pickLocalized(this.tenant.name) : nothing}</span>
          ${
            screen === 'credentials' && !this.noLanguagePicker
              ? html`<div part="language">
                  <slot name="language"
                    ><shomei-language-picker .client=${this.client}></shomei-language-picker
                  ></slot>
                </div>`
              : nothing
          }
        </div>
        <div
          role="heading"
          aria-level=${this.headingLevel}
          id="heading"
          part="heading"
          tabindex="-1"
        >
          ${this.#title(current)}
        </div>
        <div part="body"><slot name="form"></slot></div>
        ${screen === 'auth-key' ? screens?.lockedDialog(this.#kit, lockedDialog) : nothing}
      </section>
    `;
  }

  // ---- light DOM: the current screen's form ----------------------------------------------

  /** A polite live region: "処理中です…" while a call is in flight, else `message`. */
  #status(pending: boolean, message: string | typeof nothing = nothing) {
    return html`<p class="shomei-login-status" role="status">
      ${pending ? msg('処理中です…', { id: 'login.pending' }) : message}
    </p>`;
  }

  #settledValue<T>(key: string, value: T, ms = 600): T {
    const entry = this.#settled.get(key);
    // The first value is shown as it is (nothing was typed yet: it is not an announcement).
    if (entry === undefined) {
      this.#settled.set(key, { value, shown: value, timer: undefined });
      return value;
    }
    if (!Object.is(entry.value, value)) {
      entry.value = value;
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => {
        entry.timer = undefined;
        entry.shown = entry.value;
        this.requestUpdate();
      }, ms);
    }
    return entry.shown as T;
  }

  /** What the screens in `login-screens.ts` use of this element; one object per element. */
  readonly #kit: LoginScreenKit = {
    host: this,
    id: this.#id,
    headingLevel: () => this.headingLevel,
    tenant: () => this.tenant,
    state: () => this.flowState,
    send: (event) => this.#send(event),
    onField: this.#onField,
    status: (pending, message) => this.#status(pending, message),
    settled: (key, value, ms) => this.#settledValue(key, value, ms),
    rejectedAuthKey: () => this.#rejectedAuthKey,
    authKeyFieldError,
    closeDialog: (returnValue: string) => this.dialog?.close(returnValue),
    onDialogClose: this.#onDialogClose,
  };

  renderLightDom(): TemplateResult {
    const current = this.flowState;
    const pending = current === undefined || PENDING.has(current.status);
    const screens = this.#screens.module;
    if (current !== undefined && isLazy(current) && screens !== undefined)
      return screens.renderScreen(this.#kit, current, pending);
    if (this.#waitingForScreens() && this.#screens.failed)
      // The chunk did not arrive: say so, and let the student try again.
      return html`
        <div class="shomei-login-alert" role="alert">${networkMessage()}</div>
        ${this.#status(false)}
        <div class="shomei-login-actions">
          <button type="button" class="shomei-login-button" @click=${this.#retryScreens}>
            ${msg('再読み込み', { id: 'login.retry' })}
          </button>
        </div>
      `;
    return html`${this.#status(true)}`;
  }
}
