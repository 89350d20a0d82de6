import { describe, expect, it } from 'vitest';
import {
  accountEffect,
  accountInitialState,
  accountMenuState,
  accountStateForEmailChangeLink,
  accountTransition,
  createAccountFlow,
  type AccountEvent,
  type AccountState,
  type PasskeyAsserted,
  type PasskeyCreated,
  type SettingTwoFactor,
} from './account.js';
import type { Passkey } from '../contract/passkeys.js';
import { createFakeClient, fail, ok } from './fake-client.js';
import { authenticated, LINK_TOKEN } from './test-fixtures.js';

const run = (state: AccountState, ...events: AccountEvent[]): AccountState =>
  events.reduce(accountTransition, state);

const menu = accountMenuState({
  email: 'hanako@example.ac.jp',
  twoFactorEnabled: false,
  twoFactorMode: 'optional',
});

/** A11: the email change to new@example.jp from the menu, typed twice and sent. */
const changeEmail: AccountEvent[] = [
  { type: 'open-email-change' },
  { type: 'input', field: 'email', value: 'new@example.jp' },
  { type: 'input', field: 'emailConfirmation', value: 'new@example.jp' },
  { type: 'submit' },
];

/** A21: the second password typed at 本人確認 and sent. */
const enterSecondPassword: AccountEvent[] = [
  { type: 'input', field: 'secondPassword', value: 'Hanako2026x' },
  { type: 'submit' },
];

/** A21: the service's answer to 本人確認 (the client's and the flow's). */
const reauthenticatedAnswer = ok({ reauthenticatedUntil: '2026-06-03T01:05:00.000Z' });
const reauthenticated: AccountEvent = {
  type: 'result',
  endpoint: 'reauthenticate',
  result: reauthenticatedAnswer,
};

describe('account flow', () => {
  it('A10: the menu comes from the session and the tenant', () => {
    const loading = accountInitialState();
    expect(accountEffect(loading)?.endpoint).toBe('getSession');
    const tenantLoading = accountTransition(loading, {
      type: 'result',
      endpoint: 'getSession',
      result: ok(authenticated),
    });
    expect(accountEffect(tenantLoading)?.endpoint).toBe('getTenant');
    const state = accountTransition(tenantLoading, {
      type: 'result',
      endpoint: 'getTenant',
      // Only the field the flow reads matters here.
      result: ok({ twoFactor: { mode: 'required' }, passkeys: { mode: 'offered' } } as never),
    });
    expect(state).toEqual({
      status: 'menu',
      account: {
        email: 'hanako@example.ac.jp',
        twoFactorEnabled: true,
        twoFactorMode: 'required',
        twoFactorChangeable: false,
        passkeyMode: 'offered',
      },
    });
  });

  describe('email change', () => {
    const form = run(menu, { type: 'open-email-change' });

    it('A11: addresses that differ are refused without a call', () => {
      const state = run(
        form,
        { type: 'input', field: 'email', value: 'new@example.jp' },
        { type: 'input', field: 'emailConfirmation', value: 'new@example.com' },
        { type: 'submit' },
      );
      expect(state).toMatchObject({
        status: 'email-change',
        error: { code: 'email_mismatch' },
        email: 'new@example.jp',
      });
      expect(accountEffect(state)).toBeNull();
    });

    it('A11: the core rule decides: the domain case and spaces do not differ, the local part does', () => {
      const pending = run(
        form,
        { type: 'input', field: 'email', value: 'new@Example.JP ' },
        { type: 'input', field: 'emailConfirmation', value: ' new@example.jp' },
        { type: 'submit' },
      );
      expect(accountEffect(pending)).toEqual({
        type: 'call',
        endpoint: 'requestEmailChange',
        input: { body: { email: 'new@example.jp', emailConfirmation: 'new@example.jp' } },
      });
      const localCase = run(
        form,
        { type: 'input', field: 'email', value: 'New@example.jp' },
        { type: 'input', field: 'emailConfirmation', value: 'new@example.jp' },
        { type: 'submit' },
      );
      expect(localCase).toMatchObject({ error: { code: 'email_mismatch' } });
      expect(accountEffect(localCase)).toBeNull();
    });

    it('A11: the link goes out by mail, with its expiry', () => {
      const pending = run(
        form,
        { type: 'input', field: 'email', value: 'new@example.jp' },
        { type: 'input', field: 'emailConfirmation', value: 'new@example.jp' },
        { type: 'submit' },
      );
      expect(accountEffect(pending)).toEqual({
        type: 'call',
        endpoint: 'requestEmailChange',
        input: { body: { email: 'new@example.jp', emailConfirmation: 'new@example.jp' } },
      });
      const sent = accountTransition(pending, {
        type: 'result',
        endpoint: 'requestEmailChange',
        result: ok({ sentTo: 'new@example.jp', linkExpiresAt: '2025-06-02T01:30:00.000Z' }),
      });
      expect(sent).toMatchObject({
        status: 'email-change-sent',
        sentTo: 'new@example.jp',
        linkExpiresAt: '2025-06-02T01:30:00.000Z',
      });
      expect(accountTransition(sent, { type: 'acknowledge' })).toEqual(menu);
    });

    it('A11: the link completes the change', () => {
      const entry = accountStateForEmailChangeLink(LINK_TOKEN);
      expect(accountEffect(entry)).toEqual({
        type: 'call',
        endpoint: 'confirmEmailChange',
        input: { body: { token: LINK_TOKEN } },
      });
      expect(
        accountTransition(entry, {
          type: 'result',
          endpoint: 'confirmEmailChange',
          result: ok({ email: 'new@example.jp' }),
        }),
      ).toEqual({ status: 'email-changed', email: 'new@example.jp' });
      expect(
        accountTransition(entry, {
          type: 'result',
          endpoint: 'confirmEmailChange',
          result: fail({ code: 'link_used', status: 410 }),
        }),
      ).toEqual({ status: 'link-error', error: { code: 'link_used', fields: [] } });
    });
  });

  describe('second password change', () => {
    const form = run(menu, { type: 'open-second-password-change' });

    it('A12: current + new + confirmation with the live rules', () => {
      const state = run(form, { type: 'input', field: 'newSecondPassword', value: 'abc' });
      expect(state).toMatchObject({
        newSecondPassword: { failedRules: ['min-length', 'has-uppercase', 'has-digit'] },
      });
      const refused = run(
        state,
        { type: 'input', field: 'currentSecondPassword', value: 'Oldpass12' },
        { type: 'submit' },
      );
      expect(refused).toMatchObject({
        error: {
          code: 'second_password_rules',
          fields: [
            { field: 'newSecondPassword', code: 'min-length' },
            { field: 'newSecondPassword', code: 'has-uppercase' },
            { field: 'newSecondPassword', code: 'has-digit' },
          ],
        },
      });
    });

    it('A12: 「戻る」 returns to the menu', () => {
      expect(run(form, { type: 'back' })).toEqual(menu);
    });

    it('A12: 「変更」 changes it and says 「第2パスワードは変更されました」', () => {
      const pending = run(
        form,
        { type: 'input', field: 'currentSecondPassword', value: 'Oldpass12' },
        { type: 'input', field: 'newSecondPassword', value: 'Newpass34' },
        { type: 'input', field: 'newSecondPasswordConfirmation', value: 'Newpass34' },
        { type: 'submit' },
      );
      expect(accountEffect(pending)).toEqual({
        type: 'call',
        endpoint: 'changeSecondPassword',
        input: {
          body: {
            currentSecondPassword: 'Oldpass12',
            newSecondPassword: 'Newpass34',
            newSecondPasswordConfirmation: 'Newpass34',
          },
        },
      });
      const wrong = accountTransition(pending, {
        type: 'result',
        endpoint: 'changeSecondPassword',
        result: fail({ code: 'current_second_password_wrong', status: 400 }),
      });
      expect(wrong).toMatchObject({
        status: 'second-password-change',
        currentSecondPassword: 'Oldpass12',
        error: { code: 'current_second_password_wrong' },
      });
      const changed = accountTransition(pending, {
        type: 'result',
        endpoint: 'changeSecondPassword',
        result: ok({ ok: true }),
      });
      expect(changed.status).toBe('second-password-changed');
      expect(accountTransition(changed, { type: 'acknowledge' })).toEqual(menu);
    });
  });

  describe('two-factor', () => {
    it('A15: changing it asks 「二要素認証を有効にしますか?」 and the menu then shows the new state', () => {
      const confirm = run(menu, { type: 'open-two-factor' });
      expect(confirm).toMatchObject({ status: 'confirm-two-factor', enable: true });
      const pending = accountTransition(confirm, { type: 'confirm' });
      expect(accountEffect(pending)).toEqual({
        type: 'call',
        endpoint: 'setTwoFactor',
        input: { body: { enabled: true } },
      });
      const changed = accountTransition(pending, {
        type: 'result',
        endpoint: 'setTwoFactor',
        result: ok({ enabled: true }),
      });
      expect(changed).toMatchObject({
        status: 'two-factor-changed',
        account: { twoFactorEnabled: true },
      });
      expect(accountTransition(changed, { type: 'acknowledge' })).toMatchObject({
        status: 'menu',
        account: { twoFactorEnabled: true },
      });
    });

    it('A15: 「いいえ」 leaves it as it was', () => {
      expect(run(menu, { type: 'open-two-factor' }, { type: 'cancel' })).toEqual(menu);
    });

    it.each(['required', 'off'] as const)(
      'A15: a tenant with two-factor %s offers no toggle',
      (twoFactorMode) => {
        const fixed = accountMenuState({
          email: 'a@example.jp',
          twoFactorEnabled: twoFactorMode === 'required',
          twoFactorMode,
        });
        expect(fixed).toMatchObject({ account: { twoFactorChangeable: false } });
        expect(accountTransition(fixed, { type: 'open-two-factor' })).toBe(fixed);
      },
    );

    it('A15: a tenant that stopped allowing the change hides the toggle', () => {
      const state = run(
        menu,
        { type: 'open-two-factor' },
        { type: 'confirm' },
        {
          type: 'result',
          endpoint: 'setTwoFactor',
          result: fail({ code: 'two_factor_not_changeable', status: 409 }),
        },
      );
      expect(state).toMatchObject({
        status: 'menu',
        account: { twoFactorChangeable: false, twoFactorEnabled: false },
        error: { code: 'two_factor_not_changeable' },
      });
    });
  });

  describe('re-authentication (A21)', () => {
    const required = fail({ code: 'reauthentication_required', status: 403 });
    const offPending = run(
      accountMenuState({
        email: 'hanako@example.ac.jp',
        twoFactorEnabled: true,
        twoFactorMode: 'optional',
      }),
      { type: 'open-two-factor' },
      { type: 'confirm' },
    ) as SettingTwoFactor;
    const askedToConfirm = accountTransition(offPending, {
      type: 'result',
      endpoint: 'setTwoFactor',
      result: required,
    });

    it('A21: two-factor off asks for the second password, then turns it off as asked', () => {
      expect(askedToConfirm).toEqual({
        status: 'reauthenticate',
        account: offPending.account,
        secondPassword: '',
        retry: offPending,
        passkeyOffered: false,
      });
      expect(accountEffect(askedToConfirm)).toBeNull();
      const sending = run(askedToConfirm, ...enterSecondPassword);
      expect(accountEffect(sending)).toEqual({
        type: 'call',
        endpoint: 'reauthenticate',
        input: { body: { secondPassword: 'Hanako2026x' } },
      });
      const retried = accountTransition(sending, reauthenticated);
      expect(retried).toBe(offPending);
      expect(accountEffect(retried)).toEqual({
        type: 'call',
        endpoint: 'setTwoFactor',
        input: { body: { enabled: false } },
      });
    });

    it('A21: an email change asks for it too, and is then requested with the same addresses', () => {
      const pending = run(menu, ...changeEmail);
      const asked = accountTransition(pending, {
        type: 'result',
        endpoint: 'requestEmailChange',
        result: required,
      });
      expect(asked).toMatchObject({ status: 'reauthenticate', retry: pending });
      const retried = run(asked, ...enterSecondPassword, reauthenticated);
      expect(accountEffect(retried)).toEqual({
        type: 'call',
        endpoint: 'requestEmailChange',
        input: { body: { email: 'new@example.jp', emailConfirmation: 'new@example.jp' } },
      });
    });

    it('A21: the runner asks, re-authenticates and retries the change through the client', async () => {
      const client = createFakeClient({
        setTwoFactor: [required, ok({ enabled: false })],
        reauthenticate: [reauthenticatedAnswer],
      });
      const flow = createAccountFlow(client, { initial: offPending });
      expect((await flow.whenSettled()).status).toBe('reauthenticate');
      flow.send({ type: 'input', field: 'secondPassword', value: 'Hanako2026x' });
      flow.send({ type: 'submit' });
      expect(await flow.whenSettled()).toMatchObject({
        status: 'two-factor-changed',
        account: { twoFactorEnabled: false },
      });
      expect(client.calls.map((c) => c.name)).toEqual([
        'setTwoFactor',
        'reauthenticate',
        'setTwoFactor',
      ]);
      expect(client.unused()).toEqual([]);
      flow.dispose();
    });

    it('A21: a blank second password is refused at its field without a call', () => {
      const state = run(askedToConfirm, { type: 'submit' });
      expect(state).toMatchObject({
        status: 'reauthenticate',
        error: { code: 'required', fields: [{ field: 'secondPassword', code: 'required' }] },
      });
      expect(accountEffect(state)).toBeNull();
    });

    it('A21: a wrong second password stays on the step with the error at the field', () => {
      const state = run(
        askedToConfirm,
        { type: 'input', field: 'secondPassword', value: 'Wrong2026x' },
        { type: 'submit' },
        {
          type: 'result',
          endpoint: 'reauthenticate',
          result: fail({
            code: 'current_second_password_wrong',
            status: 400,
            fields: [{ field: 'secondPassword', code: 'wrong' }],
            attemptsLeft: 4,
          }),
        },
      );
      expect(state).toMatchObject({
        status: 'reauthenticate',
        secondPassword: 'Wrong2026x',
        retry: offPending,
        error: {
          code: 'current_second_password_wrong',
          fields: [{ field: 'secondPassword', code: 'wrong' }],
          attemptsLeft: 4,
        },
      });
    });

    it('A21: a session that ended meanwhile is logged out', () => {
      const state = run(
        askedToConfirm,
        { type: 'input', field: 'secondPassword', value: 'Wrong2026x' },
        { type: 'submit' },
        {
          type: 'result',
          endpoint: 'reauthenticate',
          result: fail({ code: 'unauthenticated', status: 401 }),
        },
      );
      expect(state).toMatchObject({ status: 'logged-out', error: { code: 'unauthenticated' } });
    });

    it('A21: 「キャンセル」 goes back to the menu, or to the email form as it was typed', () => {
      expect(accountTransition(askedToConfirm, { type: 'cancel' })).toEqual({
        status: 'menu',
        account: offPending.account,
      });
      const emailAsked = run(menu, ...changeEmail, {
        type: 'result',
        endpoint: 'requestEmailChange',
        result: required,
      });
      expect(accountTransition(emailAsked, { type: 'back' })).toEqual(menu);
      expect(accountTransition(emailAsked, { type: 'cancel' })).toEqual({
        status: 'email-change',
        account: menu.status === 'menu' ? menu.account : undefined,
        email: 'new@example.jp',
        emailConfirmation: 'new@example.jp',
      });
    });
  });

  describe('passkeys', () => {
    const required = fail({ code: 'reauthentication_required', status: 403 });
    const withPasskeys = accountMenuState({
      email: 'hanako@example.ac.jp',
      twoFactorEnabled: false,
      twoFactorMode: 'optional',
      passkeyMode: 'offered',
    });
    const laptop: Passkey = {
      passkeyId: 'pk-1',
      name: 'Chrome / macOS',
      createdAt: '2026-06-01T01:00:00.000Z',
      lastUsedAt: '2026-06-02T01:00:00.000Z',
    };
    const phone: Passkey = {
      passkeyId: 'pk-2',
      name: 'iPhone',
      createdAt: '2026-06-03T01:00:00.000Z',
      lastUsedAt: null,
    };
    const created = {
      id: 'Y3JlZA',
      rawId: 'Y3JlZA',
      type: 'public-key',
      response: { clientDataJSON: 'e30', attestationObject: 'o2Nm' },
      clientExtensionResults: {},
    } as PasskeyCreated;
    const options = { challenge: 'Y2hhbGxlbmdl', rp: { id: 'localhost' } };
    const list = run(
      withPasskeys,
      { type: 'open-passkeys' },
      {
        type: 'result',
        endpoint: 'listPasskeys',
        result: ok({ passkeys: [laptop] }),
      },
    );

    it('A20: a tenant with passkeys off has no passkeys screen', () => {
      expect(menu).toMatchObject({ account: { passkeyMode: 'off' } });
      expect(accountTransition(menu, { type: 'open-passkeys' })).toBe(menu);
    });

    it('A20: 「パスキー」 lists the passkeys through the service', () => {
      const loading = run(withPasskeys, { type: 'open-passkeys' });
      expect(accountEffect(loading)).toEqual({ type: 'call', endpoint: 'listPasskeys', input: {} });
      expect(list).toEqual({
        status: 'passkeys',
        account: withPasskeys.status === 'menu' ? withPasskeys.account : undefined,
        passkeys: [laptop],
      });
      expect(accountEffect(list)).toBeNull();
      expect(run(list, { type: 'back' })).toEqual(withPasskeys);
    });

    it('A20: adding waits for the browser, is named (default suggested) and registered, then listed', () => {
      const asking = run(list, { type: 'add-passkey' });
      expect(accountEffect(asking)).toEqual({
        type: 'call',
        endpoint: 'passkeyRegistrationOptions',
        input: {},
      });
      const creating = run(asking, {
        type: 'result',
        endpoint: 'passkeyRegistrationOptions',
        result: ok({ options }),
      });
      expect(creating).toMatchObject({ status: 'creating-passkey', options, passkeys: [laptop] });
      // The SDK never calls WebAuthn: the state waits for the element's event.
      expect(accountEffect(creating)).toBeNull();
      const naming = run(creating, {
        type: 'passkey-created',
        response: created,
        name: 'Safari / iPhone',
      });
      expect(naming).toMatchObject({ status: 'naming-passkey', name: 'Safari / iPhone' });
      const registering = run(
        naming,
        { type: 'input', field: 'passkeyName', value: '  My iPhone ' },
        { type: 'submit' },
      );
      expect(accountEffect(registering)).toEqual({
        type: 'call',
        endpoint: 'registerPasskey',
        input: { body: { response: created, name: 'My iPhone' } },
      });
      const listed = run(registering, {
        type: 'result',
        endpoint: 'registerPasskey',
        result: ok({ ...phone, name: 'My iPhone' }),
      });
      expect(listed).toMatchObject({
        status: 'passkeys',
        passkeys: [laptop, { ...phone, name: 'My iPhone' }],
        done: { change: 'added', name: 'My iPhone' },
      });
    });

    it('A20: the name is required and at most 64 characters, refused at its field without a call', () => {
      const naming = run(
        list,
        { type: 'add-passkey' },
        { type: 'result', endpoint: 'passkeyRegistrationOptions', result: ok({ options }) },
        { type: 'passkey-created', response: created, name: 'x'.repeat(80) },
      );
      expect(naming).toMatchObject({ name: 'x'.repeat(64) });
      const blank = run(
        naming,
        { type: 'input', field: 'passkeyName', value: '   ' },
        { type: 'submit' },
      );
      expect(blank).toMatchObject({
        status: 'naming-passkey',
        error: { code: 'required', fields: [{ field: 'passkeyName', code: 'required' }] },
      });
      expect(accountEffect(blank)).toBeNull();
      const long = run(
        naming,
        { type: 'input', field: 'passkeyName', value: '鍵'.repeat(65) },
        {
          type: 'submit',
        },
      );
      expect(long).toMatchObject({
        status: 'naming-passkey',
        error: { code: 'passkey_name_too_long' },
      });
      expect(
        run(
          long,
          { type: 'input', field: 'passkeyName', value: '鍵'.repeat(64) },
          {
            type: 'submit',
          },
        ).status,
      ).toBe('registering-passkey');
    });

    it.each([
      ['cancelled', 'passkey_cancelled'],
      ['already-registered', 'passkey_already_registered'],
      ['unsupported', 'passkey_unsupported'],
      ['failed', 'passkey_ceremony_failed'],
    ] as const)(
      'A20: a ceremony that ends %s goes back to the list with its error',
      (reason, code) => {
        const state = run(
          list,
          { type: 'add-passkey' },
          { type: 'result', endpoint: 'passkeyRegistrationOptions', result: ok({ options }) },
          { type: 'passkey-failed', reason },
        );
        expect(state).toEqual({ ...list, error: { code, fields: [] } });
      },
    );

    it('A20: the service refusing the passkey goes back to the list with passkey_failed', () => {
      const state = run(
        list,
        { type: 'add-passkey' },
        { type: 'result', endpoint: 'passkeyRegistrationOptions', result: ok({ options }) },
        { type: 'passkey-created', response: created, name: 'Chrome' },
        { type: 'submit' },
        {
          type: 'result',
          endpoint: 'registerPasskey',
          result: fail({ code: 'passkey_failed', status: 400 }),
        },
      );
      expect(state).toMatchObject({
        status: 'passkeys',
        passkeys: [laptop],
        error: { code: 'passkey_failed' },
      });
    });

    it('A21: adding asks for the second password first, then asks for the options again', () => {
      const asking = run(list, { type: 'add-passkey' });
      const asked = run(asking, {
        type: 'result',
        endpoint: 'passkeyRegistrationOptions',
        result: required,
      });
      expect(asked).toMatchObject({ status: 'reauthenticate', retry: asking });
      expect(run(asked, { type: 'cancel' })).toEqual(list);
      const retried = run(asked, ...enterSecondPassword, reauthenticated);
      expect(retried).toBe(asking);
      expect(accountEffect(retried)?.endpoint).toBe('passkeyRegistrationOptions');
    });

    it('A21: a re-authentication that lapsed while naming is asked again, and the same passkey registered', () => {
      const registering = run(
        list,
        { type: 'add-passkey' },
        { type: 'result', endpoint: 'passkeyRegistrationOptions', result: ok({ options }) },
        { type: 'passkey-created', response: created, name: 'Chrome' },
        { type: 'submit' },
      );
      const asked = run(registering, {
        type: 'result',
        endpoint: 'registerPasskey',
        result: required,
      });
      expect(asked).toMatchObject({ status: 'reauthenticate', retry: registering });
      expect(run(asked, { type: 'cancel' })).toMatchObject({
        status: 'naming-passkey',
        name: 'Chrome',
      });
    });

    it('A20: removing asks first; 「キャンセル」 keeps it', () => {
      const confirm = run(list, { type: 'remove-passkey', passkeyId: 'pk-1' });
      expect(confirm).toMatchObject({ status: 'confirm-remove-passkey', passkey: laptop });
      expect(accountEffect(confirm)).toBeNull();
      expect(run(confirm, { type: 'cancel' })).toEqual(list);
      expect(run(list, { type: 'remove-passkey', passkeyId: 'unknown' })).toBe(list);
    });

    it('A20/A21: removing re-authenticates if needed, then the list no longer has it', async () => {
      const confirm = run(list, { type: 'remove-passkey', passkeyId: 'pk-1' });
      const client = createFakeClient({
        deletePasskey: [required, ok({ ok: true })],
        reauthenticate: [reauthenticatedAnswer],
      });
      const flow = createAccountFlow(client, { initial: confirm });
      flow.send({ type: 'confirm' });
      expect((await flow.whenSettled()).status).toBe('reauthenticate');
      flow.send({ type: 'input', field: 'secondPassword', value: 'Hanako2026x' });
      flow.send({ type: 'submit' });
      expect(await flow.whenSettled()).toMatchObject({
        status: 'passkeys',
        passkeys: [],
        done: { change: 'removed', name: 'Chrome / macOS' },
      });
      expect(client.calls.map((c) => [c.name, c.input])).toEqual([
        ['deletePasskey', { params: { passkeyId: 'pk-1' } }],
        ['reauthenticate', { body: { secondPassword: 'Hanako2026x' } }],
        ['deletePasskey', { params: { passkeyId: 'pk-1' } }],
      ]);
      expect(client.unused()).toEqual([]);
      flow.dispose();
    });

    it('A20: a failed list load returns to the menu with the error; a lost session logs out', () => {
      const loading = run(withPasskeys, { type: 'open-passkeys' });
      expect(
        run(loading, {
          type: 'result',
          endpoint: 'listPasskeys',
          result: fail({ code: 'network' }),
        }),
      ).toMatchObject({ status: 'menu', error: { code: 'network' } });
      expect(
        run(loading, {
          type: 'result',
          endpoint: 'listPasskeys',
          result: fail({ code: 'unauthenticated', status: 401 }),
        }),
      ).toMatchObject({ status: 'logged-out' });
    });

    describe('本人確認 with a passkey (A21)', () => {
      const asserted = {
        id: 'Y3JlZA',
        rawId: 'Y3JlZA',
        type: 'public-key',
        response: { clientDataJSON: 'e30', authenticatorData: 'YXV0aA', signature: 'c2ln' },
        clientExtensionResults: {},
      } as PasskeyAsserted;
      const removing = run(
        list,
        { type: 'remove-passkey', passkeyId: 'pk-1' },
        { type: 'confirm' },
      );
      const asked = run(removing, { type: 'result', endpoint: 'deletePasskey', result: required });
      const typed = run(asked, { type: 'input', field: 'secondPassword', value: 'Hana' });

      it('A21: a student with a passkey is offered it; one without, or a tenant without, is not', () => {
        expect(asked).toMatchObject({ status: 'reauthenticate', passkeyOffered: true });
        const empty = run(
          withPasskeys,
          { type: 'open-passkeys' },
          { type: 'result', endpoint: 'listPasskeys', result: ok({ passkeys: [] }) },
          { type: 'add-passkey' },
          { type: 'result', endpoint: 'passkeyRegistrationOptions', result: required },
        );
        expect(empty).toMatchObject({ status: 'reauthenticate', passkeyOffered: false });
        expect(run(empty, { type: 'reauthenticate-with-passkey' })).toBe(empty);
        const off = run(menu, ...changeEmail, {
          type: 'result',
          endpoint: 'requestEmailChange',
          result: required,
        });
        expect(off).toMatchObject({ status: 'reauthenticate', passkeyOffered: false });
      });

      it('A21: outside the passkeys screen the flow looks the passkeys up; where they are required it knows', () => {
        const emailPending = run(withPasskeys, ...changeEmail);
        const checking = run(emailPending, {
          type: 'result',
          endpoint: 'requestEmailChange',
          result: required,
        });
        expect(checking).toMatchObject({ status: 'checking-passkeys', retry: emailPending });
        expect(accountEffect(checking)?.endpoint).toBe('listPasskeys');
        expect(
          run(checking, {
            type: 'result',
            endpoint: 'listPasskeys',
            result: ok({ passkeys: [laptop] }),
          }),
        ).toMatchObject({ status: 'reauthenticate', passkeyOffered: true, retry: emailPending });
        expect(
          run(checking, {
            type: 'result',
            endpoint: 'listPasskeys',
            result: fail({ code: 'network' }),
          }),
        ).toMatchObject({ status: 'reauthenticate', passkeyOffered: false });
        const required2 = accountMenuState({
          email: 'hanako@example.ac.jp',
          twoFactorEnabled: true,
          twoFactorMode: 'optional',
          passkeyMode: 'required-after-first-login',
        });
        expect(
          run(
            required2,
            { type: 'open-two-factor' },
            { type: 'confirm' },
            { type: 'result', endpoint: 'setTwoFactor', result: required },
          ),
        ).toMatchObject({ status: 'reauthenticate', passkeyOffered: true });
      });

      it('A21: the passkey re-authenticates the student, then the change is made as asked', () => {
        const requesting = run(typed, { type: 'reauthenticate-with-passkey' });
        expect(requesting).toMatchObject({
          status: 'requesting-reauthentication-options',
          secondPassword: 'Hana',
        });
        expect(accountEffect(requesting)).toEqual({
          type: 'call',
          endpoint: 'reauthenticationPasskeyOptions',
          input: {},
        });
        const getting = run(requesting, {
          type: 'result',
          endpoint: 'reauthenticationPasskeyOptions',
          result: ok({ options }),
        });
        expect(getting).toMatchObject({ status: 'getting-passkey', options, retry: removing });
        expect(accountEffect(getting)).toBeNull();
        const sending = run(getting, { type: 'passkey-asserted', response: asserted });
        expect(accountEffect(sending)).toEqual({
          type: 'call',
          endpoint: 'reauthenticate',
          input: { body: { passkey: asserted } },
        });
        const retried = run(sending, reauthenticated);
        expect(retried).toBe(removing);
      });

      it('A21: a passkey the service does not accept stays on 本人確認 with the tries left, nothing typed lost', () => {
        const state = run(
          typed,
          { type: 'reauthenticate-with-passkey' },
          { type: 'result', endpoint: 'reauthenticationPasskeyOptions', result: ok({ options }) },
          { type: 'passkey-asserted', response: asserted },
          {
            type: 'result',
            endpoint: 'reauthenticate',
            result: fail({ code: 'passkey_failed', status: 401, attemptsLeft: 3 }),
          },
        );
        expect(state).toEqual({
          status: 'reauthenticate',
          account: withPasskeys.status === 'menu' ? withPasskeys.account : undefined,
          secondPassword: 'Hana',
          retry: removing,
          passkeyOffered: true,
          error: { code: 'passkey_failed', fields: [], attemptsLeft: 3 },
        });
      });

      it.each([
        ['cancelled', 'passkey_cancelled'],
        ['unsupported', 'passkey_unsupported'],
        ['failed', 'passkey_ceremony_failed'],
      ] as const)(
        'A21: a ceremony that gave no passkey (%s) goes back to 本人確認 with %s',
        (reason, code) => {
          const state = run(
            typed,
            { type: 'reauthenticate-with-passkey' },
            { type: 'result', endpoint: 'reauthenticationPasskeyOptions', result: ok({ options }) },
            { type: 'passkey-failed', reason },
          );
          expect(state).toMatchObject({
            status: 'reauthenticate',
            secondPassword: 'Hana',
            retry: removing,
            error: { code },
          });
          expect(accountEffect(state)).toBeNull();
        },
      );

      it('A21: options refused go back to 本人確認; a lost session logs out', () => {
        const requesting = run(typed, { type: 'reauthenticate-with-passkey' });
        expect(
          run(requesting, {
            type: 'result',
            endpoint: 'reauthenticationPasskeyOptions',
            result: fail({ code: 'passkey_not_allowed', status: 403 }),
          }),
        ).toMatchObject({
          status: 'reauthenticate',
          secondPassword: 'Hana',
          error: { code: 'passkey_not_allowed' },
        });
        expect(
          run(requesting, {
            type: 'result',
            endpoint: 'reauthenticationPasskeyOptions',
            result: fail({ code: 'unauthenticated', status: 401 }),
          }),
        ).toMatchObject({ status: 'logged-out' });
      });

      it('A21: the runner re-authenticates with the passkey and removes it through the client', async () => {
        const client = createFakeClient({
          deletePasskey: [required, ok({ ok: true })],
          reauthenticationPasskeyOptions: [ok({ options })],
          reauthenticate: [reauthenticatedAnswer],
        });
        const flow = createAccountFlow(client, { initial: removing });
        expect((await flow.whenSettled()).status).toBe('reauthenticate');
        flow.send({ type: 'reauthenticate-with-passkey' });
        expect((await flow.whenSettled()).status).toBe('getting-passkey');
        flow.send({ type: 'passkey-asserted', response: asserted });
        expect(await flow.whenSettled()).toMatchObject({
          status: 'passkeys',
          passkeys: [],
          done: { change: 'removed', name: 'Chrome / macOS' },
        });
        expect(client.calls.map((c) => [c.name, c.input])).toEqual([
          ['deletePasskey', { params: { passkeyId: 'pk-1' } }],
          ['reauthenticationPasskeyOptions', {}],
          ['reauthenticate', { body: { passkey: asserted } }],
          ['deletePasskey', { params: { passkeyId: 'pk-1' } }],
        ]);
        expect(client.unused()).toEqual([]);
        flow.dispose();
      });
    });
  });

  it('A16: ログアウト from the menu', () => {
    const state = run(menu, { type: 'logout' });
    expect(accountEffect(state)?.endpoint).toBe('logout');
    expect(
      accountTransition(state, {
        type: 'result',
        endpoint: 'logout',
        result: ok({ step: 'anonymous' }),
      }),
    ).toEqual({ status: 'logged-out' });
  });
});
