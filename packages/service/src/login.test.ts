import { describe, expect, it } from 'vitest';
import { DEMO_STUDENTS } from './demo/index.js';
import { DirectoryUnavailableError } from './directory.js';
import { createHarness, loginReturning, reauthenticate, tokenOf } from './test-helpers.js';

const MINUTE = 60 * 1000;
const first = DEMO_STUDENTS.firstLogin;
const returning = DEMO_STUDENTS.returning;

describe('login journey', () => {
  it('A2→A3→A4→A5→A7: first login registers the email, sets the second password and verifies the key', async () => {
    const harness = createHarness();
    const browser = harness.browser();

    // A2: university credentials only.
    const login = await browser.post('/session/login', {
      userId: first.userId,
      password: first.password,
    });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ step: 'email-registration', userId: first.userId });
    const firstToken = browser.token;
    expect(firstToken).toBeTruthy();

    // A3: email typed twice; the mail goes out.
    const registered = await browser.post('/session/email-registration', {
      email: 'hanako@mail.example',
      emailConfirmation: 'hanako@mail.example',
    });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({
      step: 'email-registration-sent',
      email: 'hanako@mail.example',
    });
    expect(browser.token).not.toBe(firstToken);
    const mail = harness.mailbox.latest('hanako@mail.example', 'email-registration');
    expect(mail?.subject).toBe('【証明書発行サービス】メールアドレス登録のご案内');
    expect(mail?.text).toContain('メールアドレスの登録を行います。');
    expect(mail?.text).toContain('URL 期限：30 分');
    expect(mail?.text).toContain('お問い合わせ先は各事務担当まで');
    expect(mail?.link).toMatch(
      /^http:\/\/localhost:5173\/login#email-registration=[A-Za-z0-9_-]{22}$/,
    );
    expect(mail?.from).toBe('no-reply@shomei-u.example');

    // A4: the page redeems the link's token.
    const confirmed = await harness.app.request('/t/demo/links/email-registration', {
      method: 'POST',
      headers: { 'Shomei-Client': 'sdk/test', 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: tokenOf(mail?.link) }),
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toEqual({ email: 'hanako@mail.example' });

    // The waiting session moves on to A5 by itself.
    expect((await browser.get('/session')).body).toEqual({
      step: 'second-password-setup',
      userId: first.userId,
    });

    // A5: rules, each failure its own field problem.
    const weak = await browser.post('/session/second-password', {
      secondPassword: 'abc',
      secondPasswordConfirmation: 'abc',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('second_password_rules');
    expect(weak.body.error.fields).toEqual([
      { field: 'secondPassword', code: 'min-length' },
      { field: 'secondPassword', code: 'has-uppercase' },
      { field: 'secondPassword', code: 'has-digit' },
    ]);
    const mismatch = await browser.post('/session/second-password', {
      secondPassword: 'Hanako2026x',
      secondPasswordConfirmation: 'Hanako2026y',
    });
    expect(mismatch.body.error).toMatchObject({
      code: 'second_password_mismatch',
      fields: [{ field: 'secondPasswordConfirmation', code: 'mismatch' }],
    });
    const set = await browser.post('/session/second-password', {
      secondPassword: 'Hanako2026x',
      secondPasswordConfirmation: 'Hanako2026x',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ step: 'auth-key', maskedEmail: 'h***@mail.example' });

    // A7: the key arrives with its expiry in Japan time.
    const keyMail = harness.mailbox.latest('hanako@mail.example', 'auth-key');
    expect(keyMail?.authKey).toMatch(/^\d{6}$/);
    expect(keyMail?.text).toContain(`認証キー：${keyMail?.authKey}`);
    expect(keyMail?.text).toContain('有効期限：2026年6月3日 10:10');
    // Full-width digits from an IME are accepted.
    const fullWidth = (keyMail?.authKey ?? '').replace(/\d/g, (d) =>
      String.fromCharCode(d.charCodeAt(0) + 0xfee0),
    );
    const verified = await browser.post('/session/auth-key', { authKey: fullWidth });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      step: 'authenticated',
      student: { userId: first.userId, year: 1, group: 'undergraduate' },
      email: 'hanako@mail.example',
      twoFactorEnabled: true,
      locale: 'ja',
    });

    // A6: from now on the second password is required.
    const again = harness.browser();
    const without = await again.post('/session/login', {
      userId: first.userId,
      password: first.password,
    });
    expect(without.status).toBe(401);
    expect(without.body.error.code).toBe('invalid_credentials');
  });

  it('A2: a second password on the very first login is refused like any wrong factor', async () => {
    const harness = createHarness();
    const response = await harness.browser().post('/session/login', {
      userId: first.userId,
      password: first.password,
      secondPassword: 'Anything1',
    });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_credentials');
  });

  it('A1: full-width student numbers are normalized', async () => {
    const harness = createHarness();
    const response = await harness
      .browser()
      .post('/session/login', { userId: 'ｓ２０２６００１', password: first.password });
    expect(response.body).toEqual({ step: 'email-registration', userId: first.userId });
  });

  it('A6/A7: a returning student gives all three factors, then the key; a trusted device is not asked again', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    const wrong = await browser.post('/session/login', {
      ...pick(returning),
      secondPassword: 'Wrong2024x',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');

    const login = await browser.post('/session/login', pick(returning));
    expect(login.body).toMatchObject({
      step: 'auth-key',
      userId: returning.userId,
      maskedEmail: 't***@mail.example',
    });
    const authKey = harness.mailbox.latest(returning.email, 'auth-key')?.authKey;
    const verified = await browser.post('/session/auth-key', { authKey, trustDevice: true });
    expect(verified.body.step).toBe('authenticated');
    expect(verified.headers.get('Shomei-Device-Trust')).toBeTruthy();

    // The same device within the trusted period: no key.
    harness.mailbox.clear();
    const trusted = await browser.post('/session/login', pick(returning));
    expect(trusted.body.step).toBe('authenticated');
    expect(harness.mailbox.all()).toHaveLength(0);

    // After the trusted period (30 days) the key is asked again.
    harness.clock.advance(31 * 24 * 60 * MINUTE);
    const later = await browser.post('/session/login', pick(returning));
    expect(later.body.step).toBe('auth-key');
  });

  it('A8/A9: wrong keys lock the key; only a reissue helps, and it kills the old key', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    await browser.post('/session/login', pick(returning));
    const oldKey = harness.mailbox.latest(returning.email, 'auth-key')?.authKey ?? '';
    const wrongKey = oldKey === '000000' ? '111111' : '000000';

    for (let attemptsLeft = 4; attemptsLeft >= 1; attemptsLeft -= 1) {
      const wrong = await browser.post('/session/auth-key', { authKey: wrongKey });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error).toMatchObject({ code: 'auth_key_wrong', attemptsLeft });
    }
    const locking = await browser.post('/session/auth-key', { authKey: wrongKey });
    expect(locking.status).toBe(423);
    expect(locking.body.error.code).toBe('auth_key_locked');
    // Even the right key no longer works.
    const right = await browser.post('/session/auth-key', { authKey: oldKey });
    expect(right.body.error.code).toBe('auth_key_locked');

    const reissued = await browser.post('/session/auth-key/reissue');
    expect(reissued.status).toBe(200);
    expect(reissued.body).toMatchObject({ maskedEmail: 't***@mail.example' });
    const newKey = harness.mailbox.latest(returning.email, 'auth-key')?.authKey ?? '';
    if (newKey !== oldKey) {
      const stale = await browser.post('/session/auth-key', { authKey: oldKey });
      expect(stale.body.error.code).toBe('auth_key_wrong');
    }
    const verified = await browser.post('/session/auth-key', { authKey: newKey });
    expect(verified.body.step).toBe('authenticated');
  });

  it('A7: an expired key is refused with auth_key_expired', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    await browser.post('/session/login', pick(returning));
    const authKey = harness.mailbox.latest(returning.email, 'auth-key')?.authKey;
    harness.clock.advance(10 * MINUTE);
    const late = await browser.post('/session/auth-key', { authKey });
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('auth_key_expired');
  });

  it('A4: the link expires after 30 minutes, and a used link is refused', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    await browser.post('/session/login', { userId: first.userId, password: first.password });
    const redeem = (token: string) => browser.post('/links/email-registration', { token });

    await browser.post('/session/email-registration', {
      email: 'a@mail.example',
      emailConfirmation: 'a@mail.example',
    });
    const expiring = tokenOf(harness.mailbox.latest('a@mail.example')?.link);
    harness.clock.advance(30 * MINUTE);
    const expired = await redeem(expiring);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('link_expired');

    // A new login and a new link; just within 30 minutes it works, once.
    await browser.post('/session/login', { userId: first.userId, password: first.password });
    await browser.post('/session/email-registration', {
      email: 'a@mail.example',
      emailConfirmation: 'a@mail.example',
    });
    const fresh = tokenOf(harness.mailbox.latest('a@mail.example')?.link);
    harness.clock.advance(30 * MINUTE - 1000);
    expect((await redeem(fresh)).status).toBe(200);
    const used = await redeem(fresh);
    expect(used.status).toBe(410);
    expect(used.body.error.code).toBe('link_used');
    const unknown = await redeem('A'.repeat(22));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('link_invalid');
  });

  it('A3: a mismatched confirmation is refused with the field at fault', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    await browser.post('/session/login', { userId: first.userId, password: first.password });
    const response = await browser.post('/session/email-registration', {
      email: 'a@mail.example',
      emailConfirmation: 'b@mail.example',
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'email_mismatch',
      fields: [{ field: 'emailConfirmation', code: 'mismatch' }],
    });
    expect(harness.mailbox.all()).toHaveLength(0);
  });

  it('A1: a student directory that cannot answer is a 503 directory_unavailable, logged, not a wrong password', async () => {
    const harness = createHarness({
      students: {
        authenticate: () =>
          Promise.reject(
            new DirectoryUnavailableError('ldap://ldap.example did not answer', 'timeout'),
          ),
        find: () => Promise.resolve(null),
      },
    });
    const login = await harness.browser().post('/session/login', {
      userId: returning.userId,
      password: returning.password,
    });
    expect(login.status).toBe(503);
    expect(login.body.error.code).toBe('directory_unavailable');
    expect(harness.errors).toEqual([
      {
        message: 'the student directory is unavailable',
        data: { reason: 'timeout', error: 'ldap://ldap.example did not answer' },
      },
    ]);
  });

  it('A18: graduates are sent to the office; new students are told from when', async () => {
    const harness = createHarness();
    const graduate = await harness.browser().post('/session/login', pick(DEMO_STUDENTS.graduate));
    expect(graduate.status).toBe(403);
    expect(graduate.body.error.code).toBe('access_contact_office');
    expect(graduate.body.error.notice.ja).toContain('学生支援課');

    const newcomer = await harness
      .browser()
      .post('/session/login', pick(DEMO_STUDENTS.notYetAvailable));
    expect(newcomer.status).toBe(403);
    expect(newcomer.body.error.code).toBe('access_not_yet_available');
    // The afternoon (12:00 Tokyo) of the day after the 2027-04-05 ceremony.
    expect(newcomer.body.error.availableFrom).toBe('2027-04-06T03:00:00.000Z');

    // A wrong password says nothing about access.
    const wrong = await harness
      .browser()
      .post('/session/login', { userId: DEMO_STUDENTS.graduate.userId, password: 'nope' });
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('A16: logout ends the session; idle timeout logs out; extend pushes it forward', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const session = await browser.get('/session');
    expect(session.body.idleExpiresAt).toBe(
      new Date(harness.clock.now().getTime() + 15 * MINUTE).toISOString(),
    );

    harness.clock.advance(14 * MINUTE);
    const extended = await browser.post('/session/extend');
    expect(extended.body.idleExpiresAt).toBe(
      new Date(harness.clock.now().getTime() + 15 * MINUTE).toISOString(),
    );
    harness.clock.advance(14 * MINUTE);
    expect((await browser.get('/session')).body.step).toBe('authenticated');

    harness.clock.advance(2 * MINUTE);
    const idle = await browser.get('/session');
    expect(idle.body).toEqual({ step: 'anonymous' });
    expect(idle.headers.get('Shomei-Session-Token')).toBe('');

    const again = await loginReturning(harness, harness.browser());
    const logout = await again.post('/session/logout');
    expect(logout.body).toEqual({ step: 'anonymous' });
    expect(logout.headers.get('Shomei-Session-Token')).toBe('');
    expect((await again.get('/orders')).status).toBe(401);
  });
});

describe('account', () => {
  it('A13: a reset request never reveals whether the address is registered; mail only for a known one', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    const known = await browser.post('/second-password-reset', { email: returning.email });
    const unknown = await browser.post('/second-password-reset', { email: 'nobody@mail.example' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(known.body).toEqual({ accepted: true });
    expect(harness.mailbox.all().map((mail) => mail.to)).toEqual([returning.email]);

    const link = harness.mailbox.latest(returning.email, 'second-password-reset')?.link;
    expect(link).toContain('#second-password-reset=');
    const weak = await browser.post('/links/second-password-reset', {
      token: tokenOf(link),
      secondPassword: 'short',
      secondPasswordConfirmation: 'short',
    });
    expect(weak.body.error.code).toBe('second_password_rules');
    // The typo did not spend the link.
    const reset = await browser.post('/links/second-password-reset', {
      token: tokenOf(link),
      secondPassword: 'NewSecond2026',
      secondPasswordConfirmation: 'NewSecond2026',
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ ok: true });
    expect(harness.mailbox.latest(returning.email, 'second-password-changed-notice')).toBeDefined();

    const login = await harness
      .browser()
      .post('/session/login', { ...pick(returning), secondPassword: 'NewSecond2026' });
    expect(login.body.step).toBe('auth-key');
  });

  it('A11: email change mails a link to the new address and a notice to the old one', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    await reauthenticate(browser);
    const requested = await browser.post('/account/email-change', {
      email: 'taro.new@mail.example',
      emailConfirmation: 'taro.new@mail.example',
    });
    expect(requested.status).toBe(200);
    expect(requested.body).toEqual({
      sentTo: 'taro.new@mail.example',
      linkExpiresAt: new Date(harness.clock.now().getTime() + 30 * MINUTE).toISOString(),
    });
    const mail = harness.mailbox.latest('taro.new@mail.example', 'email-change');
    expect(mail?.subject).toBe('【証明書発行サービス】メールアドレス変更のご案内');

    const confirmed = await browser.post('/links/email-change', { token: tokenOf(mail?.link) });
    expect(confirmed.body).toEqual({ email: 'taro.new@mail.example' });
    const notice = harness.mailbox.latest(returning.email, 'email-changed-notice');
    expect(notice?.text).toContain('t***@mail.example');
    expect(notice?.text).toContain('証明大学 学生支援課');
    expect((await browser.get('/session')).body.email).toBe('taro.new@mail.example');
  });

  it('A12: changing the second password checks the current one and the rules, and sends a notice', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const wrong = await browser.post('/account/second-password', {
      currentSecondPassword: 'Wrong2024x',
      newSecondPassword: 'Changed2026',
      newSecondPasswordConfirmation: 'Changed2026',
    });
    expect(wrong.body.error.code).toBe('current_second_password_wrong');
    const fullWidth = await browser.post('/account/second-password', {
      currentSecondPassword: returning.secondPassword,
      newSecondPassword: 'Ｃhanged2026',
      newSecondPasswordConfirmation: 'Ｃhanged2026',
    });
    expect(fullWidth.body.error.fields).toContainEqual({
      field: 'newSecondPassword',
      code: 'half-width-alphanumeric-only',
    });
    const changed = await browser.post('/account/second-password', {
      currentSecondPassword: returning.secondPassword,
      newSecondPassword: 'Changed2026',
      newSecondPasswordConfirmation: 'Changed2026',
    });
    expect(changed.body).toEqual({ ok: true });
    expect(harness.mailbox.latest(returning.email, 'second-password-changed-notice')?.subject).toBe(
      '【証明書発行サービス】第2パスワード変更のお知らせ',
    );
  });

  it('A15: two-factor can be switched only when the tenant makes it optional', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    await reauthenticate(browser);
    const off = await browser.put('/account/two-factor', { enabled: false });
    expect(off.body).toEqual({ enabled: false });
    expect((await browser.get('/session')).body.twoFactorEnabled).toBe(false);
    harness.mailbox.clear();
    const login = await harness.browser().post('/session/login', pick(returning));
    expect(login.body.step).toBe('authenticated');
    expect(harness.mailbox.all()).toHaveLength(0);

    const required = createHarness({
      settings: {
        twoFactor: { mode: 'required', maxAttempts: 5, keyTtlMinutes: 10, trustedDays: 30 },
      },
    });
    const strict = await loginReturning(required);
    const refused = await strict.put('/account/two-factor', { enabled: false });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('two_factor_not_changeable');
  });

  it('A14: the language chosen before login carries into the session and the mails', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    expect((await browser.put('/account/locale', { locale: 'en' })).body).toEqual({ locale: 'en' });
    await browser.post('/session/login', pick(returning));
    const mail = harness.mailbox.latest(returning.email, 'auth-key');
    expect(mail?.locale).toBe('en');
    expect(mail?.subject).toBe('[Certificate Issuance Service] Your auth key');
    expect(mail?.text).toContain('(Japan time)');
    await browser.post('/session/auth-key', { authKey: mail?.authKey });
    expect((await browser.get('/session')).body.locale).toBe('en');

    // zh-Hans mails fall back to English.
    await browser.put('/account/locale', { locale: 'zh-Hans' });
    await reauthenticate(browser);
    await browser.post('/account/email-change', {
      email: 'x@mail.example',
      emailConfirmation: 'x@mail.example',
    });
    expect(harness.mailbox.latest('x@mail.example')?.subject).toBe(
      '[Certificate Issuance Service] Please confirm your new email address',
    );
  });
});

describe('the HTTP edge', () => {
  it('A1: unsafe requests without the Shomei-Client header are forbidden (CSRF)', async () => {
    const harness = createHarness();
    const response = await harness.app.request('/t/demo/session/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: first.userId, password: first.password }),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');

    const foreign = await harness
      .browser()
      .post('/session/login', pick(first), { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const local = await harness
      .browser()
      .post('/session/login', pick(first), { Origin: 'http://localhost:6006' });
    expect(local.status).toBe(200);
    expect(local.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:6006');
    expect(local.headers.get('Access-Control-Expose-Headers')).toContain('Shomei-Session-Token');
  });

  it('A1: an unknown key in the body is a 400 invalid_request naming it', async () => {
    const harness = createHarness();
    const response = await harness
      .browser()
      .post('/session/login', { ...pick(first), admin: true });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'invalid_request',
      fields: [{ field: 'admin', code: 'unknown_key' }],
    });
  });

  it('A1: malformed JSON, oversized bodies, unknown routes and tenants answer with the error shape', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    const malformed = await browser.post('/session/login', '{"userId":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_request');
    const huge = await browser.post('/session/login', {
      userId: 'x',
      password: 'y'.repeat(70_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('invalid_request');
    const missing = await browser.get('/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const tenant = await harness.app.request('/t/unknown/tenant');
    expect(tenant.status).toBe(404);
    expect(harness.errors).toEqual([]);
  });

  it('A17: the tenant info carries the contacts and settings', async () => {
    const harness = createHarness();
    const tenant = await harness.browser().get('/tenant');
    expect(tenant.body).toMatchObject({
      tenantId: 'demo',
      name: { ja: '証明大学' },
      contacts: {
        studentSupport: { hours: { ja: '平日 8:30~17:00' } },
        callCenter: { chatUrl: expect.any(String) },
      },
      twoFactor: { mode: 'optional', maxAttempts: 5, keyTtlMinutes: 10, trustedDays: 30 },
      linkTtlMinutes: 30,
      idleTimeoutSeconds: 900,
      idleWarningSeconds: 60,
    });
  });

  it('X6: the tenant info carries the office, the login notices and what each destination offers', async () => {
    const harness = createHarness();
    const tenant = await harness.browser().get('/tenant');
    expect(tenant.body.officeName).toMatchObject({ ja: '学生支援課' });
    expect(tenant.body.loginNotices[0].ja).toBe(
      'ログインID、パスワードについては、各学科のe-ラーニング掲示板を確認ください。',
    );
    // The demo catalog: English editions and fee items are not produced at the konbini machine.
    expect(tenant.body.destinations).toEqual([
      { destination: 'campus-printer', kinds: ['certificate'], editions: ['ja', 'en'] },
      { destination: 'konbini', kinds: ['certificate'], editions: ['ja'] },
      { destination: 'mail', kinds: ['certificate', 'fee'], editions: ['ja', 'en'] },
    ]);
  });

  it('A6: too many wrong logins are braked with 429 and Retry-After', async () => {
    // Issue 14: a growing delay per account and client (login-throttle.test.ts), not a lock.
    const harness = createHarness({ loginThrottle: { freeFailures: 3, baseDelaySeconds: 600 } });
    const browser = harness.browser();
    for (let index = 0; index < 4; index += 1) {
      expect(
        (await browser.post('/session/login', { userId: first.userId, password: 'wrong' })).status,
      ).toBe(401);
    }
    const braked = await browser.post('/session/login', pick(first));
    expect(braked.status).toBe(429);
    expect(braked.body.error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 600 });
    expect(braked.headers.get('Retry-After')).toBe('600');
    harness.clock.advance(600 * 1000);
    expect((await browser.post('/session/login', pick(first))).status).toBe(200);
  });

  it('A16: cookie mode sets an HttpOnly session cookie scoped to the tenant', async () => {
    const harness = createHarness();
    const response = await harness.app.request('/t/demo/session/login', {
      method: 'POST',
      headers: { 'Shomei-Client': 'sdk/test', 'Content-Type': 'application/json' },
      body: JSON.stringify(pick(first)),
    });
    // The session cookie; the device cookie (issue 14) comes beside it.
    const cookie =
      response.headers.getSetCookie().find((c) => c.startsWith('shomei_session=')) ?? '';
    expect(cookie).toMatch(
      /^shomei_session=[A-Za-z0-9_-]{22}; Path=\/t\/demo; HttpOnly; SameSite=Lax$/,
    );
    expect(response.headers.get('Shomei-Session-Token')).toBeNull();
    const session = await harness.app.request('/t/demo/session', {
      headers: { Cookie: cookie.split(';')[0] ?? '' },
    });
    expect((await session.json()).step).toBe('email-registration');
  });
});

function pick(student: { userId: string; password: string; secondPassword?: string }) {
  return {
    userId: student.userId,
    password: student.password,
    ...(student.secondPassword === undefined ? {} : { secondPassword: student.secondPassword }),
  };
}
