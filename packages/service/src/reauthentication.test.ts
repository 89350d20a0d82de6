/** A21: security changes need a recent re-authentication and send a notice to the old address. */
import { describe, expect, it } from 'vitest';
import { DEMO_STUDENTS } from './demo/index.js';
import { createHarness, loginReturning, reauthenticate } from './test-helpers.js';

const MINUTE = 60 * 1000;
const returning = DEMO_STUDENTS.returning;
const NEW_EMAIL = 'taro.new@mail.example';

describe('re-authentication (A21)', () => {
  it('A21: turning two-factor off with only a session is refused with 403 reauthentication_required', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    harness.mailbox.clear();
    const refused = await browser.put('/account/two-factor', { enabled: false });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('reauthentication_required');
    expect((await harness.store.accounts.get('demo', returning.userId))?.twoFactorEnabled).toBe(
      true,
    );
    expect(harness.mailbox.all()).toEqual([]);
  });

  it('A21: requesting an email change with only a session is refused, and no link is mailed', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    harness.mailbox.clear();
    const refused = await browser.post('/account/email-change', {
      email: NEW_EMAIL,
      emailConfirmation: NEW_EMAIL,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('reauthentication_required');
    expect(harness.mailbox.all()).toEqual([]);
  });

  it('A21: after the second password, two-factor goes off and the address on file gets a notice', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const before = browser.token;
    const answer = await browser.post('/account/reauthenticate', {
      secondPassword: returning.secondPassword,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      reauthenticatedUntil: new Date(harness.clock.now().getTime() + 5 * MINUTE).toISOString(),
    });
    // A new session id, as at every authentication.
    expect(browser.token).not.toBe(before);

    const off = await browser.put('/account/two-factor', { enabled: false });
    expect(off.body).toEqual({ enabled: false });
    const notice = harness.mailbox.latest(returning.email, 'two-factor-disabled-notice');
    expect(notice?.subject).toBe('【証明書発行サービス】二要素認証の無効化のお知らせ');
    expect(notice?.text).toContain('2026年6月3日 10:00、');
    expect(notice?.text).toContain('お心当たりのない場合は、至急以下までお問い合わせください。');
    expect(notice?.text).toContain('証明大学 学生支援課');
  });

  it('A21: turning two-factor on needs no re-authentication and sends no notice', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    await reauthenticate(browser);
    await browser.put('/account/two-factor', { enabled: false });
    harness.clock.advance(10 * MINUTE);
    harness.mailbox.clear();
    const on = await browser.put('/account/two-factor', { enabled: true });
    expect(on.body).toEqual({ enabled: true });
    expect(harness.mailbox.all()).toEqual([]);
  });

  it('A21: a re-authentication older than five minutes is refused', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    await reauthenticate(browser);
    harness.clock.advance(5 * MINUTE - 1000);
    const inTime = await browser.post('/account/email-change', {
      email: NEW_EMAIL,
      emailConfirmation: NEW_EMAIL,
    });
    expect(inTime.status).toBe(200);
    harness.clock.advance(1000);
    const late = await browser.put('/account/two-factor', { enabled: false });
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('reauthentication_required');
  });

  it('A21: an email change request sends a notice to the old address, in the student’s language', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    await browser.put('/account/locale', { locale: 'en' });
    await reauthenticate(browser);
    const sent = await browser.post('/account/email-change', {
      email: NEW_EMAIL,
      emailConfirmation: NEW_EMAIL,
    });
    expect(sent.status).toBe(200);
    expect(harness.mailbox.latest(NEW_EMAIL, 'email-change')).toBeDefined();
    const notice = harness.mailbox.latest(returning.email, 'email-change-requested-notice');
    expect(notice?.to).toBe(returning.email);
    expect(notice?.subject).toBe(
      '[Certificate Issuance Service] A change of your email address was requested',
    );
    // The new address masked: the notice must not hand a thief's address to a mail reader.
    expect(notice?.text).toContain('New address: t***@mail.example');
    expect(notice?.text).toContain('If you did not make this change, please contact us at once:');
    expect(notice?.text).not.toContain(NEW_EMAIL);
  });

  it('A21: a wrong second password is refused at its field; after five, this session may not try again', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    for (let left = 4; left >= 1; left--) {
      const wrong = await browser.post('/account/reauthenticate', { secondPassword: 'Wrong2026x' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error).toMatchObject({
        code: 'current_second_password_wrong',
        fields: [{ field: 'secondPassword', code: 'wrong' }],
        attemptsLeft: left,
      });
    }
    const fifth = await browser.post('/account/reauthenticate', { secondPassword: 'Wrong2026x' });
    expect(fifth.status).toBe(429);
    expect(fifth.body.error.code).toBe('rate_limited');
    // Not even the right second password helps that session now: only a new login does.
    const right = await browser.post('/account/reauthenticate', {
      secondPassword: returning.secondPassword,
    });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await browser.get('/session')).body.step).toBe('authenticated');
    const again = await loginReturning(harness, harness.browser());
    await reauthenticate(again);
  });

  it('A21: a right second password gives the rotated session a fresh allowance', async () => {
    // The per-account limit is not what this test is about.
    const harness = createHarness({
      rateLimits: { loginPerAccount: { limit: 100, windowSeconds: 900 } },
    });
    const browser = await loginReturning(harness);
    for (let round = 0; round < 3; round++) {
      for (let wrong = 0; wrong < 4; wrong++)
        await browser.post('/account/reauthenticate', { secondPassword: 'Wrong2026x' });
      await reauthenticate(browser);
    }
  });

  it('A21: re-authentication is rate limited per account', async () => {
    const harness = createHarness({
      rateLimits: { loginPerAccount: { limit: 2, windowSeconds: 900 } },
    });
    const browser = await loginReturning(harness);
    await reauthenticate(browser);
    await reauthenticate(browser);
    const third = await browser.post('/account/reauthenticate', {
      secondPassword: returning.secondPassword,
    });
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('rate_limited');
  });

  it('A21: the contract refuses a malformed re-authentication', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const extra = await browser.post('/account/reauthenticate', {
      secondPassword: returning.secondPassword,
      userId: returning.userId,
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('invalid_request');
    const anonymous = await harness.browser().post('/account/reauthenticate', {
      secondPassword: returning.secondPassword,
    });
    expect(anonymous.status).toBe(401);
  });
});
