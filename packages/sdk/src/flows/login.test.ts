import { describe, expect, it } from 'vitest';
import { createFakeClient, fail, ok } from './fake-client.js';
import type { SessionView } from '../contract/index.js';
import type { FlowResult } from './machine.js';
import type { PasskeyOptions } from '../contract/passkeys.js';
import {
  createLoginFlow,
  EMPTY_CREDENTIALS,
  loginEffect,
  loginInitialState,
  loginStateForEmailChangeLink,
  loginStateForEmailRegistrationLink,
  loginStateForResetLink,
  loginStateFromSession,
  loginTransition,
  type LoginEvent,
  type LoginState,
  type PasskeyLoginAnswer,
  type PasskeyRegistrationAnswer,
} from './login.js';
import {
  authenticated,
  authKeyStep,
  emailRegistrationStep,
  emailSentStep,
  LINK_TOKEN,
  secondPasswordSetupStep,
  USER_ID,
} from './test-fixtures.js';

const run = (state: LoginState, ...events: LoginEvent[]): LoginState =>
  events.reduce(loginTransition, state);

const credentials = (form = EMPTY_CREDENTIALS): LoginState => ({ status: 'credentials', form });

const typed = (userId: string, password: string, secondPassword = ''): LoginEvent[] => [
  { type: 'input', field: 'userId', value: userId },
  { type: 'input', field: 'password', value: password },
  { type: 'input', field: 'secondPassword', value: secondPassword },
];

const authKeyState = loginStateFromSession(authKeyStep);

describe('login flow', () => {
  it('A1: starts by asking the service where this browser stands', () => {
    const state = loginInitialState();
    expect(state).toEqual({ status: 'loading' });
    expect(loginEffect(state)).toEqual({ type: 'call', endpoint: 'getSession', input: {} });
    expect(
      loginTransition(state, {
        type: 'result',
        endpoint: 'getSession',
        result: ok({ step: 'anonymous' }),
      }),
    ).toEqual(credentials());
  });

  it('A1: a session part-way through login resumes at its step', () => {
    const state = loginTransition(loginInitialState(), {
      type: 'result',
      endpoint: 'getSession',
      result: ok(authKeyStep),
    });
    expect(state.status).toBe('auth-key');
  });

  it('A1: the login box submits user ID, password and second password', () => {
    const state = run(credentials(), ...typed(USER_ID, 'univ-pass', 'Abcdefg1'), {
      type: 'submit',
    });
    expect(state.status).toBe('submitting');
    expect(loginEffect(state)).toEqual({
      type: 'call',
      endpoint: 'login',
      input: { body: { userId: USER_ID, password: 'univ-pass', secondPassword: 'Abcdefg1' } },
    });
  });

  it('A1: a blank user ID or password is refused without a call', () => {
    const state = run(
      credentials(),
      { type: 'input', field: 'userId', value: '  ' },
      { type: 'submit' },
    );
    expect(state).toMatchObject({
      status: 'credentials',
      error: {
        code: 'required',
        fields: [
          { field: 'userId', code: 'required' },
          { field: 'password', code: 'required' },
        ],
      },
    });
    expect(loginEffect(state)).toBeNull();
  });

  it('A2: the first login sends no second password', () => {
    const state = run(credentials(), ...typed(USER_ID, 'univ-pass'), { type: 'submit' });
    expect(loginEffect(state)?.input).toEqual({ body: { userId: USER_ID, password: 'univ-pass' } });
  });

  it('A6: a later login sends the second password too', () => {
    const state = run(credentials(), ...typed(USER_ID, 'univ-pass', 'Abcdefg1'), {
      type: 'submit',
    });
    expect(loginEffect(state)?.input).toMatchObject({ body: { secondPassword: 'Abcdefg1' } });
  });

  it('X5: a failed login keeps what the student typed', () => {
    const submitting = run(credentials(), ...typed(USER_ID, 'univ-pass', 'Abcdefg1'), {
      type: 'submit',
    });
    const state = loginTransition(submitting, {
      type: 'result',
      endpoint: 'login',
      result: fail({ code: 'invalid_credentials', status: 401, fields: [] }),
    });
    expect(state).toEqual({
      status: 'credentials',
      form: { userId: USER_ID, password: 'univ-pass', secondPassword: 'Abcdefg1' },
      error: { code: 'invalid_credentials', fields: [] },
    });
  });

  it('X5: a network failure on login keeps the form and says network', () => {
    const submitting = run(credentials(), ...typed(USER_ID, 'p'), { type: 'submit' });
    const state = loginTransition(submitting, {
      type: 'result',
      endpoint: 'login',
      result: fail({ code: 'network' }),
    });
    expect(state).toMatchObject({
      status: 'credentials',
      form: { userId: USER_ID, password: 'p' },
      error: { code: 'network' },
    });
  });

  it('A18: access not yet available carries the date it opens', () => {
    const submitting = run(credentials(), ...typed(USER_ID, 'p'), { type: 'submit' });
    const state = loginTransition(submitting, {
      type: 'result',
      endpoint: 'login',
      result: fail({
        code: 'access_not_yet_available',
        status: 403,
        availableFrom: '2025-04-08T04:00:00.000Z',
      }),
    });
    expect(state).toMatchObject({
      status: 'credentials',
      error: { code: 'access_not_yet_available', availableFrom: '2025-04-08T04:00:00.000Z' },
    });
  });

  it("A18: a group told to contact the office gets the tenant's notice", () => {
    const notice = { ja: '大学院生は学生支援課へお問い合わせください。' };
    const submitting = run(credentials(), ...typed(USER_ID, 'p'), { type: 'submit' });
    const state = loginTransition(submitting, {
      type: 'result',
      endpoint: 'login',
      result: fail({ code: 'access_contact_office', status: 403, notice }),
    });
    expect(state).toMatchObject({ error: { code: 'access_contact_office', notice } });
  });

  it('A7: a trusted device goes straight to authenticated, without the key', () => {
    const submitting = run(credentials(), ...typed(USER_ID, 'p', 'Abcdefg1'), { type: 'submit' });
    const state = loginTransition(submitting, {
      type: 'result',
      endpoint: 'login',
      result: ok(authenticated),
    });
    expect(state).toEqual({ status: 'authenticated', session: authenticated });
  });

  describe('email registration', () => {
    const form = loginStateFromSession(emailRegistrationStep);

    it('A3: the first login asks for the email twice', () => {
      expect(form).toEqual({
        status: 'email-registration',
        userId: USER_ID,
        email: '',
        emailConfirmation: '',
      });
    });

    it('A3: addresses that differ are refused without a call', () => {
      const state = run(
        form,
        { type: 'input', field: 'email', value: 'hanako@example.ac.jp' },
        { type: 'input', field: 'emailConfirmation', value: 'hanako@example.ac.j' },
        { type: 'submit' },
      );
      expect(state).toMatchObject({
        status: 'email-registration',
        email: 'hanako@example.ac.jp',
        emailConfirmation: 'hanako@example.ac.j',
        error: {
          code: 'email_mismatch',
          fields: [{ field: 'emailConfirmation', code: 'mismatch' }],
        },
      });
      expect(loginEffect(state)).toBeNull();
    });

    it('A3: the core rule decides: spaces and the domain case do not differ, the local part does', () => {
      const pending = run(
        form,
        { type: 'input', field: 'email', value: ' hanako@Example.AC.JP' },
        { type: 'input', field: 'emailConfirmation', value: 'hanako@example.ac.jp ' },
        { type: 'submit' },
      );
      expect(loginEffect(pending)).toEqual({
        type: 'call',
        endpoint: 'registerEmail',
        input: {
          body: { email: 'hanako@example.ac.jp', emailConfirmation: 'hanako@example.ac.jp' },
        },
      });
      const localCase = run(
        form,
        { type: 'input', field: 'email', value: 'Hanako@example.ac.jp' },
        { type: 'input', field: 'emailConfirmation', value: 'hanako@example.ac.jp' },
        { type: 'submit' },
      );
      expect(localCase).toMatchObject({ error: { code: 'email_mismatch' } });
      const blank = run(form, { type: 'submit' });
      expect(blank).toMatchObject({
        error: { code: 'required', fields: [{ field: 'email', code: 'required' }] },
      });
    });

    it('A3: the confirmation mail was sent, with the address and the link expiry', () => {
      const pending = run(
        form,
        { type: 'input', field: 'email', value: 'hanako@example.ac.jp' },
        { type: 'input', field: 'emailConfirmation', value: 'hanako@example.ac.jp' },
        { type: 'submit' },
      );
      expect(loginEffect(pending)).toEqual({
        type: 'call',
        endpoint: 'registerEmail',
        input: {
          body: { email: 'hanako@example.ac.jp', emailConfirmation: 'hanako@example.ac.jp' },
        },
      });
      const state = loginTransition(pending, {
        type: 'result',
        endpoint: 'registerEmail',
        result: ok(emailSentStep),
      });
      expect(state).toEqual({
        status: 'email-sent',
        userId: USER_ID,
        email: 'hanako@example.ac.jp',
        linkExpiresAt: '2025-06-02T01:30:00.000Z',
        mailDelayed: false,
      });
    });

    it('X7: a mail the service could not send yet is carried to the screen', () => {
      const pending = run(
        form,
        { type: 'input', field: 'email', value: 'hanako@example.ac.jp' },
        { type: 'input', field: 'emailConfirmation', value: 'hanako@example.ac.jp' },
        { type: 'submit' },
      );
      const state = loginTransition(pending, {
        type: 'result',
        endpoint: 'registerEmail',
        result: ok({ ...emailSentStep, mailDelayed: true } as SessionView),
      });
      expect(state).toMatchObject({ status: 'email-sent', mailDelayed: true });
    });

    it('A4: opening the link completes registration; 「ログインページへ移動」 goes to the login box', () => {
      const entry = loginStateForEmailRegistrationLink(LINK_TOKEN);
      expect(loginEffect(entry)).toEqual({
        type: 'call',
        endpoint: 'confirmEmailRegistration',
        input: { body: { token: LINK_TOKEN } },
      });
      const done = loginTransition(entry, {
        type: 'result',
        endpoint: 'confirmEmailRegistration',
        result: ok({ email: 'hanako@example.ac.jp' }),
      });
      expect(done).toEqual({ status: 'email-registered', email: 'hanako@example.ac.jp' });
      expect(loginTransition(done, { type: 'go-to-login' })).toEqual(credentials());
    });

    it.each(['link_expired', 'link_used', 'link_invalid'])(
      'A4: a refused link (%s) says why',
      (code) => {
        const state = loginTransition(loginStateForEmailRegistrationLink(LINK_TOKEN), {
          type: 'result',
          endpoint: 'confirmEmailRegistration',
          result: fail({ code, status: 410 }),
        });
        expect(state).toEqual({
          status: 'link-error',
          purpose: 'email-registration',
          error: { code, fields: [] },
        });
      },
    );
  });

  describe('the email change link on the login page', () => {
    it('A11: opening the link redeems it without a session and shows the new address', () => {
      const entry = loginStateForEmailChangeLink(LINK_TOKEN);
      expect(loginEffect(entry)).toEqual({
        type: 'call',
        endpoint: 'confirmEmailChange',
        input: { body: { token: LINK_TOKEN } },
      });
      const done = loginTransition(entry, {
        type: 'result',
        endpoint: 'confirmEmailChange',
        result: ok({ email: 'hanako.new@example.ac.jp' }),
      });
      expect(done).toEqual({ status: 'email-changed', email: 'hanako.new@example.ac.jp' });
      expect(loginEffect(done)).toBeNull();
    });

    it('A11: OK after the change asks for the session: logged in goes on, logged out logs in', () => {
      const done: LoginState = { status: 'email-changed', email: 'hanako.new@example.ac.jp' };
      const asking = loginTransition(done, { type: 'acknowledge' });
      expect(asking).toEqual({ status: 'loading' });
      expect(
        loginTransition(asking, {
          type: 'result',
          endpoint: 'getSession',
          result: ok(authenticated),
        }),
      ).toEqual({ status: 'authenticated', session: authenticated });
      expect(
        loginTransition(asking, {
          type: 'result',
          endpoint: 'getSession',
          result: ok({ step: 'anonymous' }),
        }),
      ).toEqual(credentials());
    });

    it.each(['link_expired', 'link_used', 'link_invalid'])(
      'A11: a refused link (%s) says why, and going on asks for the session',
      (code) => {
        const state = loginTransition(loginStateForEmailChangeLink(LINK_TOKEN), {
          type: 'result',
          endpoint: 'confirmEmailChange',
          result: fail({ code, status: 410 }),
        });
        expect(state).toEqual({
          status: 'link-error',
          purpose: 'email-change',
          error: { code, fields: [] },
        });
        expect(loginTransition(state, { type: 'go-to-login' })).toEqual({ status: 'loading' });
      },
    );
  });

  describe('second password setup', () => {
    const form = loginStateFromSession(secondPasswordSetupStep);

    it('A5: every rule is checked live as the student types', () => {
      expect(form).toMatchObject({
        failedRules: ['min-length', 'has-uppercase', 'has-lowercase', 'has-digit'],
      });
      const state = run(form, { type: 'input', field: 'secondPassword', value: 'abcDEF' });
      expect(state).toMatchObject({
        secondPassword: 'abcDEF',
        failedRules: ['min-length', 'has-digit'],
      });
      const fullWidth = run(form, { type: 'input', field: 'secondPassword', value: 'Abcdefg1２' });
      expect(fullWidth).toMatchObject({ failedRules: ['half-width-alphanumeric-only'] });
    });

    it('A5: a value that breaks a rule is refused without a call', () => {
      const state = run(
        form,
        { type: 'input', field: 'secondPassword', value: 'abcdefgh' },
        { type: 'input', field: 'secondPasswordConfirmation', value: 'abcdefgh' },
        { type: 'submit' },
      );
      expect(state).toMatchObject({
        status: 'second-password-setup',
        error: {
          code: 'second_password_rules',
          fields: [
            { field: 'secondPassword', code: 'has-uppercase' },
            { field: 'secondPassword', code: 'has-digit' },
          ],
        },
      });
      expect(loginEffect(state)).toBeNull();
    });

    it('A5: a confirmation that differs is refused without a call', () => {
      const state = run(
        form,
        { type: 'input', field: 'secondPassword', value: 'Abcdefg1' },
        { type: 'input', field: 'secondPasswordConfirmation', value: 'Abcdefg2' },
        { type: 'submit' },
      );
      expect(state).toMatchObject({
        error: { code: 'second_password_mismatch' },
        confirmationMatches: false,
      });
    });

    it('A5: 「第2パスワードが設定されました」, then OK goes on to the next step', () => {
      const pending = run(
        form,
        { type: 'input', field: 'secondPassword', value: 'Abcdefg1' },
        { type: 'input', field: 'secondPasswordConfirmation', value: 'Abcdefg1' },
        { type: 'submit' },
      );
      expect(pending).toMatchObject({
        status: 'setting-second-password',
        confirmationMatches: true,
        failedRules: [],
      });
      expect(loginEffect(pending)).toEqual({
        type: 'call',
        endpoint: 'setupSecondPassword',
        input: { body: { secondPassword: 'Abcdefg1', secondPasswordConfirmation: 'Abcdefg1' } },
      });
      const set = loginTransition(pending, {
        type: 'result',
        endpoint: 'setupSecondPassword',
        result: ok(authKeyStep),
      });
      expect(set).toEqual({ status: 'second-password-set', next: authKeyStep });
      expect(loginTransition(set, { type: 'acknowledge' })).toEqual(authKeyState);
    });
  });

  describe('auth key', () => {
    const typedKey = run(authKeyState, { type: 'input', field: 'authKey', value: '123456' });

    it('A7: the key screen shows where the key went and until when', () => {
      expect(authKeyState).toMatchObject({
        status: 'auth-key',
        maskedEmail: 'ha****@example.ac.jp',
        keyExpiresAt: '2025-06-02T01:10:00.000Z',
        lockedDialog: false,
      });
    });

    it('A7: the device is trusted after one success by default; a shared computer unticks it', () => {
      expect(authKeyState).toMatchObject({ trustDevice: true });
      expect(loginEffect(run(typedKey, { type: 'submit' }))).toEqual({
        type: 'call',
        endpoint: 'verifyAuthKey',
        input: { body: { authKey: '123456', trustDevice: true } },
      });
      const untrusted = run(
        typedKey,
        { type: 'set-trust-device', trustDevice: false },
        { type: 'submit' },
      );
      expect(loginEffect(untrusted)).toEqual({
        type: 'call',
        endpoint: 'verifyAuthKey',
        input: { body: { authKey: '123456', trustDevice: false } },
      });
    });

    it('A7: 「認証」 sends the key and the trust-device choice; success signs in', () => {
      const pending = run(
        typedKey,
        { type: 'set-trust-device', trustDevice: true },
        { type: 'submit' },
      );
      expect(loginEffect(pending)).toEqual({
        type: 'call',
        endpoint: 'verifyAuthKey',
        input: { body: { authKey: '123456', trustDevice: true } },
      });
      expect(
        loginTransition(pending, {
          type: 'result',
          endpoint: 'verifyAuthKey',
          result: ok(authenticated),
        }),
      ).toEqual({ status: 'authenticated', session: authenticated });
    });

    it('A7: a wrong key stays on the screen with the attempts left and the typed key', () => {
      const pending = run(typedKey, { type: 'submit' });
      const state = loginTransition(pending, {
        type: 'result',
        endpoint: 'verifyAuthKey',
        result: fail({ code: 'auth_key_wrong', status: 400, attemptsLeft: 2 }),
      });
      expect(state).toMatchObject({
        status: 'auth-key',
        authKey: '123456',
        locked: false,
        error: { code: 'auth_key_wrong', attemptsLeft: 2 },
      });
    });

    it('A9: a locked key opens the dialog and only reissue is offered', () => {
      const locked = loginTransition(run(typedKey, { type: 'submit' }), {
        type: 'result',
        endpoint: 'verifyAuthKey',
        result: fail({ code: 'auth_key_locked', status: 423 }),
      });
      expect(locked).toMatchObject({
        status: 'auth-key',
        locked: true,
        lockedDialog: true,
        error: { code: 'auth_key_locked' },
      });
      const dismissed = loginTransition(locked, { type: 'dismiss-dialog' });
      expect(dismissed).toMatchObject({ lockedDialog: false, locked: true });
      // 「認証」 again: the dialog again, and no call.
      const again = loginTransition(dismissed, { type: 'submit' });
      expect(again).toMatchObject({ status: 'auth-key', lockedDialog: true });
      expect(loginEffect(again)).toBeNull();
      // Only reissue helps.
      const reissuing = loginTransition(again, { type: 'reissue' });
      expect(loginEffect(reissuing)).toEqual({
        type: 'call',
        endpoint: 'reissueAuthKey',
        input: {},
      });
    });

    it('A8: 「認証キー再発行」 brings a new expiry and clears the old key and lock', () => {
      const locked: LoginState = {
        ...(typedKey as Extract<LoginState, { status: 'auth-key' }>),
        locked: true,
        lockedDialog: true,
      };
      const reissuing = loginTransition(locked, { type: 'reissue' });
      expect(reissuing.status).toBe('reissuing');
      const state = loginTransition(reissuing, {
        type: 'result',
        endpoint: 'reissueAuthKey',
        result: ok({
          maskedEmail: 'ha****@example.ac.jp',
          keyExpiresAt: '2025-06-02T01:20:00.000Z',
        }),
      });
      expect(state).toEqual({
        status: 'auth-key',
        userId: USER_ID,
        maskedEmail: 'ha****@example.ac.jp',
        keyExpiresAt: '2025-06-02T01:20:00.000Z',
        authKey: '',
        trustDevice: true,
        locked: false,
        lockedDialog: false,
        reissued: true,
        mailDelayed: false,
      });
      const delayed = loginTransition(loginTransition(locked, { type: 'reissue' }), {
        type: 'result',
        endpoint: 'reissueAuthKey',
        result: ok({
          maskedEmail: 'ha****@example.ac.jp',
          keyExpiresAt: '2025-06-02T01:20:00.000Z',
          mailDelayed: true,
        }),
      });
      expect(delayed).toMatchObject({ status: 'auth-key', reissued: true, mailDelayed: true });
    });

    it('A7: a login session that ended sends the student back to the login box, user ID kept', () => {
      const state = loginTransition(run(typedKey, { type: 'submit' }), {
        type: 'result',
        endpoint: 'verifyAuthKey',
        result: fail({ code: 'unauthenticated', status: 401 }),
      });
      expect(state).toEqual({
        status: 'credentials',
        form: { ...EMPTY_CREDENTIALS, userId: USER_ID },
        error: { code: 'unauthenticated', fields: [] },
      });
    });

    it('A7: the service at another step makes the flow ask where it stands', () => {
      const state = loginTransition(run(typedKey, { type: 'submit' }), {
        type: 'result',
        endpoint: 'verifyAuthKey',
        result: fail({ code: 'wrong_step', status: 409 }),
      });
      expect(state).toEqual({ status: 'loading' });
    });
  });

  describe('forgotten second password', () => {
    const form = { userId: USER_ID, password: 'univ-pass', secondPassword: '' };

    it('A13: 「第2パスワードを忘れた場合」 asks for the registered email and 「送信」 sends it', () => {
      const request = run(credentials(form), { type: 'forgot-second-password' });
      expect(request).toEqual({ status: 'reset-request', email: '', credentials: form });
      const pending = run(
        request,
        { type: 'input', field: 'email', value: 'hanako@example.ac.jp' },
        { type: 'submit' },
      );
      expect(loginEffect(pending)).toEqual({
        type: 'call',
        endpoint: 'requestSecondPasswordReset',
        input: { body: { email: 'hanako@example.ac.jp' } },
      });
      const sent = loginTransition(pending, {
        type: 'result',
        endpoint: 'requestSecondPasswordReset',
        result: ok({ accepted: true }),
      });
      expect(sent).toEqual({
        status: 'reset-sent',
        email: 'hanako@example.ac.jp',
        credentials: form,
      });
    });

    it('A13: back returns to the login box with what was typed', () => {
      const state = run(credentials(form), { type: 'forgot-second-password' }, { type: 'back' });
      expect(state).toEqual(credentials(form));
    });

    it('A13: the reset link takes a new second password with the live rules', () => {
      const entry = loginStateForResetLink(LINK_TOKEN);
      expect(loginEffect(entry)).toBeNull();
      const typedWeak = run(entry, { type: 'input', field: 'secondPassword', value: 'short' });
      expect(typedWeak).toMatchObject({
        failedRules: ['min-length', 'has-uppercase', 'has-digit'],
      });
      const pending = run(
        entry,
        { type: 'input', field: 'secondPassword', value: 'Newpass12' },
        { type: 'input', field: 'secondPasswordConfirmation', value: 'Newpass12' },
        { type: 'submit' },
      );
      expect(loginEffect(pending)).toEqual({
        type: 'call',
        endpoint: 'resetSecondPassword',
        input: {
          body: {
            token: LINK_TOKEN,
            secondPassword: 'Newpass12',
            secondPasswordConfirmation: 'Newpass12',
          },
        },
      });
      const done = loginTransition(pending, {
        type: 'result',
        endpoint: 'resetSecondPassword',
        result: ok({ ok: true }),
      });
      expect(done).toEqual({ status: 'reset-done' });
      expect(loginTransition(done, { type: 'go-to-login' })).toEqual(credentials());
    });

    it('A13: an expired reset link is refused with its own message', () => {
      const pending = run(
        loginStateForResetLink(LINK_TOKEN),
        { type: 'input', field: 'secondPassword', value: 'Newpass12' },
        { type: 'input', field: 'secondPasswordConfirmation', value: 'Newpass12' },
        { type: 'submit' },
      );
      const state = loginTransition(pending, {
        type: 'result',
        endpoint: 'resetSecondPassword',
        result: fail({ code: 'link_expired', status: 410 }),
      });
      expect(state).toEqual({
        status: 'link-error',
        purpose: 'second-password-reset',
        error: { code: 'link_expired', fields: [] },
      });
    });
  });

  it('A16: logout from the signed-in state ends at an empty login box', () => {
    const state = run({ status: 'authenticated', session: authenticated }, { type: 'logout' });
    expect(loginEffect(state)).toEqual({ type: 'call', endpoint: 'logout', input: {} });
    expect(
      loginTransition(state, {
        type: 'result',
        endpoint: 'logout',
        result: ok({ step: 'anonymous' }),
      }),
    ).toEqual(credentials());
  });

  describe('illegal events', () => {
    const submitting = run(credentials(), ...typed(USER_ID, 'p'), { type: 'submit' });

    it('X5: an event that means nothing in a state returns the same state object', () => {
      expect(loginTransition(submitting, { type: 'submit' })).toBe(submitting);
      expect(loginTransition(submitting, { type: 'input', field: 'userId', value: 'x' })).toBe(
        submitting,
      );
      expect(loginTransition(authKeyState, { type: 'input', field: 'email', value: 'x' })).toBe(
        authKeyState,
      );
      expect(loginTransition(credentials(), { type: 'reissue' })).toStrictEqual(credentials());
    });

    it('A1: an answer from another endpoint is not taken for the awaited one', () => {
      const foreign: LoginEvent = {
        type: 'result',
        endpoint: 'getSession',
        result: ok(authenticated),
      };
      expect(loginTransition(submitting, foreign)).toBe(submitting);
    });
  });

  describe('the login box before the session answers (assumeNoSession)', () => {
    /** A getSession answer the test gives by hand. */
    function heldSession() {
      let resolve!: (result: FlowResult<SessionView>) => void;
      const answer = new Promise<FlowResult<SessionView>>((r) => (resolve = r));
      const client = createFakeClient({ getSession: [answer], login: [ok(authKeyStep)] });
      const flow = createLoginFlow(client, { assumeNoSession: true });
      return { client, flow, answer: resolve };
    }

    const type = (flow: ReturnType<typeof createLoginFlow>, events: LoginEvent[]) => {
      for (const event of events) flow.send(event);
    };

    it('A1: the empty login box comes first, not pending, while the session is asked for', () => {
      const { client, flow } = heldSession();
      expect(flow.getState()).toEqual(credentials());
      expect(loginEffect(flow.getState())).toBeNull();
      expect(client.calls.map((call) => call.name)).toEqual(['getSession']);
      flow.dispose();
      expect(client.calls[0]?.signal?.aborted).toBe(true);
    });

    it('A1: no session: the login box stays, with what was typed', async () => {
      const { flow, answer } = heldSession();
      type(flow, typed(USER_ID, 'univ-pass'));
      const before = flow.getState();
      answer(ok({ step: 'anonymous' }));
      expect(await flow.whenSettled()).toBe(before);
      expect(before).toEqual(
        credentials({ ...EMPTY_CREDENTIALS, userId: USER_ID, password: 'univ-pass' }),
      );
    });

    it('A1, A7: a login part-way resumes at its step, as it does from loading', async () => {
      const { flow, answer } = heldSession();
      type(flow, typed(USER_ID, 'univ-pass'));
      answer(ok(authKeyStep));
      expect(await flow.whenSettled()).toEqual(loginStateFromSession(authKeyStep));
    });

    it('A3: a first login part-way at its email registration resumes there', async () => {
      const { flow, answer } = heldSession();
      answer(ok(emailRegistrationStep));
      expect((await flow.whenSettled()).status).toBe('email-registration');
    });

    it('A1: a browser already logged in goes on authenticated', async () => {
      const { flow, answer } = heldSession();
      answer(ok(authenticated));
      expect(await flow.whenSettled()).toEqual({ status: 'authenticated', session: authenticated });
    });

    it('X5: a failed session check says nothing and keeps the login box as it is', async () => {
      const { flow, answer } = heldSession();
      type(flow, typed(USER_ID, ''));
      const before = flow.getState();
      answer(fail({ code: 'network' }));
      expect(await flow.whenSettled()).toBe(before);
      expect(before).not.toHaveProperty('error');
    });

    it('A1: a submit before the answer wins: the late answer is not taken', async () => {
      const { client, flow, answer } = heldSession();
      type(flow, typed(USER_ID, 'univ-pass'));
      flow.send({ type: 'submit' });
      expect(flow.getState().status).toBe('submitting');
      // The check is called off once the student has left the login box.
      expect(client.calls[0]?.signal?.aborted).toBe(true);
      answer(ok(authenticated));
      expect(await flow.whenSettled()).toEqual(loginStateFromSession(authKeyStep));
    });

    it('A1: back at the login box after a refused login, the late answer is still not taken', async () => {
      let resolve!: (result: FlowResult<SessionView>) => void;
      const held = new Promise<FlowResult<SessionView>>((r) => (resolve = r));
      const client = createFakeClient({
        getSession: [held],
        login: [fail({ code: 'invalid_credentials', status: 401 })],
      });
      const flow = createLoginFlow(client, { assumeNoSession: true });
      type(flow, [...typed(USER_ID, 'wrong'), { type: 'submit' }]);
      const refused = await flow.whenSettled();
      expect(refused).toMatchObject({
        status: 'credentials',
        error: { code: 'invalid_credentials' },
      });
      resolve(ok(authKeyStep));
      // A task later, every promise callback of the answer has run.
      await new Promise((done) => setTimeout(done));
      expect(flow.getState()).toBe(refused);
    });

    it('A4: a link start is never optimistic: the option counts for the login page only', () => {
      const flow = createLoginFlow(createFakeClient(), {
        initial: loginStateForResetLink(LINK_TOKEN),
        assumeNoSession: true,
      });
      expect(flow.getState().status).toBe('reset-link');
      flow.dispose();
    });
  });

  describe('passkeys (A20)', () => {
    const options: PasskeyOptions = { challenge: 'Y2hhbGxlbmdl', rpId: 'localhost' };
    const answer: PasskeyLoginAnswer = {
      id: 'Y3JlZA',
      rawId: 'Y3JlZA',
      type: 'public-key',
      response: { clientDataJSON: 'e30', authenticatorData: 'YXV0aA', signature: 'c2ln' },
      clientExtensionResults: {},
    };
    const created: PasskeyRegistrationAnswer = {
      id: 'Y3JlZA',
      rawId: 'Y3JlZA',
      type: 'public-key',
      response: { clientDataJSON: 'e30', attestationObject: 'YXR0' },
      clientExtensionResults: {},
    };
    const typedForm = { ...EMPTY_CREDENTIALS, userId: USER_ID, password: 'typed' };
    const atBox = credentials(typedForm);
    const required = { ...authenticated, passkeyRequired: true as const };
    const registration = loginStateFromSession(required);

    it('A20: 「パスキーでログイン」 asks for options with the typed user ID, the form kept', () => {
      const state = run(atBox, { type: 'use-passkey' });
      expect(state).toEqual({ status: 'passkey-options', form: typedForm });
      expect(loginEffect(state)).toEqual({
        type: 'call',
        endpoint: 'passkeyLoginOptions',
        input: { body: { userId: USER_ID } },
      });
    });

    it('A20: the user ID is optional for a passkey: none typed, none sent', () => {
      const state = run(credentials(), { type: 'use-passkey' });
      expect(loginEffect(state)).toEqual({
        type: 'call',
        endpoint: 'passkeyLoginOptions',
        input: { body: {} },
      });
    });

    it("A20: the options wait for the authenticator's answer, which the service checks", () => {
      const prompt = run(
        atBox,
        { type: 'use-passkey' },
        { type: 'result', endpoint: 'passkeyLoginOptions', result: ok({ options }) },
      );
      expect(prompt).toEqual({ status: 'passkey-prompt', form: typedForm, options });
      expect(loginEffect(prompt)).toBeNull();
      const verifying = run(prompt, { type: 'passkey-answer', response: answer });
      expect(loginEffect(verifying)).toEqual({
        type: 'call',
        endpoint: 'passkeyLogin',
        input: { body: { response: answer } },
      });
      expect(
        run(verifying, { type: 'result', endpoint: 'passkeyLogin', result: ok(authenticated) }),
      ).toEqual({ status: 'authenticated', session: authenticated });
    });

    it('A20: a ceremony that gave no answer is back at the login box with its reason, form kept', () => {
      const prompt: LoginState = { status: 'passkey-prompt', form: typedForm, options };
      expect(run(prompt, { type: 'passkey-failed', reason: 'cancelled' })).toEqual({
        status: 'credentials',
        form: typedForm,
        error: { code: 'passkey_cancelled', fields: [] },
      });
      expect(run(prompt, { type: 'passkey-failed', reason: 'unsupported' })).toMatchObject({
        error: { code: 'passkey_unsupported' },
      });
      // The student's own 「キャンセル」 says nothing.
      expect(run(prompt, { type: 'back' })).toEqual(credentials(typedForm));
    });

    it('A20, A18: a refused passkey, a rate limit or an access rule is back at the box', () => {
      const verifying: LoginState = {
        status: 'passkey-verifying',
        form: typedForm,
        response: answer,
      };
      for (const code of ['passkey_failed', 'rate_limited', 'access_not_yet_available']) {
        expect(
          run(verifying, {
            type: 'result',
            endpoint: 'passkeyLogin',
            result: fail({ code, status: 403 }),
          }),
        ).toMatchObject({ status: 'credentials', form: typedForm, error: { code } });
      }
      expect(
        run(
          { status: 'passkey-options', form: typedForm },
          {
            type: 'result',
            endpoint: 'passkeyLoginOptions',
            result: fail({ code: 'passkey_not_allowed', status: 403 }),
          },
        ),
      ).toMatchObject({
        status: 'credentials',
        form: typedForm,
        error: { code: 'passkey_not_allowed' },
      });
    });

    it('A20: a passkey picked from the autofill goes straight to the check', () => {
      expect(run(atBox, { type: 'passkey-answer', response: answer })).toEqual({
        status: 'passkey-verifying',
        form: typedForm,
        response: answer,
      });
    });

    it('A20: the autofill options are fetched beside the runner, the login box kept', async () => {
      const client = createFakeClient({
        passkeyLoginOptions: [ok({ options })],
        passkeyLogin: [ok(authenticated)],
      });
      const flow = createLoginFlow(client, { initial: credentials() });
      flow.send({ type: 'input', field: 'userId', value: USER_ID });
      flow.send({ type: 'offer-passkey-autofill' });
      expect(flow.getState()).toMatchObject({
        status: 'credentials',
        passkeyAutofill: { status: 'asking' },
      });
      // Asked once however often the element offers.
      flow.send({ type: 'offer-passkey-autofill' });
      flow.send({ type: 'input', field: 'password', value: 'p' });
      expect(await flow.whenSettled()).toEqual({
        status: 'credentials',
        form: { ...EMPTY_CREDENTIALS, userId: USER_ID, password: 'p' },
        passkeyAutofill: { status: 'ready', options },
      });
      expect(client.calls).toMatchObject([{ name: 'passkeyLoginOptions', input: { body: {} } }]);
      flow.send({ type: 'passkey-answer', response: answer });
      expect(await flow.whenSettled()).toEqual({ status: 'authenticated', session: authenticated });
    });

    it('A20: no autofill options: the login box works as it is', async () => {
      const client = createFakeClient({ passkeyLoginOptions: [fail({ code: 'rate_limited' })] });
      const flow = createLoginFlow(client, { initial: credentials() });
      flow.send({ type: 'offer-passkey-autofill' });
      expect(await flow.whenSettled()).toEqual({
        status: 'credentials',
        form: EMPTY_CREDENTIALS,
        passkeyAutofill: { status: 'unavailable' },
      });
    });

    it('A20: leaving the login box calls the autofill options off', async () => {
      const held = new Promise<FlowResult<{ options: PasskeyOptions }>>(() => {});
      const client = createFakeClient({
        passkeyLoginOptions: [held],
        login: [fail({ code: 'invalid_credentials', status: 401 })],
      });
      const flow = createLoginFlow(client, { initial: credentials() });
      flow.send({ type: 'offer-passkey-autofill' });
      for (const event of typed(USER_ID, 'wrong')) flow.send(event);
      flow.send({ type: 'submit' });
      expect(client.calls[0]?.signal?.aborted).toBe(true);
      // Back at the box the offer is new: the element asks again for a fresh challenge.
      expect(await flow.whenSettled()).not.toHaveProperty('passkeyAutofill');
    });

    it('A20: a tenant that requires passkeys asks a student without one to register one', () => {
      expect(registration).toEqual({
        status: 'passkey-registration',
        session: required,
        passkeyName: '',
      });
      expect(loginEffect(registration)).toBeNull();
      expect(run(registration, { type: 'logout' })).toEqual({ status: 'logging-out' });
      // A blank name is refused without a call.
      expect(run(registration, { type: 'submit' })).toMatchObject({
        status: 'passkey-registration',
        error: { code: 'required', fields: [{ field: 'passkeyName', code: 'required' }] },
      });
    });

    it('A20: registering: options, the created passkey under its name, then the session again', () => {
      const named = run(registration, { type: 'input', field: 'passkeyName', value: ' Chrome ' });
      const asking = run(named, { type: 'submit' });
      expect(loginEffect(asking)).toEqual({
        type: 'call',
        endpoint: 'passkeyRegistrationOptions',
        input: {},
      });
      const creating = run(asking, {
        type: 'result',
        endpoint: 'passkeyRegistrationOptions',
        result: ok({ options }),
      });
      expect(creating).toMatchObject({ status: 'passkey-creating', options });
      expect(loginEffect(creating)).toBeNull();
      const registering = run(creating, { type: 'passkey-created', response: created });
      expect(loginEffect(registering)).toEqual({
        type: 'call',
        endpoint: 'registerPasskey',
        input: { body: { response: created, name: 'Chrome' } },
      });
      const done = run(registering, {
        type: 'result',
        endpoint: 'registerPasskey',
        result: ok({
          passkeyId: 'p1',
          name: 'Chrome',
          createdAt: '2025-06-02T01:00:00.000Z',
          lastUsedAt: null,
        }),
      });
      expect(done).toEqual({ status: 'loading' });
      expect(
        run(done, { type: 'result', endpoint: 'getSession', result: ok(authenticated) }),
      ).toEqual({ status: 'authenticated', session: authenticated });
    });

    it('A20: a failed registration is back at its screen with why, the name kept', () => {
      const named = run(registration, { type: 'input', field: 'passkeyName', value: 'Mac' });
      const creating: LoginState = {
        status: 'passkey-creating',
        session: required,
        passkeyName: 'Mac',
        options,
      };
      expect(run(creating, { type: 'passkey-failed', reason: 'already-registered' })).toEqual({
        ...named,
        error: { code: 'passkey_already_registered', fields: [] },
      });
      expect(run(creating, { type: 'back' })).toEqual(named);
      expect(
        run(
          {
            status: 'passkey-registering',
            session: required,
            passkeyName: 'Mac',
            response: created,
          },
          {
            type: 'result',
            endpoint: 'registerPasskey',
            result: fail({ code: 'passkey_failed', status: 400 }),
          },
        ),
      ).toEqual({ ...named, error: { code: 'passkey_failed', fields: [] } });
      // The login session ended meanwhile: back to the login box, the user ID kept.
      expect(
        run(
          { status: 'passkey-registration-options', session: required, passkeyName: 'Mac' },
          {
            type: 'result',
            endpoint: 'passkeyRegistrationOptions',
            result: fail({ code: 'unauthenticated', status: 401 }),
          },
        ),
      ).toMatchObject({ status: 'credentials', form: { userId: USER_ID } });
    });
  });
});
