/**
 * Payment and order handling after review: one payment per order even when a checkout lapses
 * (O8), deadlines the provider enforces (O7, O11), webhooks that survive a failed application,
 * unpaid orders that expire (O11), createOrder idempotency (O8), pickup counted from payment
 * (O5), the office's refusals (O6), response validation and the sandbox switch.
 */
import { describe, expect, it } from 'vitest';
import { createService } from '../app.js';
import { hmacSha256Hex } from '../crypto.js';
import type { ServiceDeps } from '../deps.js';
import { createDemoAccounts, createDemoTenant, DEMO_STAFF_TOKEN } from '../demo/index.js';
import { createMemoryMailbox } from '../mail/mailer.js';
import { createSandboxProvider } from '../payments/sandbox.js';
import { createMemoryStore } from '../store/memory.js';
import { createTenantDirectory } from '../tenants.js';
import {
  BASE,
  createHarness,
  idempotencyKey,
  JUNE_3_10AM,
  loginReturning,
  type Browser,
} from '../test-helpers.js';

type Harness = ReturnType<typeof createHarness>;
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

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

const konbiniOrder = {
  destination: 'konbini',
  lines: [{ itemId: 'enrollment-certificate-ja', quantity: 1 }],
  expectedTotal: 200,
  acknowledgeNoRefund: true,
};

async function placeOrder(browser: Browser, body: unknown = counterOrder) {
  const created = await browser.post('/orders', body, { 'Idempotency-Key': idempotencyKey() });
  expect(created.status).toBe(201);
  return created.body as { orderId: string; total: number };
}

async function pay(browser: Browser, orderId: string, method: string, key = idempotencyKey()) {
  return browser.post(`/orders/${orderId}/payments`, { method }, { 'Idempotency-Key': key });
}

async function sandbox(harness: Harness, path: string, body?: unknown): Promise<Response> {
  return harness.app.request(`${BASE}/sandbox${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The provider's checkout, at the signed URL the payment's redirect carries. */
async function checkout(
  harness: Harness,
  payment: { nextStep: { url: string } },
  outcome: 'succeed' | 'decline' | 'cancel',
): Promise<Response> {
  return harness.app.request(payment.nextStep.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ outcome }),
  });
}

/** A webhook as the provider signs it (the harness's sandbox secret). */
async function deliver(
  harness: Harness,
  event: { eventId: string; paymentId: string; orderId: string; amount: number },
): Promise<Response> {
  const at = harness.clock.now();
  const body = JSON.stringify({
    type: 'payment.succeeded',
    tenantId: 'demo',
    occurredAt: at.toISOString(),
    ...event,
  });
  const t = Math.floor(at.getTime() / 1000);
  return harness.app.request(`${BASE}/webhooks/payments`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Shomei-Signature': `t=${t},v1=${await hmacSha256Hex('test-secret', `${t}.${body}`)}`,
    },
    body,
  });
}

function errorMessages(harness: Harness): string[] {
  return harness.errors.map((entry) => (entry as { message: string }).message);
}

describe('payments after review', () => {
  it('O8: a lapsed card checkout cannot be paid after a new payment started', async () => {
    const harness = createHarness();
    const order = await placeOrder(await loginReturning(harness));
    const first = await pay(await loginReturning(harness), order.orderId, 'card');
    expect(first.status).toBe(201);

    // The student left the provider's page; the checkout lapses and another payment starts.
    harness.clock.advance(31 * MINUTE);
    const browser = await loginReturning(harness);
    const second = await pay(browser, order.orderId, 'card');
    expect(second.status).toBe(201);
    expect(
      (await browser.get(`/orders/${order.orderId}/payments/${first.body.paymentId}`)).body.status,
    ).toBe('expired');

    // The provider refuses the old checkout: it was cancelled before the new payment started.
    const late = await checkout(harness, first.body, 'succeed');
    expect(late.status).toBe(409);

    // Even if the provider reported it, the success would not touch the order (an incident).
    const reported = await deliver(harness, {
      eventId: 'evt_late',
      paymentId: first.body.paymentId,
      orderId: order.orderId,
      amount: order.total,
    });
    expect(reported.status).toBe(200);
    expect((await browser.get(`/orders/${order.orderId}`)).body.status).toBe('awaiting-payment');
    expect(
      (await browser.get(`/orders/${order.orderId}/payments/${first.body.paymentId}`)).body.status,
    ).toBe('expired');
    expect(harness.errors).toContainEqual({
      message: expect.stringContaining('payment incident'),
      data: expect.objectContaining({
        orderId: order.orderId,
        paymentId: first.body.paymentId,
        eventId: 'evt_late',
      }),
    });

    // The new payment pays the order, once.
    expect((await checkout(harness, second.body, 'succeed')).status).toBe(200);
    expect((await browser.get(`/orders/${order.orderId}`)).body.status).toBe('paid');
  });

  it('O8: a success for an order already paid changes nothing and is logged as an incident', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const order = await placeOrder(browser);
    const payment = await pay(browser, order.orderId, 'card');
    await checkout(harness, payment.body, 'succeed');
    await harness.app.request(`${BASE}/t/demo/staff/orders/${order.orderId}/start-processing`, {
      method: 'POST',
      headers: { 'Shomei-Staff-Token': DEMO_STAFF_TOKEN },
    });
    // A redelivery under a new event id: already applied, nothing to report.
    await deliver(harness, {
      eventId: 'evt_again',
      paymentId: payment.body.paymentId,
      orderId: order.orderId,
      amount: order.total,
    });
    expect((await browser.get(`/orders/${order.orderId}`)).body.status).toBe('processing');
    expect(errorMessages(harness)).toEqual([]);
  });

  it('O7/O11: a konbini number cannot be settled after its deadline', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const order = await placeOrder(browser, konbiniOrder);
    const payment = await pay(browser, order.orderId, 'konbini-lawson');
    // Deadline: the end of 8 June (5 days). Nobody reads the order before the store is asked.
    harness.clock.set(new Date('2026-06-08T15:00:01Z'));
    const settled = await sandbox(harness, `/payments/${payment.body.paymentId}/settle`);
    expect(settled.status).toBe(409);
    const read = await (await loginReturning(harness)).get(`/orders/${order.orderId}`);
    expect(read.body).toMatchObject({ status: 'expired', printReservation: null });
  });

  it('O7: a webhook whose application failed is applied when the provider retries it', async () => {
    for (const part of ['payments', 'orders'] as const) {
      const harness = createHarness();
      const browser = await loginReturning(harness);
      const order = await placeOrder(browser, konbiniOrder);
      const payment = await pay(browser, order.orderId, 'konbini-familymart');
      // The store fails once, on the payment's or on the order's write.
      const target = harness.store[part] as { put(record: unknown): Promise<void> };
      const put = target.put.bind(target);
      let failures = 1;
      target.put = async (record) => {
        if (failures-- > 0) throw new Error('the disk is full');
        return put(record);
      };
      const event = {
        eventId: `evt_${part}`,
        paymentId: payment.body.paymentId,
        orderId: order.orderId,
        amount: order.total,
      };
      expect((await deliver(harness, event)).status).toBe(500);
      const retried = await deliver(harness, event);
      expect(await retried.json()).toEqual({ received: true, duplicate: false });
      expect(await (await deliver(harness, event)).json()).toEqual({
        received: true,
        duplicate: true,
      });
      const read = await browser.get(`/orders/${order.orderId}`);
      expect(read.body).toMatchObject({
        status: 'completed',
        printReservation: { number: expect.any(String) },
        payment: { status: 'succeeded' },
      });
    }
  });
});

describe('orders after review', () => {
  it("O11: an order nobody starts paying expires after the tenant's unpaidOrderExpiryHours", async () => {
    const harness = createHarness();
    const unpaid = await placeOrder(await loginReturning(harness));
    // An order with a konbini number waits for the number's deadline (5 days) instead.
    const browser = await loginReturning(harness);
    const withNumber = await placeOrder(browser, konbiniOrder);
    expect((await pay(browser, withNumber.orderId, 'konbini-lawson')).status).toBe(201);

    harness.clock.advance(71 * HOUR);
    const early = await loginReturning(harness);
    expect((await early.get(`/orders/${unpaid.orderId}`)).body.status).toBe('awaiting-payment');

    harness.clock.advance(2 * HOUR);
    const late = await loginReturning(harness);
    expect((await late.get(`/orders/${unpaid.orderId}`)).body.status).toBe('expired');
    expect((await pay(late, unpaid.orderId, 'card')).body.error.code).toBe('order_not_payable');
    expect((await late.get(`/orders/${withNumber.orderId}`)).body.status).toBe('awaiting-payment');
  });

  it('O8: createOrder with the same Idempotency-Key and body gives the same order; another body is refused', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const key = idempotencyKey();
    const first = await browser.post('/orders', counterOrder, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    // The response was lost; the retry gets the same order back.
    const retried = await browser.post('/orders', counterOrder, { 'Idempotency-Key': key });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retried.body.orderId).toBe(first.body.orderId);
    expect((await browser.get('/orders')).body.orders).toHaveLength(1);

    const changed = await browser.post(
      '/orders',
      {
        ...counterOrder,
        lines: [{ itemId: 'student-card-reissue', quantity: 1 }],
        expectedTotal: 2000,
      },
      { 'Idempotency-Key': key },
    );
    expect(changed.status).toBe(422);
    expect(changed.body.error.code).toBe('idempotency_key_reused');
    // Nor may the key start a payment.
    const payment = await pay(browser, first.body.orderId, 'card', key);
    expect(payment.body.error.code).toBe('idempotency_key_reused');

    const missing = await browser.post('/orders', counterOrder);
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toContainEqual({
      field: 'Idempotency-Key',
      code: 'required',
    });
    expect((await browser.get('/orders')).body.orders).toHaveLength(1);
  });

  it('O5: counter pickup is counted from when the payment succeeded, not from the order', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const order = await placeOrder(browser);
    // Ordered Wednesday 10:00: ready Thursday 13:00 if paid at once.
    expect(
      (await browser.get(`/orders/${(order as { orderId: string }).orderId}`)).body.pickupReadyAt,
    ).toBe('2026-06-04T04:00:00.000Z');
    const payment = await pay(browser, order.orderId, 'konbini-seven-eleven');
    // Paid at the konbini on Monday 8 June, 10:00 Tokyo: ready Tuesday 13:00.
    harness.clock.set(new Date('2026-06-08T01:00:00Z'));
    expect((await sandbox(harness, `/payments/${payment.body.paymentId}/settle`)).status).toBe(200);
    const paid = await (await loginReturning(harness)).get(`/orders/${order.orderId}`);
    expect(paid.body).toMatchObject({ status: 'paid', pickupReadyAt: '2026-06-09T04:00:00.000Z' });
  });

  it('O6: an office step the status does not allow answers order_not_transitionable (409)', async () => {
    const harness = createHarness();
    const order = await placeOrder(await loginReturning(harness));
    const refused = await harness.app.request(
      `${BASE}/t/demo/staff/orders/${order.orderId}/complete`,
      { method: 'POST', headers: { 'Shomei-Staff-Token': DEMO_STAFF_TOKEN } },
    );
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'order_not_transitionable',
    );
  });
});

describe('service options', () => {
  function service(options: Partial<ServiceDeps>, settings: object = {}) {
    const errors: { message: string; data: unknown }[] = [];
    const demo = createDemoTenant({ now: JUNE_3_10AM });
    const app = createService({
      store: createMemoryStore({ accounts: createDemoAccounts(JUNE_3_10AM) }),
      mailer: createMemoryMailbox(),
      payments: createSandboxProvider({ secret: 's', baseUrl: BASE }),
      clock: () => JUNE_3_10AM,
      tenants: createTenantDirectory([{ ...demo, settings: { ...demo.settings, ...settings } }]),
      logger: {
        error: (message, data) => errors.push({ message, data }),
        warn: () => {},
        info: () => {},
      },
      ...options,
    });
    return { app, errors };
  }
  // A tenant whose settings break the contract's TenantInfo (maxAttempts must be an integer).
  const broken = {
    twoFactor: { ...createDemoTenant().settings.twoFactor, maxAttempts: 2.5 },
  };

  it("validateResponses 'log' reports a response that breaks the contract without failing; strict fails", async () => {
    const log = service({ validateResponses: 'log' }, broken);
    const logged = await log.app.request(`${BASE}/t/demo/tenant`);
    expect(logged.status).toBe(200);
    expect(log.errors).toEqual([
      {
        message: expect.stringContaining('does not match the contract'),
        data: expect.objectContaining({ endpoint: 'getTenant', issues: expect.any(Array) }),
      },
    ]);

    for (const strict of [service({}, broken), service({ validateResponses: 'strict' }, broken)]) {
      expect((await strict.app.request(`${BASE}/t/demo/tenant`)).status).toBe(500);
    }

    const off = service({ validateResponses: false }, broken);
    expect((await off.app.request(`${BASE}/t/demo/tenant`)).status).toBe(200);
    expect(off.errors).toEqual([]);
  });

  it('O7: sandboxRoutes false leaves the sandbox (and its unauthenticated settle route) unmounted', async () => {
    const on = service({});
    expect((await on.app.request(`${BASE}/sandbox/instructions/pay-easy`)).status).toBe(200);
    const off = service({ sandboxRoutes: false });
    expect((await off.app.request(`${BASE}/sandbox/instructions/pay-easy`)).status).toBe(404);
    const settle = await off.app.request(`${BASE}/sandbox/payments/pay_x/settle`, {
      method: 'POST',
    });
    expect(settle.status).toBe(404);
  });
});
