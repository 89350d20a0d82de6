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
  TenantInfo,
} from '@shomei/sdk';
import { isShomeiNetworkError } from '@shomei/sdk/errors';
import {
  createLoginFlow,
  loginStateForEmailChangeLink,
  loginStateForEmailRegistrationLink,
  loginStateForResetLink,
} from '@shomei/sdk/flows';
import type { ShomeiDialog } from '../dialog/dialog.js';
import type { ShomeiDialogCloseEvent } from '../events/dialog-close.js';
import { ShomeiAccountChangeEvent } from '../events/account-change.js';
import { ShomeiErrorEvent } from '../events/error.js';
import { ShomeiLoginStepEvent } from '../events/login-step.js';
import { ShomeiLoginEvent } from '../events/login.js';
import { ClientController } from '../internal/client-controller.js';
import { uniqueId } from '../internal/ids.js';
import { LightDomFormController } from '../internal/light-dom.js';
import { pickLocalized, useLocaleAreas } from '../localization.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
import type { ShomeiTextField } from '../text-field/text-field.js';
import {
  lockedDialog,
  renderScreen,
  screenTitle,
  type LoginScreenKit,
  type ScreenState,
} from './login-screens.js';
import { loginLightDomStyles, loginStyles } from './login.styles.js';
import { langFollowsLocale } from '../internal/locale-lang.js';
import {
  cancelPasskeyCeremony,
  createPasskey,
  getPasskey,
  passkeyAutofillSupported,
  passkeysSupported,
} from '../internal/passkey-ceremony.js';
import type { PasskeyOptions } from '@shomei/sdk';

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
  | 'reset-done'
  | 'passkey'
  | 'passkey-registration';

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
  'passkey-options': 'passkey',
  'passkey-prompt': 'passkey',
  'passkey-verifying': 'passkey',
  'passkey-registration': 'passkey-registration',
  'passkey-registration-options': 'passkey-registration',
  'passkey-creating': 'passkey-registration',
  'passkey-registering': 'passkey-registration',
};

/** The states whose screens `login-screens.ts` renders: all but the waiting ones. */
function hasScreen(state: LoginState): state is ScreenState {
  return SCREENS[state.status] !== 'loading';
}

/** States of a browser that holds a login, part-way or done: the service keeps its session. */
const HOLDS_SESSION: ReadonlySet<LoginStatus> = new Set([
  'email-registration',
  'registering-email',
  'email-sent',
  'second-password-setup',
  'setting-second-password',
  'second-password-set',
  'auth-key',
  'verifying-auth-key',
  'reissuing',
  'authenticated',
  'passkey-registration',
  'passkey-registration-options',
  'passkey-creating',
  'passkey-registering',
]);

/**
 * Whether this browser got past the login box at the tenant `client` calls, kept in
 * `localStorage` (issue 13): without it, the login page shows the login box before the service
 * says there is no session (the common case); with it, the loading state until the service says
 * where the student is, so one who is part-way never sees the login box flash first.
 */
const hintKey = (client: ShomeiClient) => `shomei:login-hint:${client.baseUrl}`;

function mayHoldSession(client: ShomeiClient): boolean {
  try {
    return globalThis.localStorage.getItem(hintKey(client)) !== null;
  } catch {
    // No storage (a private mode, a sandboxed frame): no hint could ever have been kept, so it
    // tells nothing either way; the student without a session, the common case, goes first.
    return false;
  }
}

function rememberSession(client: ShomeiClient, held: boolean): void {
  try {
    if (held) globalThis.localStorage.setItem(hintKey(client), '1');
    else globalThis.localStorage.removeItem(hintKey(client));
  } catch {
    // No storage: the next visit shows the login box first, as it would without a hint.
  }
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
  'passkey-options',
  'passkey-verifying',
  'passkey-registration-options',
  'passkey-registering',
]);

/**
 * A20: the name a new passkey gets unless the student changes it: the browser and the system it
 * runs on ("Chrome (Windows)"), so the account menu's list tells the devices apart. Product
 * names, not wording: they are not translated.
 */
function suggestedPasskeyName(): string {
  const agent = globalThis.navigator?.userAgent ?? '';
  const system = /iPhone|iPad|Android|CrOS|Mac|Windows|Linux/u.exec(agent)?.[0];
  const browser = /Edg|Firefox|Chrome|Safari/u.exec(agent)?.[0];
  const names: Record<string, string> = { Edg: 'Edge', CrOS: 'ChromeOS', Mac: 'macOS' };
  const name = (part: string | undefined) => (part === undefined ? '' : (names[part] ?? part));
  if (browser === undefined) return name(system);
  return system === undefined ? name(browser) : `${name(browser)} (${name(system)})`;
}

/** Where `<shomei-login>` starts its flow. */
type LoginStart =
  /** The login page: the flow asks for the session (showing the login box meanwhile, or not). */
  | { readonly kind: 'page' }
  /** A mail's one-time link (A4, A11, A13), its token taken from the URL fragment. */
  | {
      readonly kind: 'link';
      readonly purpose: 'email-registration' | 'second-password-reset' | 'email-change';
      readonly token: string;
    }
  /** Where the element was before it was moved in the page (pending states call again). */
  | { readonly kind: 'resume'; readonly state: LoginState };

/** The state a start begins at; none for the login page (the flow's own first state). */
function initialState(start: LoginStart): LoginState | undefined {
  switch (start.kind) {
    case 'page':
      return undefined;
    case 'resume':
      return start.state;
    case 'link':
      return start.purpose === 'email-registration'
        ? loginStateForEmailRegistrationLink(start.token)
        : start.purpose === 'email-change'
          ? loginStateForEmailChangeLink(start.token)
          : loginStateForResetLink(start.token);
  }
}

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
 * The login page shows the login box at once and asks the service for the session meanwhile,
 * since most visitors hold none; a login part-way or done takes over when the answer comes.
 * A browser that got past the login box before is remembered in `localStorage`
 * (`shomei:login-hint:<base URL>`): there the element shows its loading state until the service
 * answers, so the login box never flashes before the student's step.
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
  static override styles = [tokens, loginStyles, buttonStyles];

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
  /** A20: the browser can offer passkeys in the user ID field's autofill (conditional UI). */
  @state() private passkeyAutofill = false;

  @query('[part="heading"]') private heading!: HTMLElement;
  @query('shomei-dialog') private dialog: ShomeiDialog | null | undefined;

  readonly #clients = new ClientController(this);
  readonly #lightDom = new LightDomFormController(this, loginLightDomStyles);
  readonly #id = uniqueId('shomei-login');
  #flow: LoginFlow | undefined;
  #flowClient: ShomeiClient | undefined;
  /**
   * The start waiting for a client: a one-time link taken from the address bar must still be
   * redeemed once there is one.
   */
  #unstarted: LoginStart | undefined;
  /**
   * The login box is shown before the service said whether there is a session, and its answer
   * has not moved the flow yet (`assumeNoSession`).
   */
  #checkingSession = false;
  #unsubscribe: (() => void) | undefined;
  #tenantAbort: AbortController | undefined;
  #focusHeading = false;
  /** The 認証キー field takes focus after the next render (the service refused the key). */
  #focusAuthKey = false;
  /** The key the service refused; its error is tied to the field while the field holds it. */
  #rejectedAuthKey: string | undefined;
  /** `LoginScreenKit.settled`: per key, the latest value, the one shown, the pending timer. */
  /** A20: the options of the autofill ceremony waiting in the user ID field, if one is. */
  #autofillOptions: PasskeyOptions | undefined;
  readonly #settled = new Map<
    string,
    { value: unknown; shown: unknown; timer: ReturnType<typeof setTimeout> | undefined }
  >();

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
    void passkeyAutofillSupported().then((supported) => {
      this.passkeyAutofill = supported;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener('hashchange', this.#onHashChange);
    for (const entry of this.#settled.values()) clearTimeout(entry.timer);
    this.#settled.clear();
    this.#endAutofill();
    this.#stop();
    this.#tenantAbort?.abort();
    // Reconnecting resumes where the student was (moving the element must not lose input).
    this.#flowClient = undefined;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // A removed element may still update (its flow settling): it must not start anything.
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
    // A20: each visit to the login box offers the passkeys in the user ID field's autofill,
    // once the tenant is known to offer them and the browser can (both answer late).
    const current = this.flowState;
    if (
      current?.status === 'credentials' &&
      current.passkeyAutofill === undefined &&
      this.passkeyAutofill &&
      this.#passkeysOffered()
    )
      this.#send({ type: 'offer-passkey-autofill' });
  }

  /** A20: the tenant offers passkeys (or requires them) and this browser can use them. */
  #passkeysOffered(): boolean {
    const mode = this.tenant?.passkeys.mode;
    return mode !== undefined && mode !== 'off' && passkeysSupported();
  }

  /** A20: asks the authenticator with the prompt's options; the answer goes to the flow. */
  async #promptPasskey(prompt: Extract<LoginState, { status: 'passkey-prompt' }>): Promise<void> {
    const outcome = await getPasskey(prompt.options);
    // Only the prompt that asked: the student may have cancelled, or the element moved on.
    const now = this.flowState;
    if (now?.status !== 'passkey-prompt' || now.options !== prompt.options) return;
    this.#send(
      outcome.ok
        ? { type: 'passkey-answer', response: outcome.response }
        : { type: 'passkey-failed', reason: outcome.failure },
    );
  }

  /** A20: creates the passkey a tenant that requires one asks for. */
  async #createPasskey(
    creating: Extract<LoginState, { status: 'passkey-creating' }>,
  ): Promise<void> {
    const outcome = await createPasskey(creating.options);
    const now = this.flowState;
    if (now?.status !== 'passkey-creating' || now.options !== creating.options) return;
    this.#send(
      outcome.ok
        ? { type: 'passkey-created', response: outcome.response }
        : { type: 'passkey-failed', reason: outcome.failure },
    );
  }

  /**
   * A20, conditional UI: waits for the student to pick a passkey in the user ID field's autofill.
   * Nothing is said when none is picked (the student logs in with the password, or the wait is
   * cancelled): the autofill is an offer, not a step.
   */
  async #awaitAutofill(options: PasskeyOptions): Promise<void> {
    this.#autofillOptions = options;
    const outcome = await getPasskey(options, { autofill: true });
    if (this.#autofillOptions !== options) return;
    this.#autofillOptions = undefined;
    if (outcome.ok && this.flowState?.status === 'credentials')
      this.#send({ type: 'passkey-answer', response: outcome.response });
  }

  /** A20: ends the autofill's wait (the student left the login box, or the element went). */
  #endAutofill(): void {
    if (this.#autofillOptions === undefined) return;
    this.#autofillOptions = undefined;
    void cancelPasskeyCeremony();
  }

  protected override updated(): void {
    if (this.#focusHeading) {
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
    this.#unstarted = client === undefined ? start : undefined;
    if (client === undefined) return;
    const initial = initialState(start);
    // Only the login page starts ahead of the session's answer, never a one-time link. A login
    // box moved in the page before that answer came does not ask again: it had no hint either.
    const assumeNoSession = initial === undefined && !mayHoldSession(client);
    const flow = createLoginFlow(
      this.#reporting(client),
      initial === undefined ? { assumeNoSession } : { initial },
    );
    this.#flow = flow;
    this.#unsubscribe = flow.subscribe(this.#onState);
    this.#onState(flow.getState());
    // Set after the first state, which is no answer of the service's.
    this.#checkingSession = assumeNoSession;
    void this.#loadTenant(client);
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#flow?.dispose();
    this.#unsubscribe = undefined;
    this.#flow = undefined;
  }

  /** The flow's port to the client, reporting each failed call as `shomei-error`. */
  #reporting(client: ShomeiClient): FlowClient {
    return {
      request: async <N extends EndpointName>(name: N, input: RequestInput<N>) => {
        const result = await client.request(name, input);
        const { error } = result;
        // The session check behind the login box fails silently, as the flow does: the box
        // shows no message for it, and the login the student sends reports its own.
        const unseen = name === 'getSession' && this.#checkingSession;
        if (error !== null && !unseen && !(isShomeiNetworkError(error) && error.aborted))
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
    return {
      kind: 'link',
      purpose:
        purpose === 'email-registration' || purpose === 'email-change'
          ? purpose
          : 'second-password-reset',
      token,
    };
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
    this.#passkeyCeremonies(previous, next);
    // WCAG 3.3.1: a refused key is an error of the 認証キー field; focus goes there so it is
    // read with its message. Not while the lock dialog is open: the dialog has focus then.
    if (previous?.status === 'verifying-auth-key' && next.status === 'auth-key') {
      const refused = authKeyFieldError(next);
      this.#rejectedAuthKey = refused === undefined ? undefined : next.authKey;
      if (refused !== undefined && !next.lockedDialog) this.#focusAuthKey = true;
    } else if (next.status !== 'auth-key') this.#rejectedAuthKey = undefined;
    if (previous?.status === next.status) return;
    const checkedSession = this.#checkingSession;
    this.#checkingSession = false;
    const client = this.#flowClient;
    if (client !== undefined) {
      if (HOLDS_SESSION.has(next.status)) rememberSession(client, true);
      // The service said there is no session (asked on load, logged out, or the login ended).
      else if (
        next.status === 'credentials' &&
        previous !== undefined &&
        (previous.status === 'loading' ||
          previous.status === 'logging-out' ||
          HOLDS_SESSION.has(previous.status))
      )
        rememberSession(client, false);
    }
    this.dispatchEvent(
      new ShomeiLoginStepEvent({ status: next.status, previous: previous?.status ?? null }),
    );
    if (next.status === 'authenticated')
      this.dispatchEvent(new ShomeiLoginEvent({ session: next.session }));
    if (next.status === 'email-changed')
      this.dispatchEvent(new ShomeiAccountChangeEvent({ change: 'email', email: next.email }));
    // A new screen after the student's action: move focus to its title so it is announced.
    // Not on page load (loading, a link being redeemed): the page decides where focus starts.
    // The session's answer behind the login box is page load too, unless the student was in
    // the box: the screen they were typing in is gone, and focus with it.
    if (
      previous !== undefined &&
      SCREENS[previous.status] !== SCREENS[next.status] &&
      previous.status !== 'loading' &&
      previous.status !== 'confirming-email-registration' &&
      previous.status !== 'confirming-email-change' &&
      (!checkedSession || this.contains(document.activeElement))
    )
      this.#focusHeading = true;
  };

  /** A20: the browser's part of each passkey state, started as the flow enters it. */
  #passkeyCeremonies(previous: LoginState | undefined, next: LoginState): void {
    if (next.status === 'credentials') {
      const autofill = next.passkeyAutofill;
      if (autofill?.status === 'ready' && autofill.options !== this.#autofillOptions)
        void this.#awaitAutofill(autofill.options);
    } else if (!next.status.startsWith('passkey-')) {
      // Leaving the box for the password's way: the autofill must not answer later. A passkey
      // state needs no cancel: its ceremony replaces the autofill's wait.
      this.#endAutofill();
    }
    if (next.status === 'passkey-prompt' && previous?.status !== 'passkey-prompt')
      void this.#promptPasskey(next);
    if (next.status === 'passkey-creating' && previous?.status !== 'passkey-creating')
      void this.#createPasskey(next);
    // The name field starts with a suggestion the student may change.
    if (
      next.status === 'passkey-registration' &&
      previous?.status !== 'passkey-registration' &&
      next.passkeyName === '' &&
      next.error === undefined
    )
      this.#send({ type: 'input', field: 'passkeyName', value: suggestedPasskeyName() });
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
    if (current !== undefined && hasScreen(current)) return screenTitle(current);
    return msg('在学生ログイン', { id: 'login.title.credentials' });
  }

  protected override render() {
    const current = this.flowState;
    const screen = current === undefined ? 'loading' : SCREENS[current.status];
    const pending = current === undefined || PENDING.has(current.status);
    const dialogOpen = current?.status === 'auth-key' && current.lockedDialog;
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
        ${screen === 'auth-key' ? lockedDialog(this.#kit, dialogOpen) : nothing}
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
    passkeysOffered: () => this.#passkeysOffered(),
    cancelPasskey: () => {
      this.#send({ type: 'back' });
      void cancelPasskeyCeremony();
    },
    onDialogClose: this.#onDialogClose,
  };

  renderLightDom(): TemplateResult {
    const current = this.flowState;
    if (current !== undefined && hasScreen(current))
      return renderScreen(this.#kit, current, PENDING.has(current.status));
    return html`${this.#status(true)}`;
  }
}
