/**
 * <shomei-login> (A1–A9, A11, A13, A18, A20): every screen of the login journey and every error of X5,
 * against the story's mock. Steps the service decides are reached through the SDK before the
 * element renders (./support/states.ts); what the student types is typed in `play`.
 */
import '@shomei/elements/define/shomei-login.js';
import type { ShomeiLogin } from '@shomei/elements';
import { DEMO_STUDENTS } from '@shomei/mock';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import {
  alerts,
  elementOf,
  exhaustRateLimit,
  expireAuthKey,
  expireLinks,
  fakeAuthenticator,
  fieldSays,
  fill,
  fillAll,
  FIRST_LOGIN_EMAIL,
  loginAs,
  openLink,
  openLinkFrom,
  press,
  queryAll,
  reaches,
  reauthenticated,
  requirePasskey,
  shows,
  simulateNetworkLoss,
  simulatePendingResponses,
  simulateServerFault,
  storyMock,
  WRONG,
  type ShomeiStoryParameters,
} from './support/index.js';

const { returning, firstLogin, graduate, notYetAvailable } = DEMO_STUDENTS;

/** Wednesday 3 June 2026, 10:00 in Tokyo: expiry times on screen stay the same. */
const CLOCK = new Date('2026-06-03T01:00:00Z');

type Play = (context: { canvasElement: HTMLElement }) => Promise<void>;

const loginOf = (canvas: HTMLElement) => elementOf<ShomeiLogin>(canvas, 'shomei-login');
const statusOf = (canvas: HTMLElement) => () => loginOf(canvas).loginState?.status;
const submit = (login: ShomeiLogin) =>
  login.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();

/** Types the login form and submits it (locale-independent). */
async function logIn(
  canvas: HTMLElement,
  credentials: { userId: string; password: string; secondPassword?: string },
): Promise<ShomeiLogin> {
  const login = loginOf(canvas);
  await reaches(statusOf(canvas), 'credentials');
  await fillAll(login, {
    userId: credentials.userId,
    password: credentials.password,
    secondPassword: credentials.secondPassword ?? '',
  });
  submit(login);
  return login;
}

/** Waits for a screen (flow status), then for its heading's text. */
const at =
  (status: string, more?: Play): Play =>
  async ({ canvasElement }) => {
    await reaches(statusOf(canvasElement), status);
    const heading = loginOf(canvasElement).shadowRoot?.querySelector('[part="heading"]');
    await waitFor(() => expect(heading?.textContent?.trim()).not.toBe(''));
    await more?.({ canvasElement });
  };

/** Waits until the tenant's name is in the header (the box is complete). */
const showsTenant: Play = async ({ canvasElement }) => {
  const name = loginOf(canvasElement).shadowRoot?.querySelector('[part="tenant-name"]');
  await waitFor(() => expect(name?.textContent?.trim()).not.toBe(''));
};

const meta = {
  title: 'Elements/Login',
  component: 'shomei-login',
  parameters: { shomei: { mock: { clock: CLOCK } } satisfies ShomeiStoryParameters },
  render: () => html`<shomei-login></shomei-login>`,
} satisfies Meta;
export default meta;

type Story = StoryObj;

// ---- credentials (A1, A2) ---------------------------------------------------------------

/** A1: the empty login box with the manual's notices and the language picker. */
export const Credentials: Story = { play: at('credentials', showsTenant) };

/**
 * Loading: a browser that got past the login box before (its hint is kept) waits for the session
 * before it shows a screen, so a student part-way through a login never sees the box flash.
 */
export const Loading: Story = {
  beforeEach: () => {
    const hint = `shomei:login-hint:${storyMock().client.baseUrl}`;
    localStorage.setItem(hint, '1');
    simulatePendingResponses('getSession');
    return () => localStorage.removeItem(hint);
  },
  play: async ({ canvasElement }) => {
    const base = () => loginOf(canvasElement).shadowRoot?.querySelector('[part="base"]');
    await waitFor(() => expect(base()?.getAttribute('aria-busy')).toBe('true'));
  },
};

/** A1: any other browser gets the login box at once, while the session is still being read. */
export const CredentialsBeforeSession: Story = {
  beforeEach: () => {
    localStorage.removeItem(`shomei:login-hint:${storyMock().client.baseUrl}`);
    simulatePendingResponses('getSession');
  },
  play: async ({ canvasElement }) => {
    const login = loginOf(canvasElement);
    await waitFor(() =>
      expect(
        login.querySelector<HTMLInputElement>('input[autocomplete="username"]')?.disabled,
      ).toBe(false),
    );
    const base = login.shadowRoot?.querySelector('[part="base"]');
    await expect(base?.getAttribute('aria-busy')).toBe('false');
  },
};

/** X5 wrong input: a message that names no factor; everything typed stays. */
export const WrongCredentials: Story = {
  play: async ({ canvasElement }) => {
    const login = await logIn(canvasElement, { ...returning, password: WRONG.password });
    await alerts(login);
    await expect(login.loginState).toMatchObject({ error: { code: 'invalid_credentials' } });
  },
};

/** A18: a graduate student is told to contact the office (the tenant's notice). */
export const AccessDeniedGraduate: Story = {
  play: async ({ canvasElement }) => {
    const login = await logIn(canvasElement, graduate);
    await alerts(login, '学生支援課');
  },
};

/** A18: a new student before the entrance ceremony is told from when (Japan time). */
export const AccessNotYetAvailable: Story = {
  play: async ({ canvasElement }) => {
    const login = await logIn(canvasElement, notYetAvailable);
    await waitFor(() =>
      expect(login.loginState).toMatchObject({ error: { code: 'access_not_yet_available' } }),
    );
    await alerts(login);
  },
};

/** X5 rate limit: too many tries for the account; the message says when to try again. */
export const RateLimited: Story = {
  beforeEach: async () => {
    await exhaustRateLimit('login');
  },
  play: async ({ canvasElement }) => {
    const login = await logIn(canvasElement, returning);
    await waitFor(() =>
      expect(login.loginState).toMatchObject({ error: { code: 'rate_limited' } }),
    );
    await alerts(login);
  },
};

/** X5 network loss at ログイン: a clear message, nothing typed lost. */
export const NetworkLoss: Story = {
  beforeEach: () => simulateNetworkLoss('login'),
  play: async ({ canvasElement }) => {
    const login = await logIn(canvasElement, returning);
    await alerts(login, '通信できませんでした');
  },
};

/** X5 server fault (HTTP 500) at ログイン. */
export const ServerFault: Story = {
  beforeEach: () => simulateServerFault('login'),
  play: async ({ canvasElement }) => {
    const login = await logIn(canvasElement, returning);
    await waitFor(() => expect(login.loginState).toMatchObject({ error: { code: 'internal' } }));
    await alerts(login);
  },
};

// ---- first login: email registration (A3, A4) -------------------------------------------

/** A3: the first login (s2026001) registers an address; notices with the sender address. */
export const EmailRegistration: Story = {
  play: async ({ canvasElement }) => {
    await logIn(canvasElement, firstLogin);
    await at('email-registration')({ canvasElement });
    await shows(loginOf(canvasElement), 'no-reply@shomei-u.example');
  },
};

/** A3: a carrier address (docomo) adds that carrier's allow-list steps. */
export const EmailRegistrationCarrierHelp: Story = {
  beforeEach: async () => {
    await loginAs('firstLogin', { until: 'email-registration' });
  },
  play: async ({ canvasElement }) => {
    await at('email-registration')({ canvasElement });
    const login = loginOf(canvasElement);
    await fill(login, 'email', 'hanako@docomo.ne.jp');
    await waitFor(() =>
      expect(login.querySelector('.shomei-login-carrier')?.textContent).toContain('ドコモ'),
    );
  },
};

/** A3, X5: the confirmation differs: refused before any call, tied to its field. */
export const EmailRegistrationMismatch: Story = {
  beforeEach: async () => {
    await loginAs('firstLogin', { until: 'email-registration' });
  },
  play: async ({ canvasElement }) => {
    await at('email-registration')({ canvasElement });
    const login = loginOf(canvasElement);
    await fillAll(login, { email: FIRST_LOGIN_EMAIL, emailConfirmation: 'hanako@mail.exampel' });
    submit(login);
    await waitFor(() =>
      expect(
        login
          .querySelector('shomei-text-field[name="emailConfirmation"] input')
          ?.getAttribute('aria-invalid'),
      ).toBe('true'),
    );
  },
};

/** A3: 「確認メールを送信しました。」 with the address and the link's expiry. */
export const EmailRegistrationSent: Story = {
  beforeEach: async () => {
    await loginAs('firstLogin', { until: 'email-registration' });
  },
  play: async ({ canvasElement }) => {
    await at('email-registration')({ canvasElement });
    const login = loginOf(canvasElement);
    await fillAll(login, { email: FIRST_LOGIN_EMAIL, emailConfirmation: FIRST_LOGIN_EMAIL });
    submit(login);
    await at('email-sent')({ canvasElement });
    await shows(login, FIRST_LOGIN_EMAIL);
  },
};

/** A4: the page opened from the mail's link (`#email-registration=…`): registration done. */
export const EmailRegistrationLinkCompleted: Story = {
  beforeEach: async () => {
    await loginAs('firstLogin', { until: 'email-registration-sent' });
    openLinkFrom(FIRST_LOGIN_EMAIL, 'email-registration');
  },
  play: at('email-registered'),
};

/** A4, X5 expired link: the link's 30 minutes have passed (mock clock). */
export const EmailRegistrationLinkExpired: Story = {
  beforeEach: async () => {
    openLink('email-registration', await expireLinks());
  },
  play: async ({ canvasElement }) => {
    await at('link-error')({ canvasElement });
    await expect(loginOf(canvasElement).loginState).toMatchObject({
      error: { code: 'link_expired' },
    });
    await alerts(loginOf(canvasElement));
  },
};

/** A4, X5: the link was already used. */
export const EmailRegistrationLinkUsed: Story = {
  beforeEach: async () => {
    await loginAs('firstLogin', { until: 'second-password-setup' });
    openLinkFrom(FIRST_LOGIN_EMAIL, 'email-registration');
  },
  play: async ({ canvasElement }) => {
    await at('link-error')({ canvasElement });
    await expect(loginOf(canvasElement).loginState).toMatchObject({ error: { code: 'link_used' } });
    await alerts(loginOf(canvasElement));
  },
};

// ---- the email change link (A11) --------------------------------------------------------

const CHANGED_EMAIL = 'taro.new@mail.example';

/** The returning student asked to change the address; the mail's link is in the address bar. */
async function emailChangeLinkOpened(): Promise<void> {
  await loginAs('returning');
  await reauthenticated();
  const { error } = await storyMock().client.requestEmailChange({
    email: CHANGED_EMAIL,
    emailConfirmation: CHANGED_EMAIL,
  });
  if (error !== null) throw new Error(`requestEmailChange failed: ${error.code}`);
  openLinkFrom(CHANGED_EMAIL, 'email-change');
}

/** A11: the login page opened from the change mail's link (`#email-change=…`): changed. */
export const EmailChangeLinkCompleted: Story = {
  beforeEach: emailChangeLinkOpened,
  play: async ({ canvasElement }) => {
    await at('email-changed')({ canvasElement });
    await shows(loginOf(canvasElement), CHANGED_EMAIL);
  },
};

/** A11, X5: the change link was already used. */
export const EmailChangeLinkUsed: Story = {
  beforeEach: async () => {
    await emailChangeLinkOpened();
    const token = globalThis.location.hash.split('#email-change=')[1] ?? '';
    const { error } = await storyMock().client.confirmEmailChange({ token });
    if (error !== null) throw new Error(`confirmEmailChange failed: ${error.code}`);
  },
  play: async ({ canvasElement }) => {
    await at('link-error')({ canvasElement });
    await expect(loginOf(canvasElement).loginState).toMatchObject({ error: { code: 'link_used' } });
    await alerts(loginOf(canvasElement));
  },
};

// ---- second password (A5) ---------------------------------------------------------------

/** A5: the second-password setup: five rules, nothing typed yet. */
export const SecondPasswordSetup: Story = {
  beforeEach: async () => {
    await loginAs('firstLogin', { until: 'second-password-setup' });
  },
  play: at('second-password-setup'),
};

/** A5: rules checked live, three of five unmet; full-width input gets the IME hint. */
export const SecondPasswordRulesAndImeHint: Story = {
  beforeEach: async () => {
    await loginAs('firstLogin', { until: 'second-password-setup' });
  },
  play: async ({ canvasElement }) => {
    await at('second-password-setup')({ canvasElement });
    const login = loginOf(canvasElement);
    await fill(login, 'secondPassword', 'abcＤ1');
    await waitFor(() =>
      expect(login.querySelectorAll('.shomei-login-rules li.unmet').length).toBeGreaterThan(0),
    );
    await shows(login, 'IMEをオフにして');
  },
};

/** A5: 「第2パスワードが設定されました」. */
export const SecondPasswordSet: Story = {
  beforeEach: async () => {
    await loginAs('firstLogin', { until: 'second-password-setup' });
  },
  play: async ({ canvasElement }) => {
    await at('second-password-setup')({ canvasElement });
    const login = loginOf(canvasElement);
    await fillAll(login, {
      secondPassword: 'Hanako2026',
      secondPasswordConfirmation: 'Hanako2026',
    });
    submit(login);
    await at('second-password-set')({ canvasElement });
  },
};

// ---- auth key (A6–A9) -------------------------------------------------------------------

/** A7: the auth-key step of the returning student (s2024001): masked address, expiry. */
export const AuthKey: Story = {
  beforeEach: async () => {
    await loginAs('returning', { until: 'auth-key' });
  },
  play: at('auth-key', async ({ canvasElement }) => {
    await waitFor(() =>
      expect(canvasElement.querySelector('input[autocomplete="one-time-code"]')).not.toBeNull(),
    );
  }),
};

/** A9, X5 wrong input: a wrong key says how many tries are left; the key typed stays. */
export const WrongAuthKey: Story = {
  beforeEach: async () => {
    await loginAs('returning', { until: 'auth-key' });
  },
  play: async ({ canvasElement }) => {
    await at('auth-key')({ canvasElement });
    const login = loginOf(canvasElement);
    await fill(login, 'authKey', WRONG.authKey);
    submit(login);
    // WCAG 3.3.1: the error is the 認証キー field's, not a form-level alert.
    await fieldSays(login, 'authKey', 'あと');
  },
};

/** A7, X5: the key's lifetime has passed (mock clock). */
export const ExpiredAuthKey: Story = {
  beforeEach: () => expireAuthKey(),
  play: async ({ canvasElement }) => {
    await at('auth-key')({ canvasElement });
    const login = loginOf(canvasElement);
    await fill(login, 'authKey', WRONG.authKey);
    submit(login);
    await waitFor(() =>
      expect(login.loginState).toMatchObject({ error: { code: 'auth_key_expired' } }),
    );
    await fieldSays(login, 'authKey');
  },
};

/** A9: locked by wrong tries: the dialog offers 認証キー再発行 (focus on it). */
export const LockedAuthKey: Story = {
  beforeEach: async () => {
    await loginAs('returning', { until: 'auth-key' });
  },
  play: async ({ canvasElement }) => {
    await at('auth-key')({ canvasElement });
    const login = loginOf(canvasElement);
    const dialog = () => login.shadowRoot?.querySelector('shomei-dialog');
    for (let tries = 0; tries < 10 && dialog()?.open !== true; tries += 1) {
      // A refused key is not sent again as it is: each try is another wrong key.
      await fill(login, 'authKey', `${WRONG.authKey.slice(0, -1)}${tries}`);
      submit(login);
      await waitFor(() => expect(login.loginState?.status).toBe('auth-key'));
      await waitFor(() => expect(login.loginState).toHaveProperty('error'));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waitFor(() => expect(dialog()?.open).toBe(true));
  },
};

/** A8: 認証キー再発行: a new key was sent, the old one no longer works. */
export const AuthKeyReissued: Story = {
  beforeEach: async () => {
    await loginAs('returning', { until: 'auth-key' });
  },
  play: async ({ canvasElement }) => {
    await at('auth-key')({ canvasElement });
    const login = loginOf(canvasElement);
    await press(login, '認証キー再発行');
    await waitFor(() => expect(login.loginState).toMatchObject({ reissued: true }));
    await shows(login, '認証キーを再発行しました');
  },
};

/** A6: logged in. */
export const Authenticated: Story = {
  beforeEach: async () => {
    await loginAs('returning');
  },
  play: at('authenticated'),
};

// ---- forgotten second password (A13) ----------------------------------------------------

/** A13: 「第2パスワードを忘れた場合」: the registered address is asked for. */
export const ForgottenSecondPassword: Story = {
  play: async ({ canvasElement }) => {
    await at('credentials')({ canvasElement });
    await press(loginOf(canvasElement), '第2パスワードを忘れた場合');
    await at('reset-request')({ canvasElement });
  },
};

/** A13: the same answer for any address (nobody learns which addresses are registered). */
export const ForgottenSecondPasswordSent: Story = {
  play: async ({ canvasElement }) => {
    await at('credentials')({ canvasElement });
    const login = loginOf(canvasElement);
    await press(login, '第2パスワードを忘れた場合');
    await at('reset-request')({ canvasElement });
    await fill(login, 'email', returning.email);
    submit(login);
    await at('reset-sent')({ canvasElement });
  },
};

/** A13: the page opened from the reset mail's link: a new second password, rules live. */
export const ResetLinkForm: Story = {
  beforeEach: async () => {
    await storyMock().client.requestSecondPasswordReset({ email: returning.email });
    openLinkFrom(returning.email, 'second-password-reset');
  },
  play: at('reset-link'),
};

/** A13: the new second password is set. */
export const ResetDone: Story = {
  beforeEach: async () => {
    await storyMock().client.requestSecondPasswordReset({ email: returning.email });
    openLinkFrom(returning.email, 'second-password-reset');
  },
  play: async ({ canvasElement }) => {
    await at('reset-link')({ canvasElement });
    const login = loginOf(canvasElement);
    await fillAll(login, {
      secondPassword: 'Renewed2026',
      secondPasswordConfirmation: 'Renewed2026',
    });
    submit(login);
    await at('reset-done')({ canvasElement });
  },
};

// ---- passkeys (A20) -----------------------------------------------------------------------

const passkeyButton = (login: ShomeiLogin) =>
  [...login.querySelectorAll<HTMLButtonElement>('.shomei-login-passkey button')][0];

/** Clicks 「パスキーでログイン」 once it is shown (locale-independent). */
async function usePasskey(canvas: HTMLElement): Promise<ShomeiLogin> {
  const login = loginOf(canvas);
  await reaches(statusOf(canvas), 'credentials');
  await waitFor(() => expect(passkeyButton(login)).toBeDefined());
  passkeyButton(login)?.click();
  return login;
}

/** A20: the tenant offers passkeys: 「パスキーでログイン」 under the form, and in the autofill. */
export const PasskeyOffered: Story = {
  beforeEach: () => fakeAuthenticator('wait'),
  play: async ({ canvasElement }) => {
    await at('credentials', showsTenant)({ canvasElement });
    const login = loginOf(canvasElement);
    await waitFor(() => expect(passkeyButton(login)).toBeDefined());
    await expect(login.querySelector('input[autocomplete="username webauthn"]')).not.toBeNull();
  },
};

/** A20: the browser asks for the passkey: 「パスキーを確認しています…」 with 「キャンセル」. */
export const PasskeyPrompt: Story = {
  beforeEach: () => fakeAuthenticator('wait'),
  play: async ({ canvasElement }) => {
    await usePasskey(canvasElement);
    await at('passkey-prompt')({ canvasElement });
  },
};

/** A20: the service did not accept the passkey: back at the box, what was typed kept. */
export const PasskeyFailed: Story = {
  beforeEach: () => fakeAuthenticator('answer'),
  play: async ({ canvasElement }) => {
    const login = await usePasskey(canvasElement);
    await waitFor(() =>
      expect(login.loginState).toMatchObject({
        status: 'credentials',
        error: { code: 'passkey_failed' },
      }),
    );
    await alerts(login);
  },
};

/** A20: the student closed the browser's prompt. */
export const PasskeyCancelled: Story = {
  beforeEach: () => fakeAuthenticator('closed'),
  play: async ({ canvasElement }) => {
    const login = await usePasskey(canvasElement);
    await waitFor(() =>
      expect(login.loginState).toMatchObject({ error: { code: 'passkey_cancelled' } }),
    );
    await alerts(login);
  },
};

/**
 * The returning student, logged in at a tenant that requires passkeys and without one (本人確認
 * done just before when `reauthenticate`), the browser's prompt answering as `prompt` says.
 */
const asksForPasskey =
  (prompt: Parameters<typeof fakeAuthenticator>[0], reauthenticate = true) =>
  async () => {
    const restore = fakeAuthenticator(prompt);
    await loginAs('returning');
    if (reauthenticate) await reauthenticated();
    await requirePasskey();
    return restore;
  };

/** Submits the passkey registration screen once it is shown; the login box. */
async function registersPasskey(canvasElement: HTMLElement): Promise<ShomeiLogin> {
  await at('passkey-registration')({ canvasElement });
  const login = loginOf(canvasElement);
  submit(login);
  return login;
}

/** A20: a tenant that requires passkeys asks a student without one to register one first. */
export const PasskeyRequired: Story = {
  beforeEach: asksForPasskey('wait', false),
  play: at('passkey-registration', async ({ canvasElement }) => {
    const login = loginOf(canvasElement);
    await waitFor(() =>
      expect(login.querySelector<HTMLInputElement>('input[name="passkeyName"]')?.value).not.toBe(
        '',
      ),
    );
  }),
};

/** A20: the browser creates the passkey (its prompt is open). */
export const PasskeyCreating: Story = {
  beforeEach: asksForPasskey('wait'),
  play: async ({ canvasElement }) => {
    await registersPasskey(canvasElement);
    await at('passkey-creating')({ canvasElement });
  },
};

/** A20: no passkey was created (the student closed the prompt): the screen says so. */
export const PasskeyRegistrationError: Story = {
  beforeEach: asksForPasskey('closed'),
  play: async ({ canvasElement }) => {
    const login = await registersPasskey(canvasElement);
    await waitFor(() =>
      expect(login.loginState).toMatchObject({
        status: 'passkey-registration',
        error: { code: 'passkey_cancelled' },
      }),
    );
    await alerts(login);
  },
};

/** X1, A20: the passkey registration in English. */
export const EnglishPasskeyRequired: Story = { ...PasskeyRequired, globals: { locale: 'en' } };

// ---- locales (X1) -----------------------------------------------------------------------

/** X1: English; switch any story with the Locale toolbar. */
export const English: Story = { globals: { locale: 'en' }, play: at('credentials', showsTenant) };

/** X1: Simplified Chinese, with a wrong-credentials message. */
export const SimplifiedChinese: Story = {
  globals: { locale: 'zh-Hans' },
  play: async ({ canvasElement }) => {
    const login = await logIn(canvasElement, { ...returning, password: WRONG.password });
    await alerts(login);
  },
};

/** X1: Korean, at the auth-key step. */
export const Korean: Story = {
  globals: { locale: 'ko' },
  beforeEach: async () => {
    await loginAs('returning', { until: 'auth-key' });
  },
  play: at('auth-key'),
};

/** X1: English second-password rules, partly met. */
export const EnglishSecondPasswordRules: Story = {
  globals: { locale: 'en' },
  beforeEach: async () => {
    await loginAs('firstLogin', { until: 'second-password-setup' });
  },
  play: async ({ canvasElement }) => {
    await at('second-password-setup')({ canvasElement });
    const login = loginOf(canvasElement);
    await fill(login, 'secondPassword', 'abc');
    await waitFor(() => expect(queryAll(login, '.shomei-login-rules li.unmet').length).toBe(3));
  },
};
