import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { DEMO_STUDENTS } from '@shomei/mock';
import { createDemoAccounts, createDemoTenant } from '@shomei/service';
import type { ShomeiClient } from '@shomei/sdk';
import { resetShomeiConfig } from '../config.js';
import '../define/shomei-account-menu.js';
import { accountErrorMessage } from '../internal/account-error-messages.js';
import { setShomeiLocale } from '../localization.js';
import { loginReturningStudent, typeInto } from '../../test/login-helpers.js';
import {
  createFailingClient,
  createPausedClient,
  createTestClient,
  mockBackedClient,
  type TestClient,
} from '../../test/mock-client.js';
import type { PasskeyBrowser } from './passkey-browser.js';
import type { ShomeiTextField } from '../text-field/text-field.js';
import type { ShomeiAccountMenu } from './account-menu.js';
import { waitUntil } from '../../test/wait.js';

const { secondPassword: SECOND_PASSWORD } = DEMO_STUDENTS.returning;

const shadowText = (element: Element) =>
  element.shadowRoot?.textContent?.replace(/\s+/gu, ' ') ?? '';
const lightText = (element: Element) => element.textContent?.replace(/\s+/gu, ' ') ?? '';

/** The focused element, looking through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const part = (element: ShomeiAccountMenu, name: string) =>
  element.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const menuButton = (element: ShomeiAccountMenu) =>
  part(element, 'menu-button')! as HTMLButtonElement;
const menuItem = (element: ShomeiAccountMenu, label: string) =>
  [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part~="menu-item"]')].find((item) =>
    item.textContent?.includes(label),
  );
const field = (element: ShomeiAccountMenu, name: string) =>
  [...element.querySelectorAll('shomei-text-field')].find(
    (candidate) => candidate.name === name,
  )! as ShomeiTextField;
const dialogButton = (element: ShomeiAccountMenu, label: string) =>
  [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('shomei-dialog button')].find(
    (button) => button.textContent?.includes(label),
  );
const formButton = (element: ShomeiAccountMenu, label: string) =>
  [...element.querySelectorAll<HTMLButtonElement>('form button')].find((button) =>
    button.textContent?.includes(label),
  )!;

async function signedIn(options: Parameters<typeof createTestClient>[0] = {}): Promise<TestClient> {
  const test = createTestClient(options);
  await loginReturningStudent(test);
  return test;
}

async function menuFor(client: ShomeiClient): Promise<ShomeiAccountMenu> {
  const element = await fixture<ShomeiAccountMenu>(
    html`<shomei-account-menu .client=${client}></shomei-account-menu>`,
  );
  await waitUntil(() => element.accountState?.status === 'menu', 'no menu');
  await element.updateComplete;
  return element;
}

async function settled(element: ShomeiAccountMenu, status: string): Promise<void> {
  try {
    await waitUntil(() => element.accountState?.status === status);
  } catch {
    // Where the flow stopped instead, and why: a hang here says more than its name.
    const state = element.accountState as { status?: string; error?: { code?: string } };
    throw new Error(
      `never reached ${status}: at ${state?.status ?? 'no state'}, error ${state?.error?.code ?? 'none'}`,
    );
  }
  await element.updateComplete;
}

describe('shomei-account-menu', () => {
  afterEach(async () => {
    resetShomeiConfig();
    await setShomeiLocale('ja');
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('A10: lists トップページ, マニュアル, メールアドレス変更, 第2パスワード変更, 二要素認証設定 (有効), ログアウト', async () => {
    const { client } = await signedIn();
    const element = await menuFor(client);
    const button = menuButton(element);
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(part(element, 'menu')!.hidden).to.equal(true);
    await expect(element).to.be.accessible();
    button.click();
    await element.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    const items = [...element.shadowRoot!.querySelectorAll('[part~="menu-item"]')].map((item) =>
      item.textContent!.replace(/\s+/gu, ' ').trim(),
    );
    expect(items).to.deep.equal([
      'トップページ',
      'マニュアル（新しいタブで開きます）',
      'メールアドレス変更',
      '第2パスワード変更',
      '二要素認証設定有効',
      'パスキー',
      'ログアウト',
    ]);
    const links = [...element.shadowRoot!.querySelectorAll('a')];
    expect(links[0]!.getAttribute('href')).to.match(/^http:\/\/localhost/u);
    expect(links[1]!.getAttribute('href')).to.contain('manual.pdf');
    expect(links[1]!.target).to.equal('_blank');
    await expect(element).to.be.accessible();
  });

  it('A10/X2: keyboard only: Enter opens, Tab walks the items, Esc closes and returns focus', async () => {
    const { client } = await signedIn();
    const element = await menuFor(client);
    menuButton(element).focus();
    await sendKeys({ press: 'Enter' });
    await element.updateComplete;
    expect(part(element, 'menu')!.hidden).to.equal(false);
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.textContent).to.contain('トップページ');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.textContent).to.contain('メールアドレス変更');
    await sendKeys({ press: 'Escape' });
    await element.updateComplete;
    expect(part(element, 'menu')!.hidden).to.equal(true);
    expect(deepActive()).to.equal(menuButton(element));
    // Space opens it as well.
    await sendKeys({ press: 'Space' });
    await element.updateComplete;
    expect(part(element, 'menu')!.hidden).to.equal(false);
  });

  it('A10/A16: ログアウト logs out through the SDK and then fires shomei-logout', async () => {
    const { client } = await signedIn();
    const element = await menuFor(client);
    menuButton(element).click();
    await element.updateComplete;
    const loggedOut = oneEvent(element, 'shomei-logout');
    menuItem(element, 'ログアウト')!.click();
    const event = await loggedOut;
    expect(event.detail.reason).to.equal('user');
    const session = await client.getSession();
    expect(session.data?.step).to.equal('anonymous');
    await element.updateComplete;
    expect(shadowText(element)).to.contain('ログアウトしました。');
    await expect(element).to.be.accessible();
  });

  it('A11: change email: new address + confirmation with the notices, then the mail went out with the link expiry', async () => {
    const test = await signedIn();
    // A21: a security change needs the second password again first (its own test below).
    expect((await test.client.reauthenticate({ secondPassword: SECOND_PASSWORD })).error).to.equal(
      null,
    );
    const element = await menuFor(test.client);
    menuButton(element).click();
    await element.updateComplete;
    menuItem(element, 'メールアドレス変更')!.click();
    await settled(element, 'email-change');
    const heading = part(element, 'heading')!;
    expect(heading.textContent).to.contain('メールアドレス変更');
    expect(deepActive()).to.equal(heading);
    const email = field(element, 'email');
    const confirmation = field(element, 'emailConfirmation');
    expect(email.label).to.equal('新しいメールアドレス');
    expect(confirmation.label).to.equal('確認');
    expect(email.input!.autocomplete).to.equal('email');
    expect(email.input!.getRootNode()).to.equal(document);
    expect(lightText(element)).to.contain('注意事項');
    expect(lightText(element)).to.contain('no-reply@shomei-u.example');
    await expect(element).to.be.accessible();
    // A carrier address gets that carrier's allow-list steps next to the notices.
    typeInto(email, 'taro@docomo.ne.jp');
    await element.updateComplete;
    expect(lightText(element)).to.contain('ドコモのメールアドレスをお使いの方へ');
    expect(lightText(element)).to.contain('shomei-u.example');
    await expect(element).to.be.accessible();
    typeInto(email, 'taro.new@mail.example');
    typeInto(confirmation, 'taro.new@mail.example');
    await element.updateComplete;
    expect(element.querySelector('.carrier')).to.equal(null);
    formButton(element, '確認').click();
    await settled(element, 'email-change-sent');
    const text = shadowText(element);
    expect(text).to.contain('taro.new@mail.example 宛に確認メールを送信しました。');
    expect(text).to.contain('URLの有効期限');
    expect(test.mock.mailbox.latest('taro.new@mail.example', 'email-change')?.link).to.contain(
      '#email-change=',
    );
    await expect(element).to.be.accessible();
  });

  it('A11/X5: a mismatch is tied to the confirmation field and nothing typed is lost', async () => {
    const { client } = await signedIn();
    const element = await menuFor(client);
    menuButton(element).click();
    await element.updateComplete;
    menuItem(element, 'メールアドレス変更')!.click();
    await settled(element, 'email-change');
    typeInto(field(element, 'email'), 'taro.new@mail.example');
    typeInto(field(element, 'emailConfirmation'), 'taro.other@mail.example');
    await element.updateComplete;
    const failed = oneEvent(element, 'shomei-error');
    formButton(element, '確認').click();
    expect((await failed).detail.error.code).to.equal('email_mismatch');
    await element.updateComplete;
    const confirmation = field(element, 'emailConfirmation');
    await confirmation.updateComplete;
    expect(field(element, 'email').input!.value).to.equal('taro.new@mail.example');
    expect(confirmation.input!.value).to.equal('taro.other@mail.example');
    expect(confirmation.input!.getAttribute('aria-invalid')).to.equal('true');
    const describedBy = confirmation.input!.getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy.split(' ').at(-1)!)!.textContent).to.contain(
      '一致しません',
    );
    expect(element.querySelector('[role="alert"]')!.textContent).to.contain('一致しません');
    await expect(element).to.be.accessible();
  });

  it('A11/X5: a network failure keeps both addresses and says what happened', async () => {
    const { client } = await signedIn();
    const failing: ShomeiClient = {
      ...client,
      request: ((name, input) =>
        name === 'requestEmailChange'
          ? Promise.resolve({ data: null, error: { code: 'network' } })
          : client.request(name, input)) as ShomeiClient['request'],
    };
    const element = await menuFor(failing);
    menuButton(element).click();
    await element.updateComplete;
    menuItem(element, 'メールアドレス変更')!.click();
    await settled(element, 'email-change');
    typeInto(field(element, 'email'), 'taro.new@mail.example');
    typeInto(field(element, 'emailConfirmation'), 'taro.new@mail.example');
    await element.updateComplete;
    formButton(element, '確認').click();
    await waitUntil(
      () => element.accountState?.status === 'email-change' && 'error' in element.accountState,
    );
    await element.updateComplete;
    expect(element.querySelector('[role="alert"]')!.textContent).to.contain('通信できませんでした');
    expect(field(element, 'email').input!.value).to.equal('taro.new@mail.example');
    expect(field(element, 'emailConfirmation').input!.value).to.equal('taro.new@mail.example');
    await expect(element).to.be.accessible();
  });

  it('A11: the link page redeems #email-change=<token>, removes the fragment and shows completion', async () => {
    const test = await signedIn();
    // A21: a security change needs the second password again first (its own test below).
    expect((await test.client.reauthenticate({ secondPassword: SECOND_PASSWORD })).error).to.equal(
      null,
    );
    const requested = await test.client.requestEmailChange({
      email: 'taro.new@mail.example',
      emailConfirmation: 'taro.new@mail.example',
    });
    expect(requested.error).to.equal(null);
    const link = test.mock.mailbox.latest('taro.new@mail.example', 'email-change')!.link!;
    history.replaceState(null, '', `${location.pathname}${new URL(link).hash}`);
    const element = document.createElement('shomei-account-menu');
    element.client = test.client;
    const changed = oneEvent(element, 'shomei-account-change');
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    parent.append(element);
    await element.updateComplete;
    expect(location.hash).to.equal('');
    expect((await changed).detail).to.deep.equal({
      change: 'email',
      email: 'taro.new@mail.example',
    });
    await settled(element, 'email-changed');
    expect(shadowText(element)).to.contain(
      'メールアドレスを taro.new@mail.example に変更しました。',
    );
    await expect(element).to.be.accessible();
    // The same link again: already used.
    history.replaceState(null, '', `${location.pathname}${new URL(link).hash}`);
    await element.refresh();
    await settled(element, 'link-error');
    expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('使用済み');
    await expect(element).to.be.accessible();
    // 「メニューへ戻る」 shows the menu with the new address in effect.
    [...element.shadowRoot!.querySelectorAll('button')]
      .find((button) => button.textContent?.includes('メニューへ戻る'))!
      .click();
    await settled(element, 'menu');
    expect(element.accountState?.status === 'menu' && element.accountState.account.email).to.equal(
      'taro.new@mail.example',
    );
  });

  it('A11/X5: an unknown link token shows a localized link error', async () => {
    const { client } = createTestClient();
    history.replaceState(null, '', `${location.pathname}#email-change=not-a-real-token`);
    const element = await fixture<ShomeiAccountMenu>(
      html`<shomei-account-menu .client=${client}></shomei-account-menu>`,
    );
    await settled(element, 'link-error');
    expect(location.hash).to.equal('');
    expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent!.trim()).not.to.equal(
      '',
    );
    await expect(element).to.be.accessible();
  });

  it('A11: a link opened in a tab that already shows the menu is redeemed there (hashchange), and the fragment removed', async () => {
    const test = await signedIn();
    const element = await menuFor(test.client);
    // A21: a security change needs the second password again first (its own test below).
    expect((await test.client.reauthenticate({ secondPassword: SECOND_PASSWORD })).error).to.equal(
      null,
    );
    const requested = await test.client.requestEmailChange({
      email: 'taro.new@mail.example',
      emailConfirmation: 'taro.new@mail.example',
    });
    expect(requested.error).to.equal(null);
    const link = test.mock.mailbox.latest('taro.new@mail.example', 'email-change')!.link!;
    const changed = oneEvent(element, 'shomei-account-change');
    // The mail's link in the same tab: only the fragment changes, the page does not reload.
    location.hash = new URL(link).hash;
    expect((await changed).detail).to.deep.equal({
      change: 'email',
      email: 'taro.new@mail.example',
    });
    expect(location.hash).to.equal('');
    await settled(element, 'email-changed');
    expect(shadowText(element)).to.contain(
      'メールアドレスを taro.new@mail.example に変更しました。',
    );
    await expect(element).to.be.accessible();
  });

  it('A11/X5: a malformed link (#email-change=%E0) shows the link_invalid page, not a blank menu', async () => {
    const { client } = await signedIn();
    history.replaceState(null, '', `${location.pathname}#email-change=%E0`);
    const element = await fixture<ShomeiAccountMenu>(
      html`<shomei-account-menu .client=${client}></shomei-account-menu>`,
    );
    await settled(element, 'link-error');
    expect(location.hash).to.equal('');
    expect(element.accountState).to.deep.include({ status: 'link-error' });
    expect((element.accountState as { error: { code: string } }).error.code).to.equal(
      'link_invalid',
    );
    expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent!.trim()).to.equal(
      accountErrorMessage({ code: 'link_invalid' }),
    );
    await expect(element).to.be.accessible();
    // The same in an open tab (hashchange).
    [...element.shadowRoot!.querySelectorAll('button')]
      .find((button) => button.textContent?.includes('メニューへ戻る'))!
      .click();
    await settled(element, 'menu');
    location.hash = '#email-change=%E0%A4%A';
    await settled(element, 'link-error');
    expect(location.hash).to.equal('');
  });

  it('A12 (WCAG 1.4.1): unmet rules show ✗ and a visible 「（未達成）」, met ones ✓ 「（OK）」, as in the login form', async () => {
    const { client } = await signedIn();
    const element = await menuFor(client);
    menuButton(element).click();
    await element.updateComplete;
    menuItem(element, '第2パスワード変更')!.click();
    await settled(element, 'second-password-change');
    const next = field(element, 'newSecondPassword');
    await next.updateComplete;
    typeInto(next, 'abc');
    await element.updateComplete;
    const items = [...element.querySelectorAll('.rules li')];
    const lines = items.map((item) => item.textContent!.replace(/\s+/gu, ''));
    expect(lines[0]).to.equal('✗8文字以上であること。（未達成）');
    expect(lines[2]).to.equal('✓1文字以上の半角英小文字(a-z)が含まれること。（OK）');
    // The verdict is visible text, not only for screen readers; the mark is decoration.
    const verdict = items[0]!.querySelector<HTMLElement>('.verdict')!;
    expect(verdict.getBoundingClientRect().width).to.be.greaterThan(1);
    expect(items[0]!.querySelector('.mark')!.getAttribute('aria-hidden')).to.equal('true');
    expect(element.querySelector('.visually-hidden')).to.equal(null);
    await expect(element).to.be.accessible();
  });

  it('A12: change second password: the five rules checked live, IME hint, 「戻る」/「変更」, completion OK', async () => {
    const { client } = await signedIn();
    const element = await menuFor(client);
    menuButton(element).click();
    await element.updateComplete;
    menuItem(element, '第2パスワード変更')!.click();
    await settled(element, 'second-password-change');
    const current = field(element, 'currentSecondPassword');
    const next = field(element, 'newSecondPassword');
    const confirmation = field(element, 'newSecondPasswordConfirmation');
    expect([current.label, next.label, confirmation.label]).to.deep.equal([
      '現在の第2パスワード',
      '新しい第2パスワード',
      '確認',
    ]);
    expect(current.input!.autocomplete).to.equal('current-password');
    expect(next.input!.autocomplete).to.equal('new-password');
    expect(confirmation.input!.autocomplete).to.equal('new-password');
    const rules = () => [...element.querySelectorAll('.rules li')];
    expect(rules().map((rule) => rule.textContent!.replace(/\s+/gu, ''))).to.deep.equal([
      '・8文字以上であること。',
      '・1文字以上の半角英大文字(A-Z)が含まれること。',
      '・1文字以上の半角英小文字(a-z)が含まれること。',
      '・1文字以上の半角数字(0-9)が含まれること。',
      '・半角英数字以外を含まないこと。',
    ]);
    expect(formButton(element, '戻る')).to.exist;
    await expect(element).to.be.accessible();
    typeInto(next, 'abcＤ');
    await element.updateComplete;
    await next.updateComplete;
    expect(rules().map((rule) => rule.className)).to.deep.equal([
      'unmet',
      'unmet',
      'met',
      'unmet',
      'unmet',
    ]);
    expect(lightText(next)).to.contain('IMEをオフにして');
    await expect(element).to.be.accessible();
    typeInto(current, SECOND_PASSWORD);
    typeInto(next, 'Shomei2025new');
    typeInto(confirmation, 'Shomei2025new');
    await element.updateComplete;
    expect(rules().every((rule) => rule.className === 'met')).to.equal(true);
    formButton(element, '変更').click();
    await settled(element, 'second-password-changed');
    await waitUntil(() => deepActive()?.textContent?.includes('OK'), 'OK not focused');
    expect(shadowText(element)).to.contain('第2パスワードは変更されました');
    await expect(element).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await settled(element, 'menu');
    expect(deepActive()).to.equal(menuButton(element));
  });

  it('A12/X5: a wrong current second password keeps every value and marks that field', async () => {
    const { client } = await signedIn();
    const element = await menuFor(client);
    menuButton(element).click();
    await element.updateComplete;
    menuItem(element, '第2パスワード変更')!.click();
    await settled(element, 'second-password-change');
    typeInto(field(element, 'currentSecondPassword'), 'Wrong2024x');
    typeInto(field(element, 'newSecondPassword'), 'Shomei2025new');
    typeInto(field(element, 'newSecondPasswordConfirmation'), 'Shomei2025new');
    await element.updateComplete;
    formButton(element, '変更').click();
    await waitUntil(
      () =>
        element.accountState?.status === 'second-password-change' &&
        element.accountState.error !== undefined,
    );
    await element.updateComplete;
    const current = field(element, 'currentSecondPassword');
    await current.updateComplete;
    expect(element.querySelector('[role="alert"]')!.textContent).to.contain(
      '現在の第2パスワードが正しくありません。',
    );
    expect(current.input!.value).to.equal('Wrong2024x');
    expect(current.input!.getAttribute('aria-invalid')).to.equal('true');
    expect(field(element, 'newSecondPassword').input!.value).to.equal('Shomei2025new');
    expect(field(element, 'newSecondPasswordConfirmation').input!.value).to.equal('Shomei2025new');
    await expect(element).to.be.accessible();
    // 「戻る」 returns to the menu and puts focus on the menu button.
    formButton(element, '戻る').click();
    await settled(element, 'menu');
    expect(deepActive()).to.equal(menuButton(element));
  });

  it('A15: はい/いいえ confirmation, completion OK, and the menu then shows the new state', async () => {
    const test = await signedIn();
    const { client } = test;
    // A21: a security change needs the second password again first (its own test below).
    expect((await test.client.reauthenticate({ secondPassword: SECOND_PASSWORD })).error).to.equal(
      null,
    );
    const element = await menuFor(client);
    const changes: unknown[] = [];
    element.addEventListener('shomei-account-change', (event) => changes.push(event.detail));
    menuButton(element).focus();
    await sendKeys({ press: 'Enter' });
    await element.updateComplete;
    const item = () => element.shadowRoot!.querySelector<HTMLElement>('[data-item="two-factor"]')!;
    expect(item().textContent).to.contain('有効');
    item().focus();
    // Esc in the confirmation is いいえ: nothing changes, focus comes back.
    await sendKeys({ press: 'Enter' });
    await settled(element, 'confirm-two-factor');
    await waitUntil(() => deepActive()?.textContent?.includes('いいえ'), 'いいえ not focused');
    expect(shadowText(element)).to.contain('二要素認証を無効にしますか?');
    await expect(element).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await settled(element, 'menu');
    expect(deepActive()).to.equal(item());
    // Now はい.
    await sendKeys({ press: 'Enter' });
    await settled(element, 'confirm-two-factor');
    await waitUntil(() => deepActive()?.textContent?.includes('いいえ'));
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.textContent).to.contain('はい');
    await sendKeys({ press: 'Enter' });
    await settled(element, 'two-factor-changed');
    await waitUntil(() => deepActive()?.textContent?.includes('OK'), 'OK not focused');
    expect(shadowText(element)).to.contain('二要素認証を無効にしました。');
    await expect(element).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await settled(element, 'menu');
    expect(item().textContent).to.contain('無効');
    expect(part(element, 'menu')!.hidden).to.equal(false);
    expect(deepActive()).to.equal(item());
    // And back on: 「二要素認証を有効にしますか?」 → 「二要素認証を有効にしました。」
    item().click();
    await settled(element, 'confirm-two-factor');
    expect(shadowText(element)).to.contain('二要素認証を有効にしますか?');
    dialogButton(element, 'はい')!.click();
    await settled(element, 'two-factor-changed');
    expect(shadowText(element)).to.contain('二要素認証を有効にしました。');
    dialogButton(element, 'OK')!.click();
    await settled(element, 'menu');
    expect(item().textContent).to.contain('有効');
    expect(changes).to.deep.equal([
      { change: 'two-factor', twoFactorEnabled: false },
      { change: 'two-factor', twoFactorEnabled: true },
    ]);
    expect(
      ((await client.getSession()).data as { twoFactorEnabled: boolean }).twoFactorEnabled,
    ).to.equal(true);
  });

  it('A21: turning two-factor off asks 「本人確認」 first, by keyboard alone, then turns it off', async () => {
    const test = await signedIn();
    const element = await menuFor(test.client);
    const changes: unknown[] = [];
    element.addEventListener('shomei-account-change', (event) => changes.push(event.detail));
    menuButton(element).focus();
    await sendKeys({ press: 'Enter' });
    await element.updateComplete;
    element.shadowRoot!.querySelector<HTMLElement>('[data-item="two-factor"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await settled(element, 'confirm-two-factor');
    await waitUntil(() => deepActive()?.textContent?.includes('いいえ'), 'いいえ not focused');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    // The service wants the second password again: the step opens with focus in its field.
    await settled(element, 'reauthenticate');
    const secondPassword = field(element, 'secondPassword');
    await waitUntil(() => deepActive() === secondPassword.input, 'field not focused');
    expect(part(element, 'heading')!.textContent).to.contain('本人確認');
    expect(lightText(element)).to.contain('続けるには第2パスワードを入力してください。');
    expect(secondPassword.label).to.equal('第2パスワード');
    expect(secondPassword.input!.autocomplete).to.equal('current-password');
    expect(secondPassword.input!.type).to.equal('password');
    expect(secondPassword.input!.getRootNode()).to.equal(document);
    expect(formButton(element, 'キャンセル')).to.exist;
    expect(formButton(element, '認証')).to.exist;
    expect(element.shadowRoot!.querySelector('shomei-dialog')!.open).to.equal(false);
    await expect(element).to.be.accessible();
    // A wrong one: the error is at the field, which keeps focus and the value.
    await sendKeys({ type: 'Wrong2026x' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () => element.accountState?.status === 'reauthenticate' && 'error' in element.accountState,
      'no error',
    );
    await element.updateComplete;
    await secondPassword.updateComplete;
    expect(secondPassword.input!.getAttribute('aria-invalid')).to.equal('true');
    expect(element.querySelector('[role="alert"]')!.textContent).to.contain(
      '第2パスワードが正しくありません。あと 4 回間違えると、もう一度ログインが必要になります。',
    );
    await waitUntil(() => deepActive() === secondPassword.input, 'field lost focus');
    await expect(element).to.be.accessible();
    // The right one: the change goes ahead as asked.
    secondPassword.input!.select();
    await sendKeys({ type: SECOND_PASSWORD });
    await sendKeys({ press: 'Enter' });
    await settled(element, 'two-factor-changed');
    expect(shadowText(element)).to.contain('二要素認証を無効にしました。');
    expect(changes).to.deep.equal([{ change: 'two-factor', twoFactorEnabled: false }]);
    expect(test.mock.mailbox.latest(DEMO_STUDENTS.returning.email, 'two-factor-disabled-notice')).to
      .exist;
    await expect(element).to.be.accessible();
  });

  it('A21: 「キャンセル」 of 本人確認 leaves the email form as typed, and nothing is sent', async () => {
    const test = await signedIn();
    const element = await menuFor(test.client);
    menuButton(element).click();
    await element.updateComplete;
    menuItem(element, 'メールアドレス変更')!.click();
    await settled(element, 'email-change');
    typeInto(field(element, 'email'), 'taro.new@mail.example');
    typeInto(field(element, 'emailConfirmation'), 'taro.new@mail.example');
    await element.updateComplete;
    formButton(element, '確認').click();
    await settled(element, 'reauthenticate');
    await waitUntil(
      () => deepActive() === field(element, 'secondPassword').input,
      'field not focused',
    );
    formButton(element, 'キャンセル').click();
    await settled(element, 'email-change');
    expect(deepActive()).to.equal(part(element, 'heading'));
    expect(field(element, 'email').input!.value).to.equal('taro.new@mail.example');
    expect(field(element, 'emailConfirmation').input!.value).to.equal('taro.new@mail.example');
    expect(test.mock.mailbox.latest('taro.new@mail.example')).to.equal(undefined);
    await expect(element).to.be.accessible();
  });

  describe('passkeys (A20)', () => {
    const { userId } = DEMO_STUDENTS.returning;
    const tenantId = createDemoTenant().settings.tenantId;
    /** What the fake authenticator answers: the service never sees it (see `withRegistration`). */
    const created = {
      id: 'ZmFrZS1jcmVkZW50aWFs',
      rawId: 'ZmFrZS1jcmVkZW50aWFs',
      type: 'public-key' as const,
      response: { clientDataJSON: 'e30', attestationObject: 'o2NmbXRkbm9uZQ' },
      clientExtensionResults: {},
    };

    /** What the fake authenticator answers to 本人確認 (see `withPasskeyReauthentication`). */
    const asserted = {
      id: 'ZmFrZS1jcmVkZW50aWFs',
      rawId: 'ZmFrZS1jcmVkZW50aWFs',
      type: 'public-key' as const,
      response: { clientDataJSON: 'e30', authenticatorData: 'YXV0aA', signature: 'c2ln' },
      clientExtensionResults: {},
    };

    /**
     * A browser whose ceremonies answer at once: `outcome` to creating (by default a created
     * passkey), `getOutcome` to 本人確認 (by default an assertion).
     */
    function fakeBrowser(
      outcome?: Awaited<ReturnType<PasskeyBrowser['create']>>,
      getOutcome?: Awaited<ReturnType<PasskeyBrowser['get']>>,
    ): PasskeyBrowser & {
      readonly asked: unknown[];
    } {
      const asked: unknown[] = [];
      return {
        asked,
        supported: () => true,
        create: (options) => {
          asked.push(options);
          return Promise.resolve(outcome ?? { ok: true, response: created });
        },
        get: (options) => {
          asked.push(options);
          return Promise.resolve(getOutcome ?? { ok: true, response: asserted });
        },
      };
    }

    /**
     * A signed-in client of the mock where a passkey answer at 本人確認 stands for the second
     * password (the mock then really counts the session as re-authenticated), or, with
     * `refuse`, is answered `passkey_failed` as the service answers one that proves nothing. The
     * real check runs in test/e2e/account-menu-passkeys.e2e.test.ts.
     */
    async function withPasskeyReauthentication({ refuse = false } = {}) {
      const base = createTestClient();
      const answered: unknown[] = [];
      const client = mockBackedClient(base.mock, async (request) => {
        const url = new URL(request.url);
        if (request.method === 'POST' && url.pathname.endsWith('/account/reauthenticate')) {
          const body = (await request.clone().json()) as { passkey?: unknown };
          if (body.passkey !== undefined) {
            answered.push(body.passkey);
            if (refuse)
              return Response.json(
                { error: { code: 'passkey_failed', message: 'no', attemptsLeft: 4 } },
                { status: 401 },
              );
            return base.mock.app.fetch(
              new Request(request.url, {
                method: 'POST',
                headers: request.headers,
                body: JSON.stringify({ secondPassword: SECOND_PASSWORD }),
              }),
            );
          }
        }
        return base.mock.app.fetch(request);
      });
      const test: TestClient = { mock: base.mock, client, requests: base.requests };
      await loginReturningStudent(test);
      return { ...test, answered };
    }

    /**
     * A signed-in client of the mock whose passkey registration the mock stores as given: a
     * fake authenticator's answer cannot pass the service's WebAuthn check, which the e2e test
     * (test/e2e/account-menu-passkeys.e2e.test.ts) runs with a real (virtual) authenticator.
     */
    async function withRegistration(options: Parameters<typeof createTestClient>[0] = {}) {
      const base = createTestClient(options);
      const registered: Array<{ name: string }> = [];
      const client = mockBackedClient(base.mock, async (request) => {
        const url = new URL(request.url);
        if (request.method === 'POST' && url.pathname.endsWith('/account/passkeys')) {
          // The service's own gate first: the same request for the options says whether it is open.
          const gate = await base.mock.app.fetch(
            new Request(`${url.href}/registration-options`, {
              method: 'POST',
              headers: request.headers,
            }),
          );
          if (!gate.ok) return gate;
          const body = (await request.json()) as { name: string };
          registered.push(body);
          const passkey = {
            passkeyId: `pk-${registered.length}`,
            name: body.name,
            createdAt: new Date().toISOString(),
            lastUsedAt: null,
          };
          return Response.json(passkey, { status: 201 });
        }
        return base.mock.app.fetch(request);
      });
      const test: TestClient = { mock: base.mock, client, requests: base.requests };
      await loginReturningStudent(test);
      return { ...test, registered };
    }

    async function seedPasskey(test: TestClient, name: string, passkeyId = 'pk-seeded') {
      await test.mock.service.store.passkeys.put({
        tenantId,
        userId,
        passkeyId,
        credentialId: `cred-${passkeyId}`,
        publicKey: 'cHVibGljLWtleQ',
        counter: 0,
        transports: ['internal'],
        name,
        createdAt: '2026-04-08T04:00:00.000Z',
        lastUsedAt: null,
      });
    }

    async function passkeysScreen(client: ShomeiClient, browser: PasskeyBrowser) {
      const element = await fixture<ShomeiAccountMenu>(
        html`<shomei-account-menu
          .client=${client}
          .passkeyBrowser=${browser}
        ></shomei-account-menu>`,
      );
      await waitUntil(() => element.accountState?.status === 'menu', 'no menu');
      await element.updateComplete;
      menuButton(element).click();
      await element.updateComplete;
      menuItem(element, 'パスキー')!.click();
      await settled(element, 'passkeys');
      return element;
    }

    const addButton = (element: ShomeiAccountMenu) =>
      element.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="add-passkey"]')!;

    async function reauthenticate(element: ShomeiAccountMenu) {
      await settled(element, 'reauthenticate');
      const secondPassword = field(element, 'secondPassword');
      await waitUntil(() => deepActive() === secondPassword.input, 'field not focused');
      await sendKeys({ type: SECOND_PASSWORD });
      await sendKeys({ press: 'Enter' });
    }

    it('A20: a tenant with passkeys off has no 「パスキー」 in the menu', async () => {
      const demo = createDemoTenant();
      const off = {
        ...demo,
        settings: {
          ...demo.settings,
          passkeys: { ...demo.settings.passkeys, mode: 'off' as const },
        },
      };
      const { client } = await signedIn({
        tenants: [off],
        accounts: createDemoAccounts(new Date()),
      });
      const element = await menuFor(client);
      menuButton(element).click();
      await element.updateComplete;
      expect(menuItem(element, 'ログアウト')).to.exist;
      expect(menuItem(element, 'パスキー')).to.equal(undefined);
    });

    it('A20: the list shows each passkey with its dates, or says there is none', async () => {
      const test = await signedIn();
      const empty = await passkeysScreen(test.client, fakeBrowser());
      expect(part(empty, 'heading')!.textContent).to.contain('パスキー');
      expect(shadowText(empty)).to.contain('登録されているパスキーはありません。');
      expect(addButton(empty).disabled).to.equal(false);
      await expect(empty).to.be.accessible();
      await seedPasskey(test, '研究室のパソコン');
      const listed = await passkeysScreen(test.client, fakeBrowser());
      const item = listed.shadowRoot!.querySelector('[part="passkey"]')!;
      expect(item.textContent).to.contain('研究室のパソコン');
      expect(item.textContent).to.contain('2026/04/08 13:00');
      expect(item.textContent).to.contain('未使用');
      const remove = item.querySelector('button')!;
      expect(remove.textContent!.trim()).to.equal('削除');
      // The button says which passkey it removes.
      expect(
        listed.shadowRoot!.getElementById(remove.getAttribute('aria-describedby')!)!.textContent,
      ).to.equal('研究室のパソコン');
      await expect(listed).to.be.accessible();
    });

    it('A20: a browser without passkeys gets 「パスキーを追加」 disabled, with the reason', async () => {
      const { client } = await signedIn();
      const element = await passkeysScreen(client, { ...fakeBrowser(), supported: () => false });
      const add = addButton(element);
      expect(add.disabled).to.equal(true);
      expect(
        element.shadowRoot!.getElementById(add.getAttribute('aria-describedby')!)!.textContent,
      ).to.contain('このブラウザではパスキーを利用できません。');
      await expect(element).to.be.accessible();
    });

    it('A20/A21: adding asks 「本人確認」, runs the ceremony, suggests a name and lists the passkey', async () => {
      const test = await withRegistration();
      const browser = fakeBrowser();
      const element = await passkeysScreen(test.client, browser);
      addButton(element).click();
      await reauthenticate(element);
      await settled(element, 'naming-passkey');
      expect(browser.asked).to.have.length(1);
      expect(browser.asked[0]).to.have.property('challenge');
      const name = field(element, 'passkeyName');
      await waitUntil(() => deepActive() === name.input, 'name field not focused');
      expect(part(element, 'heading')!.textContent).to.contain('パスキーの名前');
      // The browser and the device, so the student can tell passkeys apart.
      expect(name.input!.value).to.match(/^Chrome \/ /u);
      expect(name.input!.type).to.equal('text');
      expect(name.input!.autocomplete).to.equal('off');
      expect(name.input!.maxLength).to.equal(64);
      await expect(element).to.be.accessible();
      name.input!.select();
      await sendKeys({ type: '自宅のパソコン' });
      await sendKeys({ press: 'Enter' });
      await settled(element, 'passkeys');
      expect(test.registered).to.have.length(1);
      expect(test.registered[0]!.name).to.equal('自宅のパソコン');
      expect(shadowText(element)).to.contain('パスキー「自宅のパソコン」を登録しました。');
      expect(element.shadowRoot!.querySelector('[part="passkey"]')!.textContent).to.contain(
        '自宅のパソコン',
      );
      await waitUntil(() => deepActive() === part(element, 'heading'), 'heading not focused');
      await expect(element).to.be.accessible();
    });

    it('A20: a blank name is refused at the field without a call', async () => {
      const test = await withRegistration();
      const element = await passkeysScreen(test.client, fakeBrowser());
      addButton(element).click();
      await reauthenticate(element);
      await settled(element, 'naming-passkey');
      const name = field(element, 'passkeyName');
      await waitUntil(() => deepActive() === name.input, 'name field not focused');
      typeInto(name, '   ');
      formButton(element, '登録').click();
      // The field's own check (required, spaces are not a name) keeps it from being sent.
      await waitUntil(() => name.input!.getAttribute('aria-invalid') === 'true', 'not invalid');
      await waitUntil(() => deepActive() === name.input, 'name field lost focus');
      expect(element.accountState?.status).to.equal('naming-passkey');
      expect(test.registered).to.have.length(0);
      // 「キャンセル」 drops the created passkey: back on 「パスキーを追加」.
      formButton(element, 'キャンセル').click();
      await settled(element, 'passkeys');
      await waitUntil(() => deepActive() === addButton(element), 'add button not focused');
    });

    for (const [failure, text] of [
      ['cancelled', 'パスキーの作成が中止されました。'],
      ['already-registered', 'この端末のパスキーはすでに登録されています。'],
      ['unsupported', 'このブラウザではパスキーを利用できません。'],
      ['failed', 'パスキーを作成できませんでした。'],
    ] as const) {
      it(`A20/X5: a ceremony that ends ${failure} says so, and nothing is lost`, async () => {
        const test = await withRegistration();
        await seedPasskey(test, 'iPhone');
        const element = await passkeysScreen(test.client, fakeBrowser({ ok: false, failure }));
        addButton(element).click();
        await reauthenticate(element);
        await waitUntil(
          () => element.accountState?.status === 'passkeys' && 'error' in element.accountState,
          'no error',
        );
        await element.updateComplete;
        expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain(text);
        expect(element.shadowRoot!.querySelector('[part="passkey"]')!.textContent).to.contain(
          'iPhone',
        );
        await waitUntil(() => deepActive() === addButton(element), 'add button not focused');
        await expect(element).to.be.accessible();
      });
    }

    it('A20/A21: removing by keyboard alone: confirm, 本人確認, then the list without it', async () => {
      const test = await signedIn();
      await seedPasskey(test, '古いスマホ', 'pk-old');
      await seedPasskey(test, 'ノートPC', 'pk-laptop');
      const element = await passkeysScreen(test.client, fakeBrowser());
      const removeOf = (id: string) =>
        element.shadowRoot!.querySelector<HTMLButtonElement>(`[data-passkey-id="${id}"]`);
      removeOf('pk-old')!.focus();
      await sendKeys({ press: 'Enter' });
      await settled(element, 'confirm-remove-passkey');
      const dialog = element.shadowRoot!.querySelector('shomei-dialog')!;
      await waitUntil(
        () => deepActive()?.textContent?.includes('キャンセル'),
        'キャンセル not focused',
      );
      expect(dialog.open).to.equal(true);
      expect(shadowText(element)).to.contain('パスキー「古いスマホ」を削除しますか?');
      await expect(element).to.be.accessible();
      // Esc keeps it, and focus is back on its 「削除」.
      await sendKeys({ press: 'Escape' });
      await settled(element, 'passkeys');
      await waitUntil(() => deepActive() === removeOf('pk-old'), 'focus not returned');
      expect(dialog.open).to.equal(false);
      // Again, and 「削除」 this time.
      await sendKeys({ press: 'Enter' });
      await settled(element, 'confirm-remove-passkey');
      await waitUntil(
        () => deepActive()?.textContent?.includes('キャンセル'),
        'キャンセル not focused',
      );
      await sendKeys({ press: 'Tab' });
      expect(deepActive()?.textContent?.trim()).to.equal('削除');
      await sendKeys({ press: 'Enter' });
      await reauthenticate(element);
      await waitUntil(
        () => element.accountState?.status === 'passkeys' && 'done' in element.accountState,
        'not removed',
      );
      await element.updateComplete;
      expect(removeOf('pk-old')).to.equal(null);
      expect(removeOf('pk-laptop')).to.exist;
      expect(shadowText(element)).to.contain('パスキー「古いスマホ」を削除しました。');
      await waitUntil(() => deepActive() === part(element, 'heading'), 'heading not focused');
      expect(
        (await test.mock.service.store.passkeys.listForUser(tenantId, userId)).map((p) => p.name),
      ).to.deep.equal(['ノートPC']);
      expect(test.mock.mailbox.latest(DEMO_STUDENTS.returning.email, 'passkey-removed-notice')).to
        .exist;
      await expect(element).to.be.accessible();
    });

    const reauthPasskeyButton = (element: ShomeiAccountMenu) =>
      element.querySelector<HTMLButtonElement>('[data-action="reauth-passkey"]');

    async function removeFirst(element: ShomeiAccountMenu, passkeyId: string) {
      element
        .shadowRoot!.querySelector<HTMLButtonElement>(`[data-passkey-id="${passkeyId}"]`)!
        .click();
      await settled(element, 'confirm-remove-passkey');
      dialogButton(element, '削除')!.click();
      await settled(element, 'reauthenticate');
    }

    it('A21: 本人確認 with a passkey by keyboard, then the passkey is removed as asked', async () => {
      const test = await withPasskeyReauthentication();
      await seedPasskey(test, '古いスマホ', 'pk-old');
      await seedPasskey(test, 'ノートPC', 'pk-laptop');
      const browser = fakeBrowser();
      const element = await passkeysScreen(test.client, browser);
      await removeFirst(element, 'pk-old');
      await waitUntil(
        () => deepActive() === field(element, 'secondPassword').input,
        'field not focused',
      );
      expect(lightText(element)).to.contain(
        '続けるには第2パスワードを入力するか、パスキーで本人確認してください。',
      );
      expect(reauthPasskeyButton(element)!.textContent!.trim()).to.equal('パスキーで本人確認');
      await expect(element).to.be.accessible();
      // The passkey's button comes before the field.
      await sendKeys({ press: 'Shift+Tab' });
      expect(deepActive()).to.equal(reauthPasskeyButton(element));
      await sendKeys({ press: 'Enter' });
      await waitUntil(
        () => element.accountState?.status === 'passkeys' && 'done' in element.accountState,
        'not removed',
      );
      expect(test.answered).to.deep.equal([asserted]);
      // The ceremony got the service's re-authentication options, naming the student's passkeys.
      expect(browser.asked).to.have.length(1);
      expect(browser.asked[0]).to.have.property('challenge');
      expect(
        (await test.mock.service.store.passkeys.listForUser(tenantId, userId)).map((p) => p.name),
      ).to.deep.equal(['ノートPC']);
      await element.updateComplete;
      expect(shadowText(element)).to.contain('パスキー「古いスマホ」を削除しました。');
    });

    it('A21: a passkey that does not prove the student keeps 本人確認 open with the tries left, the typed password kept', async () => {
      const test = await withPasskeyReauthentication({ refuse: true });
      await seedPasskey(test, 'ノートPC', 'pk-laptop');
      await seedPasskey(test, '古いスマホ', 'pk-old');
      const element = await passkeysScreen(test.client, fakeBrowser());
      await removeFirst(element, 'pk-old');
      typeInto(field(element, 'secondPassword'), 'Half');
      await element.updateComplete;
      reauthPasskeyButton(element)!.click();
      await waitUntil(
        () => element.accountState?.status === 'reauthenticate' && 'error' in element.accountState,
        'no error',
      );
      await element.updateComplete;
      expect(lightText(element)).to.contain(
        'パスキーで本人確認できませんでした。あと 4 回失敗すると、もう一度ログインが必要になります。',
      );
      expect(field(element, 'secondPassword').input!.value).to.equal('Half');
      await waitUntil(() => deepActive() === reauthPasskeyButton(element), 'button not focused');
      await expect(element).to.be.accessible();
      expect(await test.mock.service.store.passkeys.listForUser(tenantId, userId)).to.have.length(
        2,
      );
    });

    for (const [failure, text] of [
      ['cancelled', 'パスキーでの本人確認が中止されました。もう一度お試しください。'],
      [
        'unsupported',
        'このブラウザではパスキーを利用できません。パスキーに対応したブラウザや端末でお試しください。',
      ],
    ] as const) {
      it(`A21/X5: a passkey prompt that ends ${failure} says so, and the second password is still asked`, async () => {
        const test = await withPasskeyReauthentication();
        await seedPasskey(test, 'ノートPC', 'pk-laptop');
        await seedPasskey(test, '古いスマホ', 'pk-old');
        const element = await passkeysScreen(
          test.client,
          fakeBrowser(undefined, { ok: false, failure }),
        );
        await removeFirst(element, 'pk-old');
        reauthPasskeyButton(element)!.click();
        await waitUntil(
          () =>
            element.accountState?.status === 'reauthenticate' && 'error' in element.accountState,
          'no error',
        );
        await element.updateComplete;
        expect(lightText(element)).to.contain(text);
        expect(test.answered).to.deep.equal([]);
        await expect(element).to.be.accessible();
        typeInto(field(element, 'secondPassword'), SECOND_PASSWORD);
        await element.updateComplete;
        formButton(element, '認証').click();
        await waitUntil(
          () => element.accountState?.status === 'passkeys' && 'done' in element.accountState,
          'not removed',
        );
      });
    }

    it('A21: no passkey button for a student without one, or in a browser without passkeys', async () => {
      const test = await withPasskeyReauthentication();
      const element = await passkeysScreen(test.client, fakeBrowser());
      addButton(element).click();
      await settled(element, 'reauthenticate');
      expect(reauthPasskeyButton(element)).to.equal(null);
      expect(lightText(element)).to.contain('続けるには第2パスワードを入力してください。');
      await seedPasskey(test, 'ノートPC', 'pk-laptop');
      await seedPasskey(test, '古いスマホ', 'pk-old');
      const unsupported = await passkeysScreen(test.client, {
        ...fakeBrowser(),
        supported: () => false,
      });
      await removeFirst(unsupported, 'pk-old');
      expect(reauthPasskeyButton(unsupported)).to.equal(null);
    });

    it('A20: where passkeys are required, the only one cannot be removed, and the list says why', async () => {
      const demo = createDemoTenant();
      const required = {
        ...demo,
        settings: {
          ...demo.settings,
          passkeys: { ...demo.settings.passkeys, mode: 'required-after-first-login' as const },
        },
      };
      const test = await signedIn({
        tenants: [required],
        accounts: createDemoAccounts(new Date()),
      });
      await seedPasskey(test, 'ノートPC', 'pk-laptop');
      const element = await passkeysScreen(test.client, fakeBrowser());
      const remove = element.shadowRoot!.querySelector<HTMLButtonElement>(
        '[data-passkey-id="pk-laptop"]',
      )!;
      expect(remove.getAttribute('aria-disabled')).to.equal('true');
      expect(shadowText(element)).to.contain(
        '大学の設定により、パスキーが1つ以上必要です。最後のパスキーは削除できません。',
      );
      remove.click();
      await element.updateComplete;
      expect(element.accountState?.status).to.equal('passkeys');
      await expect(element).to.be.accessible();
    });
  });

  it('A15: with the tenant mode required, the menu shows 有効 and says it cannot be changed', async () => {
    const demo = createDemoTenant();
    const required = {
      ...demo,
      settings: {
        ...demo.settings,
        twoFactor: { ...demo.settings.twoFactor, mode: 'required' as const },
      },
    };
    const { client } = await signedIn({
      tenants: [required],
      accounts: createDemoAccounts(new Date()),
    });
    const element = await menuFor(client);
    menuButton(element).click();
    await element.updateComplete;
    const item = element.shadowRoot!.querySelector('[data-item="two-factor"]')!;
    expect(item.tagName).not.to.equal('BUTTON');
    expect(item.querySelector('button')).to.equal(null);
    expect(item.textContent).to.contain('有効');
    expect(item.textContent).to.contain('必須');
    await expect(element).to.be.accessible();
  });

  it('A10/X1: follows the language switch', async () => {
    const { client } = await signedIn();
    const element = await menuFor(client);
    menuButton(element).click();
    await setShomeiLocale('en');
    await element.updateComplete;
    expect(shadowText(element)).not.to.contain('ログアウト');
    await expect(element).to.be.accessible();
  });

  it('A19: fits a 320 px wide screen with a form open', async () => {
    const { client } = await signedIn();
    const parent = await fixture<HTMLDivElement>(
      html`<div style="width: 320px">
        <shomei-account-menu .client=${client}></shomei-account-menu>
      </div>`,
    );
    const element = parent.querySelector('shomei-account-menu')!;
    await settled(element, 'menu');
    menuButton(element).click();
    await element.updateComplete;
    menuItem(element, '第2パスワード変更')!.click();
    await settled(element, 'second-password-change');
    expect(element.scrollWidth).to.be.at.most(320);
  });

  it('A10/X5: loading is announced; a failure shows a localized error with retry', async () => {
    const { client, release } = createPausedClient();
    const loading = await fixture<ShomeiAccountMenu>(
      html`<shomei-account-menu .client=${client}></shomei-account-menu>`,
    );
    await loading.updateComplete;
    expect(loading.shadowRoot!.querySelector('[role="status"]')?.textContent).to.contain(
      'メニューを読み込んでいます',
    );
    await expect(loading).to.be.accessible();
    release();
    const element = document.createElement('shomei-account-menu');
    element.client = createFailingClient('network');
    const failed = oneEvent(element, 'shomei-error');
    (await fixture<HTMLDivElement>(html`<div></div>`)).append(element);
    await failed;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.contain(
      '通信できませんでした',
    );
    await expect(element).to.be.accessible();
  });

  it('A10: an anonymous page shows nothing', async () => {
    const { client } = createTestClient();
    const element = await fixture<ShomeiAccountMenu>(
      html`<shomei-account-menu .client=${client}></shomei-account-menu>`,
    );
    await waitUntil(() => element.shadowRoot!.querySelector('[role="status"]') === null);
    // The session's answer (anonymous) is the last thing it waited for: its render is the end.
    await element.updateComplete;
    expect(element.isUpdatePending).to.equal(false);
    expect(element.shadowRoot!.querySelector('[part="menu-button"]')).to.equal(null);
  });
});
