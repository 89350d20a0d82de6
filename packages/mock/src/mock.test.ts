import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMockService, DEMO_STUDENTS } from './index.js';
import { setupMockServer, type MockServer } from './node.js';

/** Wednesday 3 June 2026, 10:00 in Tokyo. */
const START = new Date('2026-06-03T01:00:00Z');

describe('mock through msw/node with plain fetch', () => {
  let mock: MockServer;
  let token: string | undefined;

  beforeAll(() => {
    mock = setupMockServer({ clock: START });
  });
  afterAll(() => mock.close());

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${mock.tenantUrl()}${path}`, {
      method,
      headers: {
        'Shomei-Client': 'sdk/test',
        'Shomei-Session-Mode': 'bearer',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const next = response.headers.get('Shomei-Session-Token');
    if (next !== null) token = next || undefined;
    return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  it('A2→A7, O4/O5, O7, O6: first login, counter-pickup order, card payment, completion mail', async () => {
    const { userId, password } = DEMO_STUDENTS.firstLogin;
    expect((await call('POST', '/session/login', { userId, password })).body.step).toBe(
      'email-registration',
    );
    await call('POST', '/session/email-registration', {
      email: 'hanako@mail.example',
      emailConfirmation: 'hanako@mail.example',
    });
    const link = mock.mailbox.latest('hanako@mail.example', 'email-registration')?.link ?? '';
    expect(link).toContain('#email-registration=');
    const confirmed = await call('POST', '/links/email-registration', {
      token: link.split('=')[1],
    });
    expect(confirmed.body).toEqual({ email: 'hanako@mail.example' });
    const setup = await call('POST', '/session/second-password', {
      secondPassword: 'Hanako2026',
      secondPasswordConfirmation: 'Hanako2026',
    });
    expect(setup.body.step).toBe('auth-key');
    const authKey = mock.mailbox.latest('hanako@mail.example', 'auth-key')?.authKey;
    const verified = await call('POST', '/session/auth-key', { authKey });
    expect(verified.body).toMatchObject({ step: 'authenticated', student: { name: '証明 花子' } });

    const estimate = await call('GET', '/pickup-estimate');
    const order = await call(
      'POST',
      '/orders',
      {
        destination: 'mail',
        lines: [{ itemId: 'student-card-reissue', quantity: 1 }],
        delivery: { category: 'counter' },
        expectedTotal: 2000,
        acknowledgeNoRefund: true,
      },
      { 'Idempotency-Key': crypto.randomUUID() },
    );
    expect(order.status).toBe(201);
    expect(order.body.pickupReadyAt).toBe(estimate.body.readyAt);

    const payment = await call(
      'POST',
      `/orders/${order.body.orderId}/payments`,
      { method: 'card' },
      { 'Idempotency-Key': crypto.randomUUID() },
    );
    expect(payment.body.nextStep.url).toMatch(
      new RegExp(`^${mock.baseUrl}/sandbox/checkout/${payment.body.paymentId}\\?token=`),
    );
    // The provider's hosted page is served by the mock too.
    const page = await fetch(payment.body.nextStep.url);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    await page.text();
    await mock.sandbox.succeed(payment.body.paymentId);
    expect((await call('GET', `/orders/${order.body.orderId}`)).body.status).toBe('paid');

    await mock.staff.startProcessing(order.body.orderId);
    const completed = await mock.staff.complete(order.body.orderId);
    expect(completed.status).toBe('completed');
    expect(mock.mailbox.latest('hanako@mail.example', 'order-completed')?.text).toContain(
      '郵送対応完了',
    );
  });

  it('O7/O10: konbini settle through the sandbox gives a print reservation', async () => {
    const order = await call(
      'POST',
      '/orders',
      {
        destination: 'konbini',
        lines: [{ itemId: 'enrollment-certificate-ja', quantity: 1 }],
        expectedTotal: 200,
        acknowledgeNoRefund: true,
      },
      { 'Idempotency-Key': crypto.randomUUID() },
    );
    const payment = await call(
      'POST',
      `/orders/${order.body.orderId}/payments`,
      { method: 'konbini-seven-eleven' },
      { 'Idempotency-Key': crypto.randomUUID() },
    );
    expect(payment.body.nextStep.kind).toBe('payment-number');
    await mock.sandbox.settle(payment.body.paymentId);
    const settled = await call('GET', `/orders/${order.body.orderId}`);
    expect(settled.body).toMatchObject({
      status: 'completed',
      printReservation: { number: expect.any(String) },
    });
  });

  it('A16: the mock clock drives the idle timeout', async () => {
    expect((await call('GET', '/session')).body.step).toBe('authenticated');
    mock.clock.advance(16 * 60 * 1000);
    expect((await call('GET', '/session')).body).toEqual({ step: 'anonymous' });
  });

  it("an unhandled request fails with msw's unhandled-request error instead of reaching the network", async () => {
    // msw's own refusal (onUnhandledRequest: 'error'), not a network error: without msw this
    // fetch fails differently (a refused connection or a bad port), and the test fails.
    await expect(fetch('http://localhost:4011/elsewhere')).rejects.toThrow(
      /Cannot bypass a request when using the "error" strategy for the "onUnhandledRequest" option/,
    );
  });

  it('O7: the sandbox routes are served by default, and not when sandboxRoutes is false', async () => {
    const page = await fetch(`${mock.baseUrl}/sandbox/instructions/pay-easy`);
    expect(page.status).toBe(200);
    await page.text();
    const without = createMockService({ sandboxRoutes: false, clock: START });
    const refused = await without.app.request(`${without.baseUrl}/sandbox/payments/pay_x/settle`, {
      method: 'POST',
    });
    expect(refused.status).toBe(404);
    const instructions = await without.app.request(
      `${without.baseUrl}/sandbox/instructions/pay-easy`,
    );
    expect(instructions.status).toBe(404);
  });
});

describe('the mock logger', () => {
  it('stays quiet about per-IP limits (no proxy in tests or Storybook) and uses the given logger', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      createMockService({ clock: START });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    const logged: string[] = [];
    const mock = createMockService({
      clock: START,
      logger: {
        error: (message) => logged.push(`error ${message}`),
        warn: (message) => logged.push(`warn ${message}`),
        info: () => {},
      },
    });
    expect(logged).toEqual([]);
    // A webhook with no valid signature is refused, not logged as an error; the logger is wired.
    const response = await mock.app.fetch(
      new Request(`${mock.baseUrl}/webhooks/payments`, { method: 'POST', body: '{}' }),
    );
    expect(response.status).toBe(403);
  });
});

describe('the mock staff controls', () => {
  it("A6: staff.lockouts and staff.unlock clear a student's wrong-password delay", async () => {
    const logged: unknown[] = [];
    const mock = createMockService({
      clock: START,
      logger: { error: () => {}, warn: () => {}, info: (...entry) => logged.push(entry) },
    });
    const { userId, password, secondPassword } = DEMO_STUDENTS.returning;
    const login = (second: string) =>
      mock.app.request(`${mock.tenantUrl()}/session/login`, {
        method: 'POST',
        headers: { 'Shomei-Client': 'sdk/test', 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId, password, secondPassword: second }),
      });
    // Past the free failures, the account is braked for clients it does not know.
    let braked = false;
    for (let tries = 0; tries < 20 && !braked; tries += 1)
      braked = (await login('Wrong-2024x')).status === 429;
    expect(braked).toBe(true);
    expect(await mock.staff.lockouts(userId)).toMatchObject({ locked: true, userId });

    const unlocked = await mock.staff.unlock(userId);
    expect(unlocked).toMatchObject({ locked: false, cleared: { loginFailures: 6 } });
    expect(logged).toContainEqual([
      'staff unlocked a student',
      expect.objectContaining({ tenantId: 'demo', userId, loginFailures: 6 }),
    ]);
    expect((await login(secondPassword)).status).toBe(200);
    await expect(mock.staff.unlock('s1999999')).rejects.toThrow(/404/);
  });
});
