/**
 * What `<shomei-account-menu>` renders for its flow's states: the menu's items (A10), the screens
 * shown below it (A11 change email with the page of the change mail's link, A12 change second
 * password, A20 passkeys, A21 本人確認 before a security change), the dialogs (A12 completion,
 * A15, A20's removal) and the light-DOM form with its fields. The
 * element keeps the flow, the menu button and the events.
 *
 * What belongs to the element (its focus, the values the service rejected, the dialog) comes in
 * through `AccountMenuKit`.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type {
  AccountEvent,
  AccountField,
  AccountState,
  AccountSummary,
  FlowError,
  Passkey,
  SecondPasswordFields,
  TenantInfo,
} from '@shomei/sdk';
import { PASSKEY_NAME_MAX_LENGTH } from '@shomei/sdk/flows';
// The tags these screens render.
import '../define/shomei-dialog.js';
import '../define/shomei-text-field.js';
import type { ShomeiDialogCloseEvent } from '../events/dialog-close.js';
import { email, VALID, type Validator } from '../form/validators.js';
import { accountErrorMessage } from '../internal/account-error-messages.js';
import { carrierHeading, carrierOf, carrierSteps, senderDomain } from '../internal/carrier-help.js';
import { dialogButton } from '../internal/dialog-button.js';
import { formatTokyoDateTime } from '../internal/format-date.js';
import { ruleList } from '../internal/rule-list.js';
import { safeHttpUrl } from '../internal/safe-url.js';
import type { ShomeiTextField } from '../text-field/text-field.js';

/** Where focus goes after the next render. */
export type FocusTarget =
  | 'menu-button'
  | 'two-factor-item'
  | 'panel-heading'
  /** The first field of the light-DOM form (A21's second password, A20's passkey name). */
  | 'form-field'
  /** A20: 「パスキーを追加」 on the passkeys screen. */
  | 'add-passkey'
  /** A21: 「パスキーで本人確認」 on the 本人確認 screen. */
  | 'reauth-passkey'
  | null;

/** What the screens use of the element; one object per element. */
export interface AccountMenuKit {
  /** The level of the screens' headings. */
  headingLevel(): number;
  tenant(): TenantInfo | undefined;
  send(event: AccountEvent): void;
  /** A menu action from any screen: leaves the current screen first (its own 「戻る」). */
  choose(event: AccountEvent, focus: FocusTarget): void;
  /** Moves focus to `target` after the next render. */
  focusAfterRender(target: FocusTarget): void;
  /** Loads the session and the tenant again and shows the menu. */
  refresh(): void;
  /** The value `field` held when the service rejected it, while that error is the latest. */
  rejected(field: AccountField): string | undefined;
  /** Closes the dialog with `returnValue`. */
  closeDialog(returnValue: string): void;
  readonly onDialogClose: (event: ShomeiDialogCloseEvent) => void;
  /** A20: whether this browser can create a passkey. */
  passkeysSupported(): boolean;
}

type Rule = SecondPasswordFields['failedRules'][number];
const RULES: readonly Rule[] = [
  'min-length',
  'has-uppercase',
  'has-lowercase',
  'has-digit',
  'half-width-alphanumeric-only',
];

const errorOf = (state: AccountState): FlowError | undefined =>
  'error' in state ? state.error : undefined;

// The menu (A10) ----------------------------------------------------------------------------

function twoFactorBadge(account: AccountSummary) {
  return html`<span part="two-factor-state" class=${account.twoFactorEnabled ? 'on' : 'off'}
    >${
      account.twoFactorEnabled
        ? msg('有効', { id: 'account-menu.two-factor-on' })
        : msg('無効', { id: 'account-menu.two-factor-off' })
    }</span
  >`;
}

function menuItem(label: string, onClick: () => void) {
  return html`<button type="button" part="menu-item" @click=${onClick}>${label}</button>`;
}

function twoFactorItem(kit: AccountMenuKit, account: AccountSummary) {
  const label = msg('二要素認証設定', { id: 'account-menu.two-factor' });
  if (account.twoFactorChangeable)
    return html`<button
      type="button"
      part="menu-item"
      data-item="two-factor"
      @click=${() => kit.choose({ type: 'open-two-factor' }, null)}
    >
      <span>${label}</span>${twoFactorBadge(account)}
    </button>`;
  // A15: the tenant decides. Say so instead of offering a toggle that cannot work.
  return html`<div part="menu-item" class="fixed" data-item="two-factor" tabindex="-1">
    <span>${label}</span>${twoFactorBadge(account)}
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

/** The `<li>`s of the menu's list (the element renders the button and the list around them). */
export function menuItems(kit: AccountMenuKit, account: AccountSummary): TemplateResult {
  const tenant = kit.tenant();
  const homepage = safeHttpUrl(tenant?.homepageUrl);
  const manual = safeHttpUrl(tenant?.manualUrl);
  return html`
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
      ${menuItem(msg('メールアドレス変更', { id: 'account-menu.email-change' }), () =>
        kit.choose({ type: 'open-email-change' }, 'panel-heading'),
      )}
    </li>
    <li>
      ${menuItem(msg('第2パスワード変更', { id: 'account-menu.second-password-change' }), () =>
        kit.choose({ type: 'open-second-password-change' }, 'panel-heading'),
      )}
    </li>
    <li>${twoFactorItem(kit, account)}</li>
    ${
      account.passkeyMode === 'off'
        ? nothing
        : html`<li>
            ${menuItem(msg('パスキー', { id: 'account-menu.passkeys' }), () =>
              kit.choose({ type: 'open-passkeys' }, 'panel-heading'),
            )}
          </li>`
    }
    <li>
      ${menuItem(msg('ログアウト', { id: 'account-menu.logout' }), () =>
        kit.choose({ type: 'logout' }, null),
      )}
    </li>
  `;
}

/** What replaces the menu while logging out and once logged out. */
export function logoutStatus(
  state: Extract<AccountState, { status: 'logging-out' | 'logged-out' }>,
): TemplateResult {
  if (state.status === 'logging-out')
    return html`<p part="status" role="status">
      ${msg('ログアウトしています…', { id: 'account-menu.logging-out' })}
    </p>`;
  return html`<p part="status" role="status">
    ${
      state.error?.code === 'unauthenticated'
        ? accountErrorMessage(state.error)
        : msg('ログアウトしました。', { id: 'account-menu.logged-out' })
    }
  </p>`;
}

// Screens (A11, A12, the link page) ---------------------------------------------------------

function heading(kit: AccountMenuKit, text: string) {
  return html`<div
    part="heading"
    role="heading"
    aria-level=${kit.headingLevel()}
    tabindex="-1"
    class="heading"
  >
    ${text}
  </div>`;
}

/** A button that leaves the screen (`leave`) and puts focus back on the menu button. */
function toMenuButton(
  kit: AccountMenuKit,
  label: string,
  leave: () => void,
  looks: 'main' | 'secondary' = 'main',
) {
  const onClick = () => {
    kit.focusAfterRender('menu-button');
    leave();
  };
  return looks === 'main'
    ? html`<button type="button" part="button" class="button" @click=${onClick}>${label}</button>`
    : html`<button type="button" class="button secondary" @click=${onClick}>${label}</button>`;
}

function backToMenuButton(kit: AccountMenuKit) {
  return html`<div class="actions">
    ${toMenuButton(kit, msg('メニューへ戻る', { id: 'account-menu.back-to-menu' }), () =>
      kit.refresh(),
    )}
  </div>`;
}

/** The screen below the menu for `state` (A11, A12, the link page), or nothing. */
export function panel(kit: AccountMenuKit, state: AccountState): TemplateResult | typeof nothing {
  switch (state.status) {
    case 'email-change':
    case 'requesting-email-change':
      return html`<section part="panel">
        ${heading(kit, msg('メールアドレス変更', { id: 'account-menu.email-change' }))}
        <slot name="form"></slot>
      </section>`;
    case 'second-password-change':
    case 'changing-second-password':
      return html`<section part="panel">
        ${heading(kit, msg('第2パスワード変更', { id: 'account-menu.second-password-change' }))}
        <slot name="form"></slot>
      </section>`;
    case 'reauthenticate':
    case 'reauthenticating':
    case 'requesting-reauthentication-options':
    case 'getting-passkey':
    case 'reauthenticating-with-passkey':
      return html`<section part="panel">
        ${heading(kit, msg('本人確認', { id: 'account-menu.reauth-heading' }))}
        <slot name="form"></slot>
      </section>`;
    case 'checking-passkeys':
      return html`<section part="panel" aria-busy="true">
        ${heading(kit, msg('本人確認', { id: 'account-menu.reauth-heading' }))}
        <p part="status" role="status">
          ${msg('準備しています…', { id: 'account-menu.passkey-preparing' })}
        </p>
      </section>`;
    case 'loading-passkeys':
    case 'passkeys':
    case 'requesting-passkey-options':
    case 'creating-passkey':
    case 'confirm-remove-passkey':
    case 'removing-passkey':
      return passkeysPanel(kit, state);
    case 'naming-passkey':
    case 'registering-passkey':
      return html`<section part="panel">
        ${heading(kit, msg('パスキーの名前', { id: 'account-menu.passkey-name-heading' }))}
        <slot name="form"></slot>
      </section>`;
    case 'email-change-sent': {
      const { sentTo, linkExpiresAt, mailDelayed } = state;
      const expires = formatTokyoDateTime(linkExpiresAt);
      return html`<section part="panel">
        ${heading(kit, msg('確認メールを送信しました', { id: 'account-menu.email-sent-heading' }))}
        <p>
          ${msg(str`${sentTo} 宛に確認メールを送信しました。`, { id: 'account-menu.email-sent' })}
        </p>
        ${
          mailDelayed
            ? html`<p role="status">
                ${msg(
                  'メールの送信に時間がかかっています。届くまで数分かかることがあります。しばらくたっても届かない場合は、もう一度お試しください。',
                  { id: 'account-menu.mail-delayed' },
                )}
              </p>`
            : nothing
        }
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
          ${toMenuButton(kit, msg('OK', { id: 'account-menu.ok' }), () =>
            kit.send({ type: 'acknowledge' }),
          )}
        </div>
      </section>`;
    }
    case 'confirming-email-change':
      return html`<section part="panel" aria-busy="true">
        ${heading(kit, msg('メールアドレス変更', { id: 'account-menu.email-change' }))}
        <p part="status" role="status">
          ${msg('メールアドレスを変更しています…', { id: 'account-menu.email-confirming' })}
        </p>
      </section>`;
    case 'email-changed':
      return html`<section part="panel">
        ${heading(kit, msg('メールアドレス変更完了', { id: 'account-menu.email-changed-heading' }))}
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
        ${backToMenuButton(kit)}
      </section>`;
    case 'link-error':
      return html`<section part="panel">
        ${heading(kit, msg('メールアドレス変更', { id: 'account-menu.email-change' }))}
        <p part="status" class="error" role="alert">${message(state.error)}</p>
        ${backToMenuButton(kit)}
      </section>`;
    default:
      return nothing;
  }
}

// The passkeys screen (A20) -----------------------------------------------------------------

type PasskeysPanelState = Extract<
  AccountState,
  {
    status:
      | 'loading-passkeys'
      | 'passkeys'
      | 'requesting-passkey-options'
      | 'creating-passkey'
      | 'confirm-remove-passkey'
      | 'removing-passkey';
  }
>;

function passkeyItem(kit: AccountMenuKit, passkey: Passkey, index: number, kept: boolean) {
  const nameId = `passkey-name-${index}`;
  return html`<li part="passkey" class="passkey">
    <span class="passkey-name" id=${nameId}>${passkey.name}</span>
    <dl class="passkey-dates">
      <div>
        <dt>${msg('登録日時', { id: 'account-menu.passkey-created' })}</dt>
        <dd>${formatTokyoDateTime(passkey.createdAt)}</dd>
      </div>
      <div>
        <dt>${msg('最終利用日時', { id: 'account-menu.passkey-last-used' })}</dt>
        <dd>
          ${
            passkey.lastUsedAt === null
              ? msg('未使用', { id: 'account-menu.passkey-never-used' })
              : formatTokyoDateTime(passkey.lastUsedAt)
          }
        </dd>
      </div>
    </dl>
    <button
      type="button"
      part="button"
      class="button secondary"
      data-passkey-id=${passkey.passkeyId}
      aria-describedby=${kept ? `${nameId} passkey-last-kept` : nameId}
      aria-disabled=${kept ? 'true' : nothing}
      @click=${
        kept ? undefined : () => kit.send({ type: 'remove-passkey', passkeyId: passkey.passkeyId })
      }
    >
      ${msg('削除', { id: 'account-menu.passkey-remove' })}
    </button>
  </li>`;
}

/** A20: what the list says about the last step: done (read out) or why it failed (alert). */
function passkeysStatus(state: PasskeysPanelState) {
  switch (state.status) {
    case 'loading-passkeys':
      return html`<p part="status" role="status">
        ${msg('パスキーを読み込んでいます…', { id: 'account-menu.passkeys-loading' })}
      </p>`;
    case 'requesting-passkey-options':
      return html`<p part="status" role="status">
        ${msg('準備しています…', { id: 'account-menu.passkey-preparing' })}
      </p>`;
    case 'creating-passkey':
      return html`<p part="status" role="status">
        ${msg('ブラウザの案内に従って、パスキーを作成してください。', {
          id: 'account-menu.passkey-creating',
        })}
      </p>`;
    case 'passkeys':
      if (state.error !== undefined)
        return html`<p part="status" class="error" role="alert">${message(state.error)}</p>`;
      if (state.done === undefined) return html`<p part="status" role="status"></p>`;
      return html`<p part="status" role="status">
        ${
          state.done.change === 'added'
            ? msg(str`パスキー「${state.done.name}」を登録しました。`, {
                id: 'account-menu.passkey-added',
              })
            : msg(str`パスキー「${state.done.name}」を削除しました。`, {
                id: 'account-menu.passkey-removed',
              })
        }
      </p>`;
    default:
      return html`<p part="status" role="status"></p>`;
  }
}

/**
 * A20: 「パスキー」: the student's passkeys with their dates, 「パスキーを追加」 and a 「削除」 per
 * passkey. The same screen stays while a passkey is being created or removed, so focus and the
 * list do not jump.
 */
function passkeysPanel(kit: AccountMenuKit, state: PasskeysPanelState) {
  const passkeys = state.status === 'loading-passkeys' ? undefined : state.passkeys;
  const supported = kit.passkeysSupported();
  // A20: where the university requires a passkey, the last one stays: say so up front.
  const lastKept =
    state.account.passkeyMode === 'required-after-first-login' && passkeys?.length === 1;
  const busy = state.status === 'requesting-passkey-options' || state.status === 'creating-passkey';
  return html`<section
    part="panel"
    aria-busy=${state.status === 'loading-passkeys' ? 'true' : 'false'}
  >
    ${heading(kit, msg('パスキー', { id: 'account-menu.passkeys' }))}
    <p>
      ${msg(
        'パスキーを登録すると、ユーザIDとパスキー（指紋・顔認証・画面ロックなど）でログインできます。第2パスワードと認証キーの入力は不要になります。',
        { id: 'account-menu.passkeys-intro' },
      )}
    </p>
    ${passkeysStatus(state)}
    ${
      passkeys === undefined
        ? nothing
        : passkeys.length === 0
          ? html`<p class="passkeys-empty">
              ${msg('登録されているパスキーはありません。', { id: 'account-menu.passkeys-empty' })}
            </p>`
          : html`<ul part="passkeys" class="passkeys">
              ${repeat(
                passkeys,
                (passkey) => passkey.passkeyId,
                (passkey, index) => passkeyItem(kit, passkey, index, lastKept),
              )}
            </ul>`
    }
    ${
      lastKept
        ? html`<p id="passkey-last-kept" class="note">
            ${msg('大学の設定により、パスキーが1つ以上必要です。最後のパスキーは削除できません。', {
              id: 'account-menu.passkey-last-kept',
            })}
          </p>`
        : nothing
    }
    <div class="actions">
      ${toMenuButton(
        kit,
        msg('戻る', { id: 'account-menu.back' }),
        () => kit.send({ type: 'back' }),
        'secondary',
      )}
      ${
        passkeys === undefined
          ? nothing
          : html`<button
              type="button"
              part="button"
              class="button"
              data-action="add-passkey"
              ?disabled=${!supported}
              aria-disabled=${busy ? 'true' : nothing}
              aria-describedby=${supported ? nothing : 'passkeys-unsupported'}
              @click=${busy ? undefined : () => kit.send({ type: 'add-passkey' })}
            >
              ${msg('パスキーを追加', { id: 'account-menu.passkey-add' })}
            </button>`
      }
    </div>
    ${
      supported || passkeys === undefined
        ? nothing
        : html`<p id="passkeys-unsupported" class="note">
            ${msg(
              'このブラウザではパスキーを利用できません。パスキーに対応したブラウザや端末でお試しください。',
              { id: 'account-menu.passkeys-unsupported' },
            )}
          </p>`
    }
  </section>`;
}

/** Account-specific wording first, then the shared messages. */
function message(error: FlowError): string {
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
    // A20: only this screen adds passkeys, so their texts ship with it, not with the login page.
    case 'passkey_not_allowed':
      return msg('大学の設定により、パスキーは利用できません。', {
        id: 'account-menu.error.passkey-not-allowed',
      });
    case 'passkey_last_required':
      return msg(
        '大学の設定により、パスキーが1つ以上必要です。別のパスキーを追加してから削除してください。',
        { id: 'account-menu.error.passkey-last-required' },
      );
    case 'passkey_failed':
      return msg(
        'パスキーを確認できませんでした。もう一度「パスキーを追加」からやり直してください。',
        { id: 'account-menu.error.passkey-failed' },
      );
    // The browser's ceremony (internal/passkey-ceremony.ts), as the account flow reports it.
    case 'passkey_cancelled':
      return msg('パスキーの作成が中止されました。もう一度お試しください。', {
        id: 'account-menu.error.passkey-cancelled',
      });
    case 'passkey_already_registered':
      return msg('この端末のパスキーはすでに登録されています。', {
        id: 'account-menu.error.passkey-already-registered',
      });
    case 'passkey_unsupported':
      return msg(
        'このブラウザではパスキーを利用できません。パスキーに対応したブラウザや端末でお試しください。',
        { id: 'account-menu.error.passkey-unsupported' },
      );
    case 'passkey_ceremony_failed':
      return msg('パスキーを作成できませんでした。もう一度お試しください。', {
        id: 'account-menu.error.passkey-ceremony-failed',
      });
    default:
      return accountErrorMessage(error);
  }
}

// The light-DOM form (A11, A12; docs/decisions/0006) ----------------------------------------

/** Ties a service-side error to its field while the field still holds the rejected value. */
function rejectedBy(kit: AccountMenuKit, field: AccountField, text: () => string): Validator {
  return (value) => (kit.rejected(field) === value ? { isValid: false, message: text() } : VALID);
}

function input(kit: AccountMenuKit, field: AccountField) {
  return (event: Event): void => {
    kit.send({ type: 'input', field, value: (event.currentTarget as ShomeiTextField).value });
  };
}

/** A required field of the light-DOM form; type, inputmode and ime-hint follow `autocomplete`. */
function field(
  kit: AccountMenuKit,
  options: {
    readonly name: AccountField;
    readonly label: string;
    readonly help?: string;
    readonly autocomplete: 'email' | 'current-password' | 'new-password' | 'off';
    readonly value: string;
    readonly validators: readonly Validator[];
    readonly maxlength?: number;
  },
) {
  const { name, label, help, autocomplete, value, validators, maxlength } = options;
  const isEmail = autocomplete === 'email';
  // `off`: a free text (A20's passkey name), which may well be typed in Japanese.
  const isText = autocomplete === 'off';
  return html`<shomei-text-field
    label=${label}
    help=${help ?? nothing}
    name=${name}
    type=${isEmail ? 'email' : isText ? 'text' : 'password'}
    autocomplete=${autocomplete}
    inputmode=${isEmail ? 'email' : nothing}
    maxlength=${maxlength ?? nothing}
    ?ime-hint=${!isEmail && !isText}
    required
    .value=${value}
    .validators=${validators}
    @input=${input(kit, name)}
  ></shomei-text-field>`;
}

function formError(state: AccountState) {
  const error = errorOf(state);
  return html`<div class="form-error" role="alert">
    ${error === undefined ? nothing : html`<p>${message(error)}</p>`}
  </div>`;
}

/** 「送信しています…」 while the form's request is under way. */
function sendingStatus() {
  return html`<p class="pending" role="status">
    ${msg('送信しています…', { id: 'account-menu.sending' })}
  </p>`;
}

/** 「戻る」 to the menu. */
function backButton(kit: AccountMenuKit) {
  return toMenuButton(
    kit,
    msg('戻る', { id: 'account-menu.back' }),
    () => kit.send({ type: 'back' }),
    'secondary',
  );
}

/** 「キャンセル」, which does `cancel`. */
function cancelButton(cancel: () => void) {
  return html`<button type="button" class="button secondary" @click=${cancel}>
    ${msg('キャンセル', { id: 'account-menu.cancel' })}
  </button>`;
}

/**
 * A form's actions: `secondary` (「戻る」 or 「キャンセル」) and the submit button, which is
 * aria-disabled while `pending`; below them `status`, by default 「送信しています…」 while pending.
 */
function formActions(
  secondary: TemplateResult,
  submitLabel: string,
  pending: boolean,
  status: TemplateResult | typeof nothing = pending ? sendingStatus() : nothing,
) {
  return html`<div class="actions">
      ${secondary}
      <button type="submit" class="button" aria-disabled=${pending ? 'true' : 'false'}>
        ${submitLabel}
      </button>
    </div>
    ${status}`;
}

function emailForm(
  kit: AccountMenuKit,
  state: Extract<AccountState, { status: 'email-change' | 'requesting-email-change' }>,
) {
  // The two addresses are compared by the flow on submit (the core's rule: trimmed, domain
  // case ignored); its `email_mismatch` comes back tied to the confirmation field.
  const rejected = (name: AccountField) =>
    rejectedBy(kit, name, () => message(errorOf(state) ?? { code: '', fields: [] }));
  const tenant = kit.tenant();
  return html`
    ${formError(state)}
    ${field(kit, {
      name: 'email',
      label: msg('新しいメールアドレス', { id: 'account-menu.new-email' }),
      autocomplete: 'email',
      value: state.email,
      validators: [email(), rejected('email')],
    })}
    ${field(kit, {
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
        ${tenant === undefined ? nothing : html`<li>${senderNotice.call({ tenant })}</li>`}
      </ul>
    </div>
    ${carrierHelp(tenant, state.email)}
    ${formActions(
      backButton(kit),
      msg('確認', { id: 'account-menu.email-submit' }),
      state.status !== 'email-change',
    )}
  `;
}

/**
 * 「受信拒否設定をしている場合は…」. A function of `this` only so that the message's placeholder
 * keeps its source text, `this.tenant.senderAddress`, which the XLIFF files record.
 */
function senderNotice(this: { readonly tenant: TenantInfo }): string {
  return msg(
    str`受信拒否設定をしている場合は、${this.tenant.senderAddress} からのメールを受信できるように設定してください。`,
    { id: 'account-menu.email-notice-sender' },
  );
}

/** A11: a carrier address gets that carrier's allow-list steps (the login box's, A3). */
function carrierHelp(tenant: TenantInfo | undefined, address: string) {
  const carrier = carrierOf(address);
  if (carrier === null || tenant === undefined) return nothing;
  return html`<div class="carrier">
    <p class="notices-heading">${carrierHeading(carrier)}</p>
    <p>${carrierSteps(carrier, senderDomain(tenant.senderAddress))}</p>
  </div>`;
}

/**
 * A21: why 本人確認 did not do: the wrong second password or a passkey that did not prove the
 * student (A20), with the tries left before a new login is needed; a passkey prompt closed or
 * failed (the list's wording speaks of creating one).
 */
function reauthenticationMessage(error: FlowError): string {
  const left = error.attemptsLeft;
  switch (error.code) {
    case 'current_second_password_wrong':
      return left === undefined
        ? msg('第2パスワードが正しくありません。', { id: 'account-menu.error.reauth-wrong' })
        : msg(
            str`第2パスワードが正しくありません。あと ${left} 回間違えると、もう一度ログインが必要になります。`,
            {
              id: 'account-menu.error.reauth-wrong-left',
            },
          );
    case 'passkey_failed':
      return left === undefined
        ? msg('パスキーで本人確認できませんでした。', {
            id: 'account-menu.error.reauth-passkey-failed',
          })
        : msg(
            str`パスキーで本人確認できませんでした。あと ${left} 回失敗すると、もう一度ログインが必要になります。`,
            { id: 'account-menu.error.reauth-passkey-failed-left' },
          );
    case 'passkey_cancelled':
      return msg('パスキーでの本人確認が中止されました。もう一度お試しください。', {
        id: 'account-menu.error.reauth-passkey-cancelled',
      });
    case 'passkey_ceremony_failed':
      return msg(
        'パスキーで本人確認できませんでした。もう一度お試しいただくか、第2パスワードを入力してください。',
        { id: 'account-menu.error.reauth-passkey-ceremony-failed' },
      );
    default:
      return message(error);
  }
}

/** A21: what 本人確認 is doing while the student waits. */
function reauthenticationStatus(state: ReauthenticationState) {
  switch (state.status) {
    case 'reauthenticate':
      return nothing;
    case 'requesting-reauthentication-options':
      return html`<p class="pending" role="status">
        ${msg('準備しています…', { id: 'account-menu.passkey-preparing' })}
      </p>`;
    case 'getting-passkey':
      return html`<p class="pending" role="status">
        ${msg('ブラウザの案内に従って、パスキーで本人確認してください。', {
          id: 'account-menu.reauth-passkey-getting',
        })}
      </p>`;
    default:
      return sendingStatus();
  }
}

type ReauthenticationState = Extract<
  AccountState,
  {
    status:
      | 'reauthenticate'
      | 'reauthenticating'
      | 'requesting-reauthentication-options'
      | 'getting-passkey'
      | 'reauthenticating-with-passkey';
  }
>;

/**
 * A21: 「本人確認」: the second password again before a security change, or 「パスキーで本人確認」
 * (A20) when the student has a passkey and the browser can use it; 「キャンセル」 goes back to
 * where the change was asked for.
 */
function reauthenticationForm(kit: AccountMenuKit, state: ReauthenticationState) {
  const error = errorOf(state);
  const pending = state.status !== 'reauthenticate';
  const withPasskey = state.passkeyOffered && kit.passkeysSupported();
  const cancel = () => {
    kit.focusAfterRender(
      state.retry.status === 'setting-two-factor' ? 'two-factor-item' : 'panel-heading',
    );
    kit.send({ type: 'cancel' });
  };
  return html`
    <p>
      ${
        withPasskey
          ? msg('続けるには第2パスワードを入力するか、パスキーで本人確認してください。', {
              id: 'account-menu.reauth-intro-passkey',
            })
          : msg('続けるには第2パスワードを入力してください。', { id: 'account-menu.reauth-intro' })
      }
    </p>
    ${
      withPasskey
        ? // Above the field and its messages, which appear as it loses focus to this very
          // button: what is below them moves between the press and the release of a click.
          html`<div class="actions">
            <button
              type="button"
              class="button secondary"
              data-action="reauth-passkey"
              aria-disabled=${pending ? 'true' : 'false'}
              @click=${pending ? undefined : () => kit.send({ type: 'reauthenticate-with-passkey' })}
            >
              ${msg('パスキーで本人確認', { id: 'account-menu.reauth-passkey' })}
            </button>
          </div>`
        : nothing
    }
    <div class="form-error" role="alert">
      ${error === undefined ? nothing : html`<p>${reauthenticationMessage(error)}</p>`}
    </div>
    ${field(kit, {
      name: 'secondPassword',
      label: msg('第2パスワード', { id: 'account-menu.second-password' }),
      autocomplete: 'current-password',
      value: state.secondPassword,
      validators: [
        rejectedBy(kit, 'secondPassword', () =>
          reauthenticationMessage(errorOf(state) ?? { code: '', fields: [] }),
        ),
      ],
    })}
    ${formActions(
      cancelButton(cancel),
      msg('認証', { id: 'account-menu.reauth-submit' }),
      pending,
      reauthenticationStatus(state),
    )}
  `;
}

/** A20: what is wrong with the name typed. */
function passkeyNameMessage(error: FlowError): string {
  switch (error.code) {
    case 'required':
      return msg('パスキーの名前を入力してください。', {
        id: 'account-menu.error.passkey-name-required',
      });
    case 'passkey_name_too_long':
    case 'passkey_name_invalid':
      return msg(str`パスキーの名前は${PASSKEY_NAME_MAX_LENGTH}文字以内で入力してください。`, {
        id: 'account-menu.error.passkey-name-length',
      });
    default:
      return message(error);
  }
}

/**
 * A20: the browser made the passkey; the student names it (the browser and the device are
 * suggested) and registers it. 「キャンセル」 drops it: the service never saw it.
 */
function passkeyNameForm(
  kit: AccountMenuKit,
  state: Extract<AccountState, { status: 'naming-passkey' | 'registering-passkey' }>,
) {
  const error = errorOf(state);
  const pending = state.status !== 'naming-passkey';
  const cancel = () => {
    kit.focusAfterRender('add-passkey');
    kit.send({ type: 'cancel' });
  };
  return html`
    <p>
      ${msg(
        'パスキーを作成しました。あとで見分けられるように名前を付けて、「登録」を押してください。',
        { id: 'account-menu.passkey-name-intro' },
      )}
    </p>
    <div class="form-error" role="alert">
      ${error === undefined ? nothing : html`<p>${passkeyNameMessage(error)}</p>`}
    </div>
    ${field(kit, {
      name: 'passkeyName',
      label: msg('パスキーの名前', { id: 'account-menu.passkey-name' }),
      help: msg(str`${PASSKEY_NAME_MAX_LENGTH}文字以内（例：自宅のパソコン）`, {
        id: 'account-menu.passkey-name-help',
      }),
      autocomplete: 'off',
      value: state.name,
      maxlength: PASSKEY_NAME_MAX_LENGTH,
      validators: [
        rejectedBy(kit, 'passkeyName', () =>
          passkeyNameMessage(errorOf(state) ?? { code: '', fields: [] }),
        ),
      ],
    })}
    ${formActions(
      cancelButton(cancel),
      msg('登録', { id: 'account-menu.passkey-register' }),
      pending,
    )}
  `;
}

function rules(fields: SecondPasswordFields) {
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

function secondPasswordForm(
  kit: AccountMenuKit,
  state: Extract<AccountState, { status: 'second-password-change' | 'changing-second-password' }>,
) {
  const fields = state.newSecondPassword;
  const text = () => message(errorOf(state) ?? { code: '', fields: [] });
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
    ${formError(state)}
    ${field(kit, {
      name: 'currentSecondPassword',
      label: msg('現在の第2パスワード', { id: 'account-menu.current-second-password' }),
      autocomplete: 'current-password',
      value: state.currentSecondPassword,
      validators: [rejectedBy(kit, 'currentSecondPassword', text)],
    })}
    ${field(kit, {
      name: 'newSecondPassword',
      label: msg('新しい第2パスワード', { id: 'account-menu.new-second-password' }),
      autocomplete: 'new-password',
      value: fields.secondPassword,
      validators: [rulesMet, rejectedBy(kit, 'newSecondPassword', text)],
    })}
    ${field(kit, {
      name: 'newSecondPasswordConfirmation',
      label: msg('確認', { id: 'account-menu.confirmation' }),
      help: msg('確認のため、新しい第2パスワードをもう一度入力してください。', {
        id: 'account-menu.confirm-second-password-help',
      }),
      autocomplete: 'new-password',
      value: fields.secondPasswordConfirmation,
      validators: [confirmed, rejectedBy(kit, 'newSecondPasswordConfirmation', text)],
    })}
    <div class="notices">
      <p class="notices-heading">${msg('注意事項', { id: 'account-menu.notices' })}</p>
      <p>
        ${msg('第2パスワードは下記ルールに従い設定してください。', {
          id: 'account-menu.rules-intro',
        })}
      </p>
      ${rules(fields)}
    </div>
    ${formActions(
      backButton(kit),
      msg('変更', { id: 'account-menu.second-password-submit' }),
      state.status !== 'second-password-change',
    )}
  `;
}

/** The content of the element's light-DOM `<form>`: the A11, A12 or A21 form, or nothing. */
export function renderForm(kit: AccountMenuKit, state: AccountState | undefined): TemplateResult {
  switch (state?.status) {
    case 'email-change':
    case 'requesting-email-change':
      return emailForm(kit, state);
    case 'second-password-change':
    case 'changing-second-password':
      return secondPasswordForm(kit, state);
    case 'reauthenticate':
    case 'reauthenticating':
    case 'requesting-reauthentication-options':
    case 'getting-passkey':
    case 'reauthenticating-with-passkey':
      return reauthenticationForm(kit, state);
    case 'naming-passkey':
    case 'registering-passkey':
      return passkeyNameForm(kit, state);
    default:
      return html``;
  }
}

// Dialogs (A12 completion, A15) -------------------------------------------------------------

function dialogContent(kit: AccountMenuKit, state: AccountState) {
  const close = (value: string) => () => kit.closeDialog(value);
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
          onClick: () => kit.send({ type: 'confirm' }),
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
    case 'confirm-remove-passkey':
    case 'removing-passkey': {
      const busy = state.status === 'removing-passkey';
      const name = state.passkey.name;
      return html`
        <span slot="heading"
          >${msg('パスキーの削除', { id: 'account-menu.passkey-remove-heading' })}</span
        >
        <p>
          ${msg(str`パスキー「${name}」を削除しますか?`, {
            id: 'account-menu.passkey-remove-confirm',
          })}
        </p>
        <p>
          ${msg('削除すると、このパスキーではログインできなくなります。', {
            id: 'account-menu.passkey-remove-note',
          })}
        </p>
        ${
          busy
            ? html`<p role="status">
                ${msg('削除しています…', { id: 'account-menu.passkey-removing' })}
              </p>`
            : nothing
        }
        ${dialogButton({
          label: msg('キャンセル', { id: 'account-menu.cancel' }),
          onClick: close('no'),
          secondary: true,
          autofocus: true,
          busy,
        })}
        ${dialogButton({
          label: msg('削除', { id: 'account-menu.passkey-remove' }),
          onClick: () => kit.send({ type: 'confirm' }),
          busy,
        })}
      `;
    }
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

/** The element's `<shomei-dialog>`; the element opens and closes it as the state asks. */
export function dialog(kit: AccountMenuKit, state: AccountState): TemplateResult {
  return html`<shomei-dialog @shomei-dialog-close=${kit.onDialogClose}
    >${dialogContent(kit, state)}</shomei-dialog
  >`;
}
