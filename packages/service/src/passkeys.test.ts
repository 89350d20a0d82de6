/** A20, A21: the passkey rules that need no authenticator (the ceremonies: test/e2e/passkeys). */
import { describe, expect, it } from 'vitest';
import { DEMO_STUDENTS } from './demo/index.js';
import { createHarness, loginReturning } from './test-helpers.js';

const returning = DEMO_STUDENTS.returning;

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
});
