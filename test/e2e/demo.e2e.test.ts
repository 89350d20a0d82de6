/**
 * End-to-end (issue 12, item 7): the `npm start` demo in a real Chromium (Debian's, driven by
 * playwright-core), where it used to dead-end.
 *
 * - A11: the email change mail's link (`/login#email-change=…`) completes the change in a
 *   logged-in browser and in a logged-out one, and a used link says so;
 * - a student without a session on the certificates page is sent to the login page, never offered
 *   destinations, whether the session never existed or ended mid-order;
 * - the mail server is down while a new student registers her address: the registration must not
 *   fail, and the mail must arrive once the server is back. Between the server and the dev inbox
 *   sits a TCP relay of the test's (`SMTP_URL`), which the test takes down and brings back.
 *
 * Two servers (own ports, own SQLite): one for the returning student, one whose mail goes
 * through the relay. Screenshots of failures and the console go to artifacts/e2e/demo/<test>/.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STUDENTS } from '@shomei/service';
import { launchChromium } from '../support/chromium.js';
import { freePorts } from '../support/ports.js';
import {
  LOGIN_TEXT,
  MAIL_WAIT_MS,
  button,
  escapeRegExp,
  field,
  heading,
  inBrowser,
  logInReturning,
  mails,
  nextMail,
  startShomei,
  type Mail,
  type Shomei,
} from './support.js';

const { returning, firstLogin } = DEMO_STUDENTS;

/** What the student reads (the elements' Japanese source text). */
const TEXT = {
  ...LOGIN_TEXT,
  menu: 'メニュー',
  logout: 'ログアウト',
  emailChange: 'メールアドレス変更',
  newEmail: '新しいメールアドレス',
  confirmation: '確認',
  submit: '確認',
  emailChangeSent: '確認メールを送信しました',
  reauthHeading: '本人確認',
  emailChangedHeading: 'メールアドレス変更完了',
  emailChanged: (email: string) => `メールアドレスを ${email} に変更しました。`,
  linkUsed: 'このURLは使用済みです。URLは一度だけ使えます。',
  ok: 'OK',
  mail: '郵送',
  emailHeading: 'メールアドレス設定',
  email: 'メールアドレス',
  emailConfirmation: 'メールアドレス（確認）',
  emailSent: '確認メールを送信しました。',
  emailRegisteredHeading: 'メールアドレス設定完了',
} as const;

/** A relay that came back may retry later. */
const OUTBOX_WAIT_MS = 180_000;

// ---- the SMTP relay the test takes down and brings back -------------------------------------

/**
 * A TCP relay on `port` to the dev inbox's SMTP server. While down it holds the port and drops
 * every connection at once, before the SMTP greeting, as a mail server that is down does; so no
 * other process can take the port meanwhile.
 */
class SmtpRelay {
  #up = false;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    readonly target: { readonly host: string; readonly port: number },
  ) {
    this.#server = createServer((client) => {
      this.#track(client);
      if (!this.#up) {
        client.destroy();
        return;
      }
      const upstream = this.#track(connect(this.target.port, this.target.host));
      for (const socket of [client, upstream])
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      client.pipe(upstream).pipe(client);
    });
  }

  #track(socket: Socket): Socket {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    return socket;
  }

  /** Holds the port, down. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** From now on, connections reach the inbox. */
  up(): void {
    this.#up = true;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    if (this.#server.listening) await new Promise((resolve) => this.#server.close(resolve));
  }
}

// ---- the browser ----------------------------------------------------------------------------

/** The address the service has for the student this page is logged in as. */
async function sessionEmail(page: Page): Promise<string | undefined> {
  return page.evaluate(async () => {
    const response = await fetch('/t/demo/session', { credentials: 'same-origin' });
    const session = (await response.json()) as { step?: string; email?: string };
    return session.step === 'authenticated' ? session.email : undefined;
  });
}

/** A11 from the account menu: the change mail to `email`, as the inbox received it. */
async function requestEmailChange(page: Page, server: Shomei, email: string): Promise<Mail> {
  await button(page, TEXT.menu).click();
  await button(page, TEXT.emailChange).click();
  await heading(page, TEXT.emailChange).waitFor();
  await field(page, TEXT.newEmail).fill(email);
  await field(page, TEXT.confirmation).fill(email);
  await button(page.locator('shomei-account-menu'), TEXT.submit).click();
  // A21: 本人確認 first: the second password again, then the change goes ahead.
  await heading(page, TEXT.reauthHeading).waitFor();
  await field(page, TEXT.secondPassword).fill(returning.secondPassword);
  await button(page.locator('shomei-account-menu'), TEXT.verify).click();
  await heading(page, TEXT.emailChangeSent).waitFor();
  const mail = await nextMail(server.inbox, email, 'email-change', [], MAIL_WAIT_MS);
  expect(mail.link).toMatch(
    new RegExp(`^${escapeRegExp(server.origin)}/login#email-change=[^&#]+$`, 'u'),
  );
  return mail;
}

// ---- the suite ------------------------------------------------------------------------------

describe('e2e: the npm start demo, end to end (issue 12)', () => {
  let browser: Browser | undefined;
  let demo: Shomei | undefined;
  let relayed: Shomei | undefined;
  let relay: SmtpRelay | undefined;

  beforeAll(async () => {
    // Every port chosen at once, so that no two coincide (SMTP_PORT 0 could pick the relay's).
    const [port, inboxPort, smtpPort, relayedPort, relayedInboxPort, relayedSmtpPort, relayPort] =
      await freePorts(7);
    // The relay holds its port from the start, down: that server's mail server is down.
    relay = new SmtpRelay(relayPort!, { host: '127.0.0.1', port: relayedSmtpPort! });
    const [started, startedRelayed, launched] = await Promise.allSettled([
      startShomei(port!, inboxPort!, { SMTP_PORT: String(smtpPort) }),
      relay.listen().then(() =>
        startShomei(relayedPort!, relayedInboxPort!, {
          SMTP_PORT: String(relayedSmtpPort),
          SMTP_URL: `smtp://127.0.0.1:${relayPort}`,
        }),
      ),
      launchChromium(),
    ]);
    // Keep whatever started, so that afterAll stops it even when another part failed.
    if (started.status === 'fulfilled') demo = started.value;
    if (startedRelayed.status === 'fulfilled') relayed = startedRelayed.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const result of [started, startedRelayed, launched])
      if (result.status === 'rejected') throw result.reason;
  }, 120_000);

  afterAll(async () => {
    await relay?.close();
    await browser?.close();
    await Promise.all([demo?.stop(), relayed?.stop()]);
  }, 30_000);

  it('A11: the change link opened in the logged-in browser changes the address and says so; OK goes back to the certificates', async () => {
    await inBrowser(browser!, 'demo/email-change-logged-in', demo!, async (context) => {
      const page = await context.newPage();
      await logInReturning(page, demo!);
      const oldEmail = await sessionEmail(page);
      expect(oldEmail).toMatch(/@/u);
      const newEmail = 'taro.logged-in@mail.example';
      const mail = await requestEmailChange(page, demo!, newEmail);
      expect(await sessionEmail(page)).toBe(oldEmail);

      // The link, opened from the mail app in a new tab of the same browser.
      const linkPage = await context.newPage();
      await linkPage.goto(mail.link!);
      await heading(linkPage, TEXT.emailChangedHeading).waitFor();
      await linkPage.getByText(TEXT.emailChanged(newEmail)).waitFor();
      // The one-time token left the address bar at once.
      expect(new URL(linkPage.url()).hash).toBe('');
      expect(await sessionEmail(linkPage)).toBe(newEmail);
      // ASVS 6.3.7: the old address hears of it.
      await nextMail(demo!.inbox, oldEmail, 'email-changed-notice', [], MAIL_WAIT_MS);

      await button(linkPage, TEXT.ok).click();
      await linkPage.waitForURL(`${demo!.origin}/certificates`);
      await heading(linkPage, TEXT.destinationHeading).waitFor();
    });
  }, 180_000);

  it('A11: the change link opened in a logged-out browser changes the address; OK leads to the login page, a used link says so', async () => {
    const newEmail = 'taro.logged-out@mail.example';
    let link = '';
    await inBrowser(browser!, 'demo/email-change-request', demo!, async (context) => {
      const page = await context.newPage();
      await logInReturning(page, demo!);
      link = (await requestEmailChange(page, demo!, newEmail)).link!;
    });

    await inBrowser(browser!, 'demo/email-change-logged-out', demo!, async (context) => {
      const page = await context.newPage();
      await page.goto(link);
      await heading(page, TEXT.emailChangedHeading).waitFor();
      await page.getByText(TEXT.emailChanged(newEmail)).waitFor();
      expect(new URL(page.url()).hash).toBe('');
      await button(page, TEXT.ok).click();
      await heading(page, TEXT.loginHeading).waitFor();
      expect(page.url()).toBe(`${demo!.origin}/login`);

      // The same link again: used, said in words, with a way on.
      await page.goto(link);
      await heading(page, TEXT.emailChange).waitFor();
      await page.getByRole('alert').filter({ hasText: TEXT.linkUsed }).waitFor();
      await button(page, TEXT.ok).click();
      await heading(page, TEXT.loginHeading).waitFor();

      // This browser is not trusted: the login's auth key goes to the new address.
      const keysBefore = await mails(demo!.inbox, newEmail, 'auth-key');
      await field(page, TEXT.userId).fill(returning.userId);
      await field(page, TEXT.password).fill(returning.password);
      await field(page, TEXT.secondPassword).fill(returning.secondPassword);
      await button(page, TEXT.logIn).click();
      await heading(page, TEXT.authKeyHeading).waitFor();
      const key = await nextMail(demo!.inbox, newEmail, 'auth-key', keysBefore, MAIL_WAIT_MS);
      await field(page, TEXT.authKey).fill(key.authKey!);
      await button(page, TEXT.verify).click();
      await page.waitForURL(`${demo!.origin}/certificates`);
      expect(await sessionEmail(page)).toBe(newEmail);
    });
  }, 180_000);

  it('O1: a student who never logged in is sent from the certificates page to the login page, offered no destination', async () => {
    await inBrowser(browser!, 'demo/order-never-logged-in', demo!, async (context) => {
      const page = await context.newPage();
      const catalogCalls: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.endsWith('/catalog')) catalogCalls.push(request.url());
      });
      await page.goto(`${demo!.origin}/certificates`);
      await page.waitForURL(`${demo!.origin}/login`);
      await heading(page, TEXT.loginHeading).waitFor();
      expect(catalogCalls).toEqual([]);
    });
  }, 180_000);

  it('O1: a session that ends mid-order sends the student to the login page at the next step', async () => {
    await inBrowser(browser!, 'demo/order-session-ended', demo!, async (context) => {
      const page = await context.newPage();
      await logInReturning(page, demo!);
      // The student logs out in another tab; this one still shows 印刷先選択.
      const other = await context.newPage();
      await other.goto(`${demo!.origin}/certificates`);
      await button(other, TEXT.menu).click();
      await button(other, TEXT.logout).click();
      await other.waitForURL(`${demo!.origin}/login`);
      expect(await sessionEmail(page)).toBe(undefined);

      await button(page, TEXT.mail).click();
      await page.waitForURL(`${demo!.origin}/login`);
      await heading(page, TEXT.loginHeading).waitFor();
    });
  }, 180_000);

  // X7: the outbox writes the mail in the registration's transaction and delivers it after
  // commit, with retries (decision 0014).
  it('A3, A4, X7: the mail server is down during registration: the student is told the mail was sent, and it arrives once the server is back', async () => {
    await inBrowser(browser!, 'demo/smtp-down-then-up', relayed!, async (context) => {
      const email = 'hanako.smtp@mail.example';
      const page = await context.newPage();
      await page.goto(`${relayed!.origin}/login`);
      await heading(page, TEXT.loginHeading).waitFor();
      await field(page, TEXT.userId).fill(firstLogin.userId);
      await field(page, TEXT.password).fill(firstLogin.password);
      await button(page, TEXT.logIn).click();
      await heading(page, TEXT.emailHeading).waitFor();
      await field(page, TEXT.email).fill(email);
      await field(page, TEXT.emailConfirmation).fill(email);
      const registered = page.waitForResponse(
        (response) =>
          response.url().endsWith('/session/email-registration') &&
          response.request().method() === 'POST',
      );
      await button(page, TEXT.submit).click();
      // The mail server refuses connections now: the registration must succeed anyway.
      expect((await registered).status()).toBe(200);
      await page.getByText(TEXT.emailSent).waitFor();
      // X7: and that it may take a while.
      await page.getByText('メールの送信に時間がかかっています', { exact: false }).waitFor();
      expect(relayed!.inboxSmtp).toBe(`smtp://127.0.0.1:${relay!.target.port}`);
      expect(await mails(relayed!.inbox, email, 'email-registration')).toEqual([]);

      relay!.up();
      const mail = await nextMail(relayed!.inbox, email, 'email-registration', [], OUTBOX_WAIT_MS);
      await page.goto(mail.link!);
      await heading(page, TEXT.emailRegisteredHeading).waitFor();
    });
  }, 300_000);
});
