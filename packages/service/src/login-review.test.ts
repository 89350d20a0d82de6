/**
 * Review findings on login and account handling: per-IP limits behind proxies, auth keys at
 * re-login (A9), stale one-time links (A4, A11, A13), the A13 timing, views and device trust.
 */
import { issueLink } from '@shomei/core';
import { describe, expect, it } from 'vitest';
import { createService } from './app.js';
import type { RateLimitPolicy, ServiceDeps } from './deps.js';
import { createDemoAccounts, createDemoTenant, DEMO_STUDENTS } from './demo/index.js';
import { createMemoryMailbox } from './mail/mailer.js';
import { createSandboxProvider } from './payments/sandbox.js';
import { createMemoryStore } from './store/memory.js';
import type { Store } from './store/store.js';
import { createTenantDirectory } from './tenants.js';
import {
  BASE,
  createBrowser,
  createHarness,
  JUNE_3_10AM,
  loginReturning,
  reauthenticate,
  tokenOf,
  type Browser,
} from './test-helpers.js';

const MINUTE = 60 * 1000;
const first = DEMO_STUDENTS.firstLogin;
const returning = DEMO_STUDENTS.returning;

function pick(student: { userId: string; password: string; secondPassword?: string }) {
  return {
    userId: student.userId,
    password: student.password,
    ...(student.secondPassword === undefined ? {} : { secondPassword: student.secondPassword }),
  };
}

/** Every store call as `area.method`, in order. */
function recordingStore(store: Store, calls: string[]): Store {
  const wrapped: Record<string, unknown> = {};
  for (const [area, methods] of Object.entries(store)) {
    if (typeof methods !== 'object' || methods === null) continue;
    wrapped[area] = Object.fromEntries(
      Object.entries(methods as Record<string, (...args: unknown[]) => unknown>).map(
        ([name, method]) => [
          name,
          (...args: unknown[]) => {
            calls.push(`${area}.${name}`);
            return method(...args);
          },
        ],
      ),
    );
  }
  return wrapped as unknown as Store;
}

/** A service like the harness's, with the proxy settings and a store and logger to look into. */
function createEdgeService(
  options: {
    clientIpHeader?: string;
    trustedProxyHops?: number;
    rateLimits?: Partial<RateLimitPolicy>;
    loginThrottle?: ServiceDeps['loginThrottle'];
    calls?: string[];
  } = {},
) {
  const warnings: string[] = [];
  const store = createMemoryStore({ accounts: createDemoAccounts(JUNE_3_10AM) });
  const mailbox = createMemoryMailbox();
  const deps: ServiceDeps = {
    store: options.calls ? recordingStore(store, options.calls) : store,
    mailer: mailbox,
    payments: createSandboxProvider({ secret: 'test-secret', baseUrl: BASE }),
    clock: () => new Date(JUNE_3_10AM),
    tenants: createTenantDirectory([createDemoTenant({ now: JUNE_3_10AM })]),
    logger: { error: () => {}, warn: (message) => warnings.push(message), info: () => {} },
    ...(options.clientIpHeader === undefined ? {} : { clientIpHeader: options.clientIpHeader }),
    ...(options.trustedProxyHops === undefined
      ? {}
      : { trustedProxyHops: options.trustedProxyHops }),
    ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
    ...(options.loginThrottle === undefined ? {} : { loginThrottle: options.loginThrottle }),
  };
  const app = createService(deps);
  return { app, store, mailbox, warnings, deps };
}

const wrongLogin = (browser: Browser, headers: Record<string, string> = {}) =>
  browser.post('/session/login', { userId: first.userId, password: 'wrong' }, headers);

describe('per-IP rate limits behind proxies', () => {
  const loginPerIp = { limit: 2, windowSeconds: 600 };

  it('A6: the client IP is the X-Forwarded-For entry the trusted proxy added, not the first', async () => {
    const { app } = createEdgeService({
      clientIpHeader: 'X-Forwarded-For',
      rateLimits: { loginPerIp },
    });
    const browser = createBrowser(app);
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      // The client makes up a new first entry every time; the proxy appends the real address.
      const response = await wrongLogin(browser, {
        'X-Forwarded-For': `10.0.0.${index}, 203.0.113.7`,
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
    // Another real client is not braked.
    const other = await wrongLogin(browser, { 'X-Forwarded-For': '203.0.113.8' });
    expect(other.status).toBe(401);
  });

  it('A6: trustedProxyHops picks the entry that many from the right', async () => {
    const { app } = createEdgeService({
      clientIpHeader: 'X-Forwarded-For',
      trustedProxyHops: 2,
      rateLimits: { loginPerIp },
    });
    const browser = createBrowser(app);
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await wrongLogin(browser, {
        'X-Forwarded-For': `spoofed-${index}, 203.0.113.7, 192.0.2.${index}`,
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
    expect(() =>
      createEdgeService({ clientIpHeader: 'X-Forwarded-For', trustedProxyHops: 0 }),
    ).toThrow(/trustedProxyHops/);
  });

  it('A6: with no known IP the per-IP limits are skipped (not one shared bucket), and the startup log says so', async () => {
    const { app, warnings } = createEdgeService({ rateLimits: { loginPerIp } });
    expect(warnings.filter((message) => message.includes('per-IP'))).toHaveLength(1);
    const browser = createBrowser(app);
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await wrongLogin(browser)).status);
    expect(statuses).toEqual([401, 401, 401, 401]);

    // A configured header that a request lacks: unknown too, and the per-account throttle holds.
    const proxied = createEdgeService({
      clientIpHeader: 'X-Forwarded-For',
      rateLimits: { loginPerIp },
      loginThrottle: { freeFailures: 2 },
    });
    expect(proxied.warnings).toHaveLength(0);
    const client = createBrowser(proxied.app);
    const braked: number[] = [];
    for (let index = 0; index < 4; index += 1) braked.push((await wrongLogin(client)).status);
    expect(braked).toEqual([401, 401, 401, 429]);
  });

  it('A6: a host that passes the connection address gets per-IP limits without a header', async () => {
    // Issue 14: without CLIENT_IP_HEADER the server passes the socket's address (server.ts).
    const { app } = createEdgeService({ rateLimits: { loginPerIp } });
    const fromAddress = (address: string) =>
      app.fetch(
        new Request(`${BASE}/t/demo/session/login`, {
          method: 'POST',
          headers: { 'Shomei-Client': 'sdk/test', 'Content-Type': 'application/json' },
          body: JSON.stringify({ userId: first.userId, password: 'wrong' }),
        }),
        { clientAddress: address },
      );
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1)
      statuses.push((await fromAddress('198.51.100.4')).status);
    expect(statuses).toEqual([401, 401, 429]);
    expect((await fromAddress('198.51.100.5')).status).toBe(401);
  });
});

describe('auth key at a new login (A7–A9)', () => {
  it('A9: a locked key stays locked across logout and login; only a reissue helps', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    await browser.post('/session/login', pick(returning));
    const key = harness.mailbox.latest(returning.email, 'auth-key')?.authKey ?? '';
    const wrongKey = key === '000000' ? '111111' : '000000';
    let last = await browser.post('/session/auth-key', { authKey: wrongKey });
    while (last.status === 400)
      last = await browser.post('/session/auth-key', { authKey: wrongKey });
    expect(last.body.error.code).toBe('auth_key_locked');

    await browser.post('/session/logout');
    harness.mailbox.clear();
    const again = await browser.post('/session/login', pick(returning));
    expect(again.body).toMatchObject({ step: 'auth-key', maskedEmail: 't***@mail.example' });
    // No new key was mailed, and the old one is still locked, even when right.
    expect(harness.mailbox.all()).toHaveLength(0);
    const stillLocked = await browser.post('/session/auth-key', { authKey: key });
    expect(stillLocked.status).toBe(423);
    expect(stillLocked.body.error.code).toBe('auth_key_locked');

    const reissued = await browser.post('/session/auth-key/reissue');
    expect(reissued.status).toBe(200);
    const newKey = harness.mailbox.latest(returning.email, 'auth-key')?.authKey;
    const verified = await browser.post('/session/auth-key', { authKey: newKey });
    expect(verified.body.step).toBe('authenticated');
  });

  it('A7: logging in again while the key stands reuses it: no second mail, the same expiry', async () => {
    const harness = createHarness();
    const firstLogin = await harness.browser().post('/session/login', pick(returning));
    const key = harness.mailbox.latest(returning.email, 'auth-key')?.authKey;
    harness.clock.advance(2 * MINUTE);
    const browser = harness.browser();
    const second = await browser.post('/session/login', pick(returning));
    expect(second.body.keyExpiresAt).toBe(firstLogin.body.keyExpiresAt);
    expect(harness.mailbox.all().filter((mail) => mail.kind === 'auth-key')).toHaveLength(1);
    expect((await browser.post('/session/auth-key', { authKey: key })).body.step).toBe(
      'authenticated',
    );
  });

  it('A8: a new key at login, once none stands, counts against the reissue limit', async () => {
    const harness = createHarness({
      rateLimits: { authKeyReissuePerAccount: { limit: 2, windowSeconds: 3600 } },
    });
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      statuses.push((await harness.browser().post('/session/login', pick(returning))).status);
      harness.clock.advance(11 * MINUTE); // past the 10-minute key
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(harness.mailbox.all().filter((mail) => mail.kind === 'auth-key')).toHaveLength(2);
  });
});

describe('stale one-time links (A4, A11, A13)', () => {
  const resetTo = (browser: Browser, token: string) =>
    browser.post('/links/second-password-reset', {
      token,
      secondPassword: 'NewSecond2026',
      secondPasswordConfirmation: 'NewSecond2026',
    });

  it('A13: a newer reset link voids the older one, and a used one voids the rest', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    await browser.post('/second-password-reset', { email: returning.email });
    const older = tokenOf(harness.mailbox.latest(returning.email, 'second-password-reset')?.link);
    await browser.post('/second-password-reset', { email: returning.email });
    const newer = tokenOf(harness.mailbox.latest(returning.email, 'second-password-reset')?.link);
    const stale = await resetTo(browser, older);
    expect(stale.status).toBe(410);
    expect(stale.body.error.code).toBe('link_used');
    expect((await resetTo(browser, newer)).status).toBe(200);
    expect((await resetTo(browser, older)).body.error.code).toBe('link_used');
  });

  it('A13: redeeming a reset link voids the student’s other outstanding reset links', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    await browser.post('/second-password-reset', { email: returning.email });
    const mailed = tokenOf(harness.mailbox.latest(returning.email, 'second-password-reset')?.link);
    // One more outstanding link, as a store written before the voiding on issue would hold.
    const { token: other, record } = await issueLink({
      purpose: 'second-password-reset',
      userId: returning.userId,
      email: returning.email,
      now: harness.clock.now(),
    });
    await harness.store.links.put('demo', record);
    expect((await resetTo(browser, mailed)).status).toBe(200);
    expect((await resetTo(browser, other)).body.error.code).toBe('link_used');
  });

  it('A11: an older email-change link cannot undo a newer change', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    await reauthenticate(browser);
    const change = (email: string) =>
      browser.post('/account/email-change', { email, emailConfirmation: email });
    await change('old-choice@mail.example');
    const older = tokenOf(harness.mailbox.latest('old-choice@mail.example', 'email-change')?.link);
    await change('new-choice@mail.example');
    const newer = tokenOf(harness.mailbox.latest('new-choice@mail.example', 'email-change')?.link);
    expect((await browser.post('/links/email-change', { token: newer })).status).toBe(200);
    const stale = await browser.post('/links/email-change', { token: older });
    expect(stale.status).toBe(410);
    expect(stale.body.error.code).toBe('link_used');
    expect((await harness.store.accounts.get('demo', returning.userId))?.email).toBe(
      'new-choice@mail.example',
    );
  });

  it('A4: only the newest registration link works', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    await browser.post('/session/login', pick(first));
    const register = (email: string) =>
      browser.post('/session/email-registration', { email, emailConfirmation: email });
    await register('a@mail.example');
    const older = tokenOf(harness.mailbox.latest('a@mail.example')?.link);
    await register('b@mail.example');
    const newer = tokenOf(harness.mailbox.latest('b@mail.example')?.link);
    expect(
      (await browser.post('/links/email-registration', { token: older })).body.error.code,
    ).toBe('link_used');
    expect((await browser.post('/links/email-registration', { token: newer })).body).toEqual({
      email: 'b@mail.example',
    });
  });

  it('A4: a registration link for an account already verified is refused with link_used', async () => {
    const harness = createHarness();
    // A registration link left over (e.g. from before voiding), for an address since changed.
    const { token, record } = await issueLink({
      purpose: 'email-registration',
      userId: returning.userId,
      email: 'stale@mail.example',
      now: harness.clock.now(),
    });
    await harness.store.links.put('demo', record);
    const stale = await harness.browser().post('/links/email-registration', { token });
    expect(stale.status).toBe(410);
    expect(stale.body.error.code).toBe('link_used');
    expect((await harness.store.accounts.get('demo', returning.userId))?.email).toBe(
      returning.email,
    );
  });

  it('A3/A11: the service checks the confirmation by the core rule (domain case, spaces)', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    await reauthenticate(browser);
    const sent = await browser.post('/account/email-change', {
      email: 'Taro.New@Mail.Example',
      emailConfirmation: 'Taro.New@mail.example',
    });
    expect(sent.status).toBe(200);
    expect(sent.body.sentTo).toBe('Taro.New@mail.example');
    const localCase = await browser.post('/account/email-change', {
      email: 'taro.new@mail.example',
      emailConfirmation: 'Taro.New@mail.example',
    });
    expect(localCase.body.error.code).toBe('email_mismatch');
  });
});

describe('A13: the reset answer does the same store work for any address', () => {
  it('A13: known and unknown addresses make the same store calls, links.put included', async () => {
    const calls: string[] = [];
    const { app, mailbox } = createEdgeService({ calls });
    const request = async (email: string) => {
      calls.length = 0;
      const response = await createBrowser(app).post('/second-password-reset', { email });
      expect(response.body).toEqual({ accepted: true });
      return [...calls];
    };
    const known = await request(returning.email);
    const unknown = await request('nobody@mail.example');
    expect(unknown).toEqual(known);
    expect(known).toContain('links.voidForUser');
    expect(known).toContain('links.put');
    // Only the known address gets a mail.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(mailbox.all().map((mail) => mail.to)).toEqual([returning.email]);
  });
});

describe('views, locale and device trust', () => {
  it('A5: a half-way session does not offer setup once the second password was set elsewhere', async () => {
    const harness = createHarness();
    const tabA = harness.browser();
    await tabA.post('/session/login', pick(first));
    await tabA.post('/session/email-registration', {
      email: 'hanako@mail.example',
      emailConfirmation: 'hanako@mail.example',
    });
    const token = tokenOf(harness.mailbox.latest('hanako@mail.example')?.link);
    await tabA.post('/links/email-registration', { token });
    expect((await tabA.get('/session')).body.step).toBe('second-password-setup');

    const tabB = harness.browser();
    expect((await tabB.post('/session/login', pick(first))).body.step).toBe(
      'second-password-setup',
    );
    await tabB.post('/session/second-password', {
      secondPassword: 'Hanako2026x',
      secondPasswordConfirmation: 'Hanako2026x',
    });
    // Tab A would only get wrong_step from setup: it starts over at the login box.
    expect((await tabA.get('/session')).body).toEqual({ step: 'anonymous' });
  });

  it('A14: a login takes the language of an anonymous choice, never of another student’s session', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    await browser.put('/account/locale', { locale: 'en' });
    // Someone else logs in on the same browser without logging out first.
    await browser.post('/session/login', pick(first));
    expect((await harness.store.accounts.get('demo', first.userId))?.locale).toBeNull();
    await browser.post('/session/email-registration', {
      email: 'hanako@mail.example',
      emailConfirmation: 'hanako@mail.example',
    });
    expect(harness.mailbox.latest('hanako@mail.example')?.locale).toBe('ja');
  });

  it('A12: changing the second password revokes the trust of other devices, not of this one', async () => {
    const harness = createHarness();
    const trustedLogin = async (): Promise<Browser> => {
      const browser = harness.browser();
      await browser.post('/session/login', pick(returning));
      const authKey = harness.mailbox.latest(returning.email, 'auth-key')?.authKey;
      const verified = await browser.post('/session/auth-key', { authKey, trustDevice: true });
      expect(verified.body.step).toBe('authenticated');
      return browser;
    };
    const here = await trustedLogin();
    const elsewhere = await trustedLogin();
    const changed = await here.post('/account/second-password', {
      currentSecondPassword: returning.secondPassword,
      newSecondPassword: 'Changed2026x',
      newSecondPasswordConfirmation: 'Changed2026x',
    });
    expect(changed.status).toBe(200);
    const credentials = { ...pick(returning), secondPassword: 'Changed2026x' };
    expect((await elsewhere.post('/session/login', credentials)).body.step).toBe('auth-key');
    await here.post('/session/logout');
    expect((await here.post('/session/login', credentials)).body.step).toBe('authenticated');
  });
});

describe('memory store', () => {
  it('A6: rate-limit windows that ended are pruned on access', async () => {
    const store = createMemoryStore();
    const now = new Date(JUNE_3_10AM);
    await store.rateLimits.hit('a', 60, now);
    await store.rateLimits.hit('b', 60, now);
    expect(store.rateLimitWindowCount()).toBe(2);
    const later = new Date(now.getTime() + 61 * 1000);
    const hit = await store.rateLimits.hit('c', 60, later);
    expect(hit.count).toBe(1);
    expect(store.rateLimitWindowCount()).toBe(1);
    expect((await store.rateLimits.hit('a', 60, later)).count).toBe(1);
  });

  it('A4: links.voidForUser marks only that student’s unused links of that purpose', async () => {
    const store = createMemoryStore();
    const now = new Date(JUNE_3_10AM);
    const make = async (purpose: 'email-change' | 'second-password-reset', userId: string) =>
      (await issueLink({ purpose, userId, now })).record;
    const target = await make('email-change', 'u1');
    const used = { ...(await make('email-change', 'u1')), usedAt: '2026-01-01T00:00:00.000Z' };
    const otherPurpose = await make('second-password-reset', 'u1');
    const otherUser = await make('email-change', 'u2');
    for (const record of [target, used, otherPurpose, otherUser])
      await store.links.put('t', record);
    const otherTenant = await make('email-change', 'u1');
    await store.links.put('t2', otherTenant);

    const later = new Date(now.getTime() + MINUTE);
    await store.links.voidForUser('t', 'u1', 'email-change', later);
    expect((await store.links.get('t', target.tokenHash))?.usedAt).toBe(later.toISOString());
    expect((await store.links.get('t', used.tokenHash))?.usedAt).toBe(used.usedAt);
    expect((await store.links.get('t', otherPurpose.tokenHash))?.usedAt).toBeNull();
    expect((await store.links.get('t', otherUser.tokenHash))?.usedAt).toBeNull();
    expect((await store.links.get('t2', otherTenant.tokenHash))?.usedAt).toBeNull();
  });
});
