/**
 * Behaviour that docs/security.md cites for OWASP ASVS 5.0 and that had no test of its own
 * (issue 14 item 7): a replayed old session id is refused by the service (not only forgotten by
 * the client), the absolute session lifetime, other sessions ended by a second-password change
 * or reset, object-level authorization on orders between two logged-in students, and sessions
 * bound to their university.
 */
import { sha256Hex } from '@shomei/core';
import { describe, expect, it } from 'vitest';
import { createService } from './app.js';
import { createDemoAccounts, createDemoTenant, DEMO_STUDENTS } from './demo/index.js';
import { createMemoryMailbox } from './mail/mailer.js';
import { createSandboxProvider } from './payments/sandbox.js';
import { createMemoryStore } from './store/memory.js';
import { createTenantDirectory } from './tenants.js';
import {
  BASE,
  createBrowser,
  createHarness,
  idempotencyKey,
  JUNE_3_10AM,
  loginReturning,
  tokenOf,
} from './test-helpers.js';

const returning = DEMO_STUDENTS.returning;
const MINUTE = 60 * 1000;

type Fetcher = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** A request that presents `token` as an attacker who kept a copy of it would. */
async function withToken(app: Fetcher, token: string | undefined, path: string) {
  const response = await app.request(`/t/demo${path}`, {
    headers: { 'Shomei-Session-Mode': 'bearer', Authorization: `Bearer ${token ?? ''}` },
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

const counterOrder = {
  destination: 'mail',
  lines: [
    { itemId: 'student-card-reissue', quantity: 1 },
    { itemId: 'enrollment-certificate-ja', quantity: 2 },
  ],
  delivery: { category: 'counter' },
  expectedTotal: 2400,
  acknowledgeNoRefund: true,
};

describe('session ids (ASVS 7.2, 7.4)', () => {
  it('ASVS 7.2.4: each authentication step gives a new id, and the one before stops working', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    const login = await browser.post('/session/login', {
      userId: returning.userId,
      password: returning.password,
      secondPassword: returning.secondPassword,
    });
    expect(login.body.step).toBe('auth-key');
    const atLogin = browser.token;

    const authKey = harness.mailbox.latest(returning.email, 'auth-key')?.authKey;
    expect((await browser.post('/session/auth-key', { authKey })).body.step).toBe('authenticated');
    const afterKey = browser.token;
    expect(afterKey).not.toBe(atLogin);
    const replayed = await withToken(harness.app, atLogin, '/session');
    expect(replayed.body).toEqual({ step: 'anonymous' });
    // The client is told to drop it.
    expect(replayed.headers.get('Shomei-Session-Token')).toBe('');

    await browser.post('/account/reauthenticate', { secondPassword: returning.secondPassword });
    expect(browser.token).not.toBe(afterKey);
    expect((await withToken(harness.app, afterKey, '/orders')).status).toBe(401);
    expect((await withToken(harness.app, browser.token, '/orders')).status).toBe(200);
  });

  it('ASVS 7.2.3: the store keeps only the hash of a session id', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const token = browser.token ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await harness.store.sessions.get(await sha256Hex(token))).not.toBeNull();
    expect(await harness.store.sessions.get(token)).toBeNull();
  });

  it('ASVS 7.4.1: after logout the service refuses the old id, even from a client that kept it', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const kept = browser.token;
    expect((await browser.post('/session/logout')).body).toEqual({ step: 'anonymous' });
    const replayed = await withToken(harness.app, kept, '/orders');
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.code).toBe('unauthenticated');
  });

  it('ASVS 7.3.2: activity never keeps a session past its absolute lifetime (8 hours by default)', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const absoluteEnd = new Date(harness.clock.now().getTime() + 8 * 60 * MINUTE).toISOString();
    // Active every 14 minutes, under the 15-minute idle timeout, for 7 h 56 min.
    for (let step = 0; step < 34; step += 1) {
      harness.clock.advance(14 * MINUTE);
      expect((await browser.post('/session/extend')).status).toBe(200);
    }
    // The idle expiry is capped at the absolute one.
    expect((await browser.get('/session')).body.idleExpiresAt).toBe(absoluteEnd);
    harness.clock.advance(4 * MINUTE);
    expect((await browser.get('/session')).body).toEqual({ step: 'anonymous' });
    expect((await browser.get('/orders')).status).toBe(401);
  });

  it('ASVS 7.4.3: a second-password change ends the other sessions and keeps this one; a reset ends all', async () => {
    const harness = createHarness();
    const phone = await loginReturning(harness);
    const laptop = await loginReturning(harness, harness.browser());
    expect((await phone.get('/orders')).status).toBe(200);

    const changed = await laptop.post('/account/second-password', {
      currentSecondPassword: returning.secondPassword,
      newSecondPassword: 'Changed2026',
      newSecondPasswordConfirmation: 'Changed2026',
    });
    expect(changed.body).toEqual({ ok: true });
    expect((await withToken(harness.app, phone.token, '/orders')).status).toBe(401);
    expect((await laptop.get('/orders')).status).toBe(200);

    const stranger = harness.browser();
    await stranger.post('/second-password-reset', { email: returning.email });
    const link = harness.mailbox.latest(returning.email, 'second-password-reset')?.link;
    const reset = await stranger.post('/links/second-password-reset', {
      token: tokenOf(link),
      secondPassword: 'Reset20260',
      secondPasswordConfirmation: 'Reset20260',
    });
    expect(reset.body).toEqual({ ok: true });
    expect((await withToken(harness.app, laptop.token, '/orders')).status).toBe(401);
  });
});

describe('authorization (ASVS 8.2, 8.4)', () => {
  it("ASVS 8.2.2: a logged-in student cannot read, pay or cancel another student's order", async () => {
    const harness = createHarness();
    const owner = await loginReturning(harness);
    const order = (
      await owner.post('/orders', counterOrder, { 'Idempotency-Key': idempotencyKey() })
    ).body;
    expect(order.orderId).toEqual(expect.any(String));
    const payment = (
      await owner.post(
        `/orders/${order.orderId}/payments`,
        { method: 'konbini-lawson' },
        { 'Idempotency-Key': idempotencyKey() },
      )
    ).body;
    expect(payment.paymentId).toEqual(expect.any(String));

    // A second student with an account of their own, fully logged in.
    const template = await harness.store.accounts.get('demo', returning.userId);
    if (template === null) throw new Error('no demo account');
    const other = DEMO_STUDENTS.firstLogin;
    await harness.store.accounts.put({
      ...template,
      userId: other.userId,
      email: 'b@mail.example',
    });
    const intruder = harness.browser();
    await intruder.post('/session/login', {
      userId: other.userId,
      password: other.password,
      secondPassword: returning.secondPassword,
    });
    const authKey = harness.mailbox.latest('b@mail.example', 'auth-key')?.authKey;
    expect((await intruder.post('/session/auth-key', { authKey })).body.step).toBe('authenticated');

    const attempts = [
      await intruder.get(`/orders/${order.orderId}`),
      await intruder.post(
        `/orders/${order.orderId}/payments`,
        { method: 'card' },
        { 'Idempotency-Key': idempotencyKey() },
      ),
      await intruder.get(`/orders/${order.orderId}/payments/${payment.paymentId}`),
      await intruder.post(`/orders/${order.orderId}/payments/${payment.paymentId}/cancel`),
      await intruder.post(`/orders/${order.orderId}/cancel`),
    ];
    // The same answer as for an order that does not exist: nothing tells that it does.
    for (const attempt of attempts) {
      expect(attempt.status).toBe(404);
      expect(attempt.body.error.code).toBe('order_not_found');
    }
    expect((await intruder.get('/orders')).body.orders).toEqual([]);
    // The owner's order is as it was.
    expect((await owner.get(`/orders/${order.orderId}`)).body.status).toBe(order.status);
  });

  it('ASVS 8.4.1: a session of one university is nobody at another on the same service', async () => {
    const demo = createDemoTenant({ now: JUNE_3_10AM });
    const kita = { ...demo, settings: { ...demo.settings, tenantId: 'kita' } };
    const mailbox = createMemoryMailbox();
    const app = createService({
      store: createMemoryStore({ accounts: createDemoAccounts(JUNE_3_10AM) }),
      mailer: mailbox,
      payments: createSandboxProvider({
        secret: 'test-secret',
        baseUrl: BASE,
        clock: () => JUNE_3_10AM,
      }),
      clock: () => JUNE_3_10AM,
      tenants: createTenantDirectory([demo, kita]),
      logger: { error: () => {}, warn: () => {}, info: () => {} },
    });
    const browser = await loginReturning(
      { mailbox } as unknown as Parameters<typeof loginReturning>[0],
      createBrowser(app, 'demo'),
    );
    expect((await browser.get('/orders')).status).toBe(200);
    const elsewhere = await app.request('/t/kita/orders', {
      headers: { 'Shomei-Session-Mode': 'bearer', Authorization: `Bearer ${browser.token ?? ''}` },
    });
    expect(elsewhere.status).toBe(401);
    // The other university's answer tells the client to drop the token it presented.
    expect(elsewhere.headers.get('Shomei-Session-Token')).toBe('');
  });
});
