/**
 * <shomei-account-menu> (A10–A12, A15, A20, A21): the signed-in student's menu, its forms and
 * dialogs, the passkeys screen, 本人確認 before a security change, and the page the email-change
 * mail's link opens. Every story logs the returning student (s2024001) in through the SDK first.
 * The passkey stories give the element a fake browser (`passkeyBrowser`): Storybook has no
 * authenticator; the e2e test registers a real (virtual) one.
 */
import '@shomei/elements/define/shomei-account-menu.js';
import type { ShomeiAccountMenu } from '@shomei/elements';
import { DEMO_STUDENTS, DEMO_TENANT_ID } from '@shomei/mock';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import {
  advanceClock,
  alerts,
  elementOf,
  fill,
  fieldSays,
  fillAll,
  loginAs,
  openLinkFrom,
  patchTenant,
  press,
  reaches,
  reauthenticated,
  requireTwoFactor,
  shows,
  simulateNetworkLoss,
  simulateServerFault,
  storyMock,
  tenantInfo,
  WRONG,
  type ShomeiStoryParameters,
} from './support/index.js';

const NEW_EMAIL = 'taro.new@mail.example';
/** Wednesday 3 June 2026, 10:00 in Tokyo: link expiry times on screen stay the same. */
const CLOCK = new Date('2026-06-03T01:00:00Z');

type Play = (context: { canvasElement: HTMLElement }) => Promise<void>;

const menuOf = (canvas: HTMLElement) => elementOf<ShomeiAccountMenu>(canvas, 'shomei-account-menu');
const statusOf = (canvas: HTMLElement) => () => menuOf(canvas).accountState?.status;
const part = (menu: ShomeiAccountMenu, name: string) =>
  menu.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;
const items = (menu: ShomeiAccountMenu) => [
  ...(menu.shadowRoot?.querySelectorAll<HTMLElement>('[part~="menu-item"]') ?? []),
];
const submit = (menu: ShomeiAccountMenu) =>
  menu.querySelector<HTMLButtonElement>('form button[type="submit"]')?.click();

/** The menu is there (closed). */
const showsMenu: Play = async ({ canvasElement }) => {
  await reaches(statusOf(canvasElement), 'menu');
  await waitFor(() => expect(part(menuOf(canvasElement), 'menu-button')).not.toBeNull());
};

/** Opens the menu with its button. */
const opensMenu: Play = async (context) => {
  await showsMenu(context);
  const menu = menuOf(context.canvasElement);
  part(menu, 'menu-button')?.click();
  await waitFor(() => expect(part(menu, 'menu')?.hidden).toBe(false));
  // The items render with the menu's next update.
  await menu.updateComplete;
};

/** Opens the menu and chooses item `index` (0 トップページ … 6 ログアウト), then waits for `status`. */
const chooses =
  (index: number, status: string, more?: Play): Play =>
  async (context) => {
    await opensMenu(context);
    const menu = menuOf(context.canvasElement);
    const item = items(menu)[index];
    (item?.querySelector('button') ?? item)?.click();
    await reaches(statusOf(context.canvasElement), status);
    await more?.(context);
  };

const EMAIL_CHANGE = 2;
const SECOND_PASSWORD_CHANGE = 3;
const TWO_FACTOR = 4;
const PASSKEYS = 5;
const LOGOUT = 6;

const loggedIn = async () => {
  await loginAs('returning');
};

/** The student asked to change the address; the mail with the link went out. */
const emailChangeRequested = async () => {
  await reauthenticated();
  const { error } = await storyMock().client.requestEmailChange({
    email: NEW_EMAIL,
    emailConfirmation: NEW_EMAIL,
  });
  if (error !== null) throw new Error(`requestEmailChange failed: ${error.code}`);
};

const meta = {
  title: 'Elements/Account menu',
  component: 'shomei-account-menu',
  parameters: { shomei: { mock: { clock: CLOCK } } satisfies ShomeiStoryParameters },
  beforeEach: loggedIn,
  render: () => html`<shomei-account-menu></shomei-account-menu>`,
} satisfies Meta;
export default meta;

type Story = StoryObj;

// ---- the menu (A10, A15) ----------------------------------------------------------------

/** A10: closed: only the menu button. */
export const Closed: Story = { play: showsMenu };

/**
 * A10: open: トップページ, マニュアル, メールアドレス変更, 第2パスワード変更, 二要素認証設定 (有効),
 * パスキー (A20, the demo tenant offers them), ログアウト.
 */
export const Open: Story = {
  play: async (context) => {
    await opensMenu(context);
    await shows(menuOf(context.canvasElement), '有効');
  },
};

/** A15: the tenant requires two-factor authentication: 有効, not changeable. */
export const TwoFactorRequiredByTenant: Story = {
  beforeEach: async () => {
    await requireTwoFactor();
  },
  play: async (context) => {
    await opensMenu(context);
    const item = menuOf(context.canvasElement).shadowRoot?.querySelector(
      '[data-item="two-factor"]',
    );
    await waitFor(() => expect(item?.tagName).not.toBe('BUTTON'));
    await expect(item?.querySelector('button')).toBeNull();
  },
};

/** A10: ログアウト from the menu: logged out through the SDK, said so. */
export const LoggedOut: Story = {
  play: async (context) => {
    await opensMenu(context);
    const menu = menuOf(context.canvasElement);
    items(menu)[LOGOUT]?.click();
    await shows(menu, 'ログアウトしました');
  },
};

// ---- email change (A11) -----------------------------------------------------------------

/** A11: new address + confirmation with the notices and the sender address. */
export const ChangeEmailForm: Story = {
  play: chooses(EMAIL_CHANGE, 'email-change', async ({ canvasElement }) => {
    await shows(menuOf(canvasElement), 'no-reply@shomei-u.example');
  }),
};

/** A11: a carrier address (docomo) adds that carrier's allow-list steps. */
export const ChangeEmailCarrierHelp: Story = {
  play: chooses(EMAIL_CHANGE, 'email-change', async ({ canvasElement }) => {
    const menu = menuOf(canvasElement);
    await fill(menu, 'email', 'taro@docomo.ne.jp');
    await shows(menu, 'ドコモ');
  }),
};

/** A11, X5 wrong input: the confirmation differs; both addresses stay, the field is marked. */
export const ChangeEmailMismatch: Story = {
  play: chooses(EMAIL_CHANGE, 'email-change', async ({ canvasElement }) => {
    const menu = menuOf(canvasElement);
    await fillAll(menu, { email: NEW_EMAIL, emailConfirmation: 'taro.other@mail.example' });
    submit(menu);
    await alerts(menu, '一致しません');
  }),
};

/** A11: the mail went out, with the link's expiry (the second password was entered just before). */
export const ChangeEmailSent: Story = {
  beforeEach: reauthenticated,
  play: chooses(EMAIL_CHANGE, 'email-change', async ({ canvasElement }) => {
    const menu = menuOf(canvasElement);
    await fillAll(menu, { email: NEW_EMAIL, emailConfirmation: NEW_EMAIL });
    submit(menu);
    await reaches(statusOf(canvasElement), 'email-change-sent');
    await shows(menu, NEW_EMAIL);
  }),
};

/** A11: the page opened from the mail's link (`#email-change=…`): the address is changed. */
export const EmailChangeLinkCompleted: Story = {
  beforeEach: async () => {
    await emailChangeRequested();
    openLinkFrom(NEW_EMAIL, 'email-change');
  },
  play: async ({ canvasElement }) => {
    await reaches(statusOf(canvasElement), 'email-changed');
    await shows(menuOf(canvasElement), NEW_EMAIL);
  },
};

/** A11, X5 expired link: the link's lifetime has passed (mock clock). */
export const EmailChangeLinkExpired: Story = {
  beforeEach: async () => {
    await emailChangeRequested();
    const { linkTtlMinutes } = await tenantInfo();
    advanceClock((linkTtlMinutes + 1) * 60_000);
    openLinkFrom(NEW_EMAIL, 'email-change');
  },
  play: async ({ canvasElement }) => {
    await reaches(statusOf(canvasElement), 'link-error');
    await expect(menuOf(canvasElement).accountState).toMatchObject({
      error: { code: 'link_expired' },
    });
    await alerts(menuOf(canvasElement));
  },
};

/** A11, X5: the link was already used. */
export const EmailChangeLinkUsed: Story = {
  beforeEach: async () => {
    await emailChangeRequested();
    const token = openLinkFrom(NEW_EMAIL, 'email-change');
    await storyMock().client.confirmEmailChange({ token });
  },
  play: async ({ canvasElement }) => {
    await reaches(statusOf(canvasElement), 'link-error');
    await alerts(menuOf(canvasElement), '使用済み');
  },
};

// ---- second password change (A12) ------------------------------------------------------

/** A12: current, new and confirmation, with the five rules. */
export const ChangeSecondPasswordForm: Story = {
  play: chooses(SECOND_PASSWORD_CHANGE, 'second-password-change'),
};

/** A12: rules checked live, partly unmet; full-width input gets the IME hint. */
export const ChangeSecondPasswordRules: Story = {
  play: chooses(SECOND_PASSWORD_CHANGE, 'second-password-change', async ({ canvasElement }) => {
    const menu = menuOf(canvasElement);
    await fill(menu, 'newSecondPassword', 'abcＤ');
    await waitFor(() => expect(menu.querySelectorAll('.rules li.unmet').length).toBe(4));
    await shows(menu, 'IMEをオフにして');
  }),
};

/** A12, X5 wrong input: a wrong current second password; every value stays. */
export const WrongCurrentSecondPassword: Story = {
  play: chooses(SECOND_PASSWORD_CHANGE, 'second-password-change', async ({ canvasElement }) => {
    const menu = menuOf(canvasElement);
    await fillAll(menu, {
      currentSecondPassword: WRONG.secondPassword,
      newSecondPassword: 'Shomei2025new',
      newSecondPasswordConfirmation: 'Shomei2025new',
    });
    submit(menu);
    await alerts(menu, '現在の第2パスワードが正しくありません');
  }),
};

/** A12: 「第2パスワードは変更されました」 (dialog, focus on OK). */
export const SecondPasswordChanged: Story = {
  play: chooses(SECOND_PASSWORD_CHANGE, 'second-password-change', async ({ canvasElement }) => {
    const menu = menuOf(canvasElement);
    await fillAll(menu, {
      currentSecondPassword: DEMO_STUDENTS.returning.secondPassword,
      newSecondPassword: 'Shomei2025new',
      newSecondPasswordConfirmation: 'Shomei2025new',
    });
    submit(menu);
    await reaches(statusOf(canvasElement), 'second-password-changed');
    const dialog = menu.shadowRoot?.querySelector('shomei-dialog');
    await waitFor(() => expect(dialog?.open).toBe(true));
  }),
};

// ---- two-factor setting (A15) ----------------------------------------------------------

/** A15: 「二要素認証を無効にしますか?」 with はい / いいえ (focus on いいえ). */
export const TwoFactorConfirm: Story = {
  play: chooses(TWO_FACTOR, 'confirm-two-factor', async ({ canvasElement }) => {
    const dialog = menuOf(canvasElement).shadowRoot?.querySelector('shomei-dialog');
    await waitFor(() => expect(dialog?.open).toBe(true));
  }),
};

/** A15: 「二要素認証を無効にしました。」 (the second password was entered just before). */
export const TwoFactorChanged: Story = {
  beforeEach: reauthenticated,
  play: chooses(TWO_FACTOR, 'confirm-two-factor', async ({ canvasElement }) => {
    const menu = menuOf(canvasElement);
    await press(menu, 'はい');
    await reaches(statusOf(canvasElement), 'two-factor-changed');
    const dialog = menu.shadowRoot?.querySelector('shomei-dialog');
    await waitFor(() => expect(dialog?.open).toBe(true));
  }),
};

// ---- passkeys (A20) ----------------------------------------------------------------------

type PasskeyBrowser = ShomeiAccountMenu['passkeyBrowser'];

/** What a fake authenticator answers; the service cannot verify it (see PasskeyNotVerified). */
const FAKE_PASSKEY = {
  id: 'ZmFrZS1jcmVkZW50aWFs',
  rawId: 'ZmFrZS1jcmVkZW50aWFs',
  type: 'public-key' as const,
  response: { clientDataJSON: 'e30', attestationObject: 'o2NmbXRkbm9uZQ' },
  clientExtensionResults: {},
};

/** What a fake authenticator answers at 本人確認; the service cannot verify it either. */
const FAKE_ASSERTION = {
  id: 'Y3JlZC1waG9uZQ',
  rawId: 'Y3JlZC1waG9uZQ',
  type: 'public-key' as const,
  response: { clientDataJSON: 'e30', authenticatorData: 'YXV0aA', signature: 'c2ln' },
  clientExtensionResults: {},
};

const fakeBrowser = (
  create: PasskeyBrowser['create'] = () => Promise.resolve({ ok: true, response: FAKE_PASSKEY }),
  supported = true,
  get: PasskeyBrowser['get'] = () => Promise.resolve({ ok: true, response: FAKE_ASSERTION }),
): PasskeyBrowser => ({ supported: () => supported, create, get });

/** A menu whose passkey ceremony is `browser`'s. */
const withBrowser = (browser: PasskeyBrowser) => () =>
  html`<shomei-account-menu .passkeyBrowser=${browser}></shomei-account-menu>`;

/** Two passkeys the student registered before, one of them used since. */
const hasPasskeys = async () => {
  const { userId } = DEMO_STUDENTS.returning;
  const store = storyMock().mock.service.store.passkeys;
  const base = { tenantId: DEMO_TENANT_ID, userId, counter: 0, transports: ['internal'] };
  await store.put({
    ...base,
    passkeyId: 'pk-laptop',
    credentialId: 'Y3JlZC1sYXB0b3A',
    publicKey: 'cHVibGljLWtleQ',
    name: 'Chrome / macOS',
    createdAt: '2026-05-20T03:00:00.000Z',
    lastUsedAt: '2026-06-02T23:30:00.000Z',
  });
  await store.put({
    ...base,
    passkeyId: 'pk-phone',
    credentialId: 'Y3JlZC1waG9uZQ',
    publicKey: 'cHVibGljLWtleQ',
    name: '私のiPhone',
    createdAt: '2026-06-01T09:15:00.000Z',
    lastUsedAt: null,
  });
};

/** Two passkeys, and the second password entered just before (本人確認 done). */
const hasPasskeysReauthenticated = async () => {
  await hasPasskeys();
  await reauthenticated();
};

/** 「削除」 of 「私のiPhone」, then the dialog's 「削除」 (the list has one per passkey too). */
async function removePhone(canvasElement: HTMLElement): Promise<ShomeiAccountMenu> {
  const menu = menuOf(canvasElement);
  menu.shadowRoot?.querySelector<HTMLButtonElement>('[data-passkey-id="pk-phone"]')?.click();
  await reaches(statusOf(canvasElement), 'confirm-remove-passkey');
  const dialogButtons =
    menu.shadowRoot?.querySelectorAll<HTMLButtonElement>('shomei-dialog button');
  [...(dialogButtons ?? [])].find((button) => button.textContent?.includes('削除'))?.click();
  return menu;
}

/** 「パスキーを追加」 on the passkeys screen, then waits for `status`. */
const adds =
  (status: string, more?: Play): Play =>
  async (context) => {
    const menu = menuOf(context.canvasElement);
    await press(menu, 'パスキーを追加');
    await reaches(statusOf(context.canvasElement), status);
    await more?.(context);
  };

/** A20: none yet: says so, with 「パスキーを追加」. */
export const PasskeysEmpty: Story = {
  render: withBrowser(fakeBrowser()),
  play: chooses(PASSKEYS, 'passkeys', async ({ canvasElement }) => {
    await shows(menuOf(canvasElement), '登録されているパスキーはありません。');
  }),
};

/** A20: the list: each passkey's name, when it was registered and last used, and 「削除」. */
export const PasskeysList: Story = {
  beforeEach: hasPasskeys,
  render: withBrowser(fakeBrowser()),
  play: chooses(PASSKEYS, 'passkeys', async ({ canvasElement }) => {
    await shows(menuOf(canvasElement), '私のiPhone');
    await shows(menuOf(canvasElement), '未使用');
  }),
};

/** A20: a browser without WebAuthn: 「パスキーを追加」 is disabled and says why. */
export const PasskeysUnsupportedBrowser: Story = {
  beforeEach: hasPasskeys,
  render: withBrowser(fakeBrowser(undefined, false)),
  play: chooses(PASSKEYS, 'passkeys', async ({ canvasElement }) => {
    await shows(menuOf(canvasElement), 'このブラウザではパスキーを利用できません。');
  }),
};

/** A21: adding a passkey asks for the second password first (「本人確認」). */
export const PasskeyReauthenticate: Story = {
  render: withBrowser(fakeBrowser()),
  play: chooses(PASSKEYS, 'passkeys', adds('reauthenticate')),
};

/** A20: the browser's prompt is open (it never answers here): the screen says to follow it. */
export const PasskeyCreating: Story = {
  beforeEach: reauthenticated,
  render: withBrowser(fakeBrowser(() => new Promise(() => undefined))),
  play: chooses(
    PASSKEYS,
    'passkeys',
    adds('creating-passkey', async ({ canvasElement }) => {
      await shows(menuOf(canvasElement), 'ブラウザの案内に従って、パスキーを作成してください。');
    }),
  ),
};

/** A20: created: the name field, with the browser and device suggested. */
export const PasskeyNaming: Story = {
  beforeEach: hasPasskeysReauthenticated,
  render: withBrowser(fakeBrowser()),
  play: chooses(PASSKEYS, 'passkeys', adds('naming-passkey')),
};

/** A20, X5: the student closed the browser's prompt: said so, the list as it was. */
export const PasskeyCeremonyCancelled: Story = {
  beforeEach: hasPasskeysReauthenticated,
  render: withBrowser(fakeBrowser(() => Promise.resolve({ ok: false, failure: 'cancelled' }))),
  play: chooses(
    PASSKEYS,
    'passkeys',
    adds('passkeys', async ({ canvasElement }) => {
      await alerts(menuOf(canvasElement), 'パスキーの作成が中止されました。');
    }),
  ),
};

/** A20, X5: the service could not verify the passkey (`passkey_failed`): start again. */
export const PasskeyNotVerified: Story = {
  beforeEach: reauthenticated,
  render: withBrowser(fakeBrowser()),
  play: chooses(
    PASSKEYS,
    'passkeys',
    adds('naming-passkey', async ({ canvasElement }) => {
      const menu = menuOf(canvasElement);
      submit(menu);
      await alerts(menu, 'パスキーを確認できませんでした。');
    }),
  ),
};

/** A20: 「削除」: 「パスキー「私のiPhone」を削除しますか?」 (focus on キャンセル). */
export const PasskeyRemoveConfirm: Story = {
  beforeEach: hasPasskeys,
  render: withBrowser(fakeBrowser()),
  play: chooses(PASSKEYS, 'passkeys', async ({ canvasElement }) => {
    const menu = menuOf(canvasElement);
    menu.shadowRoot?.querySelector<HTMLButtonElement>('[data-passkey-id="pk-phone"]')?.click();
    await reaches(statusOf(canvasElement), 'confirm-remove-passkey');
    const dialog = menu.shadowRoot?.querySelector('shomei-dialog');
    await waitFor(() => expect(dialog?.open).toBe(true));
    await shows(menu, 'パスキー「私のiPhone」を削除しますか?');
  }),
};

/** A20: removed (the second password was entered just before): the list without it. */
export const PasskeyRemoved: Story = {
  beforeEach: hasPasskeysReauthenticated,
  render: withBrowser(fakeBrowser()),
  play: chooses(PASSKEYS, 'passkeys', async ({ canvasElement }) => {
    const menu = await removePhone(canvasElement);
    await shows(menu, 'パスキー「私のiPhone」を削除しました。');
  }),
};

/** A20: the university requires a passkey and the student has one: it stays, and says why. */
export const PasskeyLastKept: Story = {
  beforeEach: async () => {
    await patchTenant((settings) => {
      settings.passkeys = { ...settings.passkeys, mode: 'required-after-first-login' };
    });
    const { userId } = DEMO_STUDENTS.returning;
    await storyMock().mock.service.store.passkeys.put({
      tenantId: DEMO_TENANT_ID,
      userId,
      counter: 0,
      transports: ['internal'],
      passkeyId: 'pk-laptop',
      credentialId: 'Y3JlZC1sYXB0b3A',
      publicKey: 'cHVibGljLWtleQ',
      name: 'Chrome / macOS',
      createdAt: '2026-05-20T03:00:00.000Z',
      lastUsedAt: null,
    });
  },
  render: withBrowser(fakeBrowser()),
  play: chooses(PASSKEYS, 'passkeys', async ({ canvasElement }) => {
    await shows(menuOf(canvasElement), '最後のパスキーは削除できません。');
  }),
};

// ---- re-authentication (A21) -----------------------------------------------------------

/** 「削除」 of 「私のiPhone」 and the dialog's 「削除」: 本人確認 opens; then `more`. */
const removesPhone =
  (more?: Play): Play =>
  async (context) => {
    await removePhone(context.canvasElement);
    await reaches(statusOf(context.canvasElement), 'reauthenticate');
    await more?.(context);
  };

/** 「パスキーで本人確認」 on the 本人確認 screen. */
const reauthenticatesWithPasskey = (menu: ShomeiAccountMenu) =>
  menu.querySelector<HTMLButtonElement>('[data-action="reauth-passkey"]')?.click();

/** A21: a student with passkeys: 「パスキーで本人確認」 beside the second password. */
export const ReauthenticateWithPasskeyOffered: Story = {
  beforeEach: hasPasskeys,
  render: withBrowser(fakeBrowser()),
  play: chooses(
    PASSKEYS,
    'passkeys',
    removesPhone(async ({ canvasElement }) => {
      await shows(menuOf(canvasElement), 'パスキーで本人確認');
    }),
  ),
};

/**
 * A story of 「パスキーで本人確認」 while removing 「私のiPhone」, the browser's prompt answering
 * with `get`; then `more` on the 本人確認 screen.
 */
const reauthenticatesWithPasskeyStory = (
  get: PasskeyBrowser['get'] | undefined,
  more: (menu: ShomeiAccountMenu, canvasElement: HTMLElement) => Promise<void>,
): Story => ({
  beforeEach: hasPasskeys,
  render: withBrowser(fakeBrowser(undefined, true, get)),
  play: chooses(
    PASSKEYS,
    'passkeys',
    removesPhone(async ({ canvasElement }) => {
      const menu = menuOf(canvasElement);
      reauthenticatesWithPasskey(menu);
      await more(menu, canvasElement);
    }),
  ),
});

/** A21: the browser's prompt is open (it never answers here): the screen says to follow it. */
export const ReauthenticateWithPasskeyPrompt: Story = reauthenticatesWithPasskeyStory(
  () => new Promise(() => undefined),
  async (menu, canvasElement) => {
    await reaches(statusOf(canvasElement), 'getting-passkey');
    await shows(menu, 'ブラウザの案内に従って、パスキーで本人確認してください。');
  },
);

/** A21, X5: the service could not verify the passkey: the tries left, 本人確認 stays open. */
export const ReauthenticateWithPasskeyNotVerified: Story = reauthenticatesWithPasskeyStory(
  undefined,
  async (menu) => {
    await alerts(menu, 'パスキーで本人確認できませんでした。');
  },
);

/** A21, X5: the student closed the browser's prompt: said so, the second password still asked. */
export const ReauthenticateWithPasskeyCancelled: Story = reauthenticatesWithPasskeyStory(
  () => Promise.resolve({ ok: false, failure: 'cancelled' }),
  async (menu) => {
    await alerts(menu, 'パスキーでの本人確認が中止されました。');
  },
);

/** A21: 二要素認証を無効に → はい: 「本人確認」 asks for the second password (focus in the field). */
export const Reauthenticate: Story = {
  play: chooses(TWO_FACTOR, 'confirm-two-factor', async ({ canvasElement }) => {
    const menu = menuOf(canvasElement);
    await press(menu, 'はい');
    await reaches(statusOf(canvasElement), 'reauthenticate');
    await shows(menu, '続けるには第2パスワードを入力してください。');
  }),
};

/** A21, X5 wrong input: a wrong second password at 本人確認, the tries left at the field. */
export const ReauthenticateWrongSecondPassword: Story = {
  play: chooses(EMAIL_CHANGE, 'email-change', async ({ canvasElement }) => {
    const menu = menuOf(canvasElement);
    await fillAll(menu, { email: NEW_EMAIL, emailConfirmation: NEW_EMAIL });
    submit(menu);
    await reaches(statusOf(canvasElement), 'reauthenticate');
    await fill(menu, 'secondPassword', WRONG.secondPassword);
    submit(menu);
    await fieldSays(menu, 'secondPassword', '第2パスワードが正しくありません');
  }),
};

// ---- X5 failures ------------------------------------------------------------------------

/** X5 network loss at the email change: both addresses stay, the message says what happened. */
export const NetworkLoss: Story = {
  play: chooses(EMAIL_CHANGE, 'email-change', async ({ canvasElement }) => {
    const menu = menuOf(canvasElement);
    simulateNetworkLoss('requestEmailChange');
    await fillAll(menu, { email: NEW_EMAIL, emailConfirmation: NEW_EMAIL });
    submit(menu);
    await alerts(menu, '通信できませんでした');
  }),
};

/** X5 server fault (HTTP 500) at the second password change. */
export const ServerFault: Story = {
  play: chooses(SECOND_PASSWORD_CHANGE, 'second-password-change', async ({ canvasElement }) => {
    const menu = menuOf(canvasElement);
    simulateServerFault('changeSecondPassword');
    await fillAll(menu, {
      currentSecondPassword: DEMO_STUDENTS.returning.secondPassword,
      newSecondPassword: 'Shomei2025new',
      newSecondPasswordConfirmation: 'Shomei2025new',
    });
    submit(menu);
    await waitFor(() =>
      expect(menuOf(canvasElement).accountState).toMatchObject({ error: { code: 'internal' } }),
    );
    await alerts(menu);
  }),
};

/** X5: the account cannot be read at all (network loss on load): message with retry. */
export const LoadFailed: Story = {
  beforeEach: () => simulateNetworkLoss('getSession'),
  play: async ({ canvasElement }) => {
    await alerts(menuOf(canvasElement));
  },
};

// ---- locale (X1) ------------------------------------------------------------------------

/** X1: English, menu open. */
export const English: Story = {
  globals: { locale: 'en' },
  play: opensMenu,
};
