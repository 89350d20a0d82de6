/** Test harness for the service's own tests: demo tenant, memory store, mailbox, movable clock. */
import type { TenantSettings } from '@shomei/core';
import type { Hono } from 'hono';
import type { RateLimitPolicy, ServiceDeps } from './deps.js';
import type { StudentDirectory } from './directory.js';
import { createDemoAccounts, createDemoTenant, DEMO_STUDENTS } from './demo/index.js';
import { createService } from './app.js';
import { createMemoryMailbox } from './mail/mailer.js';
import { createSandboxProvider } from './payments/sandbox.js';
import { createMemoryStore } from './store/memory.js';
import { createTenantDirectory } from './tenants.js';

export const BASE = 'http://localhost:4010';
/** Wednesday 3 June 2026, 10:00 in Tokyo: a business day inside the parking-fee window. */
export const JUNE_3_10AM = new Date('2026-06-03T01:00:00Z');

export interface HarnessOptions {
  now?: Date;
  settings?: Partial<TenantSettings>;
  rateLimits?: Partial<RateLimitPolicy>;
  /** In place of the demo roster (e.g. a directory that is down). */
  students?: StudentDirectory;
  /** Issue 14: the login throttle, the bounded password work and a PBKDF2 that counts. */
  loginThrottle?: ServiceDeps['loginThrottle'];
  passwordWork?: ServiceDeps['passwordWork'];
  pbkdf2?: ServiceDeps['pbkdf2'];
  passwordHashIterations?: number;
}

export function createHarness(options: HarnessOptions = {}) {
  let current = new Date(options.now ?? JUNE_3_10AM);
  const clock = {
    now: () => new Date(current),
    set: (date: Date) => {
      current = new Date(date);
    },
    advance: (ms: number) => {
      current = new Date(current.getTime() + ms);
    },
  };
  const demo = createDemoTenant({ now: current });
  const tenant = {
    ...demo,
    ...(options.passwordHashIterations === undefined
      ? {}
      : { passwordHashIterations: options.passwordHashIterations }),
    settings: { ...demo.settings, ...options.settings },
    ...(options.students ? { students: options.students } : {}),
  };
  const store = createMemoryStore({ accounts: createDemoAccounts(current) });
  const mailbox = createMemoryMailbox();
  const errors: unknown[] = [];
  const app = createService({
    store,
    mailer: mailbox,
    payments: createSandboxProvider({ secret: 'test-secret', baseUrl: BASE, clock: clock.now }),
    clock: clock.now,
    tenants: createTenantDirectory([tenant]),
    logger: {
      error: (message, data) => errors.push({ message, data }),
      warn: () => {},
      info: () => {},
    },
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.loginThrottle ? { loginThrottle: options.loginThrottle } : {}),
    ...(options.passwordWork ? { passwordWork: options.passwordWork } : {}),
    ...(options.pbkdf2 ? { pbkdf2: options.pbkdf2 } : {}),
  });
  return { app, store, mailbox, clock, tenant, errors, browser: () => createBrowser(app) };
}

export interface CallResult {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read response JSON freely
  headers: Headers;
}

/**
 * A bearer-mode client that keeps its session token and device-trust token in memory, and the
 * device cookie (issue 14) as a browser would.
 */
export function createBrowser(app: Hono, tenantId = 'demo') {
  let token: string | undefined;
  let trust: string | undefined;
  let device: string | undefined;
  async function call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<CallResult> {
    const request = new Request(`${BASE}/t/${tenantId}${path}`, {
      method,
      headers: {
        'Shomei-Client': 'sdk/test',
        'Shomei-Session-Mode': 'bearer',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(trust ? { 'Shomei-Device-Trust': trust } : {}),
        ...(device ? { Cookie: `shomei_device=${device}` } : {}),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const response = await app.fetch(request);
    const next = response.headers.get('Shomei-Session-Token');
    if (next !== null) token = next === '' ? undefined : next;
    const nextTrust = response.headers.get('Shomei-Device-Trust');
    if (nextTrust !== null) trust = nextTrust;
    for (const cookie of response.headers.getSetCookie()) {
      const match = /^shomei_device=([^;]*)/.exec(cookie);
      if (match) device = match[1];
    }
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? undefined : JSON.parse(text),
      headers: response.headers,
    };
  }
  return {
    call,
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call('POST', path, body, headers),
    put: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call('PUT', path, body, headers),
    delete: (path: string, headers?: Record<string, string>) =>
      call('DELETE', path, undefined, headers),
    get token() {
      return token;
    },
    forgetTrust: () => {
      trust = undefined;
    },
    get deviceId() {
      return device;
    },
  };
}

export type Browser = ReturnType<typeof createBrowser>;
type Harness = ReturnType<typeof createHarness>;

/** The token in a mailed one-time link (`...#purpose=<token>`). */
export function tokenOf(link: string | undefined): string {
  const token = link?.split('=')[1];
  if (token === undefined) throw new Error(`no token in ${String(link)}`);
  return token;
}

/** The returning student (A6) logs in with a key (A7) and ends authenticated. */
export async function loginReturning(
  harness: Harness,
  browser: Browser = harness.browser(),
): Promise<Browser> {
  const { userId, password, secondPassword, email } = DEMO_STUDENTS.returning;
  const login = await browser.post('/session/login', { userId, password, secondPassword });
  if (login.body.step === 'auth-key') {
    const authKey = harness.mailbox.latest(email, 'auth-key')?.authKey;
    const verified = await browser.post('/session/auth-key', { authKey });
    if (verified.body.step !== 'authenticated') throw new Error(JSON.stringify(verified.body));
  }
  return browser;
}

/** A21: the returning student enters the second password again before a security change. */
export async function reauthenticate(browser: Browser): Promise<void> {
  const { secondPassword } = DEMO_STUDENTS.returning;
  const answer = await browser.post('/account/reauthenticate', { secondPassword });
  if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
}

export function idempotencyKey(): string {
  return crypto.randomUUID();
}
