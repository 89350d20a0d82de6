import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type {
  AccountEvent,
  AccountField,
  AccountFlow,
  AccountState,
  AccountSummary,
  FlowError,
  SecondPasswordFields,
  SessionView,
  ShomeiClient,
  ShomeiError,
  TenantInfo,
} from '@shomei/sdk';
import {
  accountMenuState,
  accountStateForEmailChangeLink,
  localError,
  createAccountFlow,
} from '@shomei/sdk/flows';
import type { ShomeiDialog } from '../dialog/dialog.js';
import '../define/shomei-dialog.js';
import '../define/shomei-text-field.js';
import { ShomeiAccountChangeEvent } from '../events/account-change.js';
import type { ShomeiDialogCloseEvent } from '../events/dialog-close.js';
import { ShomeiErrorEvent } from '../events/error.js';
import { ShomeiLogoutEvent } from '../events/logout.js';
import { email, VALID, type Validator } from '../form/validators.js';
import { ClientController } from '../internal/client-controller.js';
import { dialogButton } from '../internal/dialog-button.js';
import { accountErrorMessage } from '../internal/account-error-messages.js';
import { formatTokyoDateTime } from '../internal/format-date.js';
import { LightDomFormController } from '../internal/light-dom.js';
import { ruleList } from '../internal/rule-list.js';
import { carrierHeading, carrierOf, carrierSteps, senderDomain } from '../internal/carrier-help.js';
import { safeHttpUrl } from '../internal/safe-url.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
import type { ShomeiTextField } from '../text-field/text-field.js';
import { accountMenuLightDomStyles, accountMenuStyles } from './account-menu.styles.js';
import { langFollowsLocale } from '../internal/locale-lang.js';

type Rule = SecondPasswordFields['failedRules'][number];
const RULES: readonly Rule[] = [
  'min-length',
  'has-uppercase',
  'has-lowercase',
  'has-digit',
  'half-width-alphanumeric-only',
];

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
  'requesting-email-change' | 'changing-second-password' | 'setting-two-factor'
>;

/** Where focus goes after the next render. */
type FocusTarget = 'menu-button' | 'two-factor-item' | 'panel-heading' | null;

const accountOf = (state: AccountState): AccountSummary | undefined =>
  'account' in state ? state.account : undefined;

const errorOf = (state: AccountState): FlowError | undefined =>
  'error' in state ? state.error : undefined;

const DIALOG_STATES = new Set<AccountState['status']>([
  'confirm-two-factor',
  'setting-two-factor',
  'two-factor-changed',
  'second-password-changed',
]);

/**
 * The account menu at the top right of every signed-in screen (A10): トップページ, マニュアル,
 * メールアドレス変更, 第2パスワード変更, 二要素認証設定 (showing 有効/無効), ログアウト. It hosts the
 * screens behind them: change email (A11, with the page of the change mail's one-time link),
 * change second password (A12) and the two-factor setting (A15).
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
  static override styles = [tokens, buttonStyles, accountMenuStyles];

  /** The SDK client; defaults to the page-wide one from `configureShomei`. */
  @property({ attribute: false }) client: ShomeiClient | undefined;
  /**
   * The authenticated session, when the page already has it (e.g. from `shomei-login`);
   * otherwise the element asks the service with `getSession`.
   */
  @property({ attribute: false }) session: SessionView | undefined;
  /** Level of the screens' headings, to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  @state() private load: Load = { status: 'idle' };
  @state() private flowState: AccountState | undefined;
  @state() private tenant: TenantInfo | undefined;
  @state() private menuOpen = false;

  @query('[part="menu-button"]') private menuButton!: HTMLButtonElement | null;
  @query('shomei-dialog') private dialog!: ShomeiDialog | null;

  readonly #clients = new ClientController(this);
  readonly #lightForm = new LightDomFormController(this, accountMenuLightDomStyles);
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
      if (link.status === 'link-error') this.#focusAfterRender = 'panel-heading';
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
    this.#startFlow(
      client,
      accountMenuState({
        email: view.email,
        twoFactorEnabled: view.twoFactorEnabled,
        twoFactorMode: this.tenant.twoFactor.mode,
      }),
    );
  }

  /**
   * Reads and removes `#email-change=<token>` from the address bar: the state that redeems it,
   * or the link_invalid page when the fragment is not even valid percent-encoding (a mangled
   * copy and paste, `#email-change=%E0`).
   */
  #takeLink(): AccountState | undefined {
    const match = LINK_FRAGMENT.exec(globalThis.location?.hash ?? '');
    if (match === null) return undefined;
    // The token is a secret: keep it out of the history and of screenshots of the address bar.
    const url = new URL(globalThis.location.href);
    url.hash = '';
    history.replaceState(history.state, '', url.href);
    try {
      return accountStateForEmailChangeLink(decodeURIComponent(match[1]!));
    } catch {
      return { status: 'link-error', error: localError('link_invalid') };
    }
  }

  /** A link opened in a tab that already shows the menu: redeem it there (A11). */
  readonly #onHashChange = (): void => {
    if (this.#clients.client === undefined) return;
    if (LINK_FRAGMENT.test(globalThis.location?.hash ?? '')) void this.refresh();
  };

  #startFlow(client: ShomeiClient, initial: AccountState): void {
    const flow = (this.#flow = createAccountFlow(client, { initial }));
    this.flowState = flow.getState();
    this.load = { status: 'flow' };
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
      case 'menu':
        // A failed 2FA call comes back to the menu: keep the student where they were.
        if (previous?.status === 'setting-two-factor') this.#focusAfterRender = 'two-factor-item';
        break;
      default:
        break;
    }
  }

  #operation(previous: AccountState | undefined): string {
    const pending: Record<Pending | 'confirming-email-change' | 'logging-out', string> = {
      'requesting-email-change': 'requestEmailChange',
      'changing-second-password': 'changeSecondPassword',
      'setting-two-factor': 'setTwoFactor',
      'confirming-email-change': 'confirmEmailChange',
      'logging-out': 'logout',
    };
    return (previous && pending[previous.status as keyof typeof pending]) ?? 'validate';
  }

  #fieldValue(state: AccountState, field: string): string {
    switch (state.status) {
      case 'email-change':
        return field === 'emailConfirmation' ? state.emailConfirmation : state.email;
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

  #twoFactorBadge(account: AccountSummary) {
    return html`<span part="two-factor-state" class=${account.twoFactorEnabled ? 'on' : 'off'}
      >${
        account.twoFactorEnabled
          ? msg('有効', { id: 'account-menu.two-factor-on' })
          : msg('無効', { id: 'account-menu.two-factor-off' })
      }</span
    >`;
  }

  #menuItem(label: string, onClick: () => void) {
    return html`<button type="button" part="menu-item" @click=${onClick}>${label}</button>`;
  }

  #twoFactorItem(account: AccountSummary) {
    const label = msg('二要素認証設定', { id: 'account-menu.two-factor' });
    if (account.twoFactorChangeable)
      return html`<button
        type="button"
        part="menu-item"
        data-item="two-factor"
        @click=${() => this.#choose({ type: 'open-two-factor' }, null)}
      >
        <span>${label}</span>${this.#twoFactorBadge(account)}
      </button>`;
    // A15: the tenant decides. Say so instead of offering a toggle that cannot work.
    return html`<div part="menu-item" class="fixed" data-item="two-factor" tabindex="-1">
      <span>${label}</span>${this.#twoFactorBadge(account)}
      <span class="note"
        >${
          account.twoFactorMode === 'off'
            ? msg('大学の設定により、二要素認証は利用していません。', {
                id: 'account-menu.two-factor-mode-off',
              })
            : msg('大学の設定により、二要素認証は必須です。変更できません。', {
                id: 'account-menu.two-factor-mode-required',
              })
        }</span
      >
    </div>`;
  }

  #menu(account: AccountSummary) {
    const homepage = safeHttpUrl(this.tenant?.homepageUrl);
    const manual = safeHttpUrl(this.tenant?.manualUrl);
    const state = this.flowState!;
    const menuError = state.status === 'menu' ? state.error : undefined;
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
          ${
            homepage === undefined
              ? nothing
              : html`<li>
                  <a part="menu-item" href=${homepage}
                    >${msg('トップページ', { id: 'account-menu.homepage' })}</a
                  >
                </li>`
          }
          ${
            manual === undefined
              ? nothing
              : html`<li>
                  <a part="menu-item" href=${manual} target="_blank" rel="noopener noreferrer"
                    >${msg('マニュアル', { id: 'account-menu.manual' })}<span class="note"
                      >${msg('（新しいタブで開きます）', { id: 'account-menu.new-tab' })}</span
                    ></a
                  >
                </li>`
          }
          <li>
            ${this.#menuItem(msg('メールアドレス変更', { id: 'account-menu.email-change' }), () =>
              this.#choose({ type: 'open-email-change' }, 'panel-heading'),
            )}
          </li>
          <li>
            ${this.#menuItem(
              msg('第2パスワード変更', { id: 'account-menu.second-password-change' }),
              () => this.#choose({ type: 'open-second-password-change' }, 'panel-heading'),
            )}
          </li>
          <li>${this.#twoFactorItem(account)}</li>
          <li>
            ${this.#menuItem(msg('ログアウト', { id: 'account-menu.logout' }), () =>
              this.#choose({ type: 'logout' }, null),
            )}
          </li>
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

  // Screens (A11, A12, the link page) -------------------------------------------------------

  #heading(text: string) {
    return html`<div
      part="heading"
      role="heading"
      aria-level=${this.headingLevel}
      tabindex="-1"
      class="heading"
    >
      ${text}
    </div>`;
  }

  #panel(state: AccountState): TemplateResult | typeof nothing {
    switch (state.status) {
      case 'email-change':
      case 'requesting-email-change':
        return html`<section part="panel">
          ${this.#heading(msg('メールアドレス変更', { id: 'account-menu.email-change' }))}
          <slot name="form"></slot>
        </section>`;
      case 'second-password-change':
      case 'changing-second-password':
        return html`<section part="panel">
          ${this.#heading(msg('第2パスワード変更', { id: 'account-menu.second-password-change' }))}
          <slot name="form"></slot>
        </section>`;
      case 'email-change-sent': {
        const { sentTo, linkExpiresAt } = state;
        const expires = formatTokyoDateTime(linkExpiresAt);
        return html`<section part="panel">
          ${this.#heading(msg('確認メールを送信しました', { id: 'account-menu.email-sent-heading' }))}
          <p>
            ${msg(str`${sentTo} 宛に確認メールを送信しました。`, { id: 'account-menu.email-sent' })}
          </p>
          <p>
            ${msg(
              'メール本文にあるワンタイムURLにアクセスして、メールアドレスの変更を完了してください。変更が完了するまでは、現在のメールアドレスが使われます。',
              { id: 'account-menu.email-sent-next' },
            )}
          </p>
          <p>
            <strong
              >${msg(str`URLの有効期限：${expires}（日本時間）まで`, {
                id: 'account-menu.email-sent-expiry',
              })}</strong
            >
          </p>
          <div class="actions">
            <button
              type="button"
              part="button"
              class="button"
              @click=${() => {
                this.#focusAfterRender = 'menu-button';
                this.#send({ type: 'acknowledge' });
              }}
            >
              ${msg('OK', { id: 'account-menu.ok' })}
            </button>
          </div>
        </section>`;
      }
      case 'confirming-email-change':
        return html`<section part="panel" aria-busy="true">
          ${this.#heading(msg('メールアドレス変更', { id: 'account-menu.email-change' }))}
          <p part="status" role="status">
            ${msg('メールアドレスを変更しています…', { id: 'account-menu.email-confirming' })}
          </p>
        </section>`;
      case 'email-changed':
        return html`<section part="panel">
          ${this.#heading(msg('メールアドレス変更完了', { id: 'account-menu.email-changed-heading' }))}
          <p role="status">
            ${msg(str`メールアドレスを ${state.email} に変更しました。`, {
              id: 'account-menu.email-changed',
            })}
          </p>
          <p>
            ${msg('今後、システムからの連絡はこのメールアドレス宛に送信されます。', {
              id: 'account-menu.email-changed-next',
            })}
          </p>
          ${this.#backToMenuButton()}
        </section>`;
      case 'link-error':
        return html`<section part="panel">
          ${this.#heading(msg('メールアドレス変更', { id: 'account-menu.email-change' }))}
          <p part="status" class="error" role="alert">${this.#message(state.error)}</p>
          ${this.#backToMenuButton()}
        </section>`;
      default:
        return nothing;
    }
  }

  #backToMenuButton() {
    return html`<div class="actions">
      <button
        type="button"
        part="button"
        class="button"
        @click=${() => {
          this.#focusAfterRender = 'menu-button';
          void this.refresh();
        }}
      >
        ${msg('メニューへ戻る', { id: 'account-menu.back-to-menu' })}
      </button>
    </div>`;
  }

  /** Account-specific wording first, then the shared messages. */
  #message(error: FlowError): string {
    switch (error.code) {
      case 'email_mismatch':
        return msg('「新しいメールアドレス」と「確認」が一致しません。', {
          id: 'account-menu.error.email-mismatch',
        });
      case 'second_password_rules':
        return msg('新しい第2パスワードがルールを満たしていません。', {
          id: 'account-menu.error.second-password-rules',
        });
      case 'second_password_mismatch':
        return msg('「新しい第2パスワード」と「確認」が一致しません。', {
          id: 'account-menu.error.second-password-mismatch',
        });
      case 'link_expired':
        return msg(
          'URLの有効期限が切れています。メニューの「メールアドレス変更」から、もう一度お手続きください。',
          { id: 'account-menu.error.link-expired' },
        );
      default:
        return accountErrorMessage(error);
    }
  }

  // The light-DOM form (A11, A12; docs/decisions/0006) --------------------------------------

  /** Ties a service-side error to its field while the field still holds the rejected value. */
  #rejectedBy(field: AccountField, message: () => string): Validator {
    return (value) =>
      this.#rejected.has(field) && this.#rejected.get(field) === value
        ? { isValid: false, message: message() }
        : VALID;
  }

  #input(field: AccountField) {
    return (event: Event): void => {
      this.#send({ type: 'input', field, value: (event.currentTarget as ShomeiTextField).value });
    };
  }

  /** A required field of the light-DOM form; type, inputmode and ime-hint follow `autocomplete`. */
  #field(options: {
    readonly name: AccountField;
    readonly label: string;
    readonly help?: string;
    readonly autocomplete: 'email' | 'current-password' | 'new-password';
    readonly value: string;
    readonly validators: readonly Validator[];
  }) {
    const { name, label, help, autocomplete, value, validators } = options;
    const isEmail = autocomplete === 'email';
    return html`<shomei-text-field
      label=${label}
      help=${help ?? nothing}
      name=${name}
      type=${isEmail ? 'email' : 'password'}
      autocomplete=${autocomplete}
      inputmode=${isEmail ? 'email' : nothing}
      ?ime-hint=${!isEmail}
      required
      .value=${value}
      .validators=${validators}
      @input=${this.#input(name)}
    ></shomei-text-field>`;
  }

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

  #back(): void {
    this.#focusAfterRender = 'menu-button';
    this.#send({ type: 'back' });
  }

  #formError(state: AccountState) {
    const error = errorOf(state);
    return html`<div class="form-error" role="alert">
      ${error === undefined ? nothing : html`<p>${this.#message(error)}</p>`}
    </div>`;
  }

  #actions(submitLabel: string, pending: boolean) {
    return html`<div class="actions">
        <button type="button" class="button secondary" @click=${() => this.#back()}>
          ${msg('戻る', { id: 'account-menu.back' })}
        </button>
        <button type="submit" class="button" aria-disabled=${pending ? 'true' : 'false'}>
          ${submitLabel}
        </button>
      </div>
      ${
        pending
          ? html`<p class="pending" role="status">
              ${msg('送信しています…', { id: 'account-menu.sending' })}
            </p>`
          : nothing
      }`;
  }

  #emailForm(state: Extract<AccountState, { status: 'email-change' | 'requesting-email-change' }>) {
    // The two addresses are compared by the flow on submit (the core's rule: trimmed, domain
    // case ignored); its `email_mismatch` comes back tied to the confirmation field.
    const rejected = (field: AccountField) =>
      this.#rejectedBy(field, () => this.#message(errorOf(state) ?? { code: '', fields: [] }));
    return html`
      ${this.#formError(state)}
      ${this.#field({
        name: 'email',
        label: msg('新しいメールアドレス', { id: 'account-menu.new-email' }),
        autocomplete: 'email',
        value: state.email,
        validators: [email(), rejected('email')],
      })}
      ${this.#field({
        name: 'emailConfirmation',
        label: msg('確認', { id: 'account-menu.confirmation' }),
        help: msg('確認のため、もう一度入力してください。', { id: 'account-menu.confirm-help' }),
        autocomplete: 'email',
        value: state.emailConfirmation,
        validators: [email(), rejected('emailConfirmation')],
      })}
      <div class="notices">
        <p class="notices-heading">${msg('注意事項', { id: 'account-menu.notices' })}</p>
        <ul>
          <li>
            ${msg('「確認」を押すと、新しいメールアドレス宛に確認通知が届きます。', {
              id: 'account-menu.email-notice-mail',
            })}
          </li>
          <li>
            ${msg(
              'メール本文にあるワンタイムURLにアクセスすると、変更が完了します。URLには期限があります。表示された期限内に操作を完了させてください。',
              { id: 'account-menu.email-notice-link' },
            )}
          </li>
          ${
            this.tenant === undefined
              ? nothing
              : html`<li>
                  ${msg(
                    str`受信拒否設定をしている場合は、${this.tenant.senderAddress} からのメールを受信できるように設定してください。`,
                    { id: 'account-menu.email-notice-sender' },
                  )}
                </li>`
          }
        </ul>
      </div>
      ${this.#carrierHelp(state.email)}
      ${this.#actions(msg('確認', { id: 'account-menu.email-submit' }), state.status !== 'email-change')}
    `;
  }

  /** A11: a carrier address gets that carrier's allow-list steps (the login box's, A3). */
  #carrierHelp(address: string) {
    const carrier = carrierOf(address);
    if (carrier === null || this.tenant === undefined) return nothing;
    return html`<div class="carrier">
      <p class="notices-heading">${carrierHeading(carrier)}</p>
      <p>${carrierSteps(carrier, senderDomain(this.tenant.senderAddress))}</p>
    </div>`;
  }

  #rules(fields: SecondPasswordFields) {
    const text: Record<Rule, string> = {
      'min-length': msg('8文字以上であること。', { id: 'account-menu.rule.min-length' }),
      'has-uppercase': msg('1文字以上の半角英大文字(A-Z)が含まれること。', {
        id: 'account-menu.rule.has-uppercase',
      }),
      'has-lowercase': msg('1文字以上の半角英小文字(a-z)が含まれること。', {
        id: 'account-menu.rule.has-lowercase',
      }),
      'has-digit': msg('1文字以上の半角数字(0-9)が含まれること。', {
        id: 'account-menu.rule.has-digit',
      }),
      'half-width-alphanumeric-only': msg('半角英数字以外を含まないこと。', {
        id: 'account-menu.rule.half-width-only',
      }),
    };
    return ruleList({
      rules: RULES,
      failed: fields.failedRules,
      typed: fields.secondPassword !== '',
      text: (rule) => text[rule],
      className: 'rules',
    });
  }

  #secondPasswordForm(
    state: Extract<AccountState, { status: 'second-password-change' | 'changing-second-password' }>,
  ) {
    const fields = state.newSecondPassword;
    const message = () => this.#message(errorOf(state) ?? { code: '', fields: [] });
    const rulesMet: Validator = (value) =>
      value === '' || fields.failedRules.length === 0
        ? VALID
        : {
            isValid: false,
            message: msg('新しい第2パスワードがルールを満たしていません。', {
              id: 'account-menu.error.second-password-rules',
            }),
          };
    const confirmed: Validator = (value) =>
      value === '' || fields.confirmationMatches
        ? VALID
        : {
            isValid: false,
            message: msg('「新しい第2パスワード」と「確認」が一致しません。', {
              id: 'account-menu.error.second-password-mismatch',
            }),
          };
    return html`
      ${this.#formError(state)}
      ${this.#field({
        name: 'currentSecondPassword',
        label: msg('現在の第2パスワード', { id: 'account-menu.current-second-password' }),
        autocomplete: 'current-password',
        value: state.currentSecondPassword,
        validators: [this.#rejectedBy('currentSecondPassword', message)],
      })}
      ${this.#field({
        name: 'newSecondPassword',
        label: msg('新しい第2パスワード', { id: 'account-menu.new-second-password' }),
        autocomplete: 'new-password',
        value: fields.secondPassword,
        validators: [rulesMet, this.#rejectedBy('newSecondPassword', message)],
      })}
      ${this.#field({
        name: 'newSecondPasswordConfirmation',
        label: msg('確認', { id: 'account-menu.confirmation' }),
        help: msg('確認のため、新しい第2パスワードをもう一度入力してください。', {
          id: 'account-menu.confirm-second-password-help',
        }),
        autocomplete: 'new-password',
        value: fields.secondPasswordConfirmation,
        validators: [confirmed, this.#rejectedBy('newSecondPasswordConfirmation', message)],
      })}
      <div class="notices">
        <p class="notices-heading">${msg('注意事項', { id: 'account-menu.notices' })}</p>
        <p>
          ${msg('第2パスワードは下記ルールに従い設定してください。', {
            id: 'account-menu.rules-intro',
          })}
        </p>
        ${this.#rules(fields)}
      </div>
      ${this.#actions(
        msg('変更', { id: 'account-menu.second-password-submit' }),
        state.status !== 'second-password-change',
      )}
    `;
  }

  renderLightDom(): TemplateResult {
    const state = this.flowState;
    switch (state?.status) {
      case 'email-change':
      case 'requesting-email-change':
        return this.#emailForm(state);
      case 'second-password-change':
      case 'changing-second-password':
        return this.#secondPasswordForm(state);
      default:
        return html``;
    }
  }

  // Dialogs (A12 completion, A15) -----------------------------------------------------------

  readonly #onDialogClose = (event: ShomeiDialogCloseEvent): void => {
    const state = this.flowState;
    if (state === undefined) return;
    const value = event.detail.returnValue;
    switch (state.status) {
      case 'confirm-two-factor':
        this.#focusAfterRender = 'two-factor-item';
        this.#send({ type: value === 'yes' ? 'confirm' : 'cancel' });
        break;
      case 'two-factor-changed':
        // A15 step 4: the menu stays open and shows the new state on the item just used.
        this.#focusAfterRender = 'two-factor-item';
        this.#send({ type: 'acknowledge' });
        break;
      case 'second-password-changed':
        this.#focusAfterRender = 'menu-button';
        this.#send({ type: 'acknowledge' });
        break;
      case 'setting-two-factor':
        // Esc while the call is in flight: the dialog comes back with the answer.
        break;
      default:
        break;
    }
  };

  #dialogContent(state: AccountState) {
    const close = (value: string) => () => this.dialog?.close(value);
    switch (state.status) {
      case 'confirm-two-factor':
      case 'setting-two-factor': {
        const busy = state.status === 'setting-two-factor';
        return html`
          <span slot="heading">${msg('二要素認証設定', { id: 'account-menu.two-factor' })}</span>
          <p>
            ${
              state.enable
                ? msg('二要素認証を有効にしますか?', { id: 'account-menu.two-factor-confirm-on' })
                : msg('二要素認証を無効にしますか?', { id: 'account-menu.two-factor-confirm-off' })
            }
          </p>
          ${
            busy
              ? html`<p role="status">
                  ${msg('設定しています…', { id: 'account-menu.two-factor-setting' })}
                </p>`
              : nothing
          }
          ${dialogButton({
            label: msg('いいえ', { id: 'account-menu.no' }),
            onClick: close('no'),
            secondary: true,
            autofocus: true,
            busy,
          })}
          ${dialogButton({
            label: msg('はい', { id: 'account-menu.yes' }),
            onClick: () => this.#send({ type: 'confirm' }),
            busy,
          })}
        `;
      }
      case 'two-factor-changed':
        return html`
          <span slot="heading">${msg('変更完了', { id: 'account-menu.changed-heading' })}</span>
          <p role="status">
            ${
              state.account.twoFactorEnabled
                ? msg('二要素認証を有効にしました。', { id: 'account-menu.two-factor-done-on' })
                : msg('二要素認証を無効にしました。', { id: 'account-menu.two-factor-done-off' })
            }
          </p>
          ${dialogButton({
            label: msg('OK', { id: 'account-menu.ok' }),
            onClick: close('ok'),
            autofocus: true,
          })}
        `;
      case 'second-password-changed':
        return html`
          <span slot="heading">${msg('変更完了', { id: 'account-menu.changed-heading' })}</span>
          <p role="status">
            ${msg('第2パスワードは変更されました', { id: 'account-menu.second-password-done' })}
          </p>
          ${dialogButton({
            label: msg('OK', { id: 'account-menu.ok' }),
            onClick: close('ok'),
            autofocus: true,
          })}
        `;
      default:
        return html`<span slot="heading"></span>`;
    }
  }

  // Render ----------------------------------------------------------------------------------

  protected override render() {
    const load = this.load;
    switch (load.status) {
      case 'idle':
      case 'anonymous':
        return nothing;
      case 'loading':
        return html`<p part="status" role="status">
          ${msg('メニューを読み込んでいます…', { id: 'account-menu.loading' })}
        </p>`;
      case 'error':
        return html`<div part="status" class="error">
          <p role="alert">${accountErrorMessage(load.error)}</p>
          <button type="button" part="button" class="button secondary" @click=${this.refresh}>
            ${msg('再読み込み', { id: 'account-menu.retry' })}
          </button>
        </div>`;
      case 'flow':
        break;
    }
    const state = this.flowState!;
    if (state.status === 'logging-out')
      return html`<p part="status" role="status">
        ${msg('ログアウトしています…', { id: 'account-menu.logging-out' })}
      </p>`;
    if (state.status === 'logged-out')
      return html`<p part="status" role="status">
        ${
          state.error?.code === 'unauthenticated'
            ? accountErrorMessage(state.error)
            : msg('ログアウトしました。', { id: 'account-menu.logged-out' })
        }
      </p>`;
    const account = accountOf(state);
    return html`
      ${account === undefined ? nothing : this.#menu(account)} ${this.#panel(state)}
      <shomei-dialog @shomei-dialog-close=${this.#onDialogClose}
        >${this.#dialogContent(state)}</shomei-dialog
      >
    `;
  }
}
