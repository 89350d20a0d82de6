import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type {
  AccountEvent,
  AccountFlow,
  AccountState,
  AccountSummary,
  FlowError,
  SessionView,
  ShomeiClient,
  ShomeiError,
  PasskeyMode,
  TenantInfo,
  TwoFactorMode,
} from '@shomei/sdk';
import {
  accountMenuState,
  accountStateForEmailChangeLink,
  createAccountFlow,
  localError,
} from '@shomei/sdk/flows';
import type { ShomeiDialog } from '../dialog/dialog.js';
import { ShomeiAccountChangeEvent } from '../events/account-change.js';
import type { ShomeiDialogCloseEvent } from '../events/dialog-close.js';
import { ShomeiErrorEvent } from '../events/error.js';
import { ShomeiLogoutEvent } from '../events/logout.js';
import { accountErrorMessage } from '../internal/account-error-messages.js';
import { ClientController } from '../internal/client-controller.js';
import { LightDomFormController } from '../internal/light-dom.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
import * as screens from './account-screens.js';
import type { AccountMenuKit, FocusTarget } from './account-screens.js';
import { accountMenuStyles } from './account-menu.styles.js';
import { accountScreensLightDomStyles, accountScreensStyles } from './account-screens.styles.js';
import { langFollowsLocale } from '../internal/locale-lang.js';
import {
  realPasskeyBrowser,
  suggestedPasskeyName,
  type PasskeyBrowser,
} from './passkey-browser.js';
import { useLocaleAreas } from '../localization.js';

// The screens also show the login box's carrier help and second-password rules, whose texts are
// in the 'login' area.
useLocaleAreas('account-menu', 'login');

/** The fragment of the A11 change mail's one-time URL: `#email-change=<token>`. */
const LINK_FRAGMENT = /^#email-change=([^&]+)$/u;

type Load =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: ShomeiError }
  /** No authenticated session: the menu shows nothing. */
  | { readonly status: 'anonymous' }
  | { readonly status: 'flow' };

type Pending = Extract<
  AccountState['status'],
  | 'requesting-email-change'
  | 'changing-second-password'
  | 'setting-two-factor'
  | 'reauthenticating'
  | 'checking-passkeys'
  | 'requesting-reauthentication-options'
  | 'reauthenticating-with-passkey'
  | 'loading-passkeys'
  | 'requesting-passkey-options'
  | 'registering-passkey'
  | 'removing-passkey'
>;

const accountOf = (state: AccountState): AccountSummary | undefined =>
  'account' in state ? state.account : undefined;

const errorOf = (state: AccountState): FlowError | undefined =>
  'error' in state ? state.error : undefined;

/** A21: the states of 本人確認 with a passkey, after which the form comes back. */
const PASSKEY_REAUTHENTICATION = new Set<AccountState['status']>([
  'requesting-reauthentication-options',
  'getting-passkey',
  'reauthenticating-with-passkey',
]);

const DIALOG_STATES = new Set<AccountState['status']>([
  'confirm-two-factor',
  'setting-two-factor',
  'two-factor-changed',
  'second-password-changed',
  'confirm-remove-passkey',
  'removing-passkey',
]);

/** Where the element starts its flow. */
type AccountStart =
  /** The menu of a signed-in student, from the session and the tenant the element loaded. */
  | {
      readonly kind: 'menu';
      readonly email: string;
      readonly twoFactorEnabled: boolean;
      readonly twoFactorMode: TwoFactorMode;
      readonly passkeyMode: PasskeyMode;
    }
  /** The A11 change mail's one-time link, its token taken from the URL fragment. */
  | { readonly kind: 'link'; readonly token: string }
  /** A link fragment that is not even valid percent-encoding (a mangled copy and paste). */
  | { readonly kind: 'link-error' };

function initialState(start: AccountStart): AccountState {
  if (start.kind === 'menu') return accountMenuState(start);
  if (start.kind === 'link') return accountStateForEmailChangeLink(start.token);
  return { status: 'link-error', error: localError('link_invalid') };
}

/**
 * The account menu at the top right of every signed-in screen (A10): トップページ, マニュアル,
 * メールアドレス変更, 第2パスワード変更, 二要素認証設定 (showing 有効/無効), ログアウト. It hosts the
 * screens behind them: change email (A11, with the page of the change mail's one-time link),
 * change second password (A12), the two-factor setting (A15) and, unless the tenant turned them
 * off, 「パスキー」 (A20: the list, add with the browser's ceremony and a name, remove with a
 * confirmation). A change the service accepts only after a recent re-authentication (A21:
 * two-factor off, email change, passkey added or removed) first shows 「本人確認」, a
 * second-password field in the light DOM, and is then made as asked.
 *
 * The menu is a disclosure (a button with `aria-expanded` that shows a list of links and
 * buttons), the pattern WAI-ARIA recommends for navigation that mixes links and actions: Enter or
 * Space opens it, Tab walks it, Esc closes it and returns focus to the button.
 *
 * The two forms (A11, A12) are screens of their own, shown in place below the menu, as in the
 * manual: a long form reads and autofills better in the page than in a modal, and its fields
 * stay in the light DOM for password managers (docs/decisions/0006). Confirmations and
 * completions (A12 「第2パスワードは変更されました」, A15 はい/いいえ and the result) are short
 * questions and use `<shomei-dialog>`.
 *
 * When the page's URL fragment holds `#email-change=<token>` (the A11 mail's link), the element
 * redeems it on connect, removes the fragment from the address bar (`history.replaceState`), and
 * shows the completion or why the link no longer works.
 *
 * The logic is the SDK's account flow (`createAccountFlow`); the element renders its state.
 *
 * @summary Account menu (A10) with change email (A11), change second password (A12) and 2FA (A15).
 *
 * @slot form - Rendered by the element: the light-DOM `<form>` of the A11/A12 screens. Do not supply.
 *
 * @fires shomei-logout - The student logged out (`reason: 'user'`), or the service no longer
 *   knew the session (`reason: 'expired'`).
 * @fires shomei-account-change - The email (after its link), the second password or the
 *   two-factor setting changed.
 * @fires shomei-error - A call failed; the element shows the localized message too.
 *
 * @csspart base - The navigation landmark around the button and the menu.
 * @csspart menu-button - The top-right button that opens the menu.
 * @csspart menu - The list of menu items.
 * @csspart menu-item - Each link or button of the menu.
 * @csspart two-factor-state - The 有効/無効 badge of 二要素認証設定.
 * @csspart panel - The area of the A11/A12 screens and the link page.
 * @csspart heading - The heading of a screen.
 * @csspart passkeys - The list of the student's passkeys (A20).
 * @csspart passkey - Each passkey of the list: its name, dates and 「削除」.
 * @csspart status - Loading, sending and error messages.
 * @csspart button - The buttons of screens and dialogs.
 *
 * @cssproperty --shomei-color-primary - Buttons, links, focus.
 * @cssproperty --shomei-color-on-primary - Text on primary buttons.
 * @cssproperty --shomei-color-surface - Menu and panel background.
 * @cssproperty --shomei-color-border - Menu and panel borders.
 * @cssproperty --shomei-color-danger - Errors and unmet rules.
 * @cssproperty --shomei-color-text-muted - Notes.
 * @cssproperty --shomei-space - Spacing unit.
 * @cssproperty --shomei-radius - Corners.
 */
@localized()
export class ShomeiAccountMenu extends LitElement {
  static override styles = [tokens, buttonStyles, accountMenuStyles, accountScreensStyles];

  /** The SDK client; defaults to the page-wide one from `configureShomei`. */
  @property({ attribute: false }) client: ShomeiClient | undefined;
  /**
   * The authenticated session, when the page already has it (e.g. from `shomei-login`);
   * otherwise the element asks the service with `getSession`.
   */
  @property({ attribute: false }) session: SessionView | undefined;
  /** Level of the screens' headings, to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;
  /**
   * The browser's passkey support and ceremony (A20). Tests and stories replace it with a fake
   * (see `passkey-browser.ts`); pages leave it alone.
   * @internal
   */
  @property({ attribute: false }) passkeyBrowser: PasskeyBrowser = realPasskeyBrowser;

  @state() private load: Load = { status: 'idle' };
  @state() private flowState: AccountState | undefined;
  @state() private tenant: TenantInfo | undefined;
  @state() private menuOpen = false;

  @query('[part="menu-button"]') private menuButton!: HTMLButtonElement | null;
  @query('shomei-dialog') private dialog!: ShomeiDialog | null;

  readonly #clients = new ClientController(this);
  readonly #lightForm = new LightDomFormController(this, accountScreensLightDomStyles);
  #startedWith: ShomeiClient | undefined;
  #flow: AccountFlow | undefined;
  #unsubscribe: (() => void) | undefined;
  #abort: AbortController | undefined;
  #focusAfterRender: FocusTarget = null;
  /** The value each field had when the service rejected it, to tie the error to that field. */
  #rejected = new Map<string, string>();

  constructor() {
    super();
    langFollowsLocale(this);
    this.#lightForm.form.addEventListener('submit', this.#onSubmit);
  }

  /** The account flow's current state (for tests and host pages). */
  get accountState(): AccountState | undefined {
    return this.flowState;
  }

  /** Load the session and the tenant again and show the menu. */
  async refresh(): Promise<void> {
    const client = this.#clients.client;
    this.#startedWith = client;
    this.#stopFlow();
    this.#abort?.abort();
    if (client === undefined) {
      this.load = { status: 'idle' };
      return;
    }
    const link = this.#takeLink();
    if (link !== undefined) {
      this.#startFlow(client, link);
      // A link that cannot even be decoded ends here; the page it opens says so (like a redeemed one).
      if (link.kind === 'link-error') this.#focusAfterRender = 'panel-heading';
      return;
    }
    const abort = (this.#abort = new AbortController());
    this.load = { status: 'loading' };
    const [session, tenant] = await Promise.all([
      this.session?.step === 'authenticated'
        ? { data: this.session, error: null }
        : client.getSession({ signal: abort.signal }),
      client.getTenant({ signal: abort.signal }),
    ]);
    if (abort.signal.aborted) return;
    const failed = session.error ?? tenant.error;
    if (session.error?.code === 'unauthenticated') {
      this.load = { status: 'anonymous' };
      return;
    }
    if (failed !== null) {
      this.load = { status: 'error', error: failed };
      this.dispatchEvent(
        new ShomeiErrorEvent({
          error: failed,
          operation: session.error === null ? 'getTenant' : 'getSession',
        }),
      );
      return;
    }
    const view = session.data!;
    if (view.step !== 'authenticated') {
      this.load = { status: 'anonymous' };
      return;
    }
    this.tenant = tenant.data!;
    this.#startFlow(client, {
      kind: 'menu',
      email: view.email,
      twoFactorEnabled: view.twoFactorEnabled,
      twoFactorMode: this.tenant.twoFactor.mode,
      passkeyMode: this.tenant.passkeys.mode,
    });
  }

  /**
   * Reads and removes `#email-change=<token>` from the address bar: the start that redeems it,
   * or the link_invalid page when the fragment is not even valid percent-encoding (a mangled
   * copy and paste, `#email-change=%E0`).
   */
  #takeLink(): AccountStart | undefined {
    const fragment = globalThis.location?.hash ?? '';
    const match = LINK_FRAGMENT.exec(fragment);
    if (match === null) return undefined;
    // The token is a secret: keep it out of the history and of screenshots of the address bar.
    const url = new URL(globalThis.location.href);
    url.hash = '';
    history.replaceState(history.state, '', url.href);
    try {
      return { kind: 'link', token: decodeURIComponent(match[1]!) };
    } catch {
      return { kind: 'link-error' };
    }
  }

  /** A link opened in a tab that already shows the menu: redeem it there (A11). */
  readonly #onHashChange = (): void => {
    if (this.#clients.client === undefined) return;
    if (LINK_FRAGMENT.test(globalThis.location?.hash ?? '')) void this.refresh();
  };

  #startFlow(client: ShomeiClient, start: AccountStart): void {
    this.load = { status: 'flow' };
    const flow = (this.#flow = createAccountFlow(client, { initial: initialState(start) }));
    this.flowState = flow.getState();
    this.#unsubscribe = flow.subscribe((next) => {
      const previous = this.flowState;
      this.flowState = next;
      this.#announce(previous, next);
    });
  }

  #stopFlow(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#flow?.dispose();
    this.#flow = undefined;
    this.flowState = undefined;
    if (this.load.status === 'flow') this.load = { status: 'idle' };
  }

  /** The events and focus moves that follow a new state. */
  #announce(previous: AccountState | undefined, next: AccountState): void {
    const error = errorOf(next);
    if (error !== undefined && error !== (previous && errorOf(previous))) {
      this.#rejected = new Map(
        error.fields.map((problem) => [problem.field, this.#fieldValue(next, problem.field)]),
      );
      this.dispatchEvent(new ShomeiErrorEvent({ error, operation: this.#operation(previous) }));
    }
    switch (next.status) {
      case 'email-changed':
        this.dispatchEvent(new ShomeiAccountChangeEvent({ change: 'email', email: next.email }));
        this.#focusAfterRender = 'panel-heading';
        break;
      case 'link-error':
        this.#focusAfterRender = 'panel-heading';
        break;
      case 'second-password-changed':
        this.dispatchEvent(new ShomeiAccountChangeEvent({ change: 'second-password' }));
        break;
      case 'two-factor-changed':
        this.dispatchEvent(
          new ShomeiAccountChangeEvent({
            change: 'two-factor',
            twoFactorEnabled: next.account.twoFactorEnabled,
          }),
        );
        break;
      case 'logged-out':
        this.menuOpen = false;
        this.dispatchEvent(
          new ShomeiLogoutEvent({
            reason: previous?.status === 'logging-out' ? 'user' : 'expired',
          }),
        );
        break;
      case 'email-change-sent':
        this.#focusAfterRender = 'panel-heading';
        break;
      case 'reauthenticate':
        // A21: the step opens, or the service refused the second password (WCAG 3.3.1): the
        // field takes focus, so it is read with its label and error. An open menu (two-factor
        // off) would cover the form: it closes, and opens again where focus returns to it.
        // A passkey that did not do (A20): back on 「パスキーで本人確認」, the reason read out.
        if (previous !== undefined && PASSKEY_REAUTHENTICATION.has(previous.status))
          this.#focusAfterRender = 'reauth-passkey';
        else if (previous?.status !== 'reauthenticate') {
          this.#focusAfterRender = 'form-field';
          this.menuOpen = false;
        }
        break;
      case 'checking-passkeys':
        // On the way to 本人確認, whose field then takes focus; the menu would cover it.
        this.menuOpen = false;
        break;
      case 'getting-passkey':
        void this.#getPasskey(next);
        break;
      case 'menu':
        // A failed 2FA call comes back to the menu: keep the student where they were.
        if (previous?.status === 'setting-two-factor') this.#focusLater('two-factor-item');
        break;
      case 'creating-passkey':
        void this.#createPasskey(next);
        break;
      case 'naming-passkey':
        if (previous?.status === 'creating-passkey') this.#focusAfterRender = 'form-field';
        break;
      case 'passkeys':
        // Added: the form is gone; the heading leads to the list and its status line.
        if (previous?.status === 'registering-passkey') this.#focusAfterRender = 'panel-heading';
        // The browser's prompt gave no passkey: back on the button, with the reason read out.
        else if (previous?.status === 'creating-passkey') this.#focusAfterRender = 'add-passkey';
        break;
      default:
        break;
    }
  }

  /**
   * A20: runs the browser's ceremony for the options the flow holds and sends its outcome, unless
   * the student has left that state meanwhile.
   */
  async #createPasskey(state: Extract<AccountState, { status: 'creating-passkey' }>) {
    const outcome = await this.passkeyBrowser.create(state.options);
    // Only the ceremony that asked: an event meanwhile may have made a new state of the same
    // step (the answer still belongs to it), or the student left it (the answer is dropped).
    const now = this.flowState;
    if (now?.status !== 'creating-passkey' || now.options !== state.options) return;
    if (!outcome.ok) {
      this.#send({ type: 'passkey-failed', reason: outcome.failure });
      return;
    }
    const name = suggestedPasskeyName(
      globalThis.navigator?.userAgent ?? '',
      state.passkeys.map((passkey) => passkey.name),
      msg('パスキー', { id: 'account-menu.passkeys' }),
    );
    this.#send({ type: 'passkey-created', response: outcome.response, name });
  }

  /**
   * A21: runs the browser's authentication ceremony for 本人確認 and sends its outcome, unless
   * the student has left that state meanwhile.
   */
  async #getPasskey(state: Extract<AccountState, { status: 'getting-passkey' }>) {
    const outcome = await this.passkeyBrowser.get(state.options);
    const now = this.flowState;
    if (now?.status !== 'getting-passkey' || now.options !== state.options) return;
    this.#send(
      outcome.ok
        ? { type: 'passkey-asserted', response: outcome.response }
        : { type: 'passkey-failed', reason: outcome.failure },
    );
  }

  #operation(previous: AccountState | undefined): string {
    const pending: Record<Pending | 'confirming-email-change' | 'logging-out', string> = {
      'requesting-email-change': 'requestEmailChange',
      'changing-second-password': 'changeSecondPassword',
      'setting-two-factor': 'setTwoFactor',
      reauthenticating: 'reauthenticate',
      'checking-passkeys': 'listPasskeys',
      'requesting-reauthentication-options': 'reauthenticationPasskeyOptions',
      'reauthenticating-with-passkey': 'reauthenticate',
      'loading-passkeys': 'listPasskeys',
      'requesting-passkey-options': 'passkeyRegistrationOptions',
      'registering-passkey': 'registerPasskey',
      'removing-passkey': 'deletePasskey',
      'confirming-email-change': 'confirmEmailChange',
      'logging-out': 'logout',
    };
    return (previous && pending[previous.status as keyof typeof pending]) ?? 'validate';
  }

  #fieldValue(state: AccountState, field: string): string {
    switch (state.status) {
      case 'email-change':
        return field === 'emailConfirmation' ? state.emailConfirmation : state.email;
      case 'reauthenticate':
        return state.secondPassword;
      case 'naming-passkey':
        return state.name;
      case 'second-password-change':
        if (field === 'currentSecondPassword') return state.currentSecondPassword;
        if (field === 'newSecondPasswordConfirmation')
          return state.newSecondPassword.secondPasswordConfirmation;
        return state.newSecondPassword.secondPassword;
      default:
        return '';
    }
  }

  #send(event: AccountEvent): void {
    this.#flow?.send(event);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this.#onDocumentClick);
    globalThis.addEventListener('hashchange', this.#onHashChange);
    // Moved in the page: start again (disconnecting stopped everything).
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('click', this.#onDocumentClick);
    globalThis.removeEventListener('hashchange', this.#onHashChange);
    this.#abort?.abort();
    this.#stopFlow();
    this.#startedWith = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A removed element may still update (its flow settling): it must not start anything.
    if (!this.isConnected) return;
    if (this.#clients.client !== this.#startedWith || changed.has('session')) void this.refresh();
  }

  protected override updated(): void {
    this.#syncDialog();
    const target = this.#focusAfterRender;
    this.#focusAfterRender = null;
    if (target === 'menu-button') this.menuButton?.focus();
    else if (target === 'two-factor-item')
      this.renderRoot.querySelector<HTMLElement>('[data-item="two-factor"]')?.focus();
    else if (target === 'panel-heading')
      this.renderRoot.querySelector<HTMLElement>('[part="panel"] [part="heading"]')?.focus();
    else if (target === 'form-field') this.#focusFormField();
    else if (target === 'add-passkey')
      this.renderRoot.querySelector<HTMLElement>('[data-action="add-passkey"]')?.focus();
    else if (target === 'reauth-passkey')
      this.querySelector<HTMLElement>('[data-action="reauth-passkey"]')?.focus();
  }

  /** Moves focus to `target` after the next render; an item of the menu opens the menu first. */
  #focusLater(target: FocusTarget): void {
    this.#focusAfterRender = target;
    if (target === 'two-factor-item') this.menuOpen = true;
  }

  #focusFormField(): void {
    const field = this.querySelector('shomei-text-field');
    // The field renders its input in its own update, after this one.
    void field?.updateComplete.then(() => field.focus());
  }

  /** Open or close the dialog as the state asks; move focus when its content changes. */
  #syncDialog(): void {
    const dialog = this.dialog;
    const status = this.flowState?.status;
    if (!dialog || status === undefined) return;
    const wanted = DIALOG_STATES.has(status);
    if (wanted && !dialog.open) void dialog.show();
    else if (!wanted && dialog.open) dialog.close('done');
    else if (wanted && (status === 'two-factor-changed' || status === 'second-password-changed'))
      dialog.querySelector<HTMLElement>('[autofocus]')?.focus();
  }

  // The menu (A10) --------------------------------------------------------------------------

  readonly #onDocumentClick = (event: MouseEvent): void => {
    if (this.menuOpen && !event.composedPath().includes(this)) this.menuOpen = false;
  };

  #toggleMenu(): void {
    this.menuOpen = !this.menuOpen;
  }

  readonly #onMenuKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this.menuOpen) return;
    event.preventDefault();
    this.menuOpen = false;
    this.#focusAfterRender = 'menu-button';
  };

  readonly #onMenuFocusOut = (event: FocusEvent): void => {
    const next = event.relatedTarget;
    // Focus left the element altogether (Tab past the last item): close, as a disclosure does.
    if (next instanceof Node && !this.renderRoot.contains(next) && !this.contains(next))
      this.menuOpen = false;
  };

  /** A menu action from any screen: leave the current screen first (its own 「戻る」). */
  #choose(event: AccountEvent, focus: FocusTarget): void {
    const state = this.flowState;
    if (state === undefined) return;
    if (state.status !== 'menu') this.#send({ type: 'back' });
    if (event.type !== 'open-two-factor') this.menuOpen = false;
    this.#focusAfterRender = focus;
    this.#send(event);
  }

  /** The button and the list it opens (its items are `account-screens.ts`'s). */
  #menu(account: AccountSummary) {
    const state = this.flowState;
    const menuError = state?.status === 'menu' ? state.error : undefined;
    return html`
      <nav
        part="base"
        aria-label=${msg('アカウントメニュー', { id: 'account-menu.nav-label' })}
        @keydown=${this.#onMenuKeydown}
        @focusout=${this.#onMenuFocusOut}
      >
        <button
          type="button"
          part="menu-button"
          class="menu-button"
          aria-expanded=${this.menuOpen ? 'true' : 'false'}
          aria-controls="menu"
          @click=${this.#toggleMenu}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M3 6h18M3 12h18M3 18h18" />
          </svg>
          <span>${msg('メニュー', { id: 'account-menu.menu-button' })}</span>
        </button>
        <ul id="menu" part="menu" ?hidden=${!this.menuOpen}>
          ${screens.menuItems(this.#kit, account)}
        </ul>
        ${
          menuError === undefined
            ? nothing
            : html`<p part="status" class="error" role="alert">
                ${accountErrorMessage(menuError)}
              </p>`
        }
      </nav>
    `;
  }

  // The screens (account-screens.ts) --------------------------------------------------------

  /** What `account-screens.ts` uses of this element; one object per element. */
  readonly #kit: AccountMenuKit = {
    headingLevel: () => this.headingLevel,
    tenant: () => this.tenant,
    send: (event) => this.#send(event),
    choose: (event, focus) => this.#choose(event, focus),
    focusAfterRender: (target) => this.#focusLater(target),
    refresh: () => void this.refresh(),
    rejected: (field) => this.#rejected.get(field),
    closeDialog: (returnValue) => this.dialog?.close(returnValue),
    onDialogClose: (event) => this.#onDialogClose(event),
    passkeysSupported: () => this.passkeyBrowser.supported(),
  };

  /** A line read out at once, with 「再読み込み」. */
  #failure(message: string, retry: () => void) {
    return html`<div part="status" class="error">
      <p role="alert">${message}</p>
      <button type="button" part="button" class="button secondary" @click=${retry}>
        ${msg('再読み込み', { id: 'account-menu.retry' })}
      </button>
    </div>`;
  }

  #loadingStatus() {
    return html`<p part="status" role="status">
      ${msg('メニューを読み込んでいます…', { id: 'account-menu.loading' })}
    </p>`;
  }

  // The light-DOM form (A11, A12; docs/decisions/0006) --------------------------------------

  readonly #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = this.#lightForm.form;
    if (!form.checkValidity()) {
      [...form.querySelectorAll('shomei-text-field')]
        .find((field) => !field.checkValidity())
        ?.focus();
      return;
    }
    this.#send({ type: 'submit' });
  };

  renderLightDom(): TemplateResult {
    return screens.renderForm(this.#kit, this.flowState);
  }

  // Dialogs (A12 completion, A15) -----------------------------------------------------------

  readonly #onDialogClose = (event: ShomeiDialogCloseEvent): void => {
    const state = this.flowState;
    if (state === undefined) return;
    const value = event.detail.returnValue;
    switch (state.status) {
      case 'confirm-two-factor':
        this.#focusLater('two-factor-item');
        this.#send({ type: value === 'yes' ? 'confirm' : 'cancel' });
        break;
      case 'two-factor-changed':
        // A15 step 4: the menu stays open and shows the new state on the item just used.
        this.#focusLater('two-factor-item');
        this.#send({ type: 'acknowledge' });
        break;
      case 'second-password-changed':
        this.#focusAfterRender = 'menu-button';
        this.#send({ type: 'acknowledge' });
        break;
      case 'confirm-remove-passkey':
        // A20: the dialog gave focus back to the passkey's 「削除」, which stays if kept.
        this.#send({ type: value === 'yes' ? 'confirm' : 'cancel' });
        break;
      case 'passkeys':
        // A20: removed (its 「削除」 went with it) or failed (its 「削除」 has focus again).
        if (state.done?.change === 'removed')
          this.renderRoot.querySelector<HTMLElement>('[part="panel"] [part="heading"]')?.focus();
        break;
      case 'setting-two-factor':
      case 'removing-passkey':
        // Esc while the call is in flight: the dialog comes back with the answer.
        break;
      case 'reauthenticate':
        // A21: the two-factor dialog closed for 本人確認 and gave focus back to its opener
        // (after this element's render); the second-password field wants it.
        this.#focusFormField();
        break;
      default:
        break;
    }
  };

  // Render ----------------------------------------------------------------------------------

  protected override render() {
    const load = this.load;
    switch (load.status) {
      case 'idle':
      case 'anonymous':
        return nothing;
      case 'loading':
        return this.#loadingStatus();
      case 'error':
        return this.#failure(accountErrorMessage(load.error), this.refresh);
      case 'flow':
        break;
    }
    const state = this.flowState;
    if (state === undefined) return nothing;
    const account = accountOf(state);
    if (state.status === 'logging-out' || state.status === 'logged-out')
      return screens.logoutStatus(state);
    return html`
      ${account === undefined ? nothing : this.#menu(account)} ${screens.panel(this.#kit, state)}
      ${screens.dialog(this.#kit, state)}
    `;
  }
}
