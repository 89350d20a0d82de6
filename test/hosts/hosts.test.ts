/**
 * Framework hosts (issue 7): each example in examples/<framework> (built by
 * `npm run build:examples`) is served from its dist/ with the mock service (@shomei/mock) on the
 * same origin, and a real Chromium (Debian's, driven by playwright-core) logs the returning
 * student in through the host: user ID, password and second password → the auth key from the
 * mock's mailbox → the host shows the student's name, which it read from the typed
 * `shomei-login` event, and swaps the login box for the account menu and the order.
 *
 * Every host is served under the homepage's strict Content-Security-Policy and must log in
 * without a single `securitypolicyviolation`: React and Angular (compiled ahead of time, no
 * `@angular/compiler`, no eval in the browser) with STRICT_CSP as it is; Vue with one more
 * Trusted Types policy name, `vue`, which @vue/runtime-dom creates when it loads (for
 * `v-html` and the static content its compiler stringifies). Vue creates it once per page, so
 * `'allow-duplicates'` is not needed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockService, DEMO_STUDENTS } from '@shomei/mock';
import { STRICT_CSP, STRICT_CSP_DIRECTIVES } from '../../examples/plain-html/app.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const student = DEMO_STUDENTS.returning;
const HOSTS = ['react', 'vue', 'angular'] as const;
/** The Trusted Types policy @vue/runtime-dom creates (`trustedTypes.createPolicy('vue', …)`). */
const VUE_TRUSTED_TYPES_POLICY = 'vue';
/** STRICT_CSP with Vue's policy allowed next to lit-html's. */
const VUE_STRICT_CSP = STRICT_CSP_DIRECTIVES.map((directive) =>
  directive.startsWith('trusted-types ') ? `${directive} ${VUE_TRUSTED_TYPES_POLICY}` : directive,
).join('; ');
/** Each host's Content-Security-Policy: the strict one of the homepage and the plain-HTML embed. */
const HOST_CSP: Readonly<Record<(typeof HOSTS)[number], string>> = {
  react: STRICT_CSP,
  vue: VUE_STRICT_CSP,
  angular: STRICT_CSP,
};
const CSP_MARK = 'securitypolicyviolation';
const run = promisify(execFile);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

interface Served {
  readonly origin: string;
  readonly mock: ReturnType<typeof createMockService>;
  readonly close: () => Promise<void>;
}

/**
 * The host's dist/ and the mock service on one origin (first-party session cookie); the files
 * come with the Content-Security-Policy `csp`.
 */
async function serveHost(dist: string, csp: string): Promise<Served> {
  const app = new Hono();
  app.get('*', async (c, next) => {
    const path = c.req.path === '/' ? '/index.html' : c.req.path;
    const file = normalize(join(dist, path));
    if (!file.startsWith(dist) || !existsSync(file) || extname(file) === '') return next();
    return c.body(await readFile(file), 200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': csp,
    });
  });
  // Everything else is the service, which is made once the port (its origin) is known.
  app.all('*', (c) => mock.app.fetch(c.req.raw));
  const server: ServerType = await new Promise((resolve) => {
    const listening = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(listening),
    );
  });
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const mock = createMockService({ baseUrl: origin, logger: quietLogger });
  return {
    origin,
    mock,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const quietLogger = {
  info: () => {},
  warn: (...args: unknown[]) => console.warn(...args),
  error: (...args: unknown[]) => console.error(...args),
};

describe('framework hosts: login through the host page', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const host of HOSTS) {
    it(
      `A1, A6, A7: ${host} host shows the student from the typed shomei-login event`,
      {
        timeout: 60_000,
      },
      async () => {
        const dist = join(root, 'examples', host, 'dist');
        // `npm test` builds the examples first (build:examples); alone, build what is missing.
        if (!existsSync(join(dist, 'index.html')))
          await run('npm', ['run', 'build', '-w', `examples/${host}`], { cwd: root });
        const csp = HOST_CSP[host];
        const served = await serveHost(dist, csp);
        const context = await browser!.newContext({ timezoneId: 'Asia/Tokyo' });
        // A page that never renders fails within the test's timeout, with what the catch below adds.
        context.setDefaultTimeout(15_000);
        // Runs before the page's own script: every violation event goes to the console, marked.
        await context.addInitScript((mark: string) => {
          document.addEventListener('securitypolicyviolation', (event) => {
            console.error(`${mark}: ${event.effectiveDirective} blocked ${event.blockedURI}`);
          });
        }, CSP_MARK);
        const violations: string[] = [];
        const pageErrors: string[] = [];
        const serverErrors: string[] = [];
        const started = Date.now();
        try {
          const page: Page = await context.newPage();
          page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
          page.on('console', (message) => {
            const text = message.text();
            if (text.includes(CSP_MARK) || /Content Security Policy|Trusted ?Type/iu.test(text))
              violations.push(text);
          });
          page.on('response', (response) => {
            if (response.status() >= 500)
              serverErrors.push(`${response.status()} ${response.url()}`);
          });
          const response = await page.goto(served.origin);
          expect(response?.headers()['content-security-policy']).toBe(csp);
          // The status line as the student reads it (templates differ in whitespace).
          const status = async () =>
            (await page.getByTestId('status').textContent())?.replace(/\s+/gu, ' ').trim();
          await expect.poll(status, { timeout: 60_000 }).toBe('Not logged in');

          // The login box in the host: the returning student's credentials with the second password.
          const field = (label: string) =>
            page.getByLabel(new RegExp(`^\\s*${label}\\s*(（必須）)?\\s*$`, 'u'));
          await page.getByRole('heading', { name: '在学生ログイン', exact: true }).waitFor();
          await field('ユーザID').fill(student.userId);
          await field('パスワード').fill(student.password);
          await field('第2パスワード').fill(student.secondPassword);
          await page.getByRole('button', { name: 'ログイン', exact: true }).click();

          // A7: the auth key the service mailed.
          await page.getByRole('heading', { name: '認証キー入力', exact: true }).waitFor();
          const authKey = served.mock.mailbox.latest(student.email, 'auth-key')?.authKey;
          expect(authKey).toMatch(/^\d{6}$/u);
          await field('認証キー').fill(authKey!);
          await page.getByRole('button', { name: '認証', exact: true }).click();

          // The host read the name from `event.detail.session` and re-rendered with it.
          await expect.poll(status, { timeout: 60_000 }).toBe('Logged in as 山田 太郎 (s2024001)');
          await page.locator('shomei-account-menu').waitFor();
          await page.getByRole('heading', { name: '印刷先選択', exact: true }).waitFor();
          expect(await page.getByTestId('login-step').textContent()).toBe('authenticated');
          expect(pageErrors, 'page errors').toEqual([]);
          expect(violations, 'CSP violations').toEqual([]);
          expect(serverErrors, '5xx answers').toEqual([]);
          console.info(`hosts ${host}: login in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        } catch (error) {
          const page = context.pages()[0];
          await page
            ?.screenshot({
              path: join(root, 'artifacts', `hosts-${host}-failure.png`),
              fullPage: true,
            })
            .catch(() => undefined);
          throw new Error(
            `${host} host failed; page errors:\n${pageErrors.join('\n')}\n` +
              `CSP violations:\n${violations.join('\n')}`,
            { cause: error },
          );
        } finally {
          await context.close();
          await served.close();
        }
      },
    );
  }
});
