/**
 * What the end-to-end suites share: `npm start` (scripts/start.ts) on free ports with its own
 * SQLite, the dev inbox's mail API, and a watch over every page of a browser context (console,
 * page errors, CSP violations, 5xx answers).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, CDPSession, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_STUDENTS } from '@shomei/service';
import { launchChromium } from '../support/chromium.js';
import { startShomei, type Shomei } from '../support/demo-process.js';
import { freePorts } from '../support/ports.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
/** A field's label, with or without the 「（必須）」 / "(required)" badge. */
export const labelled = (text: string) =>
  new RegExp(`^\\s*${escapeRegExp(text)}\\s*(（必須）|\\(required\\))?\\s*$`, 'u');

// ---- npm start on free ports --------------------------------------------------------------

export { startShomei, type Shomei } from '../support/demo-process.js';

/**
 * `npm start` on free ports and Chromium, started together; when one fails, the other is
 * stopped again before the failure is thrown.
 */
export async function startDemoAndBrowser(): Promise<{ demo: Shomei; browser: Browser }> {
  const [port, inboxPort] = await freePorts(2);
  const [started, launched] = await Promise.allSettled([
    startShomei(port!, inboxPort!),
    launchChromium(),
  ]);
  if (started.status === 'fulfilled' && launched.status === 'fulfilled')
    return { demo: started.value, browser: launched.value };
  if (started.status === 'fulfilled') await started.value.stop();
  if (launched.status === 'fulfilled') await launched.value.close();
  throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
}

// ---- the dev inbox --------------------------------------------------------------------------

export interface Mail {
  readonly id: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly kind: string | null;
  readonly locale: string | null;
  readonly link: string | null;
  readonly authKey: string | null;
}

/** The inbox's mails of `kind`, to `to` when given; newest first. */
export async function mails(inbox: string, to: string | undefined, kind: string): Promise<Mail[]> {
  const query = new URLSearchParams({ ...(to === undefined ? {} : { to }), kind });
  const response = await fetch(`${inbox}/api/mails?${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { mails: Mail[] }).mails;
}

/**
 * The newest mail of `kind` (to `to`, when given) that is not one of `seen` (the inbox lists
 * newest first), waiting for it up to `timeoutMs`.
 */
export async function nextMail(
  inbox: string,
  to: string | undefined,
  kind: string,
  seen: readonly Mail[] = [],
  timeoutMs = 60_000,
): Promise<Mail> {
  const known = new Set(seen.map((mail) => mail.id));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mails(inbox, to, kind)).find((mail) => !known.has(mail.id));
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no new ${kind} mail to ${to ?? 'anyone'}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// ---- the browser ----------------------------------------------------------------------------

/** Every page of the context: console lines, page errors, CSP violations and 5xx answers. */
export interface Watch {
  readonly console: string[];
  readonly pageErrors: string[];
  readonly cspViolations: string[];
  readonly serverErrors: string[];
}

const CSP_MARK = '[e2e] securitypolicyviolation';

export async function watch(context: BrowserContext): Promise<Watch> {
  const seen: Watch = { console: [], pageErrors: [], cspViolations: [], serverErrors: [] };
  // Runs in every document before the page's own script: reports violations to the console.
  await context.addInitScript((mark: string) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `${mark}: ${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} ` +
          `at ${event.sourceFile}:${event.lineNumber} (${event.disposition})`,
      );
    });
  }, CSP_MARK);
  const track = (page: Page): void => {
    page.on('console', (message) => {
      const line = `[${new Date().toISOString()}] ${message.type()} ${page.url()}: ${message.text()}`;
      seen.console.push(line);
      const text = message.text();
      if (
        text.includes(CSP_MARK) ||
        /Content Security Policy|requires 'Trusted|Trusted ?Type/iu.test(text) ||
        /Refused to (load|execute|apply|connect|frame)/u.test(text)
      )
        seen.cspViolations.push(line);
    });
    page.on('pageerror', (error) => {
      const line = `${page.url()}: ${error.stack ?? error.message}`;
      seen.pageErrors.push(line);
      seen.console.push(`[${new Date().toISOString()}] pageerror ${line}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 500)
        seen.serverErrors.push(
          `${response.status()} ${response.request().method()} ${response.url()}`,
        );
    });
  };
  context.on('page', track);
  return seen;
}

/** Mail must arrive in its own time on a busy machine. */
export const MAIL_WAIT_MS = 60_000;

/**
 * Runs `steps` in a fresh browser context (no cookies: logged out) with every page watched;
 * a failure leaves a screenshot of each open page in artifacts/e2e/<artifacts>/ and the server's
 * output in the error. No CSP violation, page error or 5xx answer may happen.
 */
export async function inBrowser(
  browser: Browser,
  artifacts: string,
  server: Shomei,
  steps: (context: BrowserContext, seen: Watch) => Promise<void>,
): Promise<void> {
  const dir = join(root, 'artifacts', 'e2e', artifacts);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const context = await browser.newContext({
    viewport: { width: 1024, height: 800 },
    timezoneId: 'Asia/Tokyo',
  });
  // Each step waits for what it is about; on a busy machine that may take a while.
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  const seen = await watch(context);
  try {
    await steps(context, seen);
  } catch (error) {
    await Promise.all(
      context
        .pages()
        .map((page, index) =>
          page
            .screenshot({ path: join(dir, `failure-${index}.png`), fullPage: true })
            .catch(() => undefined),
        ),
    );
    throw new Error(
      `${artifacts} failed at ${context
        .pages()
        .map((page) => page.url())
        .join(', ')}\n--- npm start ---\n${server.output()}`,
      { cause: error },
    );
  } finally {
    await writeFile(join(dir, 'console.log'), `${seen.console.join('\n')}\n`);
    await context.close();
  }
  expect(seen.cspViolations, 'CSP violations').toEqual([]);
  expect(seen.pageErrors, 'page errors').toEqual([]);
  expect(seen.serverErrors, '5xx answers').toEqual([]);
}

export const heading = (scope: Page | Locator, name: string): Locator =>
  scope.getByRole('heading', { name, exact: true });
export const button = (scope: Page | Locator, name: string): Locator =>
  scope.getByRole('button', { name, exact: true });
export const field = (page: Page, label: string): Locator => page.getByLabel(labelled(label));

/** What the student reads on `/login` (the elements' Japanese source text). */
export const LOGIN_TEXT = {
  loginHeading: '在学生ログイン',
  userId: 'ユーザID',
  password: 'パスワード',
  secondPassword: '第2パスワード',
  logIn: 'ログイン',
  authKeyHeading: '認証キー入力',
  authKey: '認証キー',
  verify: '認証',
  destinationHeading: '印刷先選択',
} as const;

/**
 * The returning student logs in on `/login`, with the auth key from the inbox (to whichever
 * address the account has now) when the service asks for it; ends on `/certificates`.
 */
export async function logInReturning(page: Page, server: Shomei): Promise<void> {
  const { returning } = DEMO_STUDENTS;
  const text = LOGIN_TEXT;
  await page.goto(`${server.origin}/login`);
  await heading(page, text.loginHeading).waitFor();
  const keysBefore = await mails(server.inbox, undefined, 'auth-key');
  await field(page, text.userId).fill(returning.userId);
  await field(page, text.password).fill(returning.password);
  await field(page, text.secondPassword).fill(returning.secondPassword);
  await button(page, text.logIn).click();
  // A trusted browser goes straight on; the others are asked for the key first.
  const authKey = heading(page, text.authKeyHeading);
  const destinations = heading(page, text.destinationHeading);
  await authKey.or(destinations).waitFor();
  if (await authKey.isVisible()) {
    const key = await nextMail(server.inbox, undefined, 'auth-key', keysBefore, MAIL_WAIT_MS);
    await field(page, text.authKey).fill(key.authKey!);
    await button(page, text.verify).click();
  }
  await destinations.waitFor();
  expect(page.url()).toBe(`${server.origin}/certificates`);
}

// ---- passkeys -------------------------------------------------------------------------------

/** A virtual platform authenticator (CDP `WebAuthn.*`) for `page`, UV capable and done. */
export async function addVirtualAuthenticator(
  context: BrowserContext,
  page: Page,
): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return { cdp, authenticatorId };
}
