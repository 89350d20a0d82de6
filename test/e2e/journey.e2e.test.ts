/**
 * End-to-end (issue 6, Tests): a new student's whole journey in a real Chromium (Debian's, driven
 * by playwright-core) against `npm start` (scripts/start.ts): the demo homepage and the API on one
 * origin, the reference server on SQLite, the SMTP capture inbox. Once in Japanese, once in English
 * (switched with the login screen's language picker), each against its own fresh server, because
 * the roster has one first-login student.
 *
 * first login → email registration → the registration link from the inbox → second password →
 * auth key from the inbox → logout (account menu) → login with the second password → a wrong key
 * until it locks (the dialog) → reissue → the new key → an order for counter pickup paid with a
 * card on the sandbox provider's hosted page → the staff CLI completes it → 「郵送対応完了」 in the
 * inbox → the order history says it is ready for pickup.
 *
 * Every step is screenshotted to artifacts/e2e/<locale>/NN-step.png (artifacts/ is gitignored),
 * with the browser console in console.log; a failure adds failure.png. No CSP violation, page
 * error or 5xx answer may happen on the way.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { freePorts } from '../support/ports.js';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF_TOKEN, DEMO_STUDENTS } from '@shomei/service';
import {
  escapeRegExp,
  labelled,
  mails,
  nextMail,
  root,
  startShomei,
  watch,
  type Shomei,
} from './support.js';
const student = DEMO_STUDENTS.firstLogin;
const SECOND_PASSWORD = 'Hanako2026x';
/**
 * How long one wait may take (a heading after a click, the sandbox's webhook) before it is a
 * hang, not a busy 2-core machine. Each wait is bounded by it and says what it waited for; the
 * limits of the hooks and tests only back these up.
 */
const HANG_MS = 60_000;

type Locale = 'ja' | 'en';

/** What the student reads, from the elements' source (ja) and packages/elements/xliff/en.xlf. */
const TEXT = {
  ja: {
    loginHeading: '在学生ログイン',
    userId: 'ユーザID',
    password: 'パスワード',
    secondPassword: '第2パスワード',
    secondPasswordConfirmation: '第2パスワード（確認）',
    logIn: 'ログイン',
    emailHeading: 'メールアドレス設定',
    email: 'メールアドレス',
    emailConfirmation: 'メールアドレス（確認）',
    confirm: '確認',
    emailSent: '確認メールを送信しました。',
    emailRegisteredHeading: 'メールアドレス設定完了',
    goToLogin: 'ログインページへ移動',
    setupHeading: '第2パスワード設定',
    set: '設定',
    secondPasswordSet: '第2パスワードが設定されました',
    ok: 'OK',
    authKeyHeading: '認証キー入力',
    authKey: '認証キー',
    trustDevice: 'このブラウザを信頼する',
    verify: '認証',
    reissue: '認証キー再発行',
    wrongKey: '認証キーが正しくありません。',
    reissued: '認証キーを再発行しました。',
    menu: 'メニュー',
    logout: 'ログアウト',
    destinationHeading: '印刷先選択',
    mail: '郵送',
    quantitiesHeading: '発行する項目と部数',
    item: '在学証明書（和文）',
    next: '次へ',
    deliveryHeading: '送付先の入力',
    counter: '大学窓口で受取り',
    reviewHeading: '申請内容の確認',
    acknowledge: '申請内容を確認し、支払後は返金できないことに同意します。',
    proceed: '支払へ進む',
    paymentHeading: '支払方法の選択',
    card: 'クレジットカード',
    pay: '支払う',
    goToProvider: '決済ページへ進む',
    checkPayment: '支払い状況を確認',
    doneHeading: 'お支払いが完了しました',
    paid: 'お支払い済み',
    readyForPickup: '受取り可能',
  },
  en: {
    loginHeading: 'Student login',
    userId: 'User ID',
    password: 'Password',
    secondPassword: 'Second password',
    secondPasswordConfirmation: 'Second password (confirmation)',
    logIn: 'Log in',
    emailHeading: 'Email address setup',
    email: 'Email address',
    emailConfirmation: 'Email address (confirmation)',
    confirm: 'Confirm',
    emailSent: 'A confirmation email has been sent.',
    emailRegisteredHeading: 'Email address setup complete',
    goToLogin: 'Go to the login page',
    setupHeading: 'Second password setup',
    set: 'Set',
    secondPasswordSet: 'Your second password has been set',
    ok: 'OK',
    authKeyHeading: 'Enter authentication key',
    authKey: 'Authentication key',
    trustDevice: 'Trust this browser',
    verify: 'Authenticate',
    reissue: 'Reissue authentication key',
    wrongKey: 'authentication key',
    reissued: 'A new authentication key was sent to',
    menu: 'Menu',
    logout: 'Log out',
    destinationHeading: 'Choose where to issue',
    mail: 'Mail',
    quantitiesHeading: 'Items and copies',
    item: 'Certificate of Enrollment (Japanese)',
    next: 'Next',
    deliveryHeading: 'Delivery address',
    counter: 'Pick up at the university counter',
    reviewHeading: 'Review your application',
    acknowledge: 'I have checked my application and agree that it cannot be refunded once paid.',
    proceed: 'Proceed to payment',
    paymentHeading: 'Choose a payment method',
    card: 'Credit card',
    pay: 'Pay',
    goToProvider: 'Go to the payment page',
    checkPayment: 'Check payment status',
    doneHeading: 'Payment complete',
    paid: 'Paid',
    readyForPickup: 'Ready for pickup',
  },
} as const satisfies Record<Locale, Record<string, string>>;

// ---- the staff CLI ------------------------------------------------------------------------

async function staff(
  origin: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'packages/server/src/cli.ts', ...args, '--url', origin],
    {
      cwd: root,
      env: { ...process.env, SHOMEI_STAFF_TOKEN: DEMO_STAFF_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  return { code, stdout, stderr };
}

class Journey {
  page!: Page;
  #step = 0;

  constructor(
    readonly locale: Locale,
    readonly context: BrowserContext,
    readonly dir: string,
  ) {}

  /** artifacts/e2e/<locale>/NN-name.png */
  async snap(name: string): Promise<void> {
    this.#step += 1;
    const file = join(this.dir, `${String(this.#step).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { name, exact: true });
  }

  button(name: string, scope: Page | Locator = this.page): Locator {
    return scope.getByRole('button', { name, exact: true });
  }

  field(label: string): Locator {
    return this.page.getByLabel(labelled(label));
  }
}

// ---- the suite ------------------------------------------------------------------------------

describe('e2e: a new student, in a real Chromium against npm start', () => {
  let browser: Browser | undefined;
  const servers: Partial<Record<Locale, Shomei>> = {};

  beforeAll(async () => {
    // One fresh server (own ports, own SQLite) per language: the roster has one first-login
    // student, and each journey starts from her first login.
    const [jaPort, jaInbox, enPort, enInbox] = await freePorts(4);
    const [ja, en, launched] = await Promise.allSettled([
      startShomei(jaPort!, jaInbox!),
      startShomei(enPort!, enInbox!),
      launchChromium(),
    ]);
    // Keep whatever started, so that afterAll stops it even when another part failed.
    if (ja.status === 'fulfilled') servers.ja = ja.value;
    if (en.status === 'fulfilled') servers.en = en.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const result of [ja, en, launched]) if (result.status === 'rejected') throw result.reason;
  }, 3 * HANG_MS);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }, 30_000);

  for (const locale of ['ja', 'en'] as const) {
    // A journey takes about a minute on a loaded 2-core box: 10 minutes is a hang.
    it(`A2–A10, A14, A16, O1–O8, O11: first login to 郵送対応完了, in ${locale}`, async () => {
      const server = servers[locale]!;
      const t = TEXT[locale];
      const email = `hanako.${locale}@mail.example`;
      const dir = join(root, 'artifacts', 'e2e', locale);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });

      const context = await browser!.newContext({
        viewport: { width: 1024, height: 800 },
        timezoneId: 'Asia/Tokyo',
      });
      // Playwright's own 30 s per action is a deadline a loaded machine can reach.
      context.setDefaultTimeout(HANG_MS);
      const seen = await watch(context);
      const journey = new Journey(locale, context, dir);
      const started = Date.now();
      try {
        journey.page = await context.newPage();
        await run(journey, server, t, email);
      } catch (error) {
        await journey.page
          ?.screenshot({ path: join(dir, 'failure.png'), fullPage: true })
          .catch(() => undefined);
        throw new Error(
          `${locale} journey failed at ${journey.page?.url()}\n--- npm start ---\n${server.output()}`,
          { cause: error },
        );
      } finally {
        await writeFile(join(dir, 'console.log'), `${seen.console.join('\n')}\n`);
        await context.close();
      }
      console.info(`e2e ${locale}: journey in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(seen.cspViolations, 'CSP violations').toEqual([]);
      expect(seen.pageErrors, 'page errors').toEqual([]);
      expect(seen.serverErrors, '5xx answers').toEqual([]);
    }, 600_000);
  }
});

async function run(
  journey: Journey,
  server: Shomei,
  t: (typeof TEXT)[Locale],
  email: string,
): Promise<void> {
  const { origin, inbox } = server;
  let page = journey.page;

  // ---- A1, A14: the login box; English through its language picker ----
  await page.goto(`${origin}/login`);
  if (journey.locale === 'en') {
    await journey.heading(TEXT.ja.loginHeading).waitFor();
    await page.getByLabel('LANG（言語）').selectOption('en');
  }
  await journey.heading(t.loginHeading).waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('ja');
  await journey.snap('login');

  // ---- A2: first login with the university credentials ----
  await journey.field(t.userId).fill(student.userId);
  await journey.field(t.password).fill(student.password);
  await journey.snap('first-login-filled');
  await journey.button(t.logIn).click();

  // ---- A3: email registration ----
  await journey.heading(t.emailHeading).waitFor();
  await journey.field(t.email).fill(email);
  await journey.field(t.emailConfirmation).fill(email);
  await journey.snap('email-registration');
  await journey.button(t.confirm).click();
  await page.getByText(t.emailSent).waitFor();
  await journey.snap('email-sent');

  // ---- A4: the registration link from the inbox, opened in a new tab as from a mail app ----
  const registration = await nextMail(inbox, email, 'email-registration');
  expect(registration.locale).toBe(journey.locale);
  expect(registration.link).toMatch(
    new RegExp(`^${escapeRegExp(origin)}/login#email-registration=[^&#]+$`, 'u'),
  );
  const linkPage = await journey.context.newPage();
  await page.close();
  journey.page = page = linkPage;
  await page.goto(registration.link!);
  await journey.heading(t.emailRegisteredHeading).waitFor();
  // The one-time token left the address bar at once.
  expect(new URL(page.url()).hash).toBe('');
  await journey.snap('email-registered');
  await journey.button(t.goToLogin).click();
  await journey.heading(t.loginHeading).waitFor();

  // ---- A5: the second login sets the second password ----
  await journey.field(t.userId).fill(student.userId);
  await journey.field(t.password).fill(student.password);
  await journey.button(t.logIn).click();
  await journey.heading(t.setupHeading).waitFor();
  await journey.field(t.secondPassword).fill(SECOND_PASSWORD);
  await journey.field(t.secondPasswordConfirmation).fill(SECOND_PASSWORD);
  await journey.snap('second-password-setup');
  const beforeSetup = await mails(inbox, email, 'auth-key');
  await journey.button(t.set).click();
  await page.getByText(t.secondPasswordSet).waitFor();
  await journey.snap('second-password-set');
  await journey.button(t.ok).click();

  // ---- A7: the auth key from the inbox; this device not trusted, so the next login asks again ----
  await journey.heading(t.authKeyHeading).waitFor();
  const firstKey = await nextMail(inbox, email, 'auth-key', beforeSetup);
  expect(firstKey.locale).toBe(journey.locale);
  expect(firstKey.authKey).toMatch(/^\d{6}$/u);
  await journey.field(t.authKey).fill(firstKey.authKey!);
  await page.getByLabel(t.trustDevice).uncheck();
  await journey.snap('auth-key');
  await journey.button(t.verify).click();
  await page.waitForURL(`${origin}/certificates`);
  await journey.heading(t.destinationHeading).waitFor();
  await journey.snap('certificates');

  // ---- A10, A16: logout from the account menu ----
  await journey.button(t.menu).click();
  await journey.button(t.logout).waitFor();
  await journey.snap('account-menu');
  await journey.button(t.logout).click();
  await page.waitForURL(`${origin}/login`);
  await journey.heading(t.loginHeading).waitFor();
  await journey.snap('logged-out');

  // ---- A6, A7: login with the second password; the key arrives in the inbox ----
  const beforeLogin = await mails(inbox, email, 'auth-key');
  await journey.field(t.userId).fill(student.userId);
  await journey.field(t.password).fill(student.password);
  await journey.field(t.secondPassword).fill(SECOND_PASSWORD);
  await journey.snap('login-with-second-password');
  await journey.button(t.logIn).click();
  await journey.heading(t.authKeyHeading).waitFor();
  const lockedKey = await nextMail(inbox, email, 'auth-key', beforeLogin);
  expect(lockedKey.authKey).toMatch(/^\d{6}$/u);

  // ---- A9: a wrong key until it locks; the dialog offers the reissue ----
  // A refused key is not sent again as it is (its error stays on the field): each try differs.
  const wrong = (attempt: number) =>
    String((Number(lockedKey.authKey) + 1 + attempt) % 1_000_000).padStart(6, '0');
  const dialog = page.getByRole('dialog');
  // The dialog's buttons are slotted into <shomei-dialog>, outside the native <dialog>'s subtree.
  const dialogHost = page.locator('shomei-dialog');
  let attempts = 0;
  for (; attempts < 10 && !(await dialog.isVisible()); attempts += 1) {
    await journey.field(t.authKey).fill(wrong(attempts));
    const answered = page.waitForResponse(
      (response) =>
        response.url().endsWith('/session/auth-key') && response.request().method() === 'POST',
    );
    await journey.button(t.verify).click();
    const response = await answered;
    const { error } = (await response.json()) as { error?: { code: string } };
    expect(['auth_key_wrong', 'auth_key_locked']).toContain(error?.code);
    if (error?.code === 'auth_key_locked') await dialog.waitFor();
    else {
      // WCAG 3.3.1: the error belongs to the 認証キー field (aria-invalid, described by it).
      const keyField = journey.field(t.authKey);
      await expect
        .poll(() => keyField.getAttribute('aria-invalid'), { timeout: HANG_MS })
        .toBe('true');
      const description = await keyField.evaluate((input) =>
        (input.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => input.ownerDocument.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
      expect(description).toContain(t.wrongKey);
    }
    if (attempts === 0) await journey.snap('wrong-auth-key');
  }
  expect(await dialog.isVisible()).toBe(true);
  expect(attempts).toBeGreaterThan(1);
  await journey.snap('auth-key-locked');

  // ---- A8: reissue from the dialog; the new key from the inbox works ----
  const beforeReissue = await mails(inbox, email, 'auth-key');
  await journey.button(t.reissue, dialogHost).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByText(t.reissued).waitFor();
  const newKey = await nextMail(inbox, email, 'auth-key', beforeReissue);
  expect(newKey.authKey).toMatch(/^\d{6}$/u);
  await journey.field(t.authKey).fill(newKey.authKey!);
  await journey.snap('auth-key-reissued');
  await journey.button(t.verify).click();
  await page.waitForURL(`${origin}/certificates`);

  // ---- O1–O5: an order by mail, one certificate, picked up at the counter ----
  await journey.heading(t.destinationHeading).waitFor();
  await journey.button(t.mail).click();
  await journey.heading(t.quantitiesHeading).waitFor();
  await journey.field(t.item).fill('1');
  await journey.snap('order-quantities');
  await journey.button(t.next).click();
  await journey.heading(t.deliveryHeading).waitFor();
  await page.getByRole('radio', { name: t.counter, exact: true }).check();
  await journey.snap('order-counter-pickup');
  await journey.button(t.next).click();

  // ---- O8: review and the no-refund acknowledgement ----
  await journey.heading(t.reviewHeading).waitFor();
  await page.getByRole('checkbox', { name: t.acknowledge }).check();
  await journey.snap('order-review');
  await journey.button(t.proceed).click();

  // ---- O7: card on the sandbox provider's hosted page, and back ----
  await journey.heading(t.paymentHeading).waitFor();
  await page.getByRole('radio', { name: new RegExp(`^${escapeRegExp(t.card)}`, 'u') }).check();
  await journey.snap('order-payment-method');
  await journey.button(t.pay).click();
  await page.getByRole('link', { name: t.goToProvider }).click();
  await page.waitForURL(/\/sandbox\/checkout\//u);
  await journey.snap('sandbox-checkout');
  await page.getByRole('button', { name: /Pay$/u }).click();
  await page.waitForURL(/\/certificates\?shomei-order=/u);
  // The webhook may still be on its way: 「支払い状況を確認」 until the order reads paid. Each
  // check waits for the order's answer, then for the screen that answer gives (no fixed waits,
  // no count of tries a slow webhook could run out of).
  const done = journey.heading(t.doneHeading);
  const check = journey.button(t.checkPayment);
  await done.or(check).first().waitFor();
  const deadline = Date.now() + HANG_MS;
  while (!(await done.isVisible())) {
    if (Date.now() > deadline)
      throw new Error(`the order did not read paid within ${HANG_MS / 1000} s of checks`);
    await journey.snap('payment-check');
    const answered = page.waitForResponse(
      (response) =>
        response.request().method() === 'GET' &&
        /\/orders\/[^/]+$/u.test(new URL(response.url()).pathname),
    );
    await check.click();
    await answered;
    await done.or(check).first().waitFor();
  }
  const summary = page.locator('shomei-order dl.summary dd');
  const orderId = (await summary.first().textContent())?.trim() ?? '';
  expect(orderId).not.toBe('');
  expect((await summary.nth(1).textContent())?.trim()).toBe(t.paid);
  await journey.snap('order-paid');

  // ---- O6: the staff CLI starts and completes it; 「郵送対応完了」 arrives ----
  const listed = await staff(origin, 'orders', 'list', '--status', 'paid', '--json');
  expect(listed.code, listed.stderr).toBe(0);
  const paid = (
    JSON.parse(listed.stdout) as {
      orders: { orderId: string; userId: string; destination: string; delivery: unknown }[];
    }
  ).orders.find((order) => order.orderId === orderId);
  expect(paid).toMatchObject({
    userId: student.userId,
    destination: 'mail',
    delivery: { category: 'counter' },
  });
  const started = await staff(origin, 'orders', 'start', orderId);
  expect(started.code, started.stderr).toBe(0);
  expect(started.stdout).toContain(`${orderId}: processing`);
  const completed = await staff(origin, 'orders', 'complete', orderId);
  expect(completed.code, completed.stderr).toBe(0);
  expect(completed.stdout).toContain(`${orderId}: completed`);
  const mail = await nextMail(inbox, email, 'order-completed');
  expect(mail.subject).toContain('郵送対応完了');
  expect(mail.locale).toBe(journey.locale);
  expect(mail.text).toContain(orderId);

  // ---- O11: the order history says it is ready at the counter ----
  await page.goto(`${origin}/certificates`);
  await page
    .locator('shomei-order-history')
    .getByText(t.readyForPickup, { exact: true })
    .first()
    .waitFor();
  await journey.snap('order-history-ready');
}
