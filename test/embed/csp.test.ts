/**
 * Embedding (issue 7, X4): examples/plain-html in a real Chromium (Debian's, driven by
 * playwright-core), served with the strict Content-Security-Policy of issue 7
 * (`default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script';
 * trusted-types lit-html`) on one origin with the in-memory service from @shomei/mock.
 *
 * The bundles are built in beforeAll with packages/elements/scripts/build.mjs into a temp dir:
 * this version, and a copy stamped with another version for the double-load tests.
 *
 * - the page's one `<script type="module">` renders the elements, configured by
 *   `<meta name="shomei-base-url">` alone; the language picker loads the English chunk; the
 *   returning student logs in to the auth-key step; no `securitypolicyviolation`, no page error;
 * - the same bundle loaded twice (a second copy from another URL) keeps working, silently;
 * - another version next to it keeps working and warns about that version, once;
 * - a control page with an inline script does report a violation, so the check can fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockService, DEMO_STUDENTS, type MockService } from '@shomei/mock';
import {
  createPlainHtmlApp,
  PAGE_DIR,
  STRICT_CSP_TWO_COPIES,
} from '../../examples/plain-html/app.js';
import { freePorts } from '../support/ports.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const OTHER_VERSION = '9.9.9-test';
const CSP_MARK = 'securitypolicyviolation';
const student = DEMO_STUDENTS.returning;
/**
 * How long one wait may take (a heading, a console message, a login) before it is a hang, not a
 * busy 2-core machine: Playwright's 30 s per action and `expect.poll`'s 1 s are deadlines a
 * loaded machine can reach, so every wait here uses this, and a test's limit backs them up.
 */
const HANG_MS = 60_000;
const poll = { timeout: HANG_MS };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
/** A field's label, with or without the 「（必須）」 / "(required)" badge. */
const labelled = (text: string) =>
  new RegExp(`^\\s*${escapeRegExp(text)}\\s*(（必須）|\\(required\\))?\\s*$`, 'u');

function buildBundles(outdir: string, version?: string): void {
  const args = ['packages/elements/scripts/build.mjs', '--bundles-only', '--outdir', outdir];
  if (version !== undefined) args.push('--elements-version', version);
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`build.mjs failed (${result.status}):\n${result.stdout}${result.stderr}`);
}

/** index.html with one more `<script type="module">`, for the double-load pages. */
async function pageWithScript(src: string): Promise<string> {
  const html = await readFile(join(PAGE_DIR, 'index.html'), 'utf8');
  const first = '<script type="module" src="shomei/entries/all.js"></script>';
  expect(html).toContain(first);
  return html.replace(first, `<script type="module" src="${src}"></script>`);
}

async function pageWithSecondScript(src: string): Promise<string> {
  const html = await readFile(join(PAGE_DIR, 'index.html'), 'utf8');
  const first = '<script type="module" src="shomei/entries/all.js"></script>';
  expect(html).toContain(first);
  return html.replace(first, `${first}\n    <script type="module" src="${src}"></script>`);
}

interface Seen {
  readonly violations: string[];
  readonly pageErrors: string[];
  readonly warnings: string[];
}

describe('X4: the plain-HTML embed under a strict CSP', { timeout: 5 * HANG_MS }, () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let mock: MockService;
  let origin = '';
  let buildDir = '';

  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), 'shomei-embed-'));
    buildBundles(join(buildDir, 'current'));
    buildBundles(join(buildDir, 'other'), OTHER_VERSION);

    const [port = 0] = await freePorts(1);
    origin = `http://localhost:${port}`;
    mock = createMockService({ baseUrl: origin });
    const site = createPlainHtmlApp({
      // A fresh service per test (beforeEach): each login starts from the demo accounts.
      service: { fetch: (request) => mock.app.fetch(request) },
      bundleDir: join(buildDir, 'current/entries'),
      extraDirs: {
        '/again/': join(buildDir, 'current/entries'),
        '/other/': join(buildDir, 'other/entries'),
      },
      extraPages: {
        // Two widgets of a page each with the same script tag: one module, run once. (The same
        // entry under two different URLs is two copies, as two versions are: decision 0016.)
        '/twice.html': async () => ({
          html: await pageWithSecondScript('shomei/entries/all.js'),
        }),
        // A university busting caches with a query: no chunk imports the entry, so the code
        // still runs once (decision 0016).
        '/query.html': async () => ({ html: await pageWithScript('shomei/entries/all.js?v=2') }),
        '/two-copies.html': async () => ({ html: await pageWithSecondScript('again/all.js') }),
        '/two-versions.html': async () => ({
          html: await pageWithSecondScript('other/all.js'),
          csp: STRICT_CSP_TWO_COPIES,
        }),
        '/inline.html': async () => ({
          html: '<!doctype html><title>control</title><script>window.inline = 1;</script>',
        }),
      },
    });
    server = serve({ fetch: site.fetch, port, hostname: '127.0.0.1' }) as Server;
    browser = await launchChromium();
    // Two builds of every bundle: 144 s on a loaded 2-core box (2 busy loops, a browser suite),
    // over the 120 s this hook once had. Only a hang takes 10 minutes.
  }, 600_000);

  beforeEach(() => {
    mock = createMockService({ baseUrl: origin });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (buildDir) await rm(buildDir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<{ page: Page; seen: Seen }> {
    const context = await browser!.newContext({ timezoneId: 'Asia/Tokyo' });
    context.setDefaultTimeout(HANG_MS);
    const seen: Seen = { violations: [], pageErrors: [], warnings: [] };
    // Runs before the page's own script: every violation event goes to the console, marked.
    await context.addInitScript((mark: string) => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`${mark}: ${event.effectiveDirective} blocked ${event.blockedURI}`);
      });
    }, CSP_MARK);
    const page = await context.newPage();
    page.on('console', (message) => {
      const text = message.text();
      if (process.env.DEBUG_EMBED) console.log(message.type(), text);
      if (text.includes(CSP_MARK) || /Content Security Policy|Trusted ?Type/iu.test(text))
        seen.violations.push(text);
      if (message.type() === 'warning' && text.startsWith('Shōmei')) seen.warnings.push(text);
    });
    page.on('pageerror', (error) => seen.pageErrors.push(error.stack ?? error.message));
    const response = await page.goto(`${origin}${path}`);
    expect(response?.headers()['content-security-policy']).toContain(
      "require-trusted-types-for 'script'",
    );
    return { page, seen };
  }

  /** How many copies of the bundle registered in the page-wide localization registry. */
  const localizationCopies = (page: Page) =>
    page.evaluate(
      () =>
        (globalThis as unknown as Record<symbol, { copies: Set<unknown> } | undefined>)[
          Symbol.for('shomei.localization')
        ]?.copies.size ?? 0,
    );

  const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true });

  /** A1, A6, A7: the returning student reaches the auth-key step; the key is mailed. */
  async function logInToAuthKey(page: Page, english = false): Promise<void> {
    const t = english
      ? {
          userId: 'User ID',
          password: 'Password',
          second: 'Second password',
          logIn: 'Log in',
          authKey: 'Enter authentication key',
        }
      : {
          userId: 'ユーザID',
          password: 'パスワード',
          second: '第2パスワード',
          logIn: 'ログイン',
          authKey: '認証キー入力',
        };
    const before = mock.mailbox.all().length;
    await page.getByLabel(labelled(t.userId)).fill(student.userId);
    await page.getByLabel(labelled(t.password)).fill(student.password);
    await page.getByLabel(labelled(t.second)).fill(student.secondPassword);
    await page.getByRole('button', { name: t.logIn, exact: true }).click();
    await heading(page, t.authKey).waitFor();
    const mails = mock.mailbox.all().slice(before);
    expect(mails.some((mail) => mail.kind === 'auth-key' && mail.to === student.email)).toBe(true);
  }

  it('X4, A1, A14, A17: renders from one script tag and the meta tag, switches language, logs in to the auth key', async () => {
    const { page, seen } = await open('/');
    await heading(page, '在学生ログイン').waitFor();
    // Configured by <meta name="shomei-base-url"> alone: the tenant's name and contacts came
    // from the service.
    await page.getByText('お問い合わせ先').first().waitFor();
    expect(
      await page.locator('shomei-login').evaluate((el) => el.shadowRoot?.textContent),
    ).toContain('証明大学');
    // The English locale module is a separate chunk, loaded under script-src 'self'.
    await page.getByLabel('LANG（言語）').selectOption('en');
    await heading(page, 'Student login').waitFor();
    await logInToAuthKey(page, true);
    expect(seen.violations, 'CSP violations').toEqual([]);
    expect(seen.pageErrors, 'page errors').toEqual([]);
    expect(seen.warnings, 'warnings').toEqual([]);
    await page.context().close();
  });

  it('X4: the entry loaded with a cache-busting query works under the strict CSP, code running once', async () => {
    const { page, seen } = await open('/query.html');
    await heading(page, '在学生ログイン').waitFor();
    await logInToAuthKey(page);
    expect(seen.violations, 'CSP violations').toEqual([]);
    expect(seen.pageErrors, 'page errors').toEqual([]);
    expect(seen.warnings, 'warnings').toEqual([]);
  });

  it('X4: the same bundle loaded twice (two script tags) keeps working, without a warning', async () => {
    const { page, seen } = await open('/twice.html');
    await heading(page, '在学生ログイン').waitFor();
    expect(await localizationCopies(page)).toBe(1);
    await logInToAuthKey(page);
    expect(seen.violations, 'CSP violations').toEqual([]);
    expect(seen.pageErrors, 'page errors').toEqual([]);
    expect(seen.warnings, 'warnings').toEqual([]);
    await page.context().close();
  });

  it('X4: another version next to it keeps the page working and warns about that version', async () => {
    // Two separate copies (two lit-html) need `trusted-types lit-html 'allow-duplicates'`.
    const { page, seen } = await open('/two-versions.html');
    await heading(page, '在学生ログイン').waitFor();
    // Both copies ran: each registered its localization in the page-wide registry.
    await expect.poll(() => localizationCopies(page), poll).toBe(2);
    await expect.poll(() => seen.warnings.length, poll).toBeGreaterThan(0);
    // Switching the language through the first copy's picker switches both copies.
    await page.getByLabel('LANG（言語）').selectOption('en');
    await heading(page, 'Student login').waitFor();
    await logInToAuthKey(page, true);
    // The first copy's elements stay; the other version registered nothing and said so once.
    expect(seen.warnings).toHaveLength(1);
    expect(seen.warnings[0]).toContain('version 0.1.0 are already defined');
    expect(seen.warnings[0]).toContain(`version ${OTHER_VERSION} keeps using them`);
    expect(seen.violations, 'CSP violations').toEqual([]);
    expect(seen.pageErrors, 'page errors').toEqual([]);
    await page.context().close();
  });

  it('X4: a second copy under the strict policy: its duplicate lit-html policy is a violation, the page keeps working', async () => {
    const { page, seen } = await open('/two-copies.html');
    await heading(page, '在学生ログイン').waitFor();
    await logInToAuthKey(page);
    // The second copy starts (its localization registers) but its request for a second
    // 'lit-html' policy is a violation, and the error it throws is the only page error; the
    // first copy's elements keep the page working. The second copy's script and the console's
    // report of its violation may come after the login: wait for them, not on them.
    await expect.poll(() => localizationCopies(page), poll).toBe(2);
    await expect.poll(() => seen.violations.length, poll).toBeGreaterThan(0);
    for (const violation of seen.violations) expect(violation).toMatch(/trusted-types|lit-html/u);
    for (const error of seen.pageErrors) expect(error).toMatch(/lit-html|TrustedTypePolicy/iu);
    await page.context().close();
  });

  it('control: an inline script on the same server is reported as a violation', async () => {
    const { page, seen } = await open('/inline.html');
    await expect.poll(() => seen.violations.length, poll).toBeGreaterThan(0);
    expect(await page.evaluate(() => 'inline' in window)).toBe(false);
    await page.context().close();
  });
});
