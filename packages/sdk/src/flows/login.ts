/**
 * The login flow (A1–A9, A13, A18) as a state machine. The service decides each login step and
 * answers with a `SessionView`; this machine turns it into a state the login box renders, keeps
 * what the student typed across errors (X5), and checks what can be checked before a call
 * (the email typed twice, the second-password rules).
 *
 * Entry points: `loginInitialState` (the login page), `loginStateForEmailRegistrationLink`
 * (A4: the page the registration mail's one-time URL opens), `loginStateForResetLink`
 * (A13: the page the reset mail's URL opens) and `loginStateForEmailChangeLink` (A11: the page
 * the change mail's URL opens; the service redeems it with or without a session). The login
 * page may also start at the empty login box and ask for the session meanwhile
 * (`createLoginFlow`'s `assumeNoSession`).
 */
import type {
  PasskeyLoginRequest,
  PasskeyOptions,
  PasskeyRegisterRequest,
} from '../contract/passkeys.js';
import type { SessionView } from '../contract/session.js';
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
  type SecondPasswordFields,
} from './second-password-fields.js';
import {
  emailTwiceBody,
  emailTwiceRefused,
  secondPasswordTwiceBody,
  secondPasswordTwiceRefused,
  typeEmailTwice,
  typeSecondPasswordTwice,
} from './typed-twice.js';

export type AuthenticatedSession = Extract<SessionView, { step: 'authenticated' }>;

/** A1: what the login box holds. Passwords stay so that an error does not wipe them (X5). */
export interface CredentialsForm {
  readonly userId: string;
  readonly password: string;
  /** Empty on the first login (A2): the service decides whether one is needed. */
  readonly secondPassword: string;
}

export const EMPTY_CREDENTIALS: CredentialsForm = { userId: '', password: '', secondPassword: '' };

/** A3: the address typed twice. */
export interface EmailRegistrationFields {
  readonly userId: string;
  readonly email: string;
  readonly emailConfirmation: string;
}

/** A7–A9: the auth-key screen. */
export interface AuthKeyFields {
  readonly userId: string;
  /** Where the key went, masked by the service (e.g. `ta***@example.ac.jp`). */
  readonly maskedEmail: string;
  readonly keyExpiresAt: string;
  readonly authKey: string;
  /**
   * A7: do not ask again on this device for the tenant's trusted period. True by default, as A7
   * has it; the student unticks it on a shared computer (docs/decisions/0009).
   */
  readonly trustDevice: boolean;
  /** A9: the service said the key is locked; only 「認証キー再発行」 helps now. */
  readonly locked: boolean;
  /** A9: the dialog saying so is open. */
  readonly lockedDialog: boolean;
  /** A8: a new key was just mailed (the screen says so). */
  readonly reissued: boolean;
  /** X7: the key's mail has not reached the mail server yet; the service keeps trying. */
  readonly mailDelayed: boolean;
}

/** A20: what the authenticator answered a login ceremony (`AuthenticationResponseJSON`). */
export type PasskeyLoginAnswer = PasskeyLoginRequest['response'];
/** A20: what the authenticator answered a registration ceremony (`RegistrationResponseJSON`). */
export type PasskeyRegistrationAnswer = PasskeyRegisterRequest['response'];

/**
 * A20: why the browser's ceremony gave no answer (the elements' `PasskeyCeremonyFailure`): the
 * student closed the prompt, the browser cannot, the authenticator already holds one of the
 * student's passkeys (registration), or anything else.
 */
export type PasskeyFailure = 'cancelled' | 'unsupported' | 'already-registered' | 'failed';

/** The local error code a ceremony's failure becomes (the elements word them). */
export const PASSKEY_FAILURE_CODES = {
  cancelled: 'passkey_cancelled',
  unsupported: 'passkey_unsupported',
  'already-registered': 'passkey_already_registered',
  failed: 'passkey_ceremony_failed',
} as const satisfies Record<PasskeyFailure, string>;

/**
 * A20, conditional UI: the login box's passkey autofill. The element asks for it
 * (`offer-passkey-autofill`) when the tenant offers passkeys and the browser can show them in the
 * user ID field's autofill; `createLoginFlow` then fetches the options beside the runner, once
 * per visit to the login box (a challenge is single use), and the element waits for the student
 * to pick a passkey with them. `unavailable`: the options could not be had; the box works as is.
 */
export type PasskeyAutofill =
  | { readonly status: 'asking' }
  | { readonly status: 'ready'; readonly options: PasskeyOptions }
  | { readonly status: 'unavailable' };

/** A20: the registration a tenant that requires passkeys asks for before anything else. */
export interface PasskeyRegistrationFields {
  readonly session: AuthenticatedSession;
  /** What the student calls this passkey in the account menu; the element suggests one. */
  readonly passkeyName: string;
}

export type LinkPurposeInLogin = 'email-registration' | 'second-password-reset' | 'email-change';

export type LoginState =
  /** The initial `getSession`: the browser may be part-way through a login already. */
  | { readonly status: 'loading' }
  | {
      readonly status: 'credentials';
      readonly form: CredentialsForm;
      readonly error?: FlowError;
      readonly passkeyAutofill?: PasskeyAutofill;
    }
  | { readonly status: 'submitting'; readonly form: CredentialsForm }
  /** A20: 「パスキーでログイン」: the service's options are asked for (the typed user ID, if any). */
  | { readonly status: 'passkey-options'; readonly form: CredentialsForm }
  /** A20: the browser asks the authenticator; the element answers with `passkey-answer`/`-failed`. */
  | {
      readonly status: 'passkey-prompt';
      readonly form: CredentialsForm;
      readonly options: PasskeyOptions;
    }
  /** A20: the authenticator's answer is checked by the service (a picked autofill one as well). */
  | {
      readonly status: 'passkey-verifying';
      readonly form: CredentialsForm;
      readonly response: PasskeyLoginAnswer;
    }
  /**
   * A20: the tenant requires a passkey and the student has none (`passkeyRequired`): register one
   * on this device (`submit`), or log out. Nothing else answers until then.
   */
  | (PasskeyRegistrationFields & {
      readonly status: 'passkey-registration';
      readonly error?: FlowError;
    })
  | (PasskeyRegistrationFields & { readonly status: 'passkey-registration-options' })
  /** A20: the browser creates the passkey; the element answers `passkey-created`/`-failed`. */
  | (PasskeyRegistrationFields & {
      readonly status: 'passkey-creating';
      readonly options: PasskeyOptions;
    })
  | (PasskeyRegistrationFields & {
      readonly status: 'passkey-registering';
      readonly response: PasskeyRegistrationAnswer;
    })
  | (EmailRegistrationFields & {
      readonly status: 'email-registration';
      readonly error?: FlowError;
    })
  | (EmailRegistrationFields & { readonly status: 'registering-email' })
  /** A3: 「確認メールを送信しました。」 with the address and the link's expiry. */
  | {
      readonly status: 'email-sent';
      readonly userId: string;
      readonly email: string;
      readonly linkExpiresAt: string;
      /** X7: the mail has not reached the mail server yet; the service keeps trying. */
      readonly mailDelayed: boolean;
    }
  | (SecondPasswordFields & {
      readonly status: 'second-password-setup';
      readonly userId: string;
      readonly error?: FlowError;
    })
  | (SecondPasswordFields & { readonly status: 'setting-second-password'; readonly userId: string })
  /** A5: 「第2パスワードが設定されました」; `acknowledge` (OK) goes on to `next`. */
  | { readonly status: 'second-password-set'; readonly next: SessionView }
  | (AuthKeyFields & { readonly status: 'auth-key'; readonly error?: FlowError })
  | (AuthKeyFields & { readonly status: 'verifying-auth-key' })
  | (AuthKeyFields & { readonly status: 'reissuing' })
  | { readonly status: 'authenticated'; readonly session: AuthenticatedSession }
  | { readonly status: 'logging-out' }
  /** A13: 「第2パスワードを忘れた場合」; the login form is kept for `back`. */
  | {
      readonly status: 'reset-request';
      readonly email: string;
      readonly credentials: CredentialsForm;
      readonly error?: FlowError;
    }
  | {
      readonly status: 'requesting-reset';
      readonly email: string;
      readonly credentials: CredentialsForm;
    }
  /** A13: the same screen whether or not the address is registered. */
  | { readonly status: 'reset-sent'; readonly email: string; readonly credentials: CredentialsForm }
  /** A4: the registration link is being redeemed. */
  | { readonly status: 'confirming-email-registration'; readonly token: string }
  /** A4: 「メールアドレス設定完了」 with 「ログインページへ移動」 (`go-to-login`). */
  | { readonly status: 'email-registered'; readonly email: string }
  /** A11: the change link is being redeemed (it needs no session). */
  | { readonly status: 'confirming-email-change'; readonly token: string }
  /**
   * A11: 「メールアドレス変更完了」 with the new address; `acknowledge` (OK) asks the service for
   * the session, so a logged-in student goes on logged in and anyone else sees the login box.
   */
  | { readonly status: 'email-changed'; readonly email: string }
  /** A4, A11, A13: link_invalid, link_expired or link_used. */
  | {
      readonly status: 'link-error';
      readonly purpose: LinkPurposeInLogin;
      readonly error: FlowError;
    }
  | (SecondPasswordFields & {
      readonly status: 'reset-link';
      readonly token: string;
      readonly error?: FlowError;
    })
  | (SecondPasswordFields & {
      readonly status: 'resetting-second-password';
      readonly token: string;
    })
  | { readonly status: 'reset-done' };

export type LoginStatus = LoginState['status'];

/** The fields a student types into, across the login screens. */
export type LoginField =
  | 'userId'
  | 'password'
  | 'secondPassword'
  | 'secondPasswordConfirmation'
  | 'email'
  | 'emailConfirmation'
  | 'authKey'
  | 'passkeyName';

export type LoginEndpoint =
  | 'getSession'
  | 'login'
  | 'logout'
  | 'registerEmail'
  | 'confirmEmailRegistration'
  | 'confirmEmailChange'
  | 'setupSecondPassword'
  | 'verifyAuthKey'
  | 'reissueAuthKey'
  | 'requestSecondPasswordReset'
  | 'resetSecondPassword'
  | 'passkeyLoginOptions'
  | 'passkeyLogin'
  | 'passkeyRegistrationOptions'
  | 'registerPasskey';

export type LoginEffect = CallEffectOf<LoginEndpoint>;

export type LoginEvent =
  /** A field changed; a field the current screen does not have is ignored. */
  | { readonly type: 'input'; readonly field: LoginField; readonly value: string }
  | { readonly type: 'set-trust-device'; readonly trustDevice: boolean }
  /** 「ログイン」「確認」「設定」「認証」「送信」: the screen's main button. */
  | { readonly type: 'submit' }
  | { readonly type: 'forgot-second-password' }
  | { readonly type: 'back' }
  /** 「OK」 after a completion message. */
  | { readonly type: 'acknowledge' }
  | { readonly type: 'dismiss-dialog' }
  /** A8: 「認証キー再発行」. */
  | { readonly type: 'reissue' }
  /** 「ログインページへ移動」. */
  | { readonly type: 'go-to-login' }
  | { readonly type: 'logout' }
  /** A20: 「パスキーでログイン」. */
  | { readonly type: 'use-passkey' }
  /** A20: the login box would take a passkey from the user ID field's autofill. */
  | { readonly type: 'offer-passkey-autofill' }
  /** A20: the authenticator's answer (to the prompt, or picked from the autofill). */
  | { readonly type: 'passkey-answer'; readonly response: PasskeyLoginAnswer }
  /** A20: the registration ceremony's passkey. */
  | { readonly type: 'passkey-created'; readonly response: PasskeyRegistrationAnswer }
  /** A20: the browser's ceremony gave no answer. */
  | { readonly type: 'passkey-failed'; readonly reason: PasskeyFailure }
  | CallResultOf<LoginEndpoint>;

export type LoginEventType = LoginEvent['type'];

export function loginInitialState(): LoginState {
  return { status: 'loading' };
}

/** A4: the token from the registration link (the page reads it off the URL fragment). */
export function loginStateForEmailRegistrationLink(token: string): LoginState {
  return { status: 'confirming-email-registration', token };
}

/** A11: the token from the email change link. */
export function loginStateForEmailChangeLink(token: string): LoginState {
  return { status: 'confirming-email-change', token };
}

/** A13: the token from the reset link. */
export function loginStateForResetLink(token: string): LoginState {
  return { status: 'reset-link', token, ...EMPTY_SECOND_PASSWORD_FIELDS };
}

function credentials(form: CredentialsForm, error?: FlowError): LoginState {
  return error ? { status: 'credentials', form, error } : { status: 'credentials', form };
}

/** The screen for a step the service answered with. */
export function loginStateFromSession(view: SessionView): LoginState {
  switch (view.step) {
    case 'anonymous':
      return credentials(EMPTY_CREDENTIALS);
    case 'email-registration':
      return {
        status: 'email-registration',
        userId: view.userId,
        email: '',
        emailConfirmation: '',
      };
    case 'email-registration-sent':
      return {
        status: 'email-sent',
        userId: view.userId,
        email: view.email,
        linkExpiresAt: view.linkExpiresAt,
        mailDelayed: view.mailDelayed === true,
      };
    case 'second-password-setup':
      return {
        status: 'second-password-setup',
        userId: view.userId,
        ...EMPTY_SECOND_PASSWORD_FIELDS,
      };
    case 'auth-key':
      return {
        status: 'auth-key',
        userId: view.userId,
        maskedEmail: view.maskedEmail,
        keyExpiresAt: view.keyExpiresAt,
        authKey: '',
        // A7: trusted after one success unless the student unticks it (decision 0009).
        trustDevice: true,
        locked: false,
        lockedDialog: false,
        reissued: false,
        mailDelayed: view.mailDelayed === true,
      };
    case 'authenticated':
      // A20: the tenant requires a passkey this student does not have yet.
      return view.passkeyRequired === true
        ? { status: 'passkey-registration', session: view, passkeyName: '' }
        : { status: 'authenticated', session: view };
    default:
      return assertNever(view);
  }
}

function passkeyRegistrationFields(state: PasskeyRegistrationFields): PasskeyRegistrationFields {
  return { session: state.session, passkeyName: state.passkeyName };
}

/** A20: a ceremony's failure as the error of the screen it returns to. */
const passkeyFailed = (reason: PasskeyFailure): FlowError =>
  localError(PASSKEY_FAILURE_CODES[reason]);

/**
 * Errors every login step shares: the login session ended (back to the login box, user ID kept)
 * or the service is at another step (ask it where we are). Null for the step's own errors.
 */
function sessionLost(error: FlowErrorSource, userId: string): LoginState | null {
  if (error.code === 'unauthenticated') {
    return credentials({ ...EMPTY_CREDENTIALS, userId }, toFlowError(error));
  }
  if (error.code === 'wrong_step') return { status: 'loading' };
  return null;
}

function authKeyFields(state: AuthKeyFields): AuthKeyFields {
  return {
    userId: state.userId,
    maskedEmail: state.maskedEmail,
    keyExpiresAt: state.keyExpiresAt,
    authKey: state.authKey,
    trustDevice: state.trustDevice,
    locked: state.locked,
    lockedDialog: state.lockedDialog,
    reissued: state.reissued,
    mailDelayed: state.mailDelayed,
  };
}

const LINK_ERRORS: ReadonlySet<string> = new Set(['link_invalid', 'link_expired', 'link_used']);

/**
 * The login flow's transition: pure, total over (state, event). An event that means nothing in
 * a state (typing while a call is in flight, `submit` twice, an answer that is not awaited)
 * returns the very same state object.
 */
export function loginTransition(state: LoginState, event: LoginEvent): LoginState {
  switch (state.status) {
    case 'loading':
      if (!isResultOf(event, 'getSession')) return state;
      return event.result.error
        ? credentials(EMPTY_CREDENTIALS, toFlowError(event.result.error))
        : loginStateFromSession(event.result.data);

    case 'credentials':
      // The session check of a flow started with `assumeNoSession` (`createLoginFlow`): no
      // session, or no answer, leaves the login box as the student has it (a real login reports
      // its own errors); a login part-way or done goes to its step.
      if (isResultOf(event, 'getSession'))
        return event.result.error || event.result.data.step === 'anonymous'
          ? state
          : loginStateFromSession(event.result.data);
      switch (event.type) {
        case 'input':
          if (
            event.field !== 'userId' &&
            event.field !== 'password' &&
            event.field !== 'secondPassword'
          ) {
            return state;
          }
          // Typing clears nothing: the error stays until the next submit, tied to its field.
          return { ...state, form: { ...state.form, [event.field]: event.value } };
        case 'submit': {
          const missing = (['userId', 'password'] as const).filter((field) =>
            isBlank(state.form[field]),
          );
          if (missing.length > 0) {
            return credentials(
              state.form,
              localError(
                'required',
                missing.map((field) => ({ field, code: 'required' })),
              ),
            );
          }
          return { status: 'submitting', form: state.form };
        }
        case 'forgot-second-password':
          return { status: 'reset-request', email: '', credentials: state.form };
        case 'use-passkey':
          return { status: 'passkey-options', form: state.form };
        case 'offer-passkey-autofill':
          return state.passkeyAutofill === undefined
            ? { ...state, passkeyAutofill: { status: 'asking' } }
            : state;
        case 'passkey-answer':
          // A passkey picked from the user ID field's autofill (conditional UI).
          return { status: 'passkey-verifying', form: state.form, response: event.response };
        case 'result':
          // The autofill's options, asked for beside the runner (`offeringPasskeyAutofill`).
          if (!isResultOf(event, 'passkeyLoginOptions') || state.passkeyAutofill === undefined)
            return state;
          return {
            ...state,
            passkeyAutofill: event.result.error
              ? { status: 'unavailable' }
              : { status: 'ready', options: event.result.data.options },
          };
        default:
          return state;
      }

    case 'passkey-options':
      if (event.type === 'back') return credentials(state.form);
      if (!isResultOf(event, 'passkeyLoginOptions')) return state;
      return event.result.error
        ? credentials(state.form, toFlowError(event.result.error))
        : { status: 'passkey-prompt', form: state.form, options: event.result.data.options };

    case 'passkey-prompt':
      switch (event.type) {
        case 'passkey-answer':
          return { status: 'passkey-verifying', form: state.form, response: event.response };
        case 'passkey-failed':
          return credentials(state.form, passkeyFailed(event.reason));
        case 'back':
          return credentials(state.form);
        default:
          return state;
      }

    case 'passkey-verifying':
      if (!isResultOf(event, 'passkeyLogin')) return state;
      // passkey_failed says nothing of why; A18's access errors and rate limits come here too.
      return event.result.error
        ? credentials(state.form, toFlowError(event.result.error))
        : loginStateFromSession(event.result.data);

    case 'passkey-registration':
      switch (event.type) {
        case 'input':
          return event.field === 'passkeyName' ? { ...state, passkeyName: event.value } : state;
        case 'submit':
          if (isBlank(state.passkeyName)) {
            return {
              ...state,
              error: localError('required', [{ field: 'passkeyName', code: 'required' }]),
            };
          }
          return { ...passkeyRegistrationFields(state), status: 'passkey-registration-options' };
        case 'logout':
          return { status: 'logging-out' };
        default:
          return state;
      }

    case 'passkey-registration-options': {
      if (!isResultOf(event, 'passkeyRegistrationOptions')) return state;
      const { error, data } = event.result;
      const fields = passkeyRegistrationFields(state);
      if (error) {
        return (
          sessionLost(error, state.session.student.userId) ?? {
            ...fields,
            status: 'passkey-registration',
            error: toFlowError(error),
          }
        );
      }
      return { ...fields, status: 'passkey-creating', options: data.options };
    }

    case 'passkey-creating':
      switch (event.type) {
        case 'passkey-created':
          return {
            ...passkeyRegistrationFields(state),
            status: 'passkey-registering',
            response: event.response,
          };
        case 'passkey-failed':
          return {
            ...passkeyRegistrationFields(state),
            status: 'passkey-registration',
            error: passkeyFailed(event.reason),
          };
        case 'back':
          return { ...passkeyRegistrationFields(state), status: 'passkey-registration' };
        default:
          return state;
      }

    case 'passkey-registering': {
      if (!isResultOf(event, 'registerPasskey')) return state;
      const { error } = event.result;
      if (error) {
        return (
          sessionLost(error, state.session.student.userId) ?? {
            ...passkeyRegistrationFields(state),
            status: 'passkey-registration',
            error: toFlowError(error),
          }
        );
      }
      // The service's session decides what follows (it no longer says passkeyRequired).
      return { status: 'loading' };
    }

    case 'submitting':
      if (!isResultOf(event, 'login')) return state;
      // A18 (access_not_yet_available, access_contact_office) arrives here with availableFrom or
      // the tenant's notice; invalid_credentials never says which factor was wrong.
      return event.result.error
        ? credentials(state.form, toFlowError(event.result.error))
        : loginStateFromSession(event.result.data);

    case 'email-registration':
      switch (event.type) {
        case 'input':
          return typeEmailTwice(state, event.field, event.value);
        case 'submit':
          return (
            emailTwiceRefused(state) ?? { ...withoutError(state), status: 'registering-email' }
          );
        case 'logout':
          return { status: 'logging-out' };
        default:
          return state;
      }

    case 'registering-email': {
      if (!isResultOf(event, 'registerEmail')) return state;
      const { error, data } = event.result;
      if (error) {
        return (
          sessionLost(error, state.userId) ?? {
            ...state,
            status: 'email-registration',
            error: toFlowError(error),
          }
        );
      }
      return loginStateFromSession(data);
    }

    case 'email-sent':
      switch (event.type) {
        case 'go-to-login':
          return credentials({ ...EMPTY_CREDENTIALS, userId: state.userId });
        case 'logout':
          return { status: 'logging-out' };
        default:
          return state;
      }

    case 'second-password-setup':
      switch (event.type) {
        case 'input':
          return typeSecondPasswordTwice(state, event.field, event.value);
        case 'submit':
          return (
            secondPasswordTwiceRefused(state) ?? {
              ...withoutError(state),
              status: 'setting-second-password',
            }
          );
        case 'logout':
          return { status: 'logging-out' };
        default:
          return state;
      }

    case 'setting-second-password': {
      if (!isResultOf(event, 'setupSecondPassword')) return state;
      const { error, data } = event.result;
      if (error) {
        return (
          sessionLost(error, state.userId) ?? {
            ...state,
            status: 'second-password-setup',
            error: toFlowError(error),
          }
        );
      }
      return { status: 'second-password-set', next: data };
    }

    case 'second-password-set':
      return event.type === 'acknowledge' ? loginStateFromSession(state.next) : state;

    case 'auth-key':
      switch (event.type) {
        case 'input':
          return event.field === 'authKey' ? { ...state, authKey: event.value } : state;
        case 'set-trust-device':
          return { ...state, trustDevice: event.trustDevice };
        case 'submit':
          // A9: a locked key is refused without a call; the dialog opens again.
          if (state.locked) return { ...state, lockedDialog: true };
          if (isBlank(state.authKey)) {
            return {
              ...state,
              error: localError('required', [{ field: 'authKey', code: 'required' }]),
            };
          }
          return { ...authKeyFields(state), status: 'verifying-auth-key' };
        case 'dismiss-dialog':
          return state.lockedDialog ? { ...state, lockedDialog: false } : state;
        case 'reissue':
          return { ...authKeyFields(state), status: 'reissuing' };
        case 'logout':
          return { status: 'logging-out' };
        default:
          return state;
      }

    case 'verifying-auth-key': {
      if (!isResultOf(event, 'verifyAuthKey')) return state;
      const { error, data } = event.result;
      if (!error) return loginStateFromSession(data);
      const lost = sessionLost(error, state.userId);
      if (lost) return lost;
      const fields = authKeyFields(state);
      if (error.code === 'auth_key_locked') {
        return {
          ...fields,
          status: 'auth-key',
          locked: true,
          lockedDialog: true,
          error: toFlowError(error),
        };
      }
      // auth_key_wrong carries attemptsLeft; the typed key stays so the student sees the typo.
      return { ...fields, status: 'auth-key', error: toFlowError(error) };
    }

    case 'reissuing': {
      if (!isResultOf(event, 'reissueAuthKey')) return state;
      const { error, data } = event.result;
      if (error) {
        return (
          sessionLost(error, state.userId) ?? {
            ...authKeyFields(state),
            status: 'auth-key',
            error: toFlowError(error),
          }
        );
      }
      // A8: the old key is dead, so is what was typed for it; the lock belonged to the old key.
      return {
        status: 'auth-key',
        userId: state.userId,
        maskedEmail: data.maskedEmail,
        keyExpiresAt: data.keyExpiresAt,
        authKey: '',
        trustDevice: state.trustDevice,
        locked: false,
        lockedDialog: false,
        reissued: true,
        mailDelayed: data.mailDelayed === true,
      };
    }

    case 'authenticated':
      return event.type === 'logout' ? { status: 'logging-out' } : state;

    case 'logging-out':
      if (!isResultOf(event, 'logout')) return state;
      // Even when the call failed, the screen must not look signed in; the error tells why.
      return event.result.error
        ? credentials(EMPTY_CREDENTIALS, toFlowError(event.result.error))
        : credentials(EMPTY_CREDENTIALS);

    case 'reset-request':
      switch (event.type) {
        case 'input':
          return event.field === 'email' ? { ...state, email: event.value } : state;
        case 'submit':
          if (isBlank(state.email)) {
            return {
              ...state,
              error: localError('required', [{ field: 'email', code: 'required' }]),
            };
          }
          return { status: 'requesting-reset', email: state.email, credentials: state.credentials };
        case 'back':
          return credentials(state.credentials);
        default:
          return state;
      }

    case 'requesting-reset':
      if (!isResultOf(event, 'requestSecondPasswordReset')) return state;
      // The answer is the same for unknown addresses; only transport and rate limits fail here.
      return event.result.error
        ? {
            status: 'reset-request',
            email: state.email,
            credentials: state.credentials,
            error: toFlowError(event.result.error),
          }
        : { status: 'reset-sent', email: state.email, credentials: state.credentials };

    case 'reset-sent':
      return event.type === 'back' || event.type === 'go-to-login'
        ? credentials(state.credentials)
        : state;

    case 'confirming-email-registration':
      if (!isResultOf(event, 'confirmEmailRegistration')) return state;
      return event.result.error
        ? {
            status: 'link-error',
            purpose: 'email-registration',
            error: toFlowError(event.result.error),
          }
        : { status: 'email-registered', email: event.result.data.email };

    case 'confirming-email-change':
      if (!isResultOf(event, 'confirmEmailChange')) return state;
      return event.result.error
        ? { status: 'link-error', purpose: 'email-change', error: toFlowError(event.result.error) }
        : { status: 'email-changed', email: event.result.data.email };

    case 'email-changed':
      // The change link needs no session, so the browser may or may not hold one: ask.
      return event.type === 'acknowledge' ? { status: 'loading' } : state;

    case 'email-registered':
    case 'reset-done':
    case 'link-error':
      if (event.type !== 'go-to-login') return state;
      // A11: whoever opened the change link may be logged in; the session decides the screen.
      return state.status === 'link-error' && state.purpose === 'email-change'
        ? { status: 'loading' }
        : credentials(EMPTY_CREDENTIALS);

    case 'reset-link':
      switch (event.type) {
        case 'input':
          return typeSecondPasswordTwice(state, event.field, event.value);
        case 'submit':
          return (
            secondPasswordTwiceRefused(state) ?? {
              ...withoutError(state),
              status: 'resetting-second-password',
            }
          );
        default:
          return state;
      }

    case 'resetting-second-password': {
      if (!isResultOf(event, 'resetSecondPassword')) return state;
      const { error } = event.result;
      if (!error) return { status: 'reset-done' };
      if (LINK_ERRORS.has(error.code)) {
        return {
          status: 'link-error',
          purpose: 'second-password-reset',
          error: toFlowError(error),
        };
      }
      return { ...state, status: 'reset-link', error: toFlowError(error) };
    }

    default:
      return assertNever(state);
  }
}

/** The call a login state asks for, or null when it waits for the student. */
export function loginEffect(state: LoginState): LoginEffect | null {
  switch (state.status) {
    case 'loading':
      return call('getSession', {});
    case 'submitting': {
      const { userId, password, secondPassword } = state.form;
      // A2: the first login has no second password; an empty field is left out, not sent.
      return call('login', {
        body: isBlank(secondPassword)
          ? { userId: userId.trim(), password }
          : { userId: userId.trim(), password, secondPassword },
      });
    }
    case 'registering-email':
      return call('registerEmail', { body: emailTwiceBody(state) });
    case 'setting-second-password':
      return call('setupSecondPassword', { body: secondPasswordTwiceBody(state) });
    case 'verifying-auth-key':
      return call('verifyAuthKey', {
        body: { authKey: state.authKey.trim(), trustDevice: state.trustDevice },
      });
    case 'reissuing':
      return call('reissueAuthKey', {});
    case 'logging-out':
      return call('logout', {});
    case 'passkey-options': {
      // A20: the typed user ID narrows the passkeys offered; the answer looks the same either way.
      const userId = state.form.userId.trim();
      return call('passkeyLoginOptions', { body: userId === '' ? {} : { userId } });
    }
    case 'passkey-verifying':
      return call('passkeyLogin', { body: { response: state.response } });
    case 'passkey-registration-options':
      return call('passkeyRegistrationOptions', {});
    case 'passkey-registering':
      return call('registerPasskey', {
        body: { response: state.response, name: state.passkeyName.trim() },
      });
    case 'requesting-reset':
      return call('requestSecondPasswordReset', { body: { email: state.email.trim() } });
    case 'confirming-email-registration':
      return call('confirmEmailRegistration', { body: { token: state.token } });
    case 'confirming-email-change':
      return call('confirmEmailChange', { body: { token: state.token } });
    case 'resetting-second-password':
      return call('resetSecondPassword', {
        body: { token: state.token, ...secondPasswordTwiceBody(state) },
      });
    case 'credentials':
    case 'passkey-prompt':
    case 'passkey-registration':
    case 'passkey-creating':
    case 'email-registration':
    case 'email-sent':
    case 'second-password-setup':
    case 'second-password-set':
    case 'auth-key':
    case 'authenticated':
    case 'reset-request':
    case 'reset-sent':
    case 'email-registered':
    case 'email-changed':
    case 'link-error':
    case 'reset-link':
    case 'reset-done':
      return null;
    default:
      return assertNever(state);
  }
}

export const loginMachine: FlowMachine<LoginState, LoginEvent, LoginEffect> = {
  initial: loginInitialState(),
  transition: loginTransition,
  effectOf: loginEffect,
};

export type LoginFlow = FlowRunner<LoginState, LoginEvent>;

export interface LoginFlowOptions {
  /** Start at a link's entry, or where a moved login box was, instead of the login page. */
  readonly initial?: LoginState;
  /**
   * The login page only (no `initial`): show the empty login box at once instead of `loading`,
   * for a browser that most likely holds no session, and ask for the session meanwhile. A login
   * part-way or done moves the flow to its step, as it would from `loading`; no session or a
   * failed call leaves the box alone with what was typed. Once the student leaves the login box
   * (「ログイン」, 「第2パスワードを忘れた場合」) the answer no longer counts.
   */
  readonly assumeNoSession?: boolean;
}

/**
 * The login flow. Start at a link's entry with `initial`:
 * `createLoginFlow(client, { initial: loginStateForEmailRegistrationLink(token) })`.
 */
export function createLoginFlow(client: FlowClient, options: LoginFlowOptions = {}): LoginFlow {
  if (options.assumeNoSession === true && options.initial === undefined) {
    const flow = createFlowRunner(loginMachine, {
      client,
      initial: credentials(EMPTY_CREDENTIALS),
    });
    return offeringPasskeyAutofill(checkingSession(flow, client), client);
  }
  const flow = createFlowRunner(loginMachine, {
    client,
    initial: options.initial ?? loginInitialState(),
  });
  return offeringPasskeyAutofill(flow, client);
}

/**
 * A20: `flow`, fetching the passkey autofill's options when the login box asks for them
 * (`offer-passkey-autofill`). The runner performs only the calls of pending states, and the
 * login box must stay the login box (the student types on while the options come), so the call
 * goes beside the runner, as `checkingSession`'s does, and its answer comes back as the
 * `passkeyLoginOptions` result the login box takes into `passkeyAutofill`. Once per visit to the
 * box: leaving it aborts the call, and the state that comes back has no `passkeyAutofill`, so
 * the element asks again (a challenge is single use).
 */
function offeringPasskeyAutofill(flow: LoginFlow, client: FlowClient): LoginFlow {
  let asking: { readonly controller: AbortController; readonly answered: Promise<void> } | null =
    null;
  const onState = (state: LoginState) => {
    if (state.status !== 'credentials') {
      asking?.controller.abort();
      asking = null;
      return;
    }
    if (state.passkeyAutofill?.status !== 'asking' || asking !== null) return;
    const controller = new AbortController();
    const answered = client
      .request('passkeyLoginOptions', { body: {}, signal: controller.signal })
      .catch((): null => null)
      .then((result) => {
        if (controller.signal.aborted) return;
        asking = null;
        flow.send({
          type: 'result',
          endpoint: 'passkeyLoginOptions',
          result: result ?? { data: null, error: { code: 'unexpected' } },
        });
      });
    asking = { controller, answered };
  };
  const unsubscribe = flow.subscribe(onState);
  return {
    ...flow,
    dispose() {
      asking?.controller.abort();
      unsubscribe();
      flow.dispose();
    },
    async whenSettled() {
      await asking?.answered;
      return flow.whenSettled();
    },
  };
}

/**
 * `flow`, sitting at the login box, with the session asked for beside the runner (whose calls
 * belong to pending states, and the login box is not one). The answer is fed in only while the
 * student has not left the login box: a `submitting` that came back with an error is the
 * student's own answer, which a session check sent earlier must not overturn.
 */
function checkingSession(flow: LoginFlow, client: FlowClient): LoginFlow {
  // Aborted once the student leaves the login box: the answer no longer counts then.
  const controller = new AbortController();
  const unsubscribe = flow.subscribe((state) => {
    if (state.status !== 'credentials') controller.abort();
  });
  const answered = client
    .request('getSession', { signal: controller.signal })
    // The client promises never to throw; if it does, it is a failed check like any other.
    .catch((): null => null)
    .then((result) => {
      unsubscribe();
      if (result !== null && !controller.signal.aborted)
        flow.send({ type: 'result', endpoint: 'getSession', result });
    });
  return {
    ...flow,
    dispose() {
      controller.abort();
      unsubscribe();
      flow.dispose();
    },
    async whenSettled() {
      // A check called off (the student left the login box) is not waited for.
      if (!controller.signal.aborted)
        await new Promise<void>((resolve) => {
          void answered.then(resolve);
          controller.signal.addEventListener('abort', () => resolve(), { once: true });
        });
      return flow.whenSettled();
    },
  };
}
