import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { DEMO_STUDENTS } from '@shomei/mock';
import type { LoginStatus, ShomeiClient } from '@shomei/sdk';
import '../define/shomei-login.js';
import type { ShomeiDialog } from '../dialog/dialog.js';
import { accountErrorMessage } from '../internal/account-error-messages.js';
import { errorMessage } from '../internal/error-messages.js';
import { orderErrorMessage } from '../internal/order-error-messages.js';
import { formatTokyoDateTime } from '../internal/format-date.js';
import { setShomeiLocale } from '../localization.js';
import { loginReturningStudent } from '../../test/login-helpers.js';
import { fakeAuthenticator, type FakeAuthenticator } from '../../test/fake-authenticator.js';
import {
  createFailingClient,
  createTestClient,
  mockBackedClient,
  quietLogger,
  type TestClient,
} from '../../test/mock-client.js';
import { createMockService } from '@shomei/mock';
import { createDemoAccounts, createDemoTenant } from '@shomei/service';
import type { ShomeiTextField } from '../text-field/text-field.js';
import type { ShomeiLogin } from './login.js';
import { waitUntil } from '../../test/wait.js';

const { returning, firstLogin, graduate, notYetAvailable: newStudent } = DEMO_STUDENTS;

/** The key of the hint that this browser got past the login box, before the base URL. */
const HINT_PREFIX = 'shomei:login-hint:';

const field = (login: ShomeiLogin, name: string) => {
  const found = login.querySelector<ShomeiTextField>(`shomei-text-field[name="${name}"]`);
  if (found === null) throw new Error(`no field ${name} on ${login.loginState?.status}`);
  return found;
};
const input = (login: ShomeiLogin, name: string) => field(login, name).input!;
const text = (login: ShomeiLogin) =>
  `${login.shadowRoot!.textContent ?? ''} ${login.textContent ?? ''}`.replace(/\s+/gu, ' ');
const heading = (login: ShomeiLogin) =>
  login.shadowRoot!.querySelector<HTMLElement>('[part="heading"]')!;
const alertText = (login: ShomeiLogin) =>
  login.querySelector('[role="alert"]')?.textContent?.trim() ?? '';
/** What the 認証キー field says under it (its feedback slot). */
const feedbackText = (login: ShomeiLogin) =>
  field(login, 'authKey').querySelector('[slot="feedback"]')?.textContent?.trim() ?? '';
const button = (login: ShomeiLogin, label: string) => {
  const found = [...login.querySelectorAll('button')].find(
    (candidate) => candidate.textContent?.trim() === label,
  );
  if (found === undefined) throw new Error(`no button ${label} on ${login.loginState?.status}`);
  return found;
};

/** The element's own updates and its fields' (light DOM). */
async function settle(login: ShomeiLogin): Promise<void> {
  await login.updateComplete;
  await Promise.all(
    [...login.querySelectorAll<ShomeiTextField>('shomei-text-field')].map((f) => f.updateComplete),
  );
}

async function reach(login: ShomeiLogin, status: LoginStatus): Promise<void> {
  await waitUntil(
    () => login.loginState?.status === status,
    `expected ${status}, at ${login.loginState?.status}`,
  );
  await settle(login);
}

/** Types as a paste or an IME commit would (one input event). */
async function fill(login: ShomeiLogin, name: string, value: string): Promise<void> {
  const target = input(login, name);
  target.focus();
  target.select();
  if (value === '') document.execCommand('delete');
  else document.execCommand('insertText', false, value);
  await settle(login);
}

async function mount(client: ShomeiClient): Promise<ShomeiLogin> {
  const login = await fixture<ShomeiLogin>(html`<shomei-login .client=${client}></shomei-login>`);
  await reach(login, 'credentials');
  return login;
}

async function logIn(
  login: ShomeiLogin,
  credentials: { userId: string; password: string; secondPassword?: string },
): Promise<void> {
  await fill(login, 'userId', credentials.userId);
  await fill(login, 'password', credentials.password);
  await fill(login, 'secondPassword', credentials.secondPassword ?? '');
  button(login, 'ログイン').click();
}

const authKeyOf = (test: TestClient, to: string) =>
  test.mock.mailbox.latest(to, 'auth-key')?.authKey ?? '';

const linkToken = (
  test: TestClient,
  to: string,
  kind: 'email-registration' | 'second-password-reset' | 'email-change',
) => (test.mock.mailbox.latest(to, kind)?.link ?? '').split(`#${kind}=`)[1] ?? '';

describe('shomei-login', () => {
  afterEach(() => {
    if (location.hash !== '') history.replaceState(null, '', location.pathname + location.search);
    // Every test client calls the same tenant: a login one test reached must not slow the next.
    for (const key of Object.keys(localStorage))
      if (key.startsWith(HINT_PREFIX)) localStorage.removeItem(key);
  });

  it('A1, A2, A14: the login box with the seed labels, notices, language picker and tenant name', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    await waitUntil(() => text(login).includes('証明大学'));
    const shown = text(login);
    expect(heading(login).textContent).to.contain('在学生ログイン');
    for (const label of ['ユーザID', 'パスワード', '第2パスワード'])
      expect(shown).to.contain(label);
    for (const notice of [
      '！注意事項は必ずお読みください',
      '初回ログイン時は、学内ID/学内パスワードでログインしてください。',
      '利用後は必ずログアウトし、ブラウザも閉じるようにしてください。',
      'ログイン後、操作がないまま一定時間が経過すると、自動的にログアウトします。',
      '◎ログイン出来ない場合は、以下をご確認ください。',
      'パスワードの入力が正しいか。',
      '大文字/小文字の入力が正しいか。',
      '半角英数文字で入力しているか。',
    ])
      expect(shown).to.contain(notice);
    button(login, '第2パスワードを忘れた場合');
    expect(login.querySelector('button[type="submit"]')?.textContent?.trim()).to.equal('ログイン');
    // A2: the second password is not required on the first login.
    expect(input(login, 'secondPassword').required).to.equal(false);
    expect(input(login, 'userId').required).to.equal(true);
    expect(login.shadowRoot!.querySelector('shomei-language-picker')).to.exist;
    await expect(login).to.be.accessible();
  });

  it("A1, X6: the tenant's own login notices come first, from its configuration", async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    const notice = 'ログインID、パスワードについては、各学科のe-ラーニング掲示板を確認ください。';
    await waitUntil(() => text(login).includes(notice));
    const selector = '.shomei-login-notices li';
    const items = [
      ...login.shadowRoot!.querySelectorAll(selector),
      ...login.querySelectorAll(selector),
    ].map((li) => li.textContent?.trim());
    expect(items[0]).to.equal(notice);
    expect(items[1]).to.equal('新入生の方は、入学式翌日の午後から利用可能です。');
    expect(items[2]).to.equal('初回ログイン時は、学内ID/学内パスワードでログインしてください。');
  });

  it('X2: autocomplete, light-DOM inputs, paste and NFKC on the user ID', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    expect(input(login, 'userId').autocomplete).to.equal('username');
    expect(input(login, 'password').autocomplete).to.equal('current-password');
    expect(input(login, 'secondPassword').autocomplete).to.equal('current-password');
    expect(input(login, 'password').type).to.equal('password');
    expect(input(login, 'userId').getRootNode()).to.equal(document);
    expect(input(login, 'userId').form).to.equal(login.querySelector('form'));
    const paste = new ClipboardEvent('paste', { bubbles: true, cancelable: true });
    input(login, 'password').dispatchEvent(paste);
    expect(paste.defaultPrevented).to.equal(false);
    await fill(login, 'userId', 'ｓ２０２４００１');
    expect(input(login, 'userId').value).to.equal('s2024001');
    expect(login.loginState).to.deep.include({ status: 'credentials' });
    expect((login.loginState as { form: { userId: string } }).form.userId).to.equal('s2024001');
  });

  it('A6, A7, X2: keyboard only (Tab, Enter, Space): login, auth key, shomei-login', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    input(login, 'userId').focus();
    await sendKeys({ type: returning.userId });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: returning.password });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: returning.secondPassword });
    await sendKeys({ press: 'Enter' });
    await reach(login, 'auth-key');
    // The new screen's title has the focus, so it is announced.
    expect(login.shadowRoot!.activeElement).to.equal(heading(login));
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(input(login, 'authKey'));
    await sendKeys({ type: authKeyOf(test, returning.email) });
    await sendKeys({ press: 'Tab' });
    const trust = login.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    expect(document.activeElement).to.equal(trust);
    expect(trust.checked).to.equal(true);
    await sendKeys({ press: 'Space' });
    expect(trust.checked).to.equal(false);
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement?.textContent?.trim()).to.equal('認証');
    const loggedIn = oneEvent(login, 'shomei-login');
    await sendKeys({ press: 'Enter' });
    const event = await loggedIn;
    expect(event.detail.session.step).to.equal('authenticated');
    expect(event.detail.session.student.userId).to.equal(returning.userId);
    const verify = test.requests.find((request) => request.url.endsWith('/session/auth-key'));
    expect(JSON.parse(verify!.body)).to.deep.include({ trustDevice: false });
    await reach(login, 'authenticated');
    expect(text(login)).to.contain('ログインしました。');
  });

  it('A7: the auth-key screen: masked address, expiry in Japan time, one-time-code, trust ticked; axe', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    await logIn(login, returning);
    await reach(login, 'auth-key');
    const state = login.loginState as { maskedEmail: string; keyExpiresAt: string };
    expect(text(login)).to.contain(state.maskedEmail);
    expect(state.maskedEmail).to.not.equal(returning.email);
    expect(text(login)).to.contain(formatTokyoDateTime(state.keyExpiresAt));
    expect(formatTokyoDateTime('2026-04-01T03:00:00Z')).to.contain('12:00');
    expect(input(login, 'authKey').autocomplete).to.equal('one-time-code');
    expect(input(login, 'authKey').inputMode).to.equal('numeric');
    expect(login.querySelector<HTMLInputElement>('input[type="checkbox"]')!.checked).to.equal(true);
    expect(text(login)).to.contain('認証キー再発行');
    await expect(login).to.be.accessible();
  });

  it('X7: with the mail relay down the auth-key screen says the key may take a while; axe', async () => {
    const test = createTestClient();
    test.mock.mailRelay.setDown(true);
    const login = await mount(test.client);
    await logIn(login, returning);
    await reach(login, 'auth-key');
    expect(text(login)).to.contain('メールの送信に時間がかかっています');
    expect(text(login)).to.contain('「認証キー再発行」を押してください');
    await expect(login).to.be.accessible();
    // The relay is back and the retry delivers the key: the key works.
    test.mock.mailRelay.setDown(false);
    test.mock.clock.advance(16_000);
    expect(await test.mock.mailRelay.retry()).to.deep.equal({ attempted: 1, sent: 1 });
    await fill(login, 'authKey', authKeyOf(test, returning.email));
    button(login, '認証').click();
    await reach(login, 'authenticated');
  });

  it('X7: the registration screen says when the confirmation mail is delayed', async () => {
    const test = createTestClient();
    test.mock.mailRelay.setDown(true);
    const login = await mount(test.client);
    await logIn(login, firstLogin);
    await reach(login, 'email-registration');
    await fill(login, 'email', 'hanako@mail.example');
    await fill(login, 'emailConfirmation', 'hanako@mail.example');
    button(login, '確認').click();
    await reach(login, 'email-sent');
    expect(text(login)).to.contain('メールの送信に時間がかかっています');
    await expect(login).to.be.accessible();
  });

  it('A8: 認証キー再発行 says a new key was sent; the new key works', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    await logIn(login, returning);
    await reach(login, 'auth-key');
    const first = authKeyOf(test, returning.email);
    await fill(login, 'authKey', '000000');
    button(login, '認証キー再発行').click();
    await waitUntil(() => (login.loginState as { reissued?: boolean }).reissued === true);
    await settle(login);
    expect(text(login)).to.contain('認証キーを再発行しました');
    expect(test.mock.mailbox.all().filter((mail) => mail.kind === 'auth-key')).to.have.length(2);
    await expect(login).to.be.accessible();
    const second = authKeyOf(test, returning.email);
    expect(second).to.not.equal('');
    await fill(login, 'authKey', second === first ? second : second);
    button(login, '認証').click();
    await reach(login, 'authenticated');
  });

  it('A9, X5: a wrong key says how many tries are left and keeps the key; locked opens the dialog, focus in and back', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    const errors: string[] = [];
    login.addEventListener('shomei-error', (event) => errors.push(event.detail.error.code));
    await logIn(login, returning);
    await reach(login, 'auth-key');
    const key = authKeyOf(test, returning.email);
    const wrongKey = (n: number) => {
      const candidate = String(n).padStart(6, '0');
      return candidate === key ? '999999' : candidate;
    };
    await fill(login, 'authKey', wrongKey(0));
    button(login, '認証').click();
    await waitUntil(() => feedbackText(login) !== '');
    await settle(login);
    expect(feedbackText(login)).to.match(/あと\d+回/u);
    expect(input(login, 'authKey').value).to.equal(wrongKey(0));
    expect(errors).to.include('auth_key_wrong');
    await expect(login).to.be.accessible();

    const dialog = login.shadowRoot!.querySelector<ShomeiDialog>('shomei-dialog')!;
    for (let tries = 1; tries < 10 && !dialog.open; tries += 1) {
      await fill(login, 'authKey', wrongKey(tries));
      button(login, '認証').focus();
      button(login, '認証').click();
      await waitUntil(() => login.loginState?.status === 'auth-key');
      await settle(login);
      await dialog.updateComplete;
    }
    expect(dialog.open).to.equal(true);
    expect(errors).to.include('auth_key_locked');
    expect(dialog.textContent).to.contain('認証キー再発行');
    const reissue = [...dialog.querySelectorAll('button')].find(
      (candidate) => candidate.textContent?.trim() === '認証キー再発行',
    )!;
    expect(login.shadowRoot!.activeElement).to.equal(reissue);
    // The dialog's buttons are styled by the element's adopted sheets (no <style>: CSP).
    expect(getComputedStyle(reissue).minBlockSize).to.equal('44px');
    expect(login.shadowRoot!.querySelector('style')).to.equal(null);
    await expect(login).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open);
    await settle(login);
    expect(document.activeElement).to.equal(button(login, '認証'));
    expect((login.loginState as { lockedDialog: boolean }).lockedDialog).to.equal(false);
    // The lock stays said on the field once the dialog is closed.
    expect(feedbackText(login)).to.equal(errorMessage({ code: 'auth_key_locked' }));

    // 「認証」 again: only reissue helps, so the dialog says so again, without a call.
    const calls = test.requests.length;
    button(login, '認証').click();
    await settle(login);
    await waitUntil(() => dialog.open);
    expect(test.requests.length).to.equal(calls);
    reissue.click();
    await waitUntil(() => (login.loginState as { reissued?: boolean }).reissued === true);
    await settle(login);
    expect(dialog.open).to.equal(false);
    expect(text(login)).to.contain('認証キーを再発行しました');
    // The lock belonged to the old key.
    expect(feedbackText(login)).to.not.equal(errorMessage({ code: 'auth_key_locked' }));
  });

  it('A9, X5 (WCAG 3.3.1): a wrong or expired key is an error of the 認証キー field: aria-invalid, described by its message, focused; no form alert', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    await logIn(login, returning);
    await reach(login, 'auth-key');
    const key = authKeyOf(test, returning.email);
    const wrong = key === '000000' ? '111111' : '000000';
    await fill(login, 'authKey', wrong);
    button(login, '認証').focus();
    button(login, '認証').click();
    await waitUntil(() => feedbackText(login) !== '', 'no field error');
    await settle(login);
    const authKey = input(login, 'authKey');
    expect(authKey.getAttribute('aria-invalid')).to.equal('true');
    const described = (authKey.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' ');
    expect(described).to.match(/認証キーが正しくありません。.*あと\d+回/u);
    expect(document.activeElement).to.equal(authKey);
    expect(alertText(login)).to.equal('');
    await expect(login).to.be.accessible();

    // Typing another key clears the field's error; submitting the refused one again does not call.
    const calls = test.requests.length;
    button(login, '認証').click();
    await settle(login);
    expect(test.requests.length).to.equal(calls);
    expect(document.activeElement).to.equal(authKey);
    await fill(login, 'authKey', key);
    expect(authKey.getAttribute('aria-invalid')).to.equal('false');

    // An expired key: the same, with the expiry message.
    const { keyExpiresAt } = login.loginState as { keyExpiresAt: string };
    test.mock.clock.advance(Date.parse(keyExpiresAt) - test.mock.clock.now().getTime() + 1000);
    button(login, '認証').focus();
    button(login, '認証').click();
    await waitUntil(
      () => feedbackText(login) !== '',
      `no expiry error, at ${login.loginState?.status}`,
    );
    await settle(login);
    expect(feedbackText(login)).to.equal(errorMessage({ code: 'auth_key_expired' }));
    expect(authKey.getAttribute('aria-invalid')).to.equal('true');
    expect(document.activeElement).to.equal(authKey);
    expect(alertText(login)).to.equal('');
    await expect(login).to.be.accessible();
  });

  it('A7 (decision 0009): the trust checkbox says browser, in every language', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    await logIn(login, returning);
    await reach(login, 'auth-key');
    const label = () => login.querySelector('.shomei-login-check label')!.textContent!.trim();
    expect(label()).to.equal('このブラウザを信頼する');
    const expected = {
      en: 'Trust this browser',
      'zh-Hans': '信任此浏览器',
      ko: '이 브라우저 신뢰하기',
    };
    for (const [locale, wording] of Object.entries(expected)) {
      await setShomeiLocale(locale as keyof typeof expected);
      await settle(login);
      expect(label()).to.equal(wording);
    }
    await setShomeiLocale('ja');
  });

  it('X5: moved in the page (removed and added again), it keeps what was typed and logs in', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    await fill(login, 'userId', returning.userId);
    const parent = login.parentElement!;
    const elsewhere = document.createElement('div');
    parent.after(elsewhere);
    elsewhere.append(login);
    await settle(login);
    expect(login.loginState?.status).to.equal('credentials');
    expect(input(login, 'userId').value).to.equal(returning.userId);
    await fill(login, 'password', returning.password);
    await fill(login, 'secondPassword', returning.secondPassword);
    button(login, 'ログイン').click();
    await reach(login, 'auth-key');
    elsewhere.remove();
  });

  it('X5, A1: wrong credentials: a message that names no factor, everything typed kept, shomei-error', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    const failed = oneEvent(login, 'shomei-error');
    await logIn(login, { ...returning, password: 'wrong-password' });
    expect((await failed).detail.error.code).to.equal('invalid_credentials');
    await waitUntil(() => alertText(login) !== '');
    await settle(login);
    expect(alertText(login)).to.equal(errorMessage({ code: 'invalid_credentials' }));
    expect(input(login, 'userId').value).to.equal(returning.userId);
    expect(input(login, 'password').value).to.equal('wrong-password');
    expect(input(login, 'secondPassword').value).to.equal(returning.secondPassword);
    await expect(login).to.be.accessible();
  });

  for (const kind of ['network', 'server'] as const) {
    it(`X5: ${kind === 'network' ? 'network loss' : 'server fault'}: a clear message, nothing typed lost`, async () => {
      const login = await fixture<ShomeiLogin>(
        html`<shomei-login .client=${createFailingClient(kind)}></shomei-login>`,
      );
      await reach(login, 'credentials');
      await logIn(login, returning);
      await reach(login, 'submitting').catch(() => undefined);
      await reach(login, 'credentials');
      const expected = errorMessage({ code: kind === 'network' ? 'network' : 'internal' });
      await waitUntil(() => alertText(login) === expected, alertText(login));
      expect(input(login, 'userId').value).to.equal(returning.userId);
      expect(input(login, 'password').value).to.equal(returning.password);
      expect(input(login, 'secondPassword').value).to.equal(returning.secondPassword);
      await expect(login).to.be.accessible();
    });
  }

  it('X5: an empty required field is refused before any call, tied to its field', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    await fill(login, 'userId', returning.userId);
    const calls = test.requests.length;
    button(login, 'ログイン').click();
    await settle(login);
    expect(test.requests.length).to.equal(calls);
    expect(document.activeElement).to.equal(input(login, 'password'));
    expect(input(login, 'password').getAttribute('aria-invalid')).to.equal('true');
    expect(input(login, 'userId').value).to.equal(returning.userId);
    await expect(login).to.be.accessible();
  });

  it('X5: every login and generic error code has its own message', () => {
    const generic = errorMessage({ code: 'something_new' });
    for (const code of [
      'invalid_credentials',
      'rate_limited',
      'network',
      'timeout',
      'internal',
      'response_invalid',
      'unauthenticated',
      'wrong_step',
      'access_not_yet_available',
      'access_contact_office',
      'auth_key_wrong',
      'auth_key_locked',
      'auth_key_expired',
      'required',
      'invalid_request',
    ])
      expect(errorMessage({ code }), code).to.not.equal(generic);
    // Account and order codes are worded by their areas' modules, which fall back to this one.
    for (const code of [
      'email_mismatch',
      'second_password_rules',
      'second_password_mismatch',
      'link_invalid',
      'link_expired',
      'link_used',
      'current_second_password_wrong',
      'two_factor_not_changeable',
    ])
      expect(accountErrorMessage({ code }), code).to.not.equal(generic);
    for (const code of [
      'order_invalid',
      'delivery_invalid',
      'total_mismatch',
      'no_refund_not_acknowledged',
      'order_not_found',
      'order_not_payable',
      'already_paid',
      'payment_in_progress',
      'payment_method_unavailable',
      'payment_declined',
      'payment_cancelled',
      'payment_expired',
      'payment_not_found',
    ])
      expect(orderErrorMessage({ code }), code).to.not.equal(generic);
    expect(accountErrorMessage({ code: 'invalid_credentials' })).to.equal(
      errorMessage({ code: 'invalid_credentials' }),
    );
    expect(orderErrorMessage({ code: 'http_error', status: 503 })).to.equal(
      errorMessage({ code: 'internal' }),
    );
    expect(errorMessage({ code: 'rate_limited', retryAfterSeconds: 42 })).to.contain('42');
    expect(errorMessage({ code: 'busy', retryAfterSeconds: 3 })).to.contain('3');
    // Issue 14: past the cap on wrong keys, the student is sent to the second-password reset.
    expect(errorMessage({ code: 'auth_key_attempts_exhausted' })).to.contain(
      '第2パスワードを忘れた場合',
    );
    expect(errorMessage({ code: 'auth_key_wrong', attemptsLeft: 2 })).to.contain('2');
    expect(errorMessage({ code: 'http_error', status: 503 })).to.equal(
      errorMessage({ code: 'internal' }),
    );
  });

  it('A18: a graduate student is told to contact the office with the tenant notice; axe', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    await logIn(login, graduate);
    await waitUntil(() => alertText(login) !== '');
    const tenant = await test.client.getTenant();
    const notice = tenant.data!.accessRules.find((rule) => rule.group === 'graduate')!.notice.ja;
    expect(alertText(login)).to.equal(notice);
    expect(input(login, 'userId').value).to.equal(graduate.userId);
    await expect(login).to.be.accessible();
  });

  it('A18: a new student before the ceremony is told from when, in Japan time', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    const failed = oneEvent(login, 'shomei-error');
    await logIn(login, newStudent);
    const { error } = (await failed).detail as { error: { code: string; availableFrom?: string } };
    expect(error.code).to.equal('access_not_yet_available');
    await waitUntil(() => alertText(login) !== '');
    expect(alertText(login)).to.contain(formatTokyoDateTime(error.availableFrom!));
    await expect(login).to.be.accessible();
  });

  it('A2, A3: first login registers an email: notices with the sender, carrier help, mismatch, mail sent', async () => {
    const test = createTestClient();
    const login = await mount(test.client);
    await logIn(login, firstLogin);
    await reach(login, 'email-registration');
    await waitUntil(() => text(login).includes('no-reply@shomei-u.example'));
    expect(heading(login).textContent).to.contain('メールアドレス設定');
    for (const notice of [
      '「確認」ボタンを押すと、指定のメールアドレスに確認メールが送信されます。',
      'フリーメールアドレスの場合、確認メールを受信出来ない可能性があります。',
      '許可リストへ以下のアドレスを追加するようにして下さい。',
    ])
      expect(text(login)).to.contain(notice);
    expect(input(login, 'email').autocomplete).to.equal('email');
    expect(input(login, 'emailConfirmation').autocomplete).to.equal('email');
    await expect(login).to.be.accessible();

    // Carrier help follows the typed address.
    const carrier = () => login.querySelector('.shomei-login-carrier')?.textContent ?? '';
    await fill(login, 'email', 'hanako@docomo.ne.jp');
    expect(carrier()).to.contain('ドコモ');
    expect(carrier()).to.contain('shomei-u.example');
    await fill(login, 'email', 'hanako@ezweb.ne.jp');
    expect(carrier()).to.contain('au');
    await fill(login, 'email', 'hanako@i.softbank.jp');
    expect(carrier()).to.contain('ソフトバンク');
    await expect(login).to.be.accessible();
    await fill(login, 'email', 'hanako@mail.example');
    expect(carrier().trim()).to.equal('');

    // A mismatch is refused before any call, tied to the confirmation field.
    await fill(login, 'emailConfirmation', 'hanako@mail.exampel');
    button(login, '確認').click();
    await settle(login);
    expect(document.activeElement).to.equal(input(login, 'emailConfirmation'));
    expect(input(login, 'emailConfirmation').getAttribute('aria-invalid')).to.equal('true');
    await expect(login).to.be.accessible();

    await fill(login, 'emailConfirmation', 'hanako@mail.example');
    button(login, '確認').click();
    await reach(login, 'email-sent');
    expect(text(login)).to.contain('確認メールを送信しました。');
    expect(text(login)).to.contain('hanako@mail.example');
    await expect(login).to.be.accessible();
  });

  it('A4, A5: the registration link (URL fragment) completes it; then the second password with live rules', async () => {
    const test = createTestClient();
    let login = await mount(test.client);
    await logIn(login, firstLogin);
    await reach(login, 'email-registration');
    await fill(login, 'email', 'hanako@mail.example');
    await fill(login, 'emailConfirmation', 'hanako@mail.example');
    button(login, '確認').click();
    await reach(login, 'email-sent');
    const token = linkToken(test, 'hanako@mail.example', 'email-registration');
    expect(token).to.not.equal('');

    history.replaceState(
      null,
      '',
      `${location.pathname}${location.search}#email-registration=${token}`,
    );
    login = await fixture<ShomeiLogin>(html`<shomei-login .client=${test.client}></shomei-login>`);
    expect(location.hash).to.equal('');
    await reach(login, 'email-registered');
    expect(heading(login).textContent).to.contain('メールアドレス設定完了');
    expect(text(login)).to.contain('メールアドレスを設定しました。');
    await expect(login).to.be.accessible();
    button(login, 'ログインページへ移動').click();
    await reach(login, 'credentials');

    // A5: the next login sets the second password.
    await logIn(login, firstLogin);
    await reach(login, 'second-password-setup');
    expect(heading(login).textContent).to.contain('第2パスワード設定');
    expect(input(login, 'secondPassword').autocomplete).to.equal('new-password');
    expect(input(login, 'secondPasswordConfirmation').autocomplete).to.equal('new-password');
    const rules = () =>
      [...login.querySelectorAll('.shomei-login-rules li')].map((li) =>
        li.textContent!.replace(/\s+/gu, ''),
      );
    expect(rules()).to.have.length(5);
    await expect(login).to.be.accessible();
    await fill(login, 'secondPassword', 'abc');
    expect(rules()[0]).to.contain('✗').and.contain('未達成');
    expect(rules()[2]).to.contain('✓').and.contain('OK');
    expect(login.querySelector('.shomei-login-rules-summary')?.getAttribute('role')).to.equal(
      'status',
    );
    await waitUntil(
      () => login.querySelector('.shomei-login-rules-summary')?.textContent?.includes('2'),
      'the rule count was not announced',
    );
    // IME on: a live hint, not a silent failure.
    await fill(login, 'secondPassword', 'Ａｂｃ１２３４５');
    expect(text(login)).to.contain('IMEをオフにして');
    await expect(login).to.be.accessible();
    await fill(login, 'secondPassword', 'Hanako2026');
    expect(rules().every((rule) => rule.includes('✓'))).to.equal(true);
    await fill(login, 'secondPasswordConfirmation', 'Hanako2062');
    button(login, '設定').click();
    await settle(login);
    expect(document.activeElement).to.equal(input(login, 'secondPasswordConfirmation'));
    expect(text(login)).to.contain(accountErrorMessage({ code: 'second_password_mismatch' }));
    await fill(login, 'secondPasswordConfirmation', 'Hanako2026');
    button(login, '設定').click();
    await reach(login, 'second-password-set');
    expect(text(login)).to.contain('第2パスワードが設定されました');
    await expect(login).to.be.accessible();
    button(login, 'OK').click();
    await reach(login, 'auth-key');
  });

  it('A4, X5: a used or invalid registration link says so, with a way back', async () => {
    const test = createTestClient();
    history.replaceState(null, '', `${location.pathname}#email-registration=not-a-token`);
    const login = await fixture<ShomeiLogin>(
      html`<shomei-login .client=${test.client}></shomei-login>`,
    );
    expect(location.hash).to.equal('');
    await reach(login, 'link-error');
    const code = (login.loginState as { error: { code: string } }).error.code;
    // A token that is not even well-formed is refused as a request; it reads as an invalid link.
    expect(['link_invalid', 'invalid_request']).to.include(code);
    expect(alertText(login)).to.equal(accountErrorMessage({ code: 'link_invalid' }));
    await expect(login).to.be.accessible();
    button(login, 'ログインページへ移動').click();
    await reach(login, 'credentials');
  });

  /** The returning student asked for a change to `email`; the mail's link is in the mailbox. */
  async function emailChangeRequested(test: TestClient, email: string): Promise<string> {
    await loginReturningStudent(test);
    const { secondPassword } = returning;
    expect((await test.client.reauthenticate({ secondPassword })).error).to.equal(null);
    const requested = await test.client.requestEmailChange({ email, emailConfirmation: email });
    expect(requested.error).to.equal(null);
    const token = linkToken(test, email, 'email-change');
    expect(token).to.not.equal('');
    return token;
  }

  it('A11: the change link on the login page, logged in: redeemed, completion shown, OK goes on logged in', async () => {
    const test = createTestClient();
    const token = await emailChangeRequested(test, 'taro.new@mail.example');
    history.replaceState(null, '', `${location.pathname}#email-change=${token}`);
    const login = document.createElement('shomei-login');
    login.client = test.client;
    const changed = oneEvent(login, 'shomei-account-change');
    (await fixture<HTMLDivElement>(html`<div></div>`)).append(login);
    await login.updateComplete;
    expect(location.hash).to.equal('');
    expect((await changed).detail).to.deep.equal({
      change: 'email',
      email: 'taro.new@mail.example',
    });
    await reach(login, 'email-changed');
    expect(heading(login).textContent).to.contain('メールアドレス変更完了');
    expect(text(login)).to.contain('メールアドレスを taro.new@mail.example に変更しました。');
    await expect(login).to.be.accessible();
    const session = await test.client.getSession();
    expect(session.data?.step === 'authenticated' && session.data.email).to.equal(
      'taro.new@mail.example',
    );

    const loggedIn = oneEvent(login, 'shomei-login');
    button(login, 'OK').click();
    expect((await loggedIn).detail.session.email).to.equal('taro.new@mail.example');
    await reach(login, 'authenticated');
  });

  it('A11: the change link in a logged-out browser: redeemed without a login, then the login box', async () => {
    const test = createTestClient();
    const token = await emailChangeRequested(test, 'taro.out@mail.example');
    expect((await test.client.logout()).error).to.equal(null);
    history.replaceState(null, '', `${location.pathname}#email-change=${token}`);
    const login = await fixture<ShomeiLogin>(
      html`<shomei-login .client=${test.client}></shomei-login>`,
    );
    expect(location.hash).to.equal('');
    await reach(login, 'email-changed');
    expect(text(login)).to.contain('メールアドレスを taro.out@mail.example に変更しました。');
    button(login, 'OK').click();
    await reach(login, 'credentials');
    expect(heading(login).textContent).to.contain('在学生ログイン');
  });

  it('A11, X5: an expired change link says so, with a way on', async () => {
    const test = createTestClient();
    const token = await emailChangeRequested(test, 'taro.late@mail.example');
    const { data: tenant } = await test.client.getTenant();
    test.mock.clock.advance((tenant!.linkTtlMinutes + 1) * 60_000);
    history.replaceState(null, '', `${location.pathname}#email-change=${token}`);
    const login = await fixture<ShomeiLogin>(
      html`<shomei-login .client=${test.client}></shomei-login>`,
    );
    await reach(login, 'link-error');
    expect(alertText(login)).to.equal(accountErrorMessage({ code: 'link_expired' }));
    await expect(login).to.be.accessible();
    // The link outlived the idle session (30 minutes against 15): OK leads to the login box.
    button(login, 'OK').click();
    await reach(login, 'credentials');
  });

  it('A11, X5: a used or unknown change link says so in the page language, with a way on', async () => {
    const test = createTestClient();
    const token = await emailChangeRequested(test, 'taro.used@mail.example');
    expect((await test.client.confirmEmailChange({ token })).error).to.equal(null);
    expect((await test.client.logout()).error).to.equal(null);
    history.replaceState(null, '', `${location.pathname}#email-change=${token}`);
    let login = await fixture<ShomeiLogin>(
      html`<shomei-login .client=${test.client}></shomei-login>`,
    );
    await reach(login, 'link-error');
    expect(alertText(login)).to.equal(accountErrorMessage({ code: 'link_used' }));
    expect(heading(login).textContent).to.contain('メールアドレス変更');
    expect(text(login)).to.contain('メニューの「メールアドレス変更」から');
    await expect(login).to.be.accessible();
    button(login, 'OK').click();
    await reach(login, 'credentials');

    await setShomeiLocale('en');
    try {
      history.replaceState(null, '', `${location.pathname}#email-change=not-a-token`);
      login = await fixture<ShomeiLogin>(
        html`<shomei-login .client=${test.client}></shomei-login>`,
      );
      await reach(login, 'link-error');
      expect(alertText(login)).to.equal(accountErrorMessage({ code: 'link_invalid' }));
      expect(heading(login).textContent).to.contain('Change email address');
    } finally {
      await setShomeiLocale('ja');
    }
  });

  it('A13: forgotten second password: the same answer for any address; the reset link sets a new one', async () => {
    const test = createTestClient();
    let login = await mount(test.client);
    await fill(login, 'userId', returning.userId);
    button(login, '第2パスワードを忘れた場合').click();
    await reach(login, 'reset-request');
    expect(heading(login).textContent).to.contain('第2パスワードを忘れた場合');
    expect(input(login, 'email').autocomplete).to.equal('email');
    await expect(login).to.be.accessible();
    await fill(login, 'email', 'nobody@mail.example');
    button(login, '送信').click();
    await reach(login, 'reset-sent');
    const unknownAnswer = login.querySelector('form')!.textContent!.replace(/\s+/gu, ' ');
    await expect(login).to.be.accessible();
    button(login, 'ログインページへ移動').click();
    await reach(login, 'credentials');
    // X5: the login box is as it was left.
    expect(input(login, 'userId').value).to.equal(returning.userId);
    button(login, '第2パスワードを忘れた場合').click();
    await reach(login, 'reset-request');
    await fill(login, 'email', returning.email);
    button(login, '送信').click();
    await reach(login, 'reset-sent');
    expect(login.querySelector('form')!.textContent!.replace(/\s+/gu, ' ')).to.equal(unknownAnswer);

    const token = linkToken(test, returning.email, 'second-password-reset');
    history.replaceState(null, '', `${location.pathname}#second-password-reset=${token}`);
    login = await fixture<ShomeiLogin>(html`<shomei-login .client=${test.client}></shomei-login>`);
    expect(location.hash).to.equal('');
    await reach(login, 'reset-link');
    expect(heading(login).textContent).to.contain('第2パスワード再設定');
    expect(input(login, 'secondPassword').autocomplete).to.equal('new-password');
    await expect(login).to.be.accessible();
    await fill(login, 'secondPassword', 'Renewed2026');
    await fill(login, 'secondPasswordConfirmation', 'Renewed2026');
    button(login, '変更').click();
    await reach(login, 'reset-done');
    expect(text(login)).to.contain('第2パスワードが設定されました');
    await expect(login).to.be.accessible();
    button(login, 'OK').click();
    await reach(login, 'credentials');
    await logIn(login, { ...returning, secondPassword: 'Renewed2026' });
    await reach(login, 'auth-key');
  });

  it('A5, A13 (X2): the rule count (role=status) is announced once typing pauses (~600 ms), not on every keystroke', async () => {
    const test = createTestClient();
    await test.client.requestSecondPasswordReset({ email: returning.email });
    const token = linkToken(test, returning.email, 'second-password-reset');
    history.replaceState(null, '', `${location.pathname}#second-password-reset=${token}`);
    const login = await fixture<ShomeiLogin>(
      html`<shomei-login .client=${test.client}></shomei-login>`,
    );
    await reach(login, 'reset-link');
    const summary = () =>
      login.querySelector('.shomei-login-rules-summary')!.textContent!.replace(/\s+/gu, '');
    const changes: string[] = [];
    const observer = new MutationObserver(() => changes.push(summary()));
    observer.observe(login.querySelector('.shomei-login-rules-summary')!, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    expect(summary()).to.equal('');
    // Typing quickly, one character at a time: the list follows at once, the live region waits.
    for (const typed of ['a', 'aB', 'aB3', 'aB3d']) {
      await fill(login, 'secondPassword', typed);
      expect(summary()).to.equal('');
    }
    expect(login.querySelectorAll('.shomei-login-rules li.met')).to.have.length(4);
    const started = performance.now();
    await waitUntil(() => summary() !== '', 'never announced');
    expect(performance.now() - started).to.be.greaterThan(300);
    expect(summary()).to.equal('ルール5項目のうち4項目を満たしています。');
    observer.disconnect();
    // One announcement for the whole burst of typing.
    expect(new Set(changes.filter((change) => change !== ''))).to.have.length(1);
    await expect(login).to.be.accessible();
  });

  it('A13, X5: a used reset link says so', async () => {
    const test = createTestClient();
    await test.client.requestSecondPasswordReset({ email: returning.email });
    const token = linkToken(test, returning.email, 'second-password-reset');
    await test.client.resetSecondPassword({
      token,
      secondPassword: 'Renewed2026',
      secondPasswordConfirmation: 'Renewed2026',
    });
    history.replaceState(null, '', `${location.pathname}#second-password-reset=${token}`);
    const login = await fixture<ShomeiLogin>(
      html`<shomei-login .client=${test.client}></shomei-login>`,
    );
    await reach(login, 'reset-link');
    await fill(login, 'secondPassword', 'Another2026');
    await fill(login, 'secondPasswordConfirmation', 'Another2026');
    button(login, '変更').click();
    await reach(login, 'link-error');
    expect(alertText(login)).to.equal(accountErrorMessage({ code: 'link_used' }));
    expect(heading(login).textContent).to.contain('第2パスワード再設定');
    await expect(login).to.be.accessible();
  });

  it('A19: the login box fits 320 px', async () => {
    const test = createTestClient();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="inline-size: 320px">
        <shomei-login .client=${test.client}></shomei-login>
      </div>`,
    );
    const login = wrapper.querySelector('shomei-login')!;
    await reach(login, 'credentials');
    const right = wrapper.getBoundingClientRect().right;
    const wide = [login, ...login.querySelectorAll('*'), ...login.shadowRoot!.querySelectorAll('*')]
      .filter((node) => node.getBoundingClientRect().right > right + 0.5)
      .map(
        (node) => `${node.tagName}.${node.className}:${node.getBoundingClientRect().right - right}`,
      );
    expect(wide).to.deep.equal([]);
    expect(login.scrollWidth).to.be.at.most(320);
    expect(login.querySelector('form')!.scrollWidth).to.be.at.most(320);
  });

  describe('the login box before the session answers', () => {
    /** A client of a fresh mock whose `getSession` answers once the test calls `release()`. */
    function heldSession() {
      const test = createTestClient();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let answered = 0;
      const client: ShomeiClient = {
        ...test.client,
        request: (async (name, input) => {
          if (name !== 'getSession') return test.client.request(name, input);
          await gate;
          const result = await test.client.request(name, input);
          answered += 1;
          return result;
        }) as ShomeiClient['request'],
      };
      const hint = `${HINT_PREFIX}${client.baseUrl}`;
      return { test, client, release, answered: () => answered, hint };
    }

    /** Logs `student` in up to the auth key, on the client the element will get. */
    async function partWay(held: ReturnType<typeof heldSession>): Promise<void> {
      const { data } = await held.test.client.login({
        userId: returning.userId,
        password: returning.password,
        secondPassword: returning.secondPassword,
      });
      expect(data?.step).to.equal('auth-key');
    }

    const busy = (login: ShomeiLogin) =>
      login.shadowRoot!.querySelector('[part="base"]')!.getAttribute('aria-busy');

    it('A1: with no hint, the login box takes typing before the session answers, and keeps it', async () => {
      const held = heldSession();
      const login = await fixture<ShomeiLogin>(
        html`<shomei-login .client=${held.client}></shomei-login>`,
      );
      await reach(login, 'credentials');
      expect(held.answered()).to.equal(0);
      expect(input(login, 'userId').disabled).to.equal(false);
      expect(busy(login)).to.equal('false');
      await fill(login, 'userId', returning.userId);
      await fill(login, 'password', returning.password);
      const focused = document.activeElement;
      expect(focused).to.equal(input(login, 'password'));

      held.release();
      await waitUntil(() => held.answered() === 1, 'the session never answered');
      await settle(login);
      expect(login.loginState).to.deep.include({
        status: 'credentials',
        form: { userId: returning.userId, password: returning.password, secondPassword: '' },
      });
      expect(login.loginState).not.to.have.property('error');
      expect(input(login, 'password').value).to.equal(returning.password);
      expect(document.activeElement).to.equal(focused);
      expect(localStorage.getItem(held.hint)).to.equal(null);
    });

    it('A7: with the hint, a browser part-way at its auth key never sees the login box', async () => {
      const held = heldSession();
      await partWay(held);
      localStorage.setItem(held.hint, '1');
      const login = document.createElement('shomei-login');
      login.client = held.client;
      const steps: string[] = [];
      login.addEventListener('shomei-login-step', (event) => steps.push(event.detail.status));
      let loginBoxShown = false;
      const observer = new MutationObserver(() => {
        if (login.querySelector('shomei-text-field[name="userId"]') !== null) loginBoxShown = true;
      });
      observer.observe(login, { subtree: true, childList: true });
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(login);
      await login.updateComplete;
      expect(login.loginState?.status).to.equal('loading');
      expect(busy(login)).to.equal('true');
      expect(login.querySelector('[role="status"]')?.textContent?.trim()).to.equal('処理中です…');

      held.release();
      await reach(login, 'auth-key');
      observer.disconnect();
      expect(loginBoxShown).to.equal(false);
      expect(steps).to.deep.equal(['loading', 'auth-key']);
      expect(heading(login).textContent).to.contain('認証キー入力');
      // Page load: the page decides where focus starts.
      expect(login.shadowRoot!.activeElement).to.equal(null);
    });

    it('with the hint, a logged-in browser goes on with shomei-login', async () => {
      const held = heldSession();
      await partWay(held);
      const verified = await held.test.client.verifyAuthKey({
        authKey: authKeyOf(held.test, returning.email),
        trustDevice: false,
      });
      expect(verified.error).to.equal(null);
      localStorage.setItem(held.hint, '1');
      const login = document.createElement('shomei-login');
      login.client = held.client;
      const loggedIn = oneEvent(login, 'shomei-login');
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(login);
      await login.updateComplete;
      expect(login.loginState?.status).to.equal('loading');

      held.release();
      const event = await loggedIn;
      expect(event.detail.session.student.userId).to.equal(returning.userId);
      expect(localStorage.getItem(held.hint)).to.equal('1');
    });

    it('A7: without the hint, a student part-way who was typing is moved to the auth key with focus on its title', async () => {
      const held = heldSession();
      await partWay(held);
      const login = await fixture<ShomeiLogin>(
        html`<shomei-login .client=${held.client}></shomei-login>`,
      );
      await reach(login, 'credentials');
      await fill(login, 'userId', returning.userId);

      held.release();
      await reach(login, 'auth-key');
      expect(login.shadowRoot!.activeElement).to.equal(heading(login));
      // Next time this browser waits for the service instead of showing the login box first.
      expect(localStorage.getItem(held.hint)).to.equal('1');
    });

    it('the hint is kept past the login box and dropped once the service says there is no session', async () => {
      const test = createTestClient();
      const hint = `${HINT_PREFIX}${test.client.baseUrl}`;
      const login = await mount(test.client);
      expect(localStorage.getItem(hint)).to.equal(null);
      await logIn(login, returning);
      await reach(login, 'auth-key');
      expect(localStorage.getItem(hint)).to.equal('1');
      button(login, 'ログイン画面に戻る').click();
      await reach(login, 'credentials');
      expect(localStorage.getItem(hint)).to.equal(null);
    });
  });

  describe('passkeys (A20)', () => {
    let authenticator: FakeAuthenticator | undefined;
    afterEach(() => {
      authenticator?.restore();
      authenticator = undefined;
    });

    const passkeyButton = (login: ShomeiLogin) =>
      [...login.querySelectorAll('button')].find(
        (candidate) => candidate.textContent?.trim() === 'パスキーでログイン',
      );

    const requestsTo = (test: TestClient, path: string) =>
      test.requests.filter((request) => new URL(request.url).pathname.endsWith(path));

    /** A tenant like the demo's, with its passkey mode changed. */
    function clientWithPasskeys(mode: 'off' | 'offered' | 'required-after-first-login') {
      const demo = createDemoTenant();
      return createTestClient({
        tenants: [
          { ...demo, settings: { ...demo.settings, passkeys: { mode, rpId: 'localhost' } } },
        ],
        accounts: createDemoAccounts(new Date()),
      });
    }

    it('A20: the login box offers 「パスキーでログイン」 and the passkeys in the user ID autofill', async () => {
      authenticator = fakeAuthenticator();
      const test = createTestClient();
      const login = await mount(test.client);
      await waitUntil(() => passkeyButton(login) !== undefined, 'no passkey button');
      await settle(login);
      expect(input(login, 'userId').getAttribute('autocomplete')).to.equal('username webauthn');
      expect(passkeyButton(login)!.type).to.equal('button');
      // Conditional UI: the browser waits on the autofill with the service's options.
      await waitUntil(() => authenticator!.gets.length === 1, 'no autofill wait');
      expect(authenticator.gets[0]!.mediation).to.equal('conditional');
      expect(requestsTo(test, '/session/passkey/options')).to.have.length(1);
      await expect(login).to.be.accessible();
    });

    it('A20: no passkey button when the tenant has passkeys off', async () => {
      authenticator = fakeAuthenticator();
      const test = clientWithPasskeys('off');
      const login = await mount(test.client);
      await waitUntil(() => text(login).includes('証明大学'));
      await settle(login);
      expect(passkeyButton(login)).to.equal(undefined);
      expect(input(login, 'userId').getAttribute('autocomplete')).to.equal('username');
      expect(authenticator.gets).to.have.length(0);
    });

    it('A20: no passkey button where the browser cannot use passkeys', async () => {
      const saved = globalThis.PublicKeyCredential;
      Object.assign(globalThis, { PublicKeyCredential: undefined });
      try {
        const test = createTestClient();
        const login = await mount(test.client);
        await waitUntil(() => text(login).includes('証明大学'));
        await settle(login);
        expect(passkeyButton(login)).to.equal(undefined);
        expect(input(login, 'userId').getAttribute('autocomplete')).to.equal('username');
      } finally {
        Object.assign(globalThis, { PublicKeyCredential: saved });
      }
    });

    it('A20: by keyboard, Enter on 「パスキーでログイン」 asks the browser; a refused passkey keeps the form', async () => {
      authenticator = fakeAuthenticator('answer');
      const test = createTestClient();
      const login = await mount(test.client);
      await waitUntil(() => passkeyButton(login) !== undefined, 'no passkey button');
      await fill(login, 'userId', returning.userId);
      button(login, 'ログイン').focus();
      await sendKeys({ press: 'Tab' });
      expect(document.activeElement).to.equal(passkeyButton(login));
      await sendKeys({ press: 'Enter' });
      // The fake passkey is refused by the service: back at the box, the user ID kept.
      await waitUntil(() => alertText(login) !== '', 'no error shown');
      expect(alertText(login)).to.equal(errorMessage({ code: 'passkey_failed' }));
      expect(input(login, 'userId').value).to.equal(returning.userId);
      // The prompt's options name the typed user ID (the autofill's name none).
      const asked = requestsTo(test, '/session/passkey/options').map(
        (request) => JSON.parse(request.body) as { userId?: string },
      );
      expect(asked).to.deep.include({ userId: returning.userId });
      const sent = requestsTo(test, '/session/passkey').at(-1)!;
      expect(JSON.parse(sent.body).response).to.include({ id: 'ZmFrZS1jcmVk', type: 'public-key' });
      expect(authenticator.gets.some((options) => options.mediation !== 'conditional')).to.equal(
        true,
      );
      await expect(login).to.be.accessible();
    });

    it('A20: a prompt the student closed says so, and the password way still works', async () => {
      authenticator = fakeAuthenticator('closed');
      const test = createTestClient();
      const login = await mount(test.client);
      await waitUntil(() => passkeyButton(login) !== undefined, 'no passkey button');
      await fill(login, 'password', 'typed');
      passkeyButton(login)!.click();
      await waitUntil(() => alertText(login) !== '', 'no error shown');
      expect(alertText(login)).to.equal(errorMessage({ code: 'passkey_cancelled' }));
      expect(input(login, 'password').value).to.equal('typed');
      expect(login.loginState?.status).to.equal('credentials');
    });

    it('A20: submitting the password form ends the autofill wait', async () => {
      authenticator = fakeAuthenticator();
      const test = createTestClient();
      const login = await mount(test.client);
      await waitUntil(() => authenticator!.gets.length === 1, 'no autofill wait');
      const autofill = authenticator.gets[0]!;
      await logIn(login, returning);
      await reach(login, 'auth-key');
      await waitUntil(() => autofill.signal?.aborted === true, 'the autofill still waits');
    });

    /** A client whose session says passkeyRequired, as the service will for such a tenant. */
    function requiringClient() {
      const demo = createDemoTenant();
      const mock = createMockService({
        logger: quietLogger,
        tenants: [
          {
            ...demo,
            settings: {
              ...demo.settings,
              passkeys: { mode: 'required-after-first-login', rpId: 'localhost' },
            },
          },
        ],
        accounts: createDemoAccounts(new Date()),
      });
      const requests: TestClient['requests'][number][] = [];
      const client = mockBackedClient(mock, async (request) => {
        requests.push({
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: await request.clone().text(),
        });
        const response = await mock.app.fetch(request);
        const path = new URL(request.url).pathname;
        if (!path.endsWith('/session') || !response.ok) return response;
        const view = (await response.json()) as Record<string, unknown>;
        return Response.json(
          view.step === 'authenticated' ? { ...view, passkeyRequired: true } : view,
          { headers: response.headers },
        );
      });
      return { mock, client, requests };
    }

    it('A20: a tenant that requires passkeys asks the student to register one, with a suggested name', async () => {
      authenticator = fakeAuthenticator('answer');
      const test = requiringClient();
      await loginReturningStudent(test);
      const login = await fixture<ShomeiLogin>(
        html`<shomei-login .client=${test.client}></shomei-login>`,
      );
      await reach(login, 'passkey-registration');
      await waitUntil(() => input(login, 'passkeyName').value !== '', 'no suggested name');
      expect(heading(login).textContent).to.contain('パスキー登録');
      expect(text(login)).to.contain(
        'この大学では、パスキーの登録が必要です。このデバイスにパスキーを登録してください。',
      );
      button(login, 'ログアウト');
      await expect(login).to.be.accessible();

      await fill(login, 'passkeyName', '研究室のPC');
      button(login, 'パスキーを登録').click();
      // The mock asks for a recent re-authentication, or refuses the fake passkey: either way
      // the screen says why and keeps the name.
      await waitUntil(() => alertText(login) !== '', 'no error shown');
      expect(login.loginState?.status).to.equal('passkey-registration');
      expect(input(login, 'passkeyName').value).to.equal('研究室のPC');
      await expect(login).to.be.accessible();

      button(login, 'ログアウト').click();
      await reach(login, 'credentials');
    });
  });
});
