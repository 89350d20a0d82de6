/**
 * The account flow (A10–A12, A15, A20) as a state machine: the menu (top right), change email
 * with its one-time link, change second password with the live rules, the two-factor setting
 * with its confirmation, and the passkeys screen (list, add, name, remove). A security change the
 * service refuses for want of a recent re-authentication (A21) goes through 「本人確認」 (the
 * second password again, or one of the student's passkeys) and is then made.
 *
 * The SDK knows nothing of the DOM, so it never calls WebAuthn: adding a passkey waits in
 * `creating-passkey`, holding the service's options, for the element to run the browser's
 * ceremony and send `passkey-created` (the authenticator's answer) or `passkey-failed`; 本人確認
 * with a passkey waits the same way in `getting-passkey` for `passkey-asserted`.
 * `accountStateForEmailChangeLink` is the entry for the page the change
 * mail's one-time URL opens (A11).
 */
import { canChangeTwoFactor, type PasskeyMode, type TwoFactorMode } from '@shomei/core';
import type { ReauthenticateRequest } from '../contract/account.js';
import type { Passkey, PasskeyOptions, PasskeyRegisterRequest } from '../contract/passkeys.js';
import {
  assertNever,
  call,
  isBlank,
  isResultOf,
  localError,
  toFlowError,
  withoutError,
  type CallEffectOf,
  type CallResultOf,
  type FlowError,
  type FlowErrorSource,
  type FlowClient,
  type FlowMachine,
} from './machine.js';
import { createFlowRunner, type FlowRunner } from './runner.js';
import {
  EMPTY_SECOND_PASSWORD_FIELDS,
  secondPasswordFields,
  secondPasswordProblem,
  type SecondPasswordFields,
} from './second-password-fields.js';
import { emailTwiceBody, emailTwiceRefused, typeEmailTwice } from './typed-twice.js';

/** What the menu shows (A10, A15). */
export interface AccountSummary {
  readonly email: string;
  readonly twoFactorEnabled: boolean;
  /** The tenant's choice: `required` and `off` leave nothing for the student to change. */
  readonly twoFactorMode: TwoFactorMode;
  /** Whether 二要素認証設定 is offered (A15). */
  readonly twoFactorChangeable: boolean;
  /** A20: the tenant's passkey mode; with `off` the menu has no 「パスキー」. */
  readonly passkeyMode: PasskeyMode;
}

export interface EmailChangeFields {
  readonly email: string;
  readonly emailConfirmation: string;
}

export interface SecondPasswordChangeFields {
  readonly currentSecondPassword: string;
  /** The new second password typed twice, with the live rules (A12 = A5's rules). */
  readonly newSecondPassword: SecondPasswordFields;
}

/** A11: the email change being requested. */
export type RequestingEmailChange = EmailChangeFields & {
  readonly status: 'requesting-email-change';
  readonly account: AccountSummary;
};

/** A15: the two-factor setting being changed. */
export interface SettingTwoFactor {
  readonly status: 'setting-two-factor';
  readonly account: AccountSummary;
  readonly enable: boolean;
}

/** A20: what the passkeys screen shows: the student's passkeys, as last listed. */
export interface PasskeysScreen {
  readonly account: AccountSummary;
  readonly passkeys: readonly Passkey[];
}

/** The authenticator's answer to a registration ceremony (`RegistrationResponseJSON`). */
export type PasskeyCreated = PasskeyRegisterRequest['response'];

/** A20: why the browser's ceremony gave no passkey; each has its own message. */
export type PasskeyCreationFailure = 'cancelled' | 'already-registered' | 'unsupported' | 'failed';

/** A20: the local error code of each ceremony failure (`passkey_cancelled`, ...). */
export const PASSKEY_CREATION_ERRORS = {
  cancelled: 'passkey_cancelled',
  'already-registered': 'passkey_already_registered',
  unsupported: 'passkey_unsupported',
  failed: 'passkey_ceremony_failed',
} as const satisfies Record<PasskeyCreationFailure, string>;

/** The authenticator's answer to an authentication ceremony (`AuthenticationResponseJSON`). */
export type PasskeyAsserted = Extract<ReauthenticateRequest, { passkey: unknown }>['passkey'];

/** A20: the name field's bounds (the contract's `PasskeyName`, trimmed). */
export const PASSKEY_NAME_MAX_LENGTH = 64;

/** A20 (A21): the service's registration options are being asked for. */
export type RequestingPasskeyOptions = PasskeysScreen & {
  readonly status: 'requesting-passkey-options';
};

/** A20: the passkey the browser created, under the name typed. */
export type NamingPasskey = PasskeysScreen & {
  readonly response: PasskeyCreated;
  readonly name: string;
};

/** A20 (A21): the created passkey is being registered under its name. */
export type RegisteringPasskey = NamingPasskey & { readonly status: 'registering-passkey' };

/** A20 (A21): a passkey is being removed. */
export type RemovingPasskey = PasskeysScreen & {
  readonly status: 'removing-passkey';
  readonly passkey: Passkey;
};

/**
 * A21: a change that needs a recent re-authentication; the flow makes it again, as it was,
 * once the student has entered the second password.
 */
export type SecurityChange =
  | RequestingEmailChange
  | SettingTwoFactor
  | RequestingPasskeyOptions
  | RegisteringPasskey
  | RemovingPasskey;

/**
 * A21: 本人確認 before `retry`: what was typed in the second-password field (kept while a passkey
 * is tried) and whether 「パスキーで本人確認」 is offered (A20: the tenant has passkeys and the
 * student has at least one; the element also asks the browser).
 */
export interface Reauthentication {
  readonly account: AccountSummary;
  readonly secondPassword: string;
  readonly retry: SecurityChange;
  readonly passkeyOffered: boolean;
}

export type AccountState =
  | { readonly status: 'loading-session' }
  | {
      readonly status: 'loading-tenant';
      readonly email: string;
      readonly twoFactorEnabled: boolean;
    }
  /** A10: トップページ, マニュアル, メールアドレス変更, 第2パスワード変更, 二要素認証設定, ログアウト. */
  | { readonly status: 'menu'; readonly account: AccountSummary; readonly error?: FlowError }
  /** A11 */
  | (EmailChangeFields & {
      readonly status: 'email-change';
      readonly account: AccountSummary;
      readonly error?: FlowError;
    })
  | RequestingEmailChange
  /** A11: the mail went to `sentTo`; its link works until `linkExpiresAt`. */
  | {
      readonly status: 'email-change-sent';
      readonly account: AccountSummary;
      readonly sentTo: string;
      readonly linkExpiresAt: string;
      /** X7: the mail has not reached the mail server yet; the service keeps trying. */
      readonly mailDelayed: boolean;
    }
  /** A11: the change link is being redeemed (entry state of the link's page). */
  | { readonly status: 'confirming-email-change'; readonly token: string }
  | { readonly status: 'email-changed'; readonly email: string }
  | { readonly status: 'link-error'; readonly error: FlowError }
  /** A12: 「戻る」 is `back`, 「変更」 is `submit`. */
  | (SecondPasswordChangeFields & {
      readonly status: 'second-password-change';
      readonly account: AccountSummary;
      readonly error?: FlowError;
    })
  | (SecondPasswordChangeFields & {
      readonly status: 'changing-second-password';
      readonly account: AccountSummary;
    })
  /** A12: 「第2パスワードは変更されました」. */
  | { readonly status: 'second-password-changed'; readonly account: AccountSummary }
  /** A15: 「二要素認証を有効にしますか?」 (or 無効に) はい/いいえ. */
  | {
      readonly status: 'confirm-two-factor';
      readonly account: AccountSummary;
      readonly enable: boolean;
    }
  | SettingTwoFactor
  /** A15: done; `account` already holds the new state the menu will show. */
  | { readonly status: 'two-factor-changed'; readonly account: AccountSummary }
  /** A20: 「パスキー」: the list is being loaded. */
  | { readonly status: 'loading-passkeys'; readonly account: AccountSummary }
  /**
   * A20: the list, with 「パスキーを追加」 and a remove per passkey. `done` says what just
   * changed (a passkey added or removed); `error` why the last step failed, the list kept.
   */
  | (PasskeysScreen & {
      readonly status: 'passkeys';
      readonly done?: { readonly change: 'added' | 'removed'; readonly name: string };
      readonly error?: FlowError;
    })
  | RequestingPasskeyOptions
  /** A20: the element runs the browser's ceremony with `options` and sends its outcome. */
  | (PasskeysScreen & { readonly status: 'creating-passkey'; readonly options: PasskeyOptions })
  /** A20: the name the passkey will be listed under (1–64 characters). */
  | (NamingPasskey & { readonly status: 'naming-passkey'; readonly error?: FlowError })
  | RegisteringPasskey
  /** A20: 「このパスキーを削除しますか?」: `confirm` removes it, `cancel` keeps it. */
  | (PasskeysScreen & { readonly status: 'confirm-remove-passkey'; readonly passkey: Passkey })
  | RemovingPasskey
  /**
   * A21: 「本人確認」: the service asked for the second password again before `retry`. 「キャンセル」
   * is `cancel`: back to where the change was asked for (the email form keeps what was typed).
   */
  | (Reauthentication & { readonly status: 'reauthenticate'; readonly error?: FlowError })
  | (Reauthentication & { readonly status: 'reauthenticating' })
  /**
   * A20, A21: whether the student has a passkey to offer at 本人確認 is being looked up (a tenant
   * that offers passkeys, a change made outside the passkeys screen).
   */
  | {
      readonly status: 'checking-passkeys';
      readonly account: AccountSummary;
      readonly retry: SecurityChange;
    }
  /** A20, A21: 「パスキーで本人確認」: the service's options are being asked for. */
  | (Reauthentication & { readonly status: 'requesting-reauthentication-options' })
  /** A20, A21: the element runs the browser's ceremony with `options` and sends its outcome. */
  | (Reauthentication & { readonly status: 'getting-passkey'; readonly options: PasskeyOptions })
  /** A20, A21: the authenticator's answer is being checked by the service. */
  | (Reauthentication & {
      readonly status: 'reauthenticating-with-passkey';
      readonly response: PasskeyAsserted;
    })
  | { readonly status: 'logging-out' }
  | { readonly status: 'logged-out'; readonly error?: FlowError };

export type AccountStatus = AccountState['status'];

export type AccountField =
  | 'email'
  | 'emailConfirmation'
  | 'currentSecondPassword'
  | 'newSecondPassword'
  | 'newSecondPasswordConfirmation'
  /** A21: 本人確認 */
  | 'secondPassword'
  /** A20: the name of the passkey being added. */
  | 'passkeyName';

export type AccountEndpoint =
  | 'getSession'
  | 'getTenant'
  | 'requestEmailChange'
  | 'confirmEmailChange'
  | 'changeSecondPassword'
  | 'reauthenticate'
  | 'reauthenticationPasskeyOptions'
  | 'setTwoFactor'
  | 'listPasskeys'
  | 'passkeyRegistrationOptions'
  | 'registerPasskey'
  | 'deletePasskey'
  | 'logout';

export type AccountEffect = CallEffectOf<AccountEndpoint>;

export type AccountEvent =
  | { readonly type: 'open-email-change' }
  | { readonly type: 'open-second-password-change' }
  | { readonly type: 'open-two-factor' }
  /** A20: 「パスキー」 in the menu. */
  | { readonly type: 'open-passkeys' }
  /** A20: 「パスキーを追加」. */
  | { readonly type: 'add-passkey' }
  /**
   * A20: the browser created a passkey; `name` is the element's suggestion for the name field
   * (e.g. the browser and the device), which the student may change.
   */
  | {
      readonly type: 'passkey-created';
      readonly response: PasskeyCreated;
      readonly name?: string;
    }
  /** A20: the browser's ceremony gave no passkey (creating one, or 本人確認 with one). */
  | { readonly type: 'passkey-failed'; readonly reason: PasskeyCreationFailure }
  /** A20, A21: 「パスキーで本人確認」 on the 本人確認 screen. */
  | { readonly type: 'reauthenticate-with-passkey' }
  /** A20, A21: the browser gave the authenticator's answer to the re-authentication options. */
  | { readonly type: 'passkey-asserted'; readonly response: PasskeyAsserted }
  /** A20: 「削除」 of one passkey in the list. */
  | { readonly type: 'remove-passkey'; readonly passkeyId: string }
  | { readonly type: 'input'; readonly field: AccountField; readonly value: string }
  | { readonly type: 'submit' }
  | { readonly type: 'back' }
  /** 「はい」 */
  | { readonly type: 'confirm' }
  /** 「いいえ」 */
  | { readonly type: 'cancel' }
  /** 「OK」 */
  | { readonly type: 'acknowledge' }
  | { readonly type: 'logout' }
  | CallResultOf<AccountEndpoint>;

export type AccountEventType = AccountEvent['type'];

export interface AccountSummaryInput {
  readonly email: string;
  readonly twoFactorEnabled: boolean;
  readonly twoFactorMode: TwoFactorMode;
  /** A20: the tenant's passkey mode; `off` when not given. */
  readonly passkeyMode?: PasskeyMode;
}

export function accountSummary(input: AccountSummaryInput): AccountSummary {
  return {
    email: input.email,
    twoFactorEnabled: input.twoFactorEnabled,
    twoFactorMode: input.twoFactorMode,
    twoFactorChangeable: canChangeTwoFactor(input.twoFactorMode),
    passkeyMode: input.passkeyMode ?? 'off',
  };
}

/** Start at the menu when the page already has the session and the tenant. */
export function accountMenuState(input: AccountSummaryInput): AccountState {
  return { status: 'menu', account: accountSummary(input) };
}

/** Start by asking the service for the session and the tenant. */
export function accountInitialState(): AccountState {
  return { status: 'loading-session' };
}

/** A11: the token from the email-change link. */
export function accountStateForEmailChangeLink(token: string): AccountState {
  return { status: 'confirming-email-change', token };
}

function menu(account: AccountSummary, error?: FlowError): AccountState {
  return error ? { status: 'menu', account, error } : { status: 'menu', account };
}

/**
 * A21: the service wants the second password (or a passkey) again before `change`: ask for it,
 * then make the change as it was. Null for any other error. A passkey is offered when the student
 * has one: known from the list on the passkeys screen, certain where the tenant requires them
 * (without one the service would have refused with `passkey_required`), and otherwise looked up.
 */
function reauthenticateIfRequired(
  error: FlowErrorSource,
  change: SecurityChange,
): AccountState | null {
  if (error.code !== 'reauthentication_required') return null;
  const mode = change.account.passkeyMode;
  if (mode === 'off') return reauthentication(change, false);
  if ('passkeys' in change) return reauthentication(change, change.passkeys.length > 0);
  if (mode === 'required-after-first-login') return reauthentication(change, true);
  return { status: 'checking-passkeys', account: change.account, retry: change };
}

function reauthentication(change: SecurityChange, passkeyOffered: boolean): AccountState {
  return {
    status: 'reauthenticate',
    account: change.account,
    secondPassword: '',
    retry: change,
    passkeyOffered,
  };
}

/** The 本人確認 a state carries, without its status and what belongs to that status. */
function reauthenticationOf(state: Reauthentication): Reauthentication {
  return {
    account: state.account,
    secondPassword: state.secondPassword,
    retry: state.retry,
    passkeyOffered: state.passkeyOffered,
  };
}

/** A20, A21: back on the 本人確認 form, what was typed kept, with why the passkey did not do. */
function reauthenticateAgain(state: Reauthentication, error: FlowError): AccountState {
  return { ...reauthenticationOf(state), status: 'reauthenticate', error };
}

/** A21: 「キャンセル」 of 本人確認: back to the form, the list or the menu the change came from. */
function withoutChange(change: SecurityChange): AccountState {
  switch (change.status) {
    case 'requesting-email-change':
      return { ...change, status: 'email-change' };
    case 'registering-passkey':
      return { ...change, status: 'naming-passkey' };
    case 'requesting-passkey-options':
    case 'removing-passkey':
      return passkeyList(change);
    case 'setting-two-factor':
      return menu(change.account);
    default:
      return assertNever(change);
  }
}

/** A20: the list as it was, with what just changed or why a step failed. */
function passkeyList(
  screen: PasskeysScreen,
  extra: {
    readonly passkeys?: readonly Passkey[];
    readonly done?: { readonly change: 'added' | 'removed'; readonly name: string };
    readonly error?: FlowError;
  } = {},
): AccountState {
  return {
    status: 'passkeys',
    account: screen.account,
    passkeys: extra.passkeys ?? screen.passkeys,
    ...(extra.done === undefined ? {} : { done: extra.done }),
    ...(extra.error === undefined ? {} : { error: extra.error }),
  };
}

/** A20: the name field's problem, if any: required, at most 64 characters (trimmed). */
function passkeyNameProblem(name: string): FlowError | null {
  const trimmed = name.trim();
  if (trimmed === '') return localError('required', [{ field: 'passkeyName', code: 'required' }]);
  if ([...trimmed].length > PASSKEY_NAME_MAX_LENGTH)
    return localError('passkey_name_too_long', [{ field: 'passkeyName', code: 'too-long' }]);
  return null;
}

/** A20: the suggested name, cut to what the field takes. */
function suggestedName(name: string | undefined): string {
  return [...(name ?? '').trim()].slice(0, PASSKEY_NAME_MAX_LENGTH).join('');
}

function loggedOutIfUnauthenticated(error: FlowErrorSource): AccountState | null {
  return error.code === 'unauthenticated'
    ? { status: 'logged-out', error: toFlowError(error) }
    : null;
}

/**
 * The account flow's transition: pure, total over (state, event); an event that means nothing
 * in a state returns the very same state object.
 */
export function accountTransition(state: AccountState, event: AccountEvent): AccountState {
  switch (state.status) {
    case 'loading-session': {
      if (!isResultOf(event, 'getSession')) return state;
      const { error, data } = event.result;
      if (error) return { status: 'logged-out', error: toFlowError(error) };
      if (data.step !== 'authenticated') return { status: 'logged-out' };
      return {
        status: 'loading-tenant',
        email: data.email,
        twoFactorEnabled: data.twoFactorEnabled,
      };
    }

    case 'loading-tenant': {
      if (!isResultOf(event, 'getTenant')) return state;
      const { error, data } = event.result;
      // Without the tenant the mode is unknown: offer no toggle rather than a wrong one.
      const twoFactorMode: TwoFactorMode = error ? 'required' : data.twoFactor.mode;
      return menu(
        accountSummary({
          email: state.email,
          twoFactorEnabled: state.twoFactorEnabled,
          twoFactorMode,
          passkeyMode: error ? 'off' : data.passkeys.mode,
        }),
        error ? toFlowError(error) : undefined,
      );
    }

    case 'menu':
      switch (event.type) {
        case 'open-email-change':
          return {
            status: 'email-change',
            account: state.account,
            email: '',
            emailConfirmation: '',
          };
        case 'open-second-password-change':
          return {
            status: 'second-password-change',
            account: state.account,
            currentSecondPassword: '',
            newSecondPassword: EMPTY_SECOND_PASSWORD_FIELDS,
          };
        case 'open-two-factor':
          // A15: the tenant decides; with `required` or `off` there is nothing to ask.
          if (!state.account.twoFactorChangeable) return state;
          return {
            status: 'confirm-two-factor',
            account: state.account,
            enable: !state.account.twoFactorEnabled,
          };
        case 'open-passkeys':
          // A20: a tenant with passkeys off has no such screen.
          if (state.account.passkeyMode === 'off') return state;
          return { status: 'loading-passkeys', account: state.account };
        case 'logout':
          return { status: 'logging-out' };
        default:
          return state;
      }

    case 'email-change':
      switch (event.type) {
        case 'input':
          return typeEmailTwice(state, event.field, event.value);
        case 'submit':
          return (
            emailTwiceRefused(state) ?? {
              ...withoutError(state),
              status: 'requesting-email-change',
            }
          );
        case 'back':
          return menu(state.account);
        default:
          return state;
      }

    case 'requesting-email-change': {
      if (!isResultOf(event, 'requestEmailChange')) return state;
      const { error, data } = event.result;
      if (error) {
        return (
          loggedOutIfUnauthenticated(error) ??
          reauthenticateIfRequired(error, state) ?? {
            ...state,
            status: 'email-change',
            error: toFlowError(error),
          }
        );
      }
      return {
        status: 'email-change-sent',
        account: state.account,
        sentTo: data.sentTo,
        linkExpiresAt: data.linkExpiresAt,
        mailDelayed: data.mailDelayed === true,
      };
    }

    case 'email-change-sent':
      return event.type === 'acknowledge' || event.type === 'back' ? menu(state.account) : state;

    case 'confirming-email-change': {
      if (!isResultOf(event, 'confirmEmailChange')) return state;
      const { error, data } = event.result;
      return error
        ? { status: 'link-error', error: toFlowError(error) }
        : { status: 'email-changed', email: data.email };
    }

    case 'email-changed':
    case 'link-error':
    case 'logged-out':
      return state;

    case 'second-password-change':
      switch (event.type) {
        case 'input':
          switch (event.field) {
            case 'currentSecondPassword':
              return { ...state, currentSecondPassword: event.value };
            case 'newSecondPassword':
              return {
                ...state,
                newSecondPassword: secondPasswordFields(
                  event.value,
                  state.newSecondPassword.secondPasswordConfirmation,
                ),
              };
            case 'newSecondPasswordConfirmation':
              return {
                ...state,
                newSecondPassword: secondPasswordFields(
                  state.newSecondPassword.secondPassword,
                  event.value,
                ),
              };
            default:
              return state;
          }
        case 'submit': {
          if (isBlank(state.currentSecondPassword)) {
            return {
              ...state,
              error: localError('required', [{ field: 'currentSecondPassword', code: 'required' }]),
            };
          }
          const problem = secondPasswordProblem(
            state.newSecondPassword,
            'newSecondPassword',
            'newSecondPasswordConfirmation',
          );
          if (problem) return { ...state, error: problem };
          return { ...withoutError(state), status: 'changing-second-password' };
        }
        case 'back':
          return menu(state.account);
        default:
          return state;
      }

    case 'changing-second-password': {
      if (!isResultOf(event, 'changeSecondPassword')) return state;
      const { error } = event.result;
      if (!error) return { status: 'second-password-changed', account: state.account };
      return (
        loggedOutIfUnauthenticated(error) ?? {
          ...state,
          status: 'second-password-change',
          error: toFlowError(error),
        }
      );
    }

    case 'second-password-changed':
      return event.type === 'acknowledge' ? menu(state.account) : state;

    case 'confirm-two-factor':
      switch (event.type) {
        case 'confirm':
          return { status: 'setting-two-factor', account: state.account, enable: state.enable };
        case 'cancel':
        case 'back':
          return menu(state.account);
        default:
          return state;
      }

    case 'setting-two-factor': {
      if (!isResultOf(event, 'setTwoFactor')) return state;
      const { error, data } = event.result;
      if (!error) {
        return {
          status: 'two-factor-changed',
          account: { ...state.account, twoFactorEnabled: data.enabled },
        };
      }
      const lost = loggedOutIfUnauthenticated(error) ?? reauthenticateIfRequired(error, state);
      if (lost) return lost;
      // The tenant changed its mind since the page loaded: stop offering the toggle.
      const account =
        error.code === 'two_factor_not_changeable'
          ? { ...state.account, twoFactorChangeable: false }
          : state.account;
      return menu(account, toFlowError(error));
    }

    case 'two-factor-changed':
      return event.type === 'acknowledge' ? menu(state.account) : state;

    case 'loading-passkeys': {
      if (event.type === 'back') return menu(state.account);
      if (!isResultOf(event, 'listPasskeys')) return state;
      const { error, data } = event.result;
      if (error)
        return loggedOutIfUnauthenticated(error) ?? menu(state.account, toFlowError(error));
      return { status: 'passkeys', account: state.account, passkeys: data.passkeys };
    }

    case 'passkeys':
      switch (event.type) {
        case 'add-passkey':
          return {
            status: 'requesting-passkey-options',
            account: state.account,
            passkeys: state.passkeys,
          };
        case 'remove-passkey': {
          const passkey = state.passkeys.find((p) => p.passkeyId === event.passkeyId);
          if (passkey === undefined) return state;
          return {
            status: 'confirm-remove-passkey',
            account: state.account,
            passkeys: state.passkeys,
            passkey,
          };
        }
        case 'back':
          return menu(state.account);
        default:
          return state;
      }

    case 'requesting-passkey-options': {
      if (event.type === 'back') return menu(state.account);
      if (!isResultOf(event, 'passkeyRegistrationOptions')) return state;
      const { error, data } = event.result;
      if (error) {
        return (
          loggedOutIfUnauthenticated(error) ??
          reauthenticateIfRequired(error, state) ??
          passkeyList(state, { error: toFlowError(error) })
        );
      }
      return {
        status: 'creating-passkey',
        account: state.account,
        passkeys: state.passkeys,
        options: data.options,
      };
    }

    case 'creating-passkey':
      switch (event.type) {
        case 'passkey-created':
          return {
            status: 'naming-passkey',
            account: state.account,
            passkeys: state.passkeys,
            response: event.response,
            name: suggestedName(event.name),
          };
        case 'passkey-failed':
          return passkeyList(state, { error: localError(PASSKEY_CREATION_ERRORS[event.reason]) });
        case 'back':
          return menu(state.account);
        default:
          return state;
      }

    case 'naming-passkey':
      switch (event.type) {
        case 'input':
          return event.field === 'passkeyName' ? { ...state, name: event.value } : state;
        case 'submit': {
          const problem = passkeyNameProblem(state.name);
          if (problem) return { ...state, error: problem };
          return { ...withoutError(state), status: 'registering-passkey', name: state.name.trim() };
        }
        // The created passkey is dropped: the service never registered it.
        case 'cancel':
          return passkeyList(state);
        case 'back':
          return menu(state.account);
        default:
          return state;
      }

    case 'registering-passkey': {
      if (event.type === 'back') return menu(state.account);
      if (!isResultOf(event, 'registerPasskey')) return state;
      const { error, data } = event.result;
      if (!error) {
        return passkeyList(state, {
          passkeys: [...state.passkeys, data],
          done: { change: 'added', name: data.name },
        });
      }
      const lost = loggedOutIfUnauthenticated(error) ?? reauthenticateIfRequired(error, state);
      if (lost) return lost;
      // A field problem (the name) is fixed at the field; anything else spent the ceremony's
      // challenge, so the student starts again from the list.
      if (error.code === 'invalid_request' && error.fields?.some((f) => f.field === 'name')) {
        const problem = localError('passkey_name_invalid', [
          { field: 'passkeyName', code: 'invalid' },
        ]);
        return { ...state, status: 'naming-passkey', error: problem };
      }
      return passkeyList(state, { error: toFlowError(error) });
    }

    case 'confirm-remove-passkey':
      switch (event.type) {
        case 'confirm':
          return {
            status: 'removing-passkey',
            account: state.account,
            passkeys: state.passkeys,
            passkey: state.passkey,
          };
        case 'cancel':
          return passkeyList(state);
        case 'back':
          return menu(state.account);
        default:
          return state;
      }

    case 'removing-passkey': {
      if (event.type === 'back') return menu(state.account);
      if (!isResultOf(event, 'deletePasskey')) return state;
      const { error } = event.result;
      const without = state.passkeys.filter((p) => p.passkeyId !== state.passkey.passkeyId);
      const removed = { change: 'removed', name: state.passkey.name } as const;
      if (!error) return passkeyList(state, { passkeys: without, done: removed });
      // Already gone (removed in another tab): the list says so without an error.
      if (error.code === 'not_found')
        return passkeyList(state, { passkeys: without, done: removed });
      return (
        loggedOutIfUnauthenticated(error) ??
        reauthenticateIfRequired(error, state) ??
        passkeyList(state, { error: toFlowError(error) })
      );
    }

    case 'checking-passkeys': {
      if (event.type === 'back') return menu(state.account);
      if (!isResultOf(event, 'listPasskeys')) return state;
      const { error, data } = event.result;
      // Not knowing is no reason to stop: the second password alone is asked.
      if (error) return loggedOutIfUnauthenticated(error) ?? reauthentication(state.retry, false);
      return reauthentication(state.retry, data.passkeys.length > 0);
    }

    case 'reauthenticate':
      switch (event.type) {
        case 'reauthenticate-with-passkey':
          if (!state.passkeyOffered) return state;
          return { ...withoutError(state), status: 'requesting-reauthentication-options' };
        case 'input':
          return event.field === 'secondPassword'
            ? { ...state, secondPassword: event.value }
            : state;
        case 'submit':
          if (isBlank(state.secondPassword)) {
            return {
              ...state,
              error: localError('required', [{ field: 'secondPassword', code: 'required' }]),
            };
          }
          return { ...withoutError(state), status: 'reauthenticating' };
        case 'cancel':
          return withoutChange(state.retry);
        // Another menu item chosen meanwhile: the change is dropped, the menu takes over.
        case 'back':
          return menu(state.account);
        default:
          return state;
      }

    case 'requesting-reauthentication-options': {
      if (event.type === 'back') return menu(state.account);
      if (!isResultOf(event, 'reauthenticationPasskeyOptions')) return state;
      const { error, data } = event.result;
      if (error)
        return loggedOutIfUnauthenticated(error) ?? reauthenticateAgain(state, toFlowError(error));
      return { ...reauthenticationOf(state), status: 'getting-passkey', options: data.options };
    }

    case 'getting-passkey': {
      switch (event.type) {
        case 'passkey-asserted':
          return {
            ...reauthenticationOf(state),
            status: 'reauthenticating-with-passkey',
            response: event.response,
          };
        case 'passkey-failed':
          return reauthenticateAgain(state, localError(PASSKEY_CREATION_ERRORS[event.reason]));
        case 'back':
          return menu(state.account);
        default:
          return state;
      }
    }

    case 'reauthenticating-with-passkey': {
      if (event.type === 'back') return menu(state.account);
      if (!isResultOf(event, 'reauthenticate')) return state;
      const { error } = event.result;
      // A21: proven again: the change goes ahead exactly as the student asked for it.
      if (!error) return state.retry;
      return loggedOutIfUnauthenticated(error) ?? reauthenticateAgain(state, toFlowError(error));
    }

    case 'reauthenticating': {
      if (!isResultOf(event, 'reauthenticate')) return state;
      const { error } = event.result;
      // A21: proven again: the change goes ahead exactly as the student asked for it.
      if (!error) return state.retry;
      return (
        loggedOutIfUnauthenticated(error) ?? {
          ...state,
          status: 'reauthenticate',
          error: toFlowError(error),
        }
      );
    }

    case 'logging-out':
      if (!isResultOf(event, 'logout')) return state;
      return event.result.error
        ? { status: 'logged-out', error: toFlowError(event.result.error) }
        : { status: 'logged-out' };

    default:
      return assertNever(state);
  }
}

/** The call an account state asks for, or null when it waits for the student. */
export function accountEffect(state: AccountState): AccountEffect | null {
  switch (state.status) {
    case 'loading-session':
      return call('getSession', {});
    case 'loading-tenant':
      return call('getTenant', {});
    case 'requesting-email-change':
      return call('requestEmailChange', { body: emailTwiceBody(state) });
    case 'confirming-email-change':
      return call('confirmEmailChange', { body: { token: state.token } });
    case 'changing-second-password':
      return call('changeSecondPassword', {
        body: {
          currentSecondPassword: state.currentSecondPassword,
          newSecondPassword: state.newSecondPassword.secondPassword,
          newSecondPasswordConfirmation: state.newSecondPassword.secondPasswordConfirmation,
        },
      });
    case 'setting-two-factor':
      return call('setTwoFactor', { body: { enabled: state.enable } });
    case 'reauthenticating':
      return call('reauthenticate', { body: { secondPassword: state.secondPassword } });
    case 'checking-passkeys':
      return call('listPasskeys', {});
    case 'requesting-reauthentication-options':
      return call('reauthenticationPasskeyOptions', {});
    case 'reauthenticating-with-passkey':
      return call('reauthenticate', { body: { passkey: state.response } });
    case 'loading-passkeys':
      return call('listPasskeys', {});
    case 'requesting-passkey-options':
      return call('passkeyRegistrationOptions', {});
    case 'registering-passkey':
      return call('registerPasskey', { body: { response: state.response, name: state.name } });
    case 'removing-passkey':
      return call('deletePasskey', { params: { passkeyId: state.passkey.passkeyId } });
    case 'logging-out':
      return call('logout', {});
    case 'menu':
    case 'email-change':
    case 'email-change-sent':
    case 'email-changed':
    case 'link-error':
    case 'second-password-change':
    case 'second-password-changed':
    case 'confirm-two-factor':
    case 'two-factor-changed':
    case 'reauthenticate':
    case 'getting-passkey':
    case 'passkeys':
    case 'creating-passkey':
    case 'naming-passkey':
    case 'confirm-remove-passkey':
    case 'logged-out':
      return null;
    default:
      return assertNever(state);
  }
}

export const accountMachine: FlowMachine<AccountState, AccountEvent, AccountEffect> = {
  initial: accountInitialState(),
  transition: accountTransition,
  effectOf: accountEffect,
};

export type AccountFlow = FlowRunner<AccountState, AccountEvent>;

export function createAccountFlow(
  client: FlowClient,
  options: { initial?: AccountState } = {},
): AccountFlow {
  return createFlowRunner(accountMachine, {
    client,
    initial: options.initial ?? accountInitialState(),
  });
}
