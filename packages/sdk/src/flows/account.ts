/**
 * The account flow (A10–A12, A15) as a state machine: the menu (top right), change email with
 * its one-time link, change second password with the live rules, and the two-factor setting
 * with its confirmation. A security change the service refuses for want of a recent
 * re-authentication (A21) goes through 「本人確認」 (the second password again) and is then made.
 * `accountStateForEmailChangeLink` is the entry for the page the change
 * mail's one-time URL opens (A11).
 */
import { canChangeTwoFactor, type TwoFactorMode } from '@shomei/core';
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

/**
 * A21: a change that needs a recent re-authentication; the flow makes it again, as it was,
 * once the student has entered the second password.
 */
export type SecurityChange = RequestingEmailChange | SettingTwoFactor;

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
  /**
   * A21: 「本人確認」: the service asked for the second password again before `retry`. 「キャンセル」
   * is `cancel`: back to where the change was asked for (the email form keeps what was typed).
   */
  | {
      readonly status: 'reauthenticate';
      readonly account: AccountSummary;
      readonly secondPassword: string;
      readonly retry: SecurityChange;
      readonly error?: FlowError;
    }
  | {
      readonly status: 'reauthenticating';
      readonly account: AccountSummary;
      readonly secondPassword: string;
      readonly retry: SecurityChange;
    }
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
  | 'secondPassword';

export type AccountEndpoint =
  | 'getSession'
  | 'getTenant'
  | 'requestEmailChange'
  | 'confirmEmailChange'
  | 'changeSecondPassword'
  | 'reauthenticate'
  | 'setTwoFactor'
  | 'logout';

export type AccountEffect = CallEffectOf<AccountEndpoint>;

export type AccountEvent =
  | { readonly type: 'open-email-change' }
  | { readonly type: 'open-second-password-change' }
  | { readonly type: 'open-two-factor' }
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

export function accountSummary(input: {
  email: string;
  twoFactorEnabled: boolean;
  twoFactorMode: TwoFactorMode;
}): AccountSummary {
  return { ...input, twoFactorChangeable: canChangeTwoFactor(input.twoFactorMode) };
}

/** Start at the menu when the page already has the session and the tenant. */
export function accountMenuState(input: {
  email: string;
  twoFactorEnabled: boolean;
  twoFactorMode: TwoFactorMode;
}): AccountState {
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
 * A21: the service wants the second password again before `change`: ask for it, then make the
 * change as it was. Null for any other error.
 */
function reauthenticateIfRequired(
  error: FlowErrorSource,
  change: SecurityChange,
): AccountState | null {
  return error.code === 'reauthentication_required'
    ? { status: 'reauthenticate', account: change.account, secondPassword: '', retry: change }
    : null;
}

/** A21: 「キャンセル」 of 本人確認: back to the form or the menu the change came from. */
function withoutChange(change: SecurityChange): AccountState {
  return change.status === 'requesting-email-change'
    ? { ...change, status: 'email-change' }
    : menu(change.account);
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

    case 'reauthenticate':
      switch (event.type) {
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
