/**
 * End-to-end (issue 14 item 6): the account menu's 「パスキー」 screen in the `npm start` demo,
 * against the real server, in Chromium with its virtual authenticator (CDP `WebAuthn.*`). The
 * student logs in on `/login` (the auth key from the dev inbox), opens the menu, confirms who
 * they are (本人確認), adds a passkey through the element's own ceremony, sees it listed, then,
 * logged in again (a new session, so 本人確認 is asked again), confirms who they are with that
 * passkey and removes it. The service mails a notice of each change (A21).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STUDENTS } from '@shomei/service';
import {
  LOGIN_TEXT,
  MAIL_WAIT_MS,
  addVirtualAuthenticator,
  button,
  field,
  heading,
  inBrowser,
  logInReturning,
  mails,
  nextMail,
  startDemoAndBrowser,
  type Shomei,
} from './support.js';

const { returning } = DEMO_STUDENTS;

/** What the student reads (the elements' Japanese source text). */
const TEXT = {
  ...LOGIN_TEXT,
  menu: 'メニュー',
  passkeys: 'パスキー',
  none: '登録されているパスキーはありません。',
  add: 'パスキーを追加',
  reauthHeading: '本人確認',
  nameHeading: 'パスキーの名前',
  name: 'パスキーの名前',
  register: '登録',
  added: (name: string) => `パスキー「${name}」を登録しました。`,
  remove: '削除',
  removeConfirm: (name: string) => `パスキー「${name}」を削除しますか?`,
  removed: (name: string) => `パスキー「${name}」を削除しました。`,
  logout: 'ログアウト',
  reauthWithPasskey: 'パスキーで本人確認',
} as const;

const PASSKEY_NAME = '研究室のパソコン';

describe('e2e: passkeys from the account menu (issue 14 item 6, A20, A21)', () => {
  let browser: Browser | undefined;
  let demo: Shomei | undefined;

  beforeAll(async () => {
    ({ demo, browser } = await startDemoAndBrowser());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  }, 30_000);

  it('A20, A21: a student adds a passkey from the menu after 本人確認, sees it listed, and removes it after 本人確認 with it', async () => {
    await inBrowser(browser!, 'account-menu-passkeys/add-and-remove', demo!, async (context) => {
      const page = await context.newPage();
      await logInReturning(page, demo!);
      // A platform authenticator that verifies the user, as a phone or a laptop's would.
      const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);
      const menu = page.locator('shomei-account-menu');

      await button(menu, TEXT.menu).click();
      await button(menu, TEXT.passkeys).click();
      await heading(menu, TEXT.passkeys).waitFor();
      await menu.getByText(TEXT.none).waitFor();

      // A21: the service asks for the second password first; then the browser's ceremony.
      await button(menu, TEXT.add).click();
      await heading(menu, TEXT.reauthHeading).waitFor();
      await field(page, TEXT.secondPassword).fill(returning.secondPassword);
      const addedBefore = await mails(demo!.inbox, returning.email, 'passkey-added-notice');
      await button(menu, TEXT.verify).click();
      await heading(menu, TEXT.nameHeading).waitFor();
      const name = field(page, TEXT.name);
      // The suggestion names the browser and the device.
      await expect(name.inputValue()).resolves.toMatch(/Chrome/u);
      await name.fill(PASSKEY_NAME);
      await button(menu, TEXT.register).click();
      await menu.getByText(TEXT.added(PASSKEY_NAME)).waitFor();
      await menu.locator('[part="passkey"]').filter({ hasText: PASSKEY_NAME }).waitFor();
      const added = await nextMail(
        demo!.inbox,
        returning.email,
        'passkey-added-notice',
        addedBefore,
        MAIL_WAIT_MS,
      );
      expect(added.text).toContain(PASSKEY_NAME);
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials).toHaveLength(1);

      // A new session (logged out and in again in this browser, which keeps its authenticator):
      // the re-authentication above does not count for it.
      // The login box now offers the passkey in the user ID's autofill, and a virtual
      // authenticator that answers by itself would pick it at once: like a student who types
      // their passwords instead, it answers nothing until the passkey is asked for again.
      const presence = (enabled: boolean) =>
        cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled });
      await presence(false);
      await button(menu, TEXT.menu).click();
      await button(menu, TEXT.logout).click();
      await page.waitForURL(`${demo!.origin}/login`);
      await logInReturning(page, demo!);
      await presence(true);
      await button(menu, TEXT.menu).click();
      await button(menu, TEXT.passkeys).click();
      await menu.locator('[part="passkey"]').filter({ hasText: PASSKEY_NAME }).waitFor();

      // Removing: confirmed in a dialog, then 本人確認 with the passkey itself (A21).
      const removedBefore = await mails(demo!.inbox, returning.email, 'passkey-removed-notice');
      await button(
        menu.locator('[part="passkey"]').filter({ hasText: PASSKEY_NAME }),
        TEXT.remove,
      ).click();
      // The dialog's text and buttons are slotted into <shomei-dialog>, not inside its <dialog>.
      const dialog = menu.locator('shomei-dialog');
      await menu.getByRole('dialog').waitFor();
      await dialog.getByText(TEXT.removeConfirm(PASSKEY_NAME)).waitFor();
      await button(dialog, TEXT.remove).click();
      await heading(menu, TEXT.reauthHeading).waitFor();
      await button(menu, TEXT.reauthWithPasskey).click();
      await menu.getByText(TEXT.removed(PASSKEY_NAME)).waitFor();
      await menu.getByText(TEXT.none).waitFor();
      const removed = await nextMail(
        demo!.inbox,
        returning.email,
        'passkey-removed-notice',
        removedBefore,
        MAIL_WAIT_MS,
      );
      expect(removed.text).toContain(PASSKEY_NAME);
      const listed = await page.evaluate(async () => {
        const response = await fetch('/t/demo/account/passkeys', { credentials: 'same-origin' });
        return ((await response.json()) as { passkeys: unknown[] }).passkeys;
      });
      expect(listed).toEqual([]);
    });
  }, 240_000);
});
