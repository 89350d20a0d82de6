/** A20, A21: the passkey rules that need no authenticator (the ceremonies: test/e2e/passkeys). */
import { describe, expect, it } from 'vitest';
import { DEMO_STUDENTS } from './demo/index.js';
import { createTestPasskey } from './test-authenticator.js';
import { createHarness, loginReturning, type Browser } from './test-helpers.js';

const MINUTE = 60 * 1000;
const returning = DEMO_STUDENTS.returning;
const REQUIRED = { passkeys: { mode: 'required-after-first-login', rpId: 'localhost' } } as const;

/** Options from `path`, answered by `passkey` as an authenticator would (with any tampering). */
async function answer(
  browser: Browser,
  path: string,
  passkey: ReturnType<typeof createTestPasskey>,
  tamper: Partial<Parameters<ReturnType<typeof createTestPasskey>['assert']>[0]> = {},
) {
  const options = await browser.post(path, path === '/session/passkey/options' ? {} : undefined);
  expect(options.status).toBe(200);
  return passkey.assert({ challenge: options.body.options.challenge, ...tamper });
}

describe('passkeys (A20, A21)', () => {
  it('A20: a university with passkeys off refuses their options, to visitors and students alike', async () => {
    const harness = createHarness({ settings: { passkeys: { mode: 'off' } } });
    const visitor = harness.browser();
    const login = await visitor.post('/session/passkey/options', {});
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('passkey_not_allowed');

    const student = await loginReturning(harness);
    await student.post('/account/reauthenticate', { secondPassword: returning.secondPassword });
    const registration = await student.post('/account/passkeys/registration-options');
    expect(registration.status).toBe(403);
    expect(registration.body.error.code).toBe('passkey_not_allowed');
    const reauthentication = await student.post('/account/reauthenticate/passkey-options');
    expect(reauthentication.status).toBe(403);
    expect(reauthentication.body.error.code).toBe('passkey_not_allowed');
  });

  it('A21: registering a passkey needs a recent re-authentication', async () => {
    const harness = createHarness();
    const student = await loginReturning(harness);
    const refused = await student.post('/account/passkeys/registration-options');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('reauthentication_required');

    await student.post('/account/reauthenticate', { secondPassword: returning.secondPassword });
    const options = await student.post('/account/passkeys/registration-options');
    expect(options.status).toBe(200);
    expect(options.body.options).toMatchObject({
      rp: { id: 'localhost' },
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    // The WebAuthn user handle is random, not the university's user ID (which is only the name
    // the authenticator shows to pick an account).
    const handle = Buffer.from(options.body.options.user.id, 'base64url').toString('utf8');
    expect(handle).not.toContain(returning.userId);
    expect(options.body.options.user.name).toBe(returning.userId);
  });

  it('A20: login options look the same for a known and an unknown user ID, and list no credential', async () => {
    const harness = createHarness();
    const visitor = harness.browser();
    const known = await visitor.post('/session/passkey/options', { userId: returning.userId });
    const unknown = await visitor.post('/session/passkey/options', { userId: 'nobody-here' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const shape = (body: { options: Record<string, unknown> }) => ({
      ...body.options,
      challenge: typeof body.options['challenge'],
    });
    expect(shape(known.body)).toEqual(shape(unknown.body));
    expect(known.body.options.allowCredentials ?? []).toEqual([]);
    expect(known.body.options.userVerification).toBe('required');
  });

  it('A20: a made-up answer is refused with the same error as any failed passkey', async () => {
    const harness = createHarness();
    const visitor = harness.browser();
    const refused = await visitor.post('/session/passkey', {
      response: {
        id: 'AAAA',
        rawId: 'AAAA',
        type: 'public-key',
        response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
        clientExtensionResults: {},
      },
    });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('passkey_failed');
    expect((await visitor.get('/session')).body.step).toBe('anonymous');
  });

  it('A20: a student lists only their own passkeys (none yet)', async () => {
    const harness = createHarness();
    const student = await loginReturning(harness);
    const list = await student.get('/account/passkeys');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ passkeys: [] });
  });

  it('A20: with passkeys required, a student without one may only register one, and is told so', async () => {
    const harness = createHarness({ settings: REQUIRED });
    const student = await loginReturning(harness);
    expect((await student.get('/session')).body).toMatchObject({
      step: 'authenticated',
      passkeyRequired: true,
    });
    for (const refused of [
      await student.get('/catalog?destination=mail'),
      await student.get('/orders'),
      await student.put('/account/two-factor', { enabled: false }),
      await student.post('/account/reauthenticate/passkey-options'),
    ]) {
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('passkey_required');
    }
    expect((await student.get('/account/passkeys')).status).toBe(200);
    expect((await student.post('/session/extend')).status).toBe(200);
    expect((await student.get('/tenant')).status).toBe(200);
    // The login just proved both factors: registering needs no second prompt.
    expect((await student.post('/account/passkeys/registration-options')).status).toBe(200);

    // Once the student has one, everything is open again.
    await harness.store.passkeys.put(createTestPasskey().record(returning.userId));
    const session = await student.get('/session');
    expect(session.body.step).toBe('authenticated');
    expect(session.body).not.toHaveProperty('passkeyRequired');
    expect((await student.get('/orders')).status).toBe(200);
    expect((await student.post('/session/logout')).status).toBe(200);
  });

  it('A20, A21: with passkeys required, the login counts as a re-authentication for a few minutes only', async () => {
    const harness = createHarness({ settings: REQUIRED });
    const student = await loginReturning(harness);
    harness.clock.advance(5 * MINUTE);
    const late = await student.post('/account/passkeys/registration-options');
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('reauthentication_required');
    const reauthenticated = await student.post('/account/reauthenticate', {
      secondPassword: returning.secondPassword,
    });
    expect(reauthenticated.status).toBe(200);
    expect((await student.post('/account/passkeys/registration-options')).status).toBe(200);
  });

  it('A20: with passkeys required, a student who has one may still log in with the passwords (recovery)', async () => {
    const harness = createHarness({ settings: REQUIRED });
    await harness.store.passkeys.put(createTestPasskey().record(returning.userId));
    const student = await loginReturning(harness);
    const session = await student.get('/session');
    expect(session.body.step).toBe('authenticated');
    expect(session.body).not.toHaveProperty('passkeyRequired');
    expect((await student.get('/orders')).status).toBe(200);
    // Only the student without a passkey is spared the second prompt (A21).
    const options = await student.post('/account/passkeys/registration-options');
    expect(options.body.error.code).toBe('reauthentication_required');
  });

  it('A20: with passkeys required, the last passkey cannot be removed; one of two can', async () => {
    const harness = createHarness({ settings: REQUIRED });
    const first = createTestPasskey().record(returning.userId);
    await harness.store.passkeys.put(first);
    const student = await loginReturning(harness);
    // Refused before any re-authentication: none could make this removal possible.
    const refused = await student.delete(`/account/passkeys/${first.passkeyId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('passkey_last_required');
    await student.post('/account/reauthenticate', { secondPassword: returning.secondPassword });
    expect((await student.delete(`/account/passkeys/${first.passkeyId}`)).status).toBe(409);
    expect(await harness.store.passkeys.listForUser('demo', returning.userId)).toHaveLength(1);
    const notices = () => harness.mailbox.all().filter((m) => m.kind === 'passkey-removed-notice');
    expect(notices()).toHaveLength(0);

    const second = createTestPasskey().record(returning.userId);
    await harness.store.passkeys.put(second);
    expect((await student.delete(`/account/passkeys/${first.passkeyId}`)).status).toBe(200);
    expect(notices()).toHaveLength(1);
    const last = await student.delete(`/account/passkeys/${second.passkeyId}`);
    expect(last.body.error.code).toBe('passkey_last_required');
    // Someone else's passkey is still unknown, whatever the count.
    const others = createTestPasskey().record(DEMO_STUDENTS.firstLogin.userId);
    await harness.store.passkeys.put(others);
    expect((await student.delete(`/account/passkeys/${others.passkeyId}`)).status).toBe(404);
  });

  it('A20: with passkeys offered, the last passkey can be removed', async () => {
    const harness = createHarness();
    const only = createTestPasskey().record(returning.userId);
    await harness.store.passkeys.put(only);
    const student = await loginReturning(harness);
    await student.post('/account/reauthenticate', { secondPassword: returning.secondPassword });
    expect((await student.delete(`/account/passkeys/${only.passkeyId}`)).status).toBe(200);
  });

  it('A20: with passkeys offered, a student without one is not asked for one', async () => {
    const harness = createHarness();
    const student = await loginReturning(harness);
    const session = await student.get('/session');
    expect(session.body.step).toBe('authenticated');
    expect(session.body).not.toHaveProperty('passkeyRequired');
    expect((await student.get('/orders')).status).toBe(200);
  });

  it("A21: a student re-authenticates with one of their own passkeys, to their session's challenge", async () => {
    const harness = createHarness();
    const passkey = createTestPasskey();
    const record = passkey.record(returning.userId);
    await harness.store.passkeys.put(record);
    const student = await loginReturning(harness);
    const options = await student.post('/account/reauthenticate/passkey-options');
    expect(options.status).toBe(200);
    expect(options.body.options).toMatchObject({
      rpId: 'localhost',
      userVerification: 'required',
      allowCredentials: [{ id: passkey.credentialId, type: 'public-key' }],
    });
    const before = student.token;
    const reauthenticated = await student.post('/account/reauthenticate', {
      passkey: passkey.assert({ challenge: options.body.options.challenge }),
    });
    expect(reauthenticated.status).toBe(200);
    expect(reauthenticated.body).toEqual({
      reauthenticatedUntil: new Date(harness.clock.now().getTime() + 5 * MINUTE).toISOString(),
    });
    expect(student.token).not.toBe(before);
    expect((await student.put('/account/two-factor', { enabled: false })).status).toBe(200);
    const stored = await harness.store.passkeys.findByCredentialId('demo', passkey.credentialId);
    expect(stored).toMatchObject({ counter: 1, lastUsedAt: harness.clock.now().toISOString() });
  });

  it("A21: a passkey that is not the student's, unverified, or for another session's challenge does not re-authenticate", async () => {
    const harness = createHarness();
    const own = createTestPasskey();
    const others = createTestPasskey();
    await harness.store.passkeys.put(own.record(returning.userId));
    await harness.store.passkeys.put(others.record('s2026001'));
    const student = await loginReturning(harness);
    const path = '/account/reauthenticate/passkey-options';
    const elsewhere = await loginReturning(harness);

    const attempts = [
      // Another student's passkey, however valid its signature.
      () => answer(student, path, others),
      // No user verification.
      () => answer(student, path, own, { userVerified: false }),
      // Made for another relying party.
      () => answer(student, path, own, { rpId: 'evil.example' }),
      // The challenge another session of the same student was given (this one has its own).
      async () => {
        await student.post(path);
        return answer(elsewhere, path, own);
      },
    ];
    let left = 5;
    for (const attempt of attempts) {
      const refused = await student.post('/account/reauthenticate', { passkey: await attempt() });
      expect(refused.status).toBe(401);
      expect(refused.body.error).toMatchObject({ code: 'passkey_failed', attemptsLeft: --left });
    }
    // Each for its own reason: the right answer to this session's challenge still works.
    const right = await student.post('/account/reauthenticate', {
      passkey: await answer(student, path, own, { counter: 7 }),
    });
    expect(right.status).toBe(200);
    expect((await student.put('/account/two-factor', { enabled: false })).status).toBe(200);
  });

  it('A21: failed passkeys count against the same allowance as wrong second passwords', async () => {
    const harness = createHarness();
    const passkey = createTestPasskey();
    await harness.store.passkeys.put(passkey.record(returning.userId));
    const student = await loginReturning(harness);
    const path = '/account/reauthenticate/passkey-options';
    for (let left = 4; left > 0; left--) {
      const wrong = await student.post('/account/reauthenticate', { secondPassword: 'Wrong2026x' });
      expect(wrong.body.error).toMatchObject({
        code: 'current_second_password_wrong',
        attemptsLeft: left,
      });
    }
    const failed = await student.post('/account/reauthenticate', {
      passkey: await answer(student, path, passkey, { userVerified: false }),
    });
    expect(failed.status).toBe(429);
    expect(failed.body.error.code).toBe('rate_limited');
    // Past the allowance, not even the right passkey helps in this session: only a new login.
    const right = await student.post('/account/reauthenticate', {
      passkey: await answer(student, path, passkey, { counter: 3 }),
    });
    expect(right.status).toBe(429);
    expect((await student.put('/account/two-factor', { enabled: false })).body.error.code).toBe(
      'reauthentication_required',
    );
  });

  it('A21: a re-authentication challenge is used once', async () => {
    const harness = createHarness();
    const passkey = createTestPasskey();
    await harness.store.passkeys.put(passkey.record(returning.userId));
    const student = await loginReturning(harness);
    const options = await student.post('/account/reauthenticate/passkey-options');
    const challenge = options.body.options.challenge as string;
    const refused = await student.post('/account/reauthenticate', {
      passkey: passkey.assert({ challenge, rpId: 'evil.example' }),
    });
    expect(refused.body.error.code).toBe('passkey_failed');
    const replay = await student.post('/account/reauthenticate', {
      passkey: passkey.assert({ challenge, counter: 2 }),
    });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('passkey_failed');
  });

  it('A20: a login assertion whose authenticator data is for another RP ID is refused', async () => {
    const harness = createHarness();
    const passkey = createTestPasskey();
    await harness.store.passkeys.put(passkey.record(returning.userId));
    const visitor = harness.browser();
    const path = '/session/passkey/options';
    const evil = await visitor.post('/session/passkey', {
      response: await answer(visitor, path, passkey, { rpId: 'evil.example' }),
    });
    expect(evil.status).toBe(401);
    expect(evil.body.error.code).toBe('passkey_failed');
    expect((await visitor.get('/session')).body.step).toBe('anonymous');
    // The same passkey, for this tenant's RP ID, logs in: only the RP ID was wrong.
    const right = await visitor.post('/session/passkey', {
      response: await answer(visitor, path, passkey, { counter: 2 }),
    });
    expect(right.status).toBe(200);
    expect(right.body.step).toBe('authenticated');
  });
});
