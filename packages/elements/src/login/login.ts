import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import {
  createLoginFlow,
  isShomeiNetworkError,
  loginStateForEmailRegistrationLink,
  loginStateForResetLink,
  type EndpointName,
  type FlowClient,
  type FlowError,
  type LoginEvent,
  type LoginField,
  type LoginFlow,
  type LoginState,
  type LoginStatus,
  type RequestInput,
  type SecondPasswordFields,
  type ShomeiClient,
  type TenantInfo,
} from '@shomei/sdk';
import type { ShomeiDialog } from '../dialog/dialog.js';
import type { ShomeiDialogCloseEvent } from '../events/dialog-close.js';
import { ShomeiErrorEvent } from '../events/error.js';
import { ShomeiLoginStepEvent } from '../events/login-step.js';
import { ShomeiLoginEvent } from '../events/login.js';
import { email, matches, type Validator } from '../form/validators.js';
import { ClientController } from '../internal/client-controller.js';
import { errorMessage } from '../internal/error-messages.js';
import { formatTokyoDateTime } from '../internal/format-date.js';
import { uniqueId } from '../internal/ids.js';
import { LightDomFormController } from '../internal/light-dom.js';
import { pickLocalized } from '../localization.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
import type { ShomeiTextField, TextFieldType } from '../text-field/text-field.js';
import { carrierHeading, carrierOf, carrierSteps, senderDomain } from './carrier-help.js';
import { loginLightDomStyles, loginStyles } from './login.styles.js';

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
  'link-error': 'link-error',
  'reset-link': 'reset-link',
  'resetting-second-password': 'reset-link',
  'reset-done': 'reset-done',
};

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
  'resetting-second-password',
]);

/** The mails' one-time links put the token in the fragment: `#email-registration=<token>`. */
const LINK_FRAGMENT = /^#(email-registration|second-password-reset)=([^&#]+)$/u;

/** A5: the rules in the manual's order. */
const SECOND_PASSWORD_RULES = [
  'min-length',
  'has-uppercase',
  'has-lowercase',
  'has-digit',
  'half-width-alphanumeric-only',
] as const;

function ruleText(rule: (typeof SECOND_PASSWORD_RULES)[number]): string {
  switch (rule) {
    case 'min-length':
      return msg('8文字以上であること。', { id: 'login.rule.min-length' });
    case 'has-uppercase':
      return msg('1文字以上の半角英大文字(A-Z)が含まれること。', {
        id: 'login.rule.has-uppercase',
      });
    case 'has-lowercase':
      return msg('1文字以上の半角英小文字(a-z)が含まれること。', {
        id: 'login.rule.has-lowercase',
      });
    case 'has-digit':
      return msg('1文字以上の半角数字(0-9)が含まれること。', { id: 'login.rule.has-digit' });
    case 'half-width-alphanumeric-only':
      return msg('半角英数字以外を含まないこと。', { id: 'login.rule.half-width-only' });
  }
}

interface FieldOptions {
  readonly name: LoginField;
  readonly label: string;
  readonly value: string;
  readonly type?: TextFieldType;
  readonly autocomplete: string;
  readonly required?: boolean;
  readonly help?: string;
  readonly inputmode?: string;
  readonly nfkc?: boolean;
  readonly imeHint?: boolean;
  readonly validators?: readonly Validator[];
}

/**
 * The student login box and everything the login flow of the SDK leads through (A1–A9, A13,
 * A18): 在学生ログイン with ユーザID, パスワード and 第2パスワード and the manual's notices; the
 * first login's email registration (A3) and 「確認メールを送信しました。」; the second-password
 * setup with every rule checked live (A5); the auth key with 「認証」 and 「認証キー再発行」
 * (A7, A8) and the locked-key dialog (A9); 「第2パスワードを忘れた場合」 (A13); and the pages the
 * mails' one-time links open (A4, A13), read from the URL fragment (`#email-registration=…`,
 * `#second-password-reset=…`), which is then removed from the address bar.
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
  static override styles = [tokens, buttonStyles, loginStyles];

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
  #unsubscribe: (() => void) | undefined;
  #tenantAbort: AbortController | undefined;
  #focusHeading = false;

  constructor() {
    super();
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
    this.#stop();
    this.#tenantAbort?.abort();
    // Reconnecting resumes where the student was (moving the element must not lose input).
    this.#flowClient = undefined;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    const client = this.#clients.client;
    if (client !== this.#flowClient) this.#start(client, this.#linkFromUrl() ?? this.flowState);
  }

  protected override updated(): void {
    if (this.#focusHeading) {
      this.#focusHeading = false;
      this.heading.focus();
    }
  }

  #start(client: ShomeiClient | undefined, initial: LoginState | undefined): void {
    this.#stop();
    this.#flowClient = client;
    if (client === undefined) return;
    // Pending states are resumed by calling again, except a redeemed link (the token is spent).
    const flow = createLoginFlow(this.#reporting(client), initial ? { initial } : {});
    this.#flow = flow;
    this.#unsubscribe = flow.subscribe(this.#onState);
    this.#onState(flow.getState());
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

  /** A one-time link's entry state from the page URL; the fragment is removed at once. */
  #linkFromUrl(): LoginState | undefined {
    if (this.ignoreUrlFragment) return undefined;
    const match = LINK_FRAGMENT.exec(globalThis.location?.hash ?? '');
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
    return purpose === 'email-registration'
      ? loginStateForEmailRegistrationLink(token)
      : loginStateForResetLink(token);
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
    if (previous?.status === next.status) return;
    this.dispatchEvent(
      new ShomeiLoginStepEvent({ status: next.status, previous: previous?.status ?? null }),
    );
    if (next.status === 'authenticated')
      this.dispatchEvent(new ShomeiLoginEvent({ session: next.session }));
    // A new screen after the student's action: move focus to its title so it is announced.
    // Not on page load (loading, a link being redeemed): the page decides where focus starts.
    if (
      previous !== undefined &&
      SCREENS[previous.status] !== SCREENS[next.status] &&
      previous.status !== 'loading' &&
      previous.status !== 'confirming-email-registration'
    )
      this.#focusHeading = true;
  };

  #send(event: LoginEvent): void {
    this.#flow?.send(event);
  }

  readonly #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = this.#lightDom.form;
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

  #title(screen: Screen, current: LoginState | undefined): string {
    switch (screen) {
      case 'loading':
      case 'credentials':
      case 'authenticated':
        return msg('在学生ログイン', { id: 'login.title.credentials' });
      case 'email-registration':
      case 'email-sent':
        return msg('メールアドレス設定', { id: 'login.title.email-registration' });
      case 'second-password-setup':
        return msg('第2パスワード設定', { id: 'login.title.second-password-setup' });
      case 'second-password-set':
      case 'reset-done':
        return msg('変更完了', { id: 'login.title.changed' });
      case 'auth-key':
        return msg('認証キー入力', { id: 'login.title.auth-key' });
      case 'reset-request':
      case 'reset-sent':
        return msg('第2パスワードを忘れた場合', { id: 'login.forgot' });
      case 'email-registered':
        return msg('メールアドレス設定完了', { id: 'login.title.email-registered' });
      case 'reset-link':
        return msg('第2パスワード再設定', { id: 'login.title.reset-link' });
      case 'link-error':
        return current?.status === 'link-error' && current.purpose === 'second-password-reset'
          ? msg('第2パスワード再設定', { id: 'login.title.reset-link' })
          : msg('メールアドレス設定', { id: 'login.title.email-registration' });
    }
  }

  protected override render() {
    const current = this.flowState;
    const screen = current === undefined ? 'loading' : SCREENS[current.status];
    const pending = current === undefined || PENDING.has(current.status);
    const lockedDialog = current?.status === 'auth-key' && current.lockedDialog;
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
          ${this.#title(screen, current)}
        </div>
        <div part="body"><slot name="form"></slot></div>
        ${
          screen === 'auth-key'
            ? html`<shomei-dialog
                part="dialog"
                .open=${lockedDialog}
                @shomei-dialog-close=${this.#onDialogClose}
              >
                <span slot="heading"
                  >${msg('認証キーが無効になりました', { id: 'login.locked.heading' })}</span
                >
                <p>${errorMessage({ code: 'auth_key_locked' })}</p>
                <button
                  slot="actions"
                  class="button"
                  type="button"
                  autofocus
                  @click=${() => this.dialog?.close('reissue')}
                >
                  ${msg('認証キー再発行', { id: 'login.reissue' })}
                </button>
                <button
                  slot="actions"
                  class="button secondary"
                  type="button"
                  @click=${() => this.dialog?.close('close')}
                >
                  ${msg('閉じる', { id: 'login.close' })}
                </button>
              </shomei-dialog>`
            : nothing
        }
      </section>
    `;
  }

  // ---- light DOM: the current screen's form ----------------------------------------------

  #field(options: FieldOptions) {
    return html`<shomei-text-field
      name=${options.name}
      .label=${options.label}
      .type=${options.type ?? 'text'}
      .autocomplete=${options.autocomplete}
      .inputmode=${options.inputmode ?? ''}
      .help=${options.help ?? ''}
      .normalization=${options.nfkc ? 'nfkc' : 'none'}
      .imeHint=${options.imeHint ?? false}
      .validators=${options.validators ?? []}
      ?required=${options.required ?? false}
      .value=${options.value}
      @input=${this.#onField}
      @compositionend=${this.#onField}
    ></shomei-text-field>`;
  }

  /** The error a state carries, as text read out at once (X5). */
  #alert(error: FlowError | undefined) {
    return error === undefined
      ? nothing
      : html`<div class="shomei-login-alert" role="alert">${errorMessage(error)}</div>`;
  }

  /** A polite live region: "処理中です…" while a call is in flight, else `message`. */
  #status(pending: boolean, message: string | typeof nothing = nothing) {
    return html`<p class="shomei-login-status" role="status">
      ${pending ? msg('処理中です…', { id: 'login.pending' }) : message}
    </p>`;
  }

  /** 注意事項 with the manual's lead line; `extra` follows the bullets. */
  #notices(items: readonly string[], extra: TemplateResult | typeof nothing = nothing) {
    const id = `${this.#id}-notices`;
    return html`<section class="shomei-login-notices" aria-labelledby=${id}>
      <div
        role="heading"
        aria-level=${this.headingLevel + 1}
        id=${id}
        class="shomei-login-subheading"
      >
        ${msg('注意事項', { id: 'login.notices' })}
      </div>
      <p class="shomei-login-lead">
        ${msg('！注意事項は必ずお読みください', { id: 'login.notices.lead' })}
      </p>
      <ul>
        ${items.map((item) => html`<li>${item}</li>`)}
      </ul>
      ${extra}
    </section>`;
  }

  #button(label: string, onClick: () => void, secondary = true) {
    return html`<button
      type="button"
      class=${secondary ? 'shomei-login-button secondary' : 'shomei-login-button'}
      @click=${onClick}
    >
      ${label}
    </button>`;
  }

  #submit(label: string) {
    return html`<button type="submit" class="shomei-login-button">${label}</button>`;
  }

  #toLogin(label = msg('ログインページへ移動', { id: 'login.go-to-login' })) {
    return this.#button(label, () => this.#send({ type: 'go-to-login' }), false);
  }

  #backToLogin() {
    return this.#button(msg('ログイン画面に戻る', { id: 'login.back-to-login' }), () =>
      this.#send({ type: 'logout' }),
    );
  }

  renderLightDom(): TemplateResult {
    const current = this.flowState;
    if (current === undefined) return html`${this.#status(true)}`;
    const pending = PENDING.has(current.status);
    switch (current.status) {
      case 'loading':
      case 'logging-out':
      case 'confirming-email-registration':
        return html`${this.#status(true)}`;
      case 'credentials':
      case 'submitting':
        return this.#credentials(current, pending);
      case 'email-registration':
      case 'registering-email':
        return this.#emailRegistration(current, pending);
      case 'email-sent':
        return html`
          <div class="shomei-login-message" role="status">
            <p>${msg('確認メールを送信しました。', { id: 'login.email-sent' })}</p>
            <p>
              ${msg(
                '確認メールに記載されたURLにアクセスし、メールアドレスの設定を完了してください。',
                { id: 'login.email-sent.next' },
              )}
            </p>
          </div>
          <dl class="shomei-login-facts">
            <dt>${msg('送信先', { id: 'login.sent-to' })}</dt>
            <dd>${current.email}</dd>
            <dt>${msg('URLの有効期限', { id: 'login.link-expires' })}</dt>
            <dd>
              ${msg(str`${formatTokyoDateTime(current.linkExpiresAt)}（日本時間）`, {
                id: 'login.japan-time',
              })}
            </dd>
          </dl>
          <div class="shomei-login-actions">${this.#toLogin()}</div>
        `;
      case 'second-password-setup':
      case 'setting-second-password':
        return this.#secondPasswordForm(current, current.userId, pending, 'setup');
      case 'second-password-set':
        return html`
          <p class="shomei-login-message" role="status">
            ${msg('第2パスワードが設定されました', { id: 'login.second-password-set' })}
          </p>
          <div class="shomei-login-actions">
            ${this.#button(msg('OK', { id: 'login.ok' }), () => this.#send({ type: 'acknowledge' }), false)}
          </div>
        `;
      case 'auth-key':
      case 'verifying-auth-key':
      case 'reissuing':
        return this.#authKey(current, pending);
      case 'authenticated':
        return html`<p class="shomei-login-message" role="status">
          ${msg('ログインしました。', { id: 'login.authenticated' })}
        </p>`;
      case 'reset-request':
      case 'requesting-reset':
        return this.#resetRequest(current, pending);
      case 'reset-sent':
        return html`
          <div class="shomei-login-message" role="status">
            <p>
              ${msg(
                '入力されたメールアドレスが登録されている場合は、第2パスワード再設定用のURLを記載したメールを送信しました。',
                { id: 'login.reset-sent' },
              )}
            </p>
            <p>
              ${msg(
                'メールに記載されたURLにアクセスし、第2パスワードを再設定してください。URLには有効期限があります。',
                { id: 'login.reset-sent.next' },
              )}
            </p>
          </div>
          <p class="shomei-login-help">
            ${msg(
              'メールが届かない場合は、入力したメールアドレスと迷惑メールフィルタの設定を確認してください。',
              { id: 'login.reset-sent.help' },
            )}
          </p>
          <div class="shomei-login-actions">${this.#toLogin()}</div>
        `;
      case 'email-registered':
        return html`
          <div class="shomei-login-message">
            <p>${msg('メールアドレスを設定しました。', { id: 'login.email-registered' })}</p>
            <p>
              ${msg('今後、システムからの連絡はこのメールアドレス宛に送信されます。', {
                id: 'login.email-registered.mails',
              })}
            </p>
            <p>
              ${msg('メールアドレスはログイン後のメニューから変更可能です。', {
                id: 'login.email-registered.change',
              })}
            </p>
          </div>
          <div class="shomei-login-actions">${this.#toLogin()}</div>
        `;
      case 'link-error':
        return html`
          ${this.#alert(
            // A token that is not even well-formed is refused as a request: an invalid link.
            current.error.code === 'invalid_request'
              ? { ...current.error, code: 'link_invalid' }
              : current.error,
          )}
          <p class="shomei-login-help">
            ${
              current.purpose === 'email-registration'
                ? msg(
                    'もう一度ログインすると、メールアドレスの登録画面から確認メールを送信し直せます。',
                    { id: 'login.link-error.email-registration' },
                  )
                : msg('「第2パスワードを忘れた場合」から、もう一度お手続きください。', {
                    id: 'login.link-error.reset',
                  })
            }
          </p>
          <div class="shomei-login-actions">${this.#toLogin()}</div>
        `;
      case 'reset-link':
      case 'resetting-second-password':
        return this.#secondPasswordForm(current, undefined, pending, 'reset');
      case 'reset-done':
        return html`
          <p class="shomei-login-message" role="status">
            ${msg('第2パスワードが設定されました', { id: 'login.second-password-set' })}
          </p>
          <p class="shomei-login-help">
            ${msg('新しい第2パスワードでログインしてください。', { id: 'login.reset-done' })}
          </p>
          <div class="shomei-login-actions">
            ${this.#button(msg('OK', { id: 'login.ok' }), () => this.#send({ type: 'go-to-login' }), false)}
          </div>
        `;
    }
  }

  #credentials(
    current: Extract<LoginState, { status: 'credentials' | 'submitting' }>,
    pending: boolean,
  ) {
    const { form } = current;
    const error = current.status === 'credentials' ? current.error : undefined;
    return html`
      ${this.#alert(error)}
      ${this.#field({
        name: 'userId',
        label: msg('ユーザID', { id: 'login.user-id' }),
        value: form.userId,
        autocomplete: 'username',
        required: true,
        nfkc: true,
        help: msg('学籍番号を入力してください。', { id: 'login.user-id.help' }),
      })}
      ${this.#field({
        name: 'password',
        label: msg('パスワード', { id: 'login.password' }),
        value: form.password,
        type: 'password',
        autocomplete: 'current-password',
        required: true,
      })}
      ${this.#field({
        name: 'secondPassword',
        label: msg('第2パスワード', { id: 'login.second-password' }),
        value: form.secondPassword,
        type: 'password',
        autocomplete: 'current-password',
        imeHint: true,
        help: msg('初回ログイン時は入力不要です。', { id: 'login.second-password.help' }),
      })}
      <p class="shomei-login-link-row">
        ${this.#button(msg('第2パスワードを忘れた場合', { id: 'login.forgot' }), () =>
          this.#send({ type: 'forgot-second-password' }),
        )}
      </p>
      ${this.#notices(
        [
          msg('初回ログイン時は、学内ID/学内パスワードでログインしてください。', {
            id: 'login.notice.first-login',
          }),
          msg('利用後は必ずログアウトし、ブラウザも閉じるようにしてください。', {
            id: 'login.notice.logout',
          }),
          msg('ログイン後、操作がないまま一定時間が経過すると、自動的にログアウトします。', {
            id: 'login.notice.idle',
          }),
        ],
        html`<p class="shomei-login-lead">
            ${msg('◎ログイン出来ない場合は、以下をご確認ください。', {
              id: 'login.notice.trouble',
            })}
          </p>
          <ol>
            <li>${msg('パスワードの入力が正しいか。', { id: 'login.notice.trouble.password' })}</li>
            <li>${msg('大文字/小文字の入力が正しいか。', { id: 'login.notice.trouble.case' })}</li>
            <li>
              ${msg('半角英数文字で入力しているか。', { id: 'login.notice.trouble.half-width' })}
            </li>
          </ol>`,
      )}
      ${this.#status(pending)}
      <div class="shomei-login-actions">
        ${this.#submit(msg('ログイン', { id: 'login.submit' }))}
      </div>
    `;
  }

  #emailRegistration(
    current: Extract<LoginState, { status: 'email-registration' | 'registering-email' }>,
    pending: boolean,
  ) {
    const error = current.status === 'email-registration' ? current.error : undefined;
    const sender = this.tenant?.senderAddress;
    const carrier = carrierOf(current.email);
    return html`
      ${this.#alert(error)}
      ${this.#field({
        name: 'email',
        label: msg('メールアドレス', { id: 'login.email' }),
        value: current.email,
        type: 'email',
        autocomplete: 'email',
        required: true,
        validators: [email()],
      })}
      ${this.#field({
        name: 'emailConfirmation',
        label: msg('メールアドレス（確認）', { id: 'login.email-confirmation' }),
        value: current.emailConfirmation,
        type: 'email',
        autocomplete: 'email',
        required: true,
        help: msg('確認のため、もう一度入力してください。', { id: 'login.confirmation.help' }),
        validators: [
          email(),
          matches(
            () => this.#emailValue(),
            () => errorMessage({ code: 'email_mismatch' }),
          ),
        ],
      })}
      ${this.#notices(
        [
          msg('「確認」ボタンを押すと、指定のメールアドレスに確認メールが送信されます。', {
            id: 'login.notice.email.sent',
          }),
          msg('確認メールに記載されたURLにアクセスし、メールアドレスの設定を完了して下さい。', {
            id: 'login.notice.email.link',
          }),
          msg('確認メールの送信までには、少々時間がかかる場合があります。', {
            id: 'login.notice.email.delay',
          }),
          msg('フリーメールアドレスの場合、確認メールを受信出来ない可能性があります。', {
            id: 'login.notice.email.free-mail',
          }),
        ],
        html`<p>
            ${msg(
              '※迷惑メールフィルタ等で、確認メールを受信出来ない場合があります。事前に、許可リストへ以下のアドレスを追加するようにして下さい。',
              { id: 'login.notice.email.allow-list' },
            )}
          </p>
          ${
            sender === undefined
              ? nothing
              : html`<p class="shomei-login-sender">
                  ${msg(str`アドレス: ${sender}`, { id: 'login.notice.email.sender' })}
                </p>`
          }
          <div class="shomei-login-carrier" aria-live="polite">
            ${
              carrier === null || sender === undefined
                ? nothing
                : html`<p class="shomei-login-subheading">${carrierHeading(carrier)}</p>
                    <p>${carrierSteps(carrier, senderDomain(sender))}</p>`
            }
          </div>`,
      )}
      ${this.#status(pending)}
      <div class="shomei-login-actions">
        ${this.#submit(msg('確認', { id: 'login.confirm' }))} ${this.#backToLogin()}
      </div>
    `;
  }

  #emailValue(): string {
    const current = this.flowState;
    return current !== undefined && 'email' in current ? current.email : '';
  }

  #secondPasswordValue(): string {
    const current = this.flowState;
    return current !== undefined && 'secondPassword' in current ? current.secondPassword : '';
  }

  /** A5 setup and the A13 reset link share the form: value, confirmation, rules checked live. */
  #secondPasswordForm(
    current: SecondPasswordFields & { readonly error?: FlowError },
    userId: string | undefined,
    pending: boolean,
    purpose: 'setup' | 'reset',
  ) {
    const typed = current.secondPassword !== '';
    const met = SECOND_PASSWORD_RULES.filter((rule) => !current.failedRules.includes(rule)).length;
    const rulesValid: Validator = () =>
      current.failedRules.length === 0
        ? { isValid: true, message: '' }
        : { isValid: false, message: errorMessage({ code: 'second_password_rules' }) };
    const rulesId = `${this.#id}-rules`;
    return html`
      ${this.#alert(current.error)}
      ${
        // Password managers file a new password under the account they see next to it.
        userId === undefined
          ? nothing
          : html`<input
              type="text"
              name="username"
              autocomplete="username"
              .value=${userId}
              readonly
              hidden
            />`
      }
      ${this.#field({
        name: 'secondPassword',
        label: msg('第2パスワード', { id: 'login.second-password' }),
        value: current.secondPassword,
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        imeHint: true,
        help: msg('半角英数字8文字以上。ルールは下の一覧を確認してください。', {
          id: 'login.second-password.rules-help',
        }),
        validators: [rulesValid],
      })}
      ${this.#field({
        name: 'secondPasswordConfirmation',
        label: msg('第2パスワード（確認）', { id: 'login.second-password-confirmation' }),
        value: current.secondPasswordConfirmation,
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        imeHint: true,
        help: msg('確認のため、もう一度入力してください。', { id: 'login.confirmation.help' }),
        validators: [
          matches(
            () => this.#secondPasswordValue(),
            () => errorMessage({ code: 'second_password_mismatch' }),
          ),
        ],
      })}
      ${this.#notices(
        purpose === 'setup'
          ? [
              msg('セキュリティ向上の為、第2パスワードを設定してください。', {
                id: 'login.notice.second-password.security',
              }),
              msg('次回ログイン時より、パスワードと併せて第2パスワードも入力してください。', {
                id: 'login.notice.second-password.next-login',
              }),
              msg('第2パスワードはログイン後のメニューから変更可能です。', {
                id: 'login.notice.second-password.change',
              }),
            ]
          : [
              msg('新しい第2パスワードを設定してください。', {
                id: 'login.notice.reset.new',
              }),
              msg('次回ログイン時より、新しい第2パスワードを入力してください。', {
                id: 'login.notice.reset.next-login',
              }),
            ],
        html`<p class="shomei-login-lead" id=${rulesId}>
            ${msg('第2パスワードは下記ルールに従い設定してください。', {
              id: 'login.rules.lead',
            })}
          </p>
          <ul class="shomei-login-rules" aria-labelledby=${rulesId}>
            ${SECOND_PASSWORD_RULES.map((rule) => {
              const ok = !current.failedRules.includes(rule);
              const mark = !typed ? '・' : ok ? '✓' : '✗';
              return html`<li class=${!typed ? '' : ok ? 'met' : 'unmet'}>
                <span class="mark" aria-hidden="true">${mark}</span>
                <span>${ruleText(rule)}</span>
                ${
                  typed
                    ? html`<span class="verdict"
                        >${
                          ok
                            ? msg('（OK）', { id: 'login.rule.met' })
                            : msg('（未達成）', { id: 'login.rule.unmet' })
                        }</span
                      >`
                    : nothing
                }
              </li>`;
            })}
          </ul>
          <p class="shomei-login-rules-summary" role="status">
            ${
              typed
                ? msg(
                    str`ルール${SECOND_PASSWORD_RULES.length}項目のうち${met}項目を満たしています。`,
                    {
                      id: 'login.rules.summary',
                    },
                  )
                : nothing
            }
          </p>`,
      )}
      ${this.#status(pending)}
      <div class="shomei-login-actions">
        ${
          purpose === 'setup'
            ? html`${this.#submit(msg('設定', { id: 'login.set' }))} ${this.#backToLogin()}`
            : html`${this.#submit(msg('変更', { id: 'login.change' }))}
              ${this.#toLogin(msg('ログイン画面に戻る', { id: 'login.back-to-login' }))}`
        }
      </div>
    `;
  }

  #authKey(
    current: Extract<LoginState, { status: 'auth-key' | 'verifying-auth-key' | 'reissuing' }>,
    pending: boolean,
  ) {
    const error = current.status === 'auth-key' ? current.error : undefined;
    const trustId = `${this.#id}-trust`;
    const trustHelpId = `${this.#id}-trust-help`;
    const days = this.tenant?.twoFactor.trustedDays;
    return html`
      ${
        // The lock is said in the dialog; the alert says it too once the dialog is closed.
        this.#alert(error)
      }
      <p class="shomei-login-message">
        ${msg(
          str`認証キーを ${current.maskedEmail} 宛てにメールで送信しました。メールに記載された認証キーを入力してください。`,
          { id: 'login.auth-key.sent' },
        )}
      </p>
      <dl class="shomei-login-facts">
        <dt>${msg('有効期限', { id: 'login.auth-key.expires' })}</dt>
        <dd>
          ${msg(str`${formatTokyoDateTime(current.keyExpiresAt)}（日本時間）`, {
            id: 'login.japan-time',
          })}
        </dd>
      </dl>
      ${this.#field({
        name: 'authKey',
        label: msg('認証キー', { id: 'login.auth-key' }),
        value: current.authKey,
        autocomplete: 'one-time-code',
        inputmode: 'numeric',
        nfkc: true,
        required: true,
      })}
      <div class="shomei-login-check">
        <input
          type="checkbox"
          id=${trustId}
          aria-describedby=${trustHelpId}
          .checked=${live(current.trustDevice)}
          @change=${(event: Event) =>
            this.#send({
              type: 'set-trust-device',
              trustDevice: (event.target as HTMLInputElement).checked,
            })}
        />
        <label for=${trustId}>${msg('このデバイスを信頼する', { id: 'login.trust-device' })}</label>
        <p class="shomei-login-help" id=${trustHelpId}>
          ${
            days === undefined
              ? msg(
                  '一定期間、このブラウザでは認証キーの入力を省略します。共用のパソコンではチェックを外してください。',
                  { id: 'login.trust-device.help' },
                )
              : msg(
                  str`${days}日間、このブラウザでは認証キーの入力を省略します。共用のパソコンではチェックを外してください。`,
                  { id: 'login.trust-device.help-days' },
                )
          }
        </p>
      </div>
      ${this.#status(
        pending,
        current.reissued
          ? msg(
              str`認証キーを再発行しました。新しい認証キーを ${current.maskedEmail} 宛てに送信しました。以前の認証キーは使えません。`,
              { id: 'login.auth-key.reissued' },
            )
          : nothing,
      )}
      <div class="shomei-login-actions">
        ${this.#submit(msg('認証', { id: 'login.verify' }))}
        ${this.#button(msg('認証キー再発行', { id: 'login.reissue' }), () =>
          this.#send({ type: 'reissue' }),
        )}
        ${this.#backToLogin()}
      </div>
    `;
  }

  #resetRequest(
    current: Extract<LoginState, { status: 'reset-request' | 'requesting-reset' }>,
    pending: boolean,
  ) {
    const error = current.status === 'reset-request' ? current.error : undefined;
    return html`
      ${this.#alert(error)}
      <p class="shomei-login-message">
        ${msg('第2パスワードのリセットを行うため、登録しているメールアドレスを入力してください。', {
          id: 'login.reset.intro',
        })}
      </p>
      ${this.#field({
        name: 'email',
        label: msg('メールアドレス', { id: 'login.email' }),
        value: current.email,
        type: 'email',
        autocomplete: 'email',
        required: true,
        validators: [email()],
      })}
      ${this.#notices([
        msg(
          '「送信」ボタンを押すと、登録されているメールアドレスに第2パスワード再設定用のURLが送信されます。',
          { id: 'login.notice.reset.sent' },
        ),
        msg('URLには有効期限があります。期限内に操作を完了させてください。', {
          id: 'login.notice.reset.expiry',
        }),
      ])}
      ${this.#status(pending)}
      <div class="shomei-login-actions">
        ${this.#submit(msg('送信', { id: 'login.send' }))}
        ${this.#button(msg('戻る', { id: 'login.back' }), () => this.#send({ type: 'back' }))}
      </div>
    `;
  }
}
