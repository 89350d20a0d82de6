/**
 * Every screen of `<shomei-login>` but its loading state: credentials (A1, A2, A6), the auth key
 * (A7–A9) with the locked-key dialog, the first login's email registration (A3) and
 * second-password setup (A5), 「第2パスワードを忘れた場合」 (A13) and the pages the mails'
 * one-time links open (A4, A11, A13), as render functions of the state; `login.ts` keeps the
 * element's life (flow, focus, events) and lends the screens what they need of it through
 * `LoginScreenKit`.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type {
  FlowError,
  LoginEvent,
  LoginField,
  LoginState,
  SecondPasswordFields,
  TenantInfo,
} from '@shomei/sdk';
import { live } from 'lit/directives/live.js';
// The tags these screens render.
import '../define/shomei-dialog.js';
import '../define/shomei-language-picker.js';
import '../define/shomei-text-field.js';
import { email, matches, VALID, type Validator } from '../form/validators.js';
import type { ShomeiDialogCloseEvent } from '../events/dialog-close.js';
import { accountErrorMessage } from '../internal/account-error-messages.js';
import { errorMessage } from '../internal/error-messages.js';
import { carrierHeading, carrierOf, carrierSteps, senderDomain } from '../internal/carrier-help.js';
import { formatTokyoDateTime } from '../internal/format-date.js';
import { ruleList } from '../internal/rule-list.js';
import { pickLocalized } from '../localization.js';
import type { TextFieldType } from '../text-field/text-field.js';

export interface FieldOptions {
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

/** What `<shomei-login>` lends the screens rendered here. */
export interface LoginScreenKit {
  /** This instance's id prefix. */
  readonly id: string;
  /** The level of the screen's heading (notices are one below). */
  headingLevel(): number;
  tenant(): TenantInfo | undefined;
  /** The flow's state now (validators read it when they run). */
  state(): LoginState | undefined;
  send(event: LoginEvent): void;
  /** Sends a field's value to the flow (`input` and `compositionend`). */
  readonly onField: (event: Event) => void;
  /** A polite live region: "処理中です…" while a call is in flight, else `message`. */
  status(pending: boolean, message?: string | typeof nothing): TemplateResult;
  /**
   * `value` once it has stayed the same for a pause in typing (`ms`), else the one before: for
   * a live region that should speak when the student pauses, not on every keystroke.
   */
  settled<T>(key: string, value: T, ms?: number): T;
  /** The auth key the service refused, while the field still holds it. */
  rejectedAuthKey(): string | undefined;
  /** The state's error when it is about the key typed (shown on the 認証キー field). */
  authKeyFieldError(state: LoginState | undefined): FlowError | undefined;
  /** Closes the locked-key dialog with `returnValue`. */
  closeDialog(returnValue: string): void;
  readonly onDialogClose: (event: ShomeiDialogCloseEvent) => void;
  /** A20: the tenant offers passkeys and this browser can use them. */
  passkeysOffered(): boolean;
  /** A20: 「キャンセル」 while the browser asks for a passkey: ends the ceremony, goes back. */
  cancelPasskey(): void;
}

/** The statuses rendered here. */
export type ScreenState = Exclude<
  LoginState,
  {
    status: 'loading' | 'logging-out' | 'confirming-email-registration' | 'confirming-email-change';
  }
>;

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

/** The heading of a screen rendered here. */
export function screenTitle(current: ScreenState): string {
  switch (current.status) {
    case 'credentials':
    case 'submitting':
    case 'authenticated':
      return msg('在学生ログイン', { id: 'login.title.credentials' });
    case 'auth-key':
    case 'verifying-auth-key':
    case 'reissuing':
      return msg('認証キー入力', { id: 'login.title.auth-key' });
    case 'email-registration':
    case 'registering-email':
    case 'email-sent':
      return msg('メールアドレス設定', { id: 'login.title.email-registration' });
    case 'second-password-setup':
    case 'setting-second-password':
      return msg('第2パスワード設定', { id: 'login.title.second-password-setup' });
    case 'second-password-set':
    case 'reset-done':
      return msg('変更完了', { id: 'login.title.changed' });
    case 'reset-request':
    case 'requesting-reset':
    case 'reset-sent':
      return msg('第2パスワードを忘れた場合', { id: 'login.forgot' });
    case 'email-registered':
      return msg('メールアドレス設定完了', { id: 'login.title.email-registered' });
    case 'email-changed':
      return msg('メールアドレス変更完了', { id: 'login.title.email-changed' });
    case 'reset-link':
    case 'resetting-second-password':
      return msg('第2パスワード再設定', { id: 'login.title.reset-link' });
    case 'passkey-options':
    case 'passkey-prompt':
    case 'passkey-verifying':
      return msg('パスキーでログイン', { id: 'login.passkey' });
    case 'passkey-registration':
    case 'passkey-registration-options':
    case 'passkey-creating':
    case 'passkey-registering':
      return msg('パスキー登録', { id: 'login.title.passkey-registration' });
    case 'link-error':
      switch (current.purpose) {
        case 'second-password-reset':
          return msg('第2パスワード再設定', { id: 'login.title.reset-link' });
        case 'email-change':
          return msg('メールアドレス変更', { id: 'login.title.email-change' });
        case 'email-registration':
          return msg('メールアドレス設定', { id: 'login.title.email-registration' });
      }
  }
}

/** The light-DOM form of a screen rendered here. */
export function renderScreen(
  kit: LoginScreenKit,
  current: ScreenState,
  pending: boolean,
): TemplateResult {
  switch (current.status) {
    case 'credentials':
    case 'submitting':
      return credentials(kit, current, pending);
    case 'auth-key':
    case 'verifying-auth-key':
    case 'reissuing':
      return authKey(kit, current, pending);
    case 'passkey-options':
    case 'passkey-prompt':
    case 'passkey-verifying':
      return html`
        ${kit.status(false, msg('パスキーを確認しています…', { id: 'login.passkey.checking' }))}
        <p class="shomei-login-help">
          ${msg('ブラウザの案内に従って、パスキーで本人確認をしてください。', {
            id: 'login.passkey.checking.help',
          })}
        </p>
        <div class="shomei-login-actions">
          ${
            // Once the answer is with the service, cancelling would not undo the login.
            current.status === 'passkey-verifying'
              ? nothing
              : button(msg('キャンセル', { id: 'login.cancel' }), kit.cancelPasskey)
          }
        </div>
      `;
    case 'passkey-registration':
    case 'passkey-registration-options':
    case 'passkey-creating':
    case 'passkey-registering':
      return passkeyRegistration(kit, current, pending);
    case 'authenticated':
      return html`<p class="shomei-login-message" role="status">
        ${msg('ログインしました。', { id: 'login.authenticated' })}
      </p>`;
    case 'email-registration':
    case 'registering-email':
      return emailRegistration(kit, current, pending);
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
        ${
          current.mailDelayed
            ? html`<p class="shomei-login-message" role="status">
                ${msg(
                  'メールの送信に時間がかかっています。届くまで数分かかることがあります。しばらくたっても届かない場合は、もう一度お試しください。',
                  { id: 'login.mail-delayed' },
                )}
              </p>`
            : nothing
        }
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
        <div class="shomei-login-actions">${toLogin(kit)}</div>
      `;
    case 'second-password-setup':
    case 'setting-second-password':
      return secondPasswordForm(kit, current, current.userId, pending, 'setup');
    case 'second-password-set':
      return html`
        <p class="shomei-login-message" role="status">
          ${msg('第2パスワードが設定されました', { id: 'login.second-password-set' })}
        </p>
        <div class="shomei-login-actions">
          ${button(msg('OK', { id: 'login.ok' }), () => kit.send({ type: 'acknowledge' }), false)}
        </div>
      `;
    case 'reset-request':
    case 'requesting-reset':
      return resetRequest(kit, current, pending);
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
        <div class="shomei-login-actions">${toLogin(kit)}</div>
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
        <div class="shomei-login-actions">${toLogin(kit)}</div>
      `;
    case 'email-changed':
      return html`
        <div class="shomei-login-message" role="status">
          <p>
            ${msg(str`メールアドレスを ${current.email} に変更しました。`, {
              id: 'login.email-changed',
            })}
          </p>
          <p>
            ${msg('今後、システムからの連絡はこのメールアドレス宛に送信されます。', {
              id: 'login.email-registered.mails',
            })}
          </p>
        </div>
        <div class="shomei-login-actions">
          ${button(msg('OK', { id: 'login.ok' }), () => kit.send({ type: 'acknowledge' }), false)}
        </div>
      `;
    case 'link-error':
      return html`
        ${accountAlert(
          // A token that is not even well-formed is refused as a request: an invalid link.
          current.error.code === 'invalid_request'
            ? { ...current.error, code: 'link_invalid' }
            : current.error,
        )}
        <p class="shomei-login-help">${linkErrorHelp(current.purpose)}</p>
        <div class="shomei-login-actions">
          ${
            // A11: the student may be logged in; 「OK」 goes wherever the session says.
            current.purpose === 'email-change'
              ? toLogin(kit, msg('OK', { id: 'login.ok' }))
              : toLogin(kit)
          }
        </div>
      `;
    case 'reset-link':
    case 'resetting-second-password':
      return secondPasswordForm(kit, current, undefined, pending, 'reset');
    case 'reset-done':
      return html`
        <p class="shomei-login-message" role="status">
          ${msg('第2パスワードが設定されました', { id: 'login.second-password-set' })}
        </p>
        <p class="shomei-login-help">
          ${msg('新しい第2パスワードでログインしてください。', { id: 'login.reset-done' })}
        </p>
        <div class="shomei-login-actions">
          ${button(msg('OK', { id: 'login.ok' }), () => kit.send({ type: 'go-to-login' }), false)}
        </div>
      `;
  }
}

/** What to do after a one-time link that no longer works. */
function linkErrorHelp(purpose: Extract<ScreenState, { status: 'link-error' }>['purpose']) {
  switch (purpose) {
    case 'email-registration':
      return msg(
        'もう一度ログインすると、メールアドレスの登録画面から確認メールを送信し直せます。',
        { id: 'login.link-error.email-registration' },
      );
    case 'email-change':
      return msg('ログイン後、メニューの「メールアドレス変更」から、もう一度お手続きください。', {
        id: 'login.link-error.email-change',
      });
    case 'second-password-reset':
      return msg('「第2パスワードを忘れた場合」から、もう一度お手続きください。', {
        id: 'login.link-error.reset',
      });
  }
}

/** The flow's error, worded with the account codes these screens meet (links, rules). */
function accountAlert(error: FlowError | undefined) {
  return alert(error === undefined ? undefined : accountErrorMessage(error));
}

function toLogin(
  kit: LoginScreenKit,
  label = msg('ログインページへ移動', { id: 'login.go-to-login' }),
) {
  return button(label, () => kit.send({ type: 'go-to-login' }), false);
}

function emailValue(kit: LoginScreenKit): string {
  const current = kit.state();
  return current !== undefined && 'email' in current ? current.email : '';
}

function secondPasswordValue(kit: LoginScreenKit): string {
  const current = kit.state();
  return current !== undefined && 'secondPassword' in current ? current.secondPassword : '';
}

/** The required 「メールアドレス」 field (A6 registration, A13 reset request). */
function emailField(kit: LoginScreenKit, value: string) {
  return field(kit, {
    name: 'email',
    label: msg('メールアドレス', { id: 'login.email' }),
    value,
    type: 'email',
    autocomplete: 'email',
    required: true,
    validators: [email()],
  });
}

function emailRegistration(
  kit: LoginScreenKit,
  current: Extract<LoginState, { status: 'email-registration' | 'registering-email' }>,
  pending: boolean,
) {
  const error = current.status === 'email-registration' ? current.error : undefined;
  const sender = kit.tenant()?.senderAddress;
  const carrier = carrierOf(current.email);
  return html`
    ${accountAlert(error)} ${emailField(kit, current.email)}
    ${field(kit, {
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
          () => emailValue(kit),
          () => accountErrorMessage({ code: 'email_mismatch' }),
        ),
      ],
    })}
    ${notices(
      kit,
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
    ${kit.status(pending)}
    <div class="shomei-login-actions">
      ${submit(msg('確認', { id: 'login.confirm' }))} ${backToLogin(kit)}
    </div>
  `;
}

/** A5 setup and the A13 reset link share the form: value, confirmation, rules checked live. */
function secondPasswordForm(
  kit: LoginScreenKit,
  current: SecondPasswordFields & { readonly error?: FlowError },
  userId: string | undefined,
  pending: boolean,
  purpose: 'setup' | 'reset',
) {
  const typed = current.secondPassword !== '';
  const met = SECOND_PASSWORD_RULES.filter((rule) => !current.failedRules.includes(rule)).length;
  const announcedMet = kit.settled(`${purpose}-rules-met`, typed ? met : null);
  const rulesValid: Validator = () =>
    current.failedRules.length === 0
      ? { isValid: true, message: '' }
      : { isValid: false, message: accountErrorMessage({ code: 'second_password_rules' }) };
  const rulesId = `${kit.id}-rules`;
  return html`
    ${accountAlert(current.error)}
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
    ${field(kit, {
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
    ${field(kit, {
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
          () => secondPasswordValue(kit),
          () => accountErrorMessage({ code: 'second_password_mismatch' }),
        ),
      ],
    })}
    ${notices(
      kit,
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
        ${ruleList({
          rules: SECOND_PASSWORD_RULES,
          failed: current.failedRules,
          typed,
          text: ruleText,
          className: 'shomei-login-rules',
          labelledBy: rulesId,
        })}
        <p class="shomei-login-rules-summary" role="status">
          ${
            // Spoken once typing pauses (about 600 ms, like the order total), not per keystroke.
            announcedMet === null
              ? nothing
              : msg(
                  str`ルール${SECOND_PASSWORD_RULES.length}項目のうち${announcedMet}項目を満たしています。`,
                  {
                    id: 'login.rules.summary',
                  },
                )
          }
        </p>`,
    )}
    ${kit.status(pending)}
    <div class="shomei-login-actions">
      ${
        purpose === 'setup'
          ? html`${submit(msg('設定', { id: 'login.set' }))} ${backToLogin(kit)}`
          : html`${submit(msg('変更', { id: 'login.change' }))}
            ${toLogin(kit, msg('ログイン画面に戻る', { id: 'login.back-to-login' }))}`
      }
    </div>
  `;
}

function resetRequest(
  kit: LoginScreenKit,
  current: Extract<LoginState, { status: 'reset-request' | 'requesting-reset' }>,
  pending: boolean,
) {
  const error = current.status === 'reset-request' ? current.error : undefined;
  return html`
    ${accountAlert(error)}
    <p class="shomei-login-message">
      ${msg('第2パスワードのリセットを行うため、登録しているメールアドレスを入力してください。', {
        id: 'login.reset.intro',
      })}
    </p>
    ${emailField(kit, current.email)}
    ${notices(kit, [
      msg(
        '「送信」ボタンを押すと、登録されているメールアドレスに第2パスワード再設定用のURLが送信されます。',
        { id: 'login.notice.reset.sent' },
      ),
      msg('URLには有効期限があります。期限内に操作を完了させてください。', {
        id: 'login.notice.reset.expiry',
      }),
    ])}
    ${kit.status(pending)}
    <div class="shomei-login-actions">
      ${submit(msg('送信', { id: 'login.send' }))}
      ${button(msg('戻る', { id: 'login.back' }), () => kit.send({ type: 'back' }))}
    </div>
  `;
}

// ---- the pieces every screen is made of -------------------------------------------------

function field(kit: LoginScreenKit, options: FieldOptions) {
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
    @input=${kit.onField}
    @compositionend=${kit.onField}
  ></shomei-text-field>`;
}

/** An error, as text read out at once (X5). */
function alert(message: string | undefined) {
  return message === undefined
    ? nothing
    : html`<div class="shomei-login-alert" role="alert">${message}</div>`;
}

/** The error a state carries, worded with the generic and login codes. */
function errorAlert(error: FlowError | undefined) {
  return alert(error === undefined ? undefined : errorMessage(error));
}

/** 注意事項 with the manual's lead line; `extra` follows the bullets. */
function notices(
  kit: LoginScreenKit,
  items: readonly string[],
  extra: TemplateResult | typeof nothing = nothing,
) {
  const id = `${kit.id}-notices`;
  return html`<section class="shomei-login-notices" aria-labelledby=${id}>
    <div
      role="heading"
      aria-level=${kit.headingLevel() + 1}
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

function button(label: string, onClick: () => void, secondary = true) {
  return html`<button
    type="button"
    class=${secondary ? 'shomei-login-button secondary' : 'shomei-login-button'}
    @click=${onClick}
  >
    ${label}
  </button>`;
}

function submit(label: string) {
  return html`<button type="submit" class="shomei-login-button">${label}</button>`;
}

/** 「ログイン画面に戻る」: ends the login session. */
function backToLogin(kit: LoginScreenKit) {
  return button(msg('ログイン画面に戻る', { id: 'login.back-to-login' }), () =>
    kit.send({ type: 'logout' }),
  );
}

// ---- the common path: credentials and auth key ---------------------------------------------

function credentials(
  kit: LoginScreenKit,
  current: Extract<LoginState, { status: 'credentials' | 'submitting' }>,
  pending: boolean,
) {
  const { form } = current;
  const error = current.status === 'credentials' ? current.error : undefined;
  return html`
    ${errorAlert(error)}
    ${field(kit, {
      name: 'userId',
      label: msg('ユーザID', { id: 'login.user-id' }),
      value: form.userId,
      // A20: the browser offers the student's passkeys in this field's autofill.
      autocomplete: kit.passkeysOffered() ? 'username webauthn' : 'username',
      required: true,
      nfkc: true,
      help: msg('学籍番号を入力してください。', { id: 'login.user-id.help' }),
    })}
    ${field(kit, {
      name: 'password',
      label: msg('パスワード', { id: 'login.password' }),
      value: form.password,
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    })}
    ${field(kit, {
      name: 'secondPassword',
      label: msg('第2パスワード', { id: 'login.second-password' }),
      value: form.secondPassword,
      type: 'password',
      autocomplete: 'current-password',
      imeHint: true,
      help: msg('初回ログイン時は入力不要です。', { id: 'login.second-password.help' }),
    })}
    <p class="shomei-login-link-row">
      ${button(msg('第2パスワードを忘れた場合', { id: 'login.forgot' }), () =>
        kit.send({ type: 'forgot-second-password' }),
      )}
    </p>
    ${notices(
      kit,
      [
        // X6: the university's own notices first (where students find their ID and password).
        ...(kit.tenant()?.loginNotices ?? []).map((notice) => pickLocalized(notice)),
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
    ${kit.status(pending)}
    <div class="shomei-login-actions">${submit(msg('ログイン', { id: 'login.submit' }))}</div>
    ${
      kit.passkeysOffered()
        ? html`<div class="shomei-login-passkey">
            ${button(msg('パスキーでログイン', { id: 'login.passkey' }), () =>
              kit.send({ type: 'use-passkey' }),
            )}
            <p class="shomei-login-help">
              ${msg('パスキーを登録している場合は、パスワードを入力せずにログインできます。', {
                id: 'login.passkey.help',
              })}
            </p>
          </div>`
        : nothing
    }
  `;
}

/** A20: a tenant that requires passkeys asks a student without one to register one here. */
function passkeyRegistration(
  kit: LoginScreenKit,
  current: Extract<
    LoginState,
    {
      status:
        | 'passkey-registration'
        | 'passkey-registration-options'
        | 'passkey-creating'
        | 'passkey-registering';
    }
  >,
  pending: boolean,
) {
  const creating = current.status === 'passkey-creating';
  return html`
    ${accountAlert(current.status === 'passkey-registration' ? current.error : undefined)}
    <p class="shomei-login-message">
      ${msg('この大学では、パスキーの登録が必要です。このデバイスにパスキーを登録してください。', {
        id: 'login.passkey-registration.intro',
      })}
    </p>
    <p class="shomei-login-help">
      ${msg('次回からは、ユーザIDとパスキーでログインできます。', {
        id: 'login.passkey-registration.next-login',
      })}
    </p>
    ${field(kit, {
      name: 'passkeyName',
      label: msg('パスキーの名前', { id: 'login.passkey-name' }),
      value: current.passkeyName,
      autocomplete: 'off',
      required: true,
      help: msg('どのデバイスのパスキーか分かる名前にしてください。', {
        id: 'login.passkey-name.help',
      }),
    })}
    ${kit.status(
      pending,
      creating
        ? msg('パスキーを作成しています…', { id: 'login.passkey-registration.creating' })
        : nothing,
    )}
    <div class="shomei-login-actions">
      ${submit(msg('パスキーを登録', { id: 'login.passkey-registration.submit' }))}
      ${creating ? button(msg('キャンセル', { id: 'login.cancel' }), kit.cancelPasskey) : nothing}
      ${button(msg('ログアウト', { id: 'login.logout' }), () => kit.send({ type: 'logout' }))}
    </div>
  `;
}
function authKey(
  kit: LoginScreenKit,
  current: Extract<LoginState, { status: 'auth-key' | 'verifying-auth-key' | 'reissuing' }>,
  pending: boolean,
) {
  const error = current.status === 'auth-key' ? current.error : undefined;
  const fieldError = kit.authKeyFieldError(current);
  const rejected: Validator = (value) =>
    fieldError !== undefined && value === kit.rejectedAuthKey()
      ? { isValid: false, message: errorMessage(fieldError) }
      : VALID;
  const trustId = `${kit.id}-trust`;
  const trustHelpId = `${kit.id}-trust-help`;
  const days = kit.tenant()?.twoFactor.trustedDays;
  return html`
    ${
      // A wrong, expired or locked key is said on the 認証キー field (and the lock in the
      // dialog too); other errors (network...) are form-level.
      errorAlert(fieldError === undefined ? error : undefined)
    }
    <p class="shomei-login-message">
      ${msg(
        str`認証キーを ${current.maskedEmail} 宛てにメールで送信しました。メールに記載された認証キーを入力してください。`,
        { id: 'login.auth-key.sent' },
      )}
    </p>
    ${
      current.mailDelayed
        ? html`<p class="shomei-login-message" role="status">
            ${msg(
              'メールの送信に時間がかかっています。届くまで数分かかることがあります。しばらくたっても届かない場合は「認証キー再発行」を押してください。',
              { id: 'login.auth-key.mail-delayed' },
            )}
          </p>`
        : nothing
    }
    <dl class="shomei-login-facts">
      <dt>${msg('有効期限', { id: 'login.auth-key.expires' })}</dt>
      <dd>
        ${msg(str`${formatTokyoDateTime(current.keyExpiresAt)}（日本時間）`, {
          id: 'login.japan-time',
        })}
      </dd>
    </dl>
    ${field(kit, {
      name: 'authKey',
      label: msg('認証キー', { id: 'login.auth-key' }),
      value: current.authKey,
      autocomplete: 'one-time-code',
      inputmode: 'numeric',
      nfkc: true,
      required: true,
      validators: [rejected],
    })}
    <div class="shomei-login-check">
      <input
        type="checkbox"
        id=${trustId}
        aria-describedby=${trustHelpId}
        .checked=${live(current.trustDevice)}
        @change=${(event: Event) =>
          kit.send({
            type: 'set-trust-device',
            trustDevice: (event.target as HTMLInputElement).checked,
          })}
      />
      <label for=${trustId}>${msg('このブラウザを信頼する', { id: 'login.trust-device' })}</label>
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
    ${kit.status(
      pending,
      current.reissued
        ? msg(
            str`認証キーを再発行しました。新しい認証キーを ${current.maskedEmail} 宛てに送信しました。以前の認証キーは使えません。`,
            { id: 'login.auth-key.reissued' },
          )
        : nothing,
    )}
    <div class="shomei-login-actions">
      ${submit(msg('認証', { id: 'login.verify' }))}
      ${button(msg('認証キー再発行', { id: 'login.reissue' }), () => kit.send({ type: 'reissue' }))}
      ${backToLogin(kit)}
    </div>
  `;
}

/** The locked-key dialog (A9), in the element's shadow root: 「認証キー再発行」 or 「閉じる」. */
export function lockedDialog(kit: LoginScreenKit, open: boolean): TemplateResult {
  return html`<shomei-dialog part="dialog" .open=${open} @shomei-dialog-close=${kit.onDialogClose}>
    <span slot="heading">${msg('認証キーが無効になりました', { id: 'login.locked.heading' })}</span>
    <p>${errorMessage({ code: 'auth_key_locked' })}</p>
    <button
      slot="actions"
      class="button"
      type="button"
      autofocus
      @click=${() => kit.closeDialog('reissue')}
    >
      ${msg('認証キー再発行', { id: 'login.reissue' })}
    </button>
    <button
      slot="actions"
      class="button secondary"
      type="button"
      @click=${() => kit.closeDialog('close')}
    >
      ${msg('閉じる', { id: 'login.close' })}
    </button>
  </shomei-dialog>`;
}
