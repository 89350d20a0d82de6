import { describe, expect, it } from 'vitest';
import { hmacSha256Hex } from './crypto.js';
import { DEMO_STAFF_TOKEN, DEMO_STUDENTS } from './demo/index.js';
import {
  BASE,
  createHarness,
  idempotencyKey,
  loginReturning,
  type Browser,
} from './test-helpers.js';

type Harness = ReturnType<typeof createHarness>;
const DAY = 24 * 60 * 60 * 1000;

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

async function staff(
  harness: Harness,
  orderId: string,
  action: 'start-processing' | 'complete',
): Promise<Response> {
  return harness.app.request(`${BASE}/t/demo/staff/orders/${orderId}/${action}`, {
    method: 'POST',
    headers: { 'Shomei-Staff-Token': DEMO_STAFF_TOKEN },
  });
}

async function pay(browser: Browser, orderId: string, method: string, key = idempotencyKey()) {
  return browser.post(`/orders/${orderId}/payments`, { method }, { 'Idempotency-Key': key });
}

describe('orders', () => {
  it('O1/O2/O9: the catalog depends on destination and student; the parking fee opens only in early June to year 2+', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const konbini = await browser.get('/catalog?destination=konbini');
    const konbiniIds = konbini.body.items.map((item: { itemId: string }) => item.itemId);
    expect(konbiniIds).toContain('enrollment-certificate-ja');
    expect(konbiniIds).not.toContain('enrollment-certificate-en');
    expect(konbiniIds).not.toContain('student-card-reissue');

    const mail = await browser.get('/catalog?destination=mail');
    const parking = mail.body.items.find(
      (item: { itemId: string }) => item.itemId === 'parking-fee',
    );
    expect(parking).toMatchObject({
      eligible: true,
      window: { from: '2026-06-01', to: '2026-06-10' },
      unitPrice: 6000,
    });
    expect(mail.body.items.map((item: { itemId: string }) => item.itemId)).toContain(
      'accident-insurance-renewal',
    );

    harness.clock.advance(10 * DAY);
    // The idle timeout ended the session meanwhile (A16).
    expect((await browser.get('/catalog?destination=mail')).status).toBe(401);
    const again = await loginReturning(harness);
    const late = await again.get('/catalog?destination=mail');
    expect(
      late.body.items.find((item: { itemId: string }) => item.itemId === 'parking-fee'),
    ).toMatchObject({
      eligible: false,
      reason: 'outside-window',
      window: { from: '2027-06-01', to: '2027-06-10' },
    });

    const invalid = await again.get('/catalog?destination=moon');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields).toEqual([{ field: 'destination', code: 'invalid_value' }]);
  });

  it('O9: a first-year student cannot order the parking fee', async () => {
    const harness = createHarness();
    const browser = harness.browser();
    const { userId, password } = DEMO_STUDENTS.firstLogin;
    // Make the first-year student a returning one quickly: register, set, verify.
    await browser.post('/session/login', { userId, password });
    await browser.post('/session/email-registration', {
      email: 'h@mail.example',
      emailConfirmation: 'h@mail.example',
    });
    const token = harness.mailbox.latest('h@mail.example')?.link?.split('=')[1];
    await browser.post('/links/email-registration', { token });
    await browser.post('/session/second-password', {
      secondPassword: 'Hanako2026',
      secondPasswordConfirmation: 'Hanako2026',
    });
    await browser.post('/session/auth-key', {
      authKey: harness.mailbox.latest('h@mail.example', 'auth-key')?.authKey,
    });

    const catalog = await browser.get('/catalog?destination=mail');
    expect(
      catalog.body.items.find((item: { itemId: string }) => item.itemId === 'parking-fee'),
    ).toMatchObject({
      eligible: false,
      reason: 'year',
    });
    const order = await browser.post(
      '/orders',
      {
        destination: 'mail',
        lines: [{ itemId: 'parking-fee', quantity: 1 }],
        delivery: { category: 'counter' },
        expectedTotal: 6000,
        acknowledgeNoRefund: true,
      },
      { 'Idempotency-Key': idempotencyKey() },
    );
    expect(order.status).toBe(400);
    expect(order.body.error).toMatchObject({
      code: 'order_invalid',
      lineProblems: [{ itemId: 'parking-fee', code: 'ineligible' }],
    });
  });

  it('O4/O5: counter pickup needs no postal code and shows when it will be ready', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const estimate = await browser.get('/pickup-estimate');
    // Applied Wednesday 10:00 → ready Thursday 13:00 (Tokyo).
    expect(estimate.body).toEqual({
      appliedAt: '2026-06-03T01:00:00.000Z',
      readyAt: '2026-06-04T04:00:00.000Z',
    });

    const created = await browser.post('/orders', counterOrder, {
      'Idempotency-Key': idempotencyKey(),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      destination: 'mail',
      status: 'awaiting-payment',
      total: 2400,
      delivery: { category: 'counter', address: '窓口受取り' },
      pickupReadyAt: '2026-06-04T04:00:00.000Z',
      payment: null,
      printReservation: null,
    });
    expect(created.body.lines[0]).toMatchObject({
      itemId: 'student-card-reissue',
      name: { ja: '学生証再発行料' },
      subtotal: 2000,
    });

    // After 15:00 on a Friday before a weekend: two business days → Tuesday 13:00.
    harness.clock.set(new Date('2026-06-05T07:30:00Z'));
    const late = await (
      await loginReturning(harness)
    ).post('/orders', counterOrder, { 'Idempotency-Key': idempotencyKey() });
    expect(late.body.pickupReadyAt).toBe('2026-06-09T04:00:00.000Z');
  });

  it('O4: a home delivery needs the address; problems name their fields', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const missing = await browser.post(
      '/orders',
      { ...counterOrder, delivery: undefined },
      { 'Idempotency-Key': idempotencyKey() },
    );
    expect(missing.body.error).toMatchObject({
      code: 'delivery_invalid',
      fields: [{ field: 'delivery', code: 'required' }],
    });
    const bad = await browser.post(
      '/orders',
      {
        ...counterOrder,
        delivery: {
          category: 'home',
          recipientName: '山田 太郎',
          postalCode: '12',
          prefecture: '東京都',
          city: '千代田区',
          addressLine1: '1-1',
          phone: '03-1234-5678',
        },
      },
      { 'Idempotency-Key': idempotencyKey() },
    );
    expect(bad.body.error.fields).toEqual([
      { field: 'delivery.postalCode', code: 'invalid-postal-code' },
    ]);
    const good = await browser.post(
      '/orders',
      {
        ...counterOrder,
        delivery: {
          category: 'home',
          recipientName: '山田 太郎',
          postalCode: '１００−０００１',
          prefecture: '東京都',
          city: '千代田区',
          addressLine1: '千代田1-1',
          phone: '03-1234-5678',
        },
      },
      { 'Idempotency-Key': idempotencyKey() },
    );
    expect(good.status).toBe(201);
    expect(good.body.delivery).toMatchObject({ postalCode: '100-0001', phone: '0312345678' });
    expect(good.body.pickupReadyAt).toBeNull();
    const printerWithAddress = await browser.post(
      '/orders',
      {
        destination: 'campus-printer',
        lines: [{ itemId: 'transcript-ja', quantity: 1 }],
        delivery: { category: 'counter' },
        expectedTotal: 300,
        acknowledgeNoRefund: true,
      },
      { 'Idempotency-Key': idempotencyKey() },
    );
    expect(printerWithAddress.body.error).toMatchObject({
      code: 'delivery_invalid',
      fields: [{ field: 'delivery', code: 'not-allowed' }],
    });
  });

  it('O8: a tampered total and an unacknowledged no-refund notice are refused', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const tampered = await browser.post(
      '/orders',
      { ...counterOrder, expectedTotal: 1 },
      { 'Idempotency-Key': idempotencyKey() },
    );
    expect(tampered.status).toBe(409);
    expect(tampered.body.error.code).toBe('total_mismatch');
    const unacknowledged = await browser.post(
      '/orders',
      {
        ...counterOrder,
        acknowledgeNoRefund: false,
      },
      { 'Idempotency-Key': idempotencyKey() },
    );
    expect(unacknowledged.status).toBe(400);
    expect(unacknowledged.body.error.code).toBe('no_refund_not_acknowledged');
    expect((await browser.get('/orders')).body.orders).toEqual([]);
  });

  it('O7/O8: card payment through the sandbox; a retry replays, a second payment is impossible', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const order = (
      await browser.post('/orders', counterOrder, { 'Idempotency-Key': idempotencyKey() })
    ).body;
    const missingKey = await browser.post(`/orders/${order.orderId}/payments`, { method: 'card' });
    expect(missingKey.status).toBe(400);
    expect(missingKey.body.error.fields).toEqual([{ field: 'Idempotency-Key', code: 'required' }]);

    const key = idempotencyKey();
    const started = await pay(browser, order.orderId, 'card', key);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      status: 'pending',
      amount: 2400,
      nextStep: { kind: 'redirect' },
    });
    // The checkout's signed URL: its token, not the payment id alone, opens the page.
    expect(started.body.nextStep.url).toMatch(
      new RegExp(`^${BASE}/sandbox/checkout/${started.body.paymentId}\\?token=[0-9a-f]{64}$`),
    );

    const replay = await pay(browser, order.orderId, 'card', key);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(started.body);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    const reusedForOtherMethod = await pay(browser, order.orderId, 'paypay', key);
    expect(reusedForOtherMethod.body.error.code).toBe('idempotency_key_reused');
    const second = await pay(browser, order.orderId, 'paypay');
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('payment_in_progress');

    const page = await harness.app.request(started.body.nextStep.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('¥2,400');
    // O7: the provider's page, in ja and en: amount, method, Pay / Decline / Cancel, and one
    // script, a same-origin file (script-src 'self'), none inline.
    expect(html).toContain('クレジットカード');
    expect(html).toContain('Credit card');
    for (const outcome of ['succeed', 'decline', 'cancel'])
      expect(html).toContain(`data-outcome="${outcome}"`);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.[2]).toBe('');
    const src = /src="([^"]+)"/.exec(scripts[0]?.[1] ?? '')?.[1] ?? '';
    const scriptUrl = new URL(src, started.body.nextStep.url);
    expect(scriptUrl.href).toBe(`${BASE}/sandbox/checkout.js`);
    const script = await harness.app.request(scriptUrl.href);
    expect(script.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain('location.assign(result.returnUrl)');
    const succeeded = await checkout(harness, started.body, 'succeed');
    expect(succeeded.status).toBe(200);

    const paid = await browser.get(`/orders/${order.orderId}`);
    expect(paid.body).toMatchObject({
      status: 'paid',
      payment: { status: 'succeeded', nextStep: { kind: 'none' } },
    });
    const payment = await browser.get(
      `/orders/${order.orderId}/payments/${started.body.paymentId}`,
    );
    expect(payment.body.status).toBe('succeeded');
    expect((await pay(browser, order.orderId, 'card')).body.error.code).toBe('already_paid');
    // The retry of the first request still gets its payment back, now settled.
    expect((await pay(browser, order.orderId, 'card', key)).body.status).toBe('succeeded');
  });

  it('O7: a declined card leaves the order payable again', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const order = (
      await browser.post('/orders', counterOrder, { 'Idempotency-Key': idempotencyKey() })
    ).body;
    const first = await pay(browser, order.orderId, 'card');
    await checkout(harness, first.body, 'decline');
    const declined = await browser.get(`/orders/${order.orderId}`);
    expect(declined.body).toMatchObject({
      status: 'awaiting-payment',
      payment: { status: 'declined' },
    });
    const again = await pay(browser, order.orderId, 'apple-pay');
    expect(again.status).toBe(201);
    expect(again.body.paymentId).not.toBe(first.body.paymentId);
  });

  it('O7/O10: konbini gives a number and deadline; settling completes the order with a print reservation', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const order = (
      await browser.post(
        '/orders',
        {
          destination: 'konbini',
          lines: [{ itemId: 'transcript-ja', quantity: 2 }],
          expectedTotal: 600,
          acknowledgeNoRefund: true,
        },
        { 'Idempotency-Key': idempotencyKey() },
      )
    ).body;
    const unavailable = await browser.post(
      '/orders',
      {
        destination: 'konbini',
        lines: [{ itemId: 'transcript-en', quantity: 1 }],
        expectedTotal: 500,
        acknowledgeNoRefund: true,
      },
      { 'Idempotency-Key': idempotencyKey() },
    );
    expect(unavailable.body.error.lineProblems).toEqual([
      { itemId: 'transcript-en', code: 'not-for-destination' },
    ]);

    const started = await pay(browser, order.orderId, 'konbini-lawson');
    expect(started.body.nextStep).toMatchObject({
      kind: 'payment-number',
      paymentNumber: expect.stringMatching(/^\d{11}$/),
      // Five days later, end of the Tokyo day.
      deadline: '2026-06-08T14:59:59.000Z',
    });
    expect((await sandbox(harness, `/payments/${started.body.paymentId}/settle`)).status).toBe(200);
    const completed = await browser.get(`/orders/${order.orderId}`);
    expect(completed.body).toMatchObject({
      status: 'completed',
      completedAt: harness.clock.now().toISOString(),
      printReservation: {
        number: expect.stringMatching(/^[A-Z2-9]{8}$/),
        validUntil: '2026-06-10T14:59:59.000Z',
      },
    });
  });

  it('O11: an unpaid konbini number expires with its deadline, and the order with it', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const order = (
      await browser.post(
        '/orders',
        {
          destination: 'campus-printer',
          lines: [{ itemId: 'enrollment-certificate-en', quantity: 1 }],
          expectedTotal: 400,
          acknowledgeNoRefund: true,
        },
        { 'Idempotency-Key': idempotencyKey() },
      )
    ).body;
    const started = await pay(browser, order.orderId, 'pay-easy');
    expect(started.body.nextStep.confirmationNumber).toBeDefined();
    harness.clock.advance(6 * DAY);
    const later = await loginReturning(harness);
    const list = await later.get('/orders');
    expect(list.body.orders[0]).toMatchObject({
      status: 'expired',
      payment: { status: 'expired' },
    });
    expect((await pay(later, order.orderId, 'card')).body.error.code).toBe('order_not_payable');
  });

  it('O6/O11: the office processes and completes a mailed order; the student gets 「郵送対応完了」', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const order = (
      await browser.post('/orders', counterOrder, { 'Idempotency-Key': idempotencyKey() })
    ).body;
    const started = await pay(browser, order.orderId, 'card');
    await checkout(harness, started.body, 'succeed');

    expect((await staff(harness, order.orderId, 'start-processing')).status).toBe(200);
    expect((await browser.get(`/orders/${order.orderId}`)).body.status).toBe('processing');
    const done = await staff(harness, order.orderId, 'complete');
    expect(done.status).toBe(200);
    const mail = harness.mailbox.latest(DEMO_STUDENTS.returning.email, 'order-completed');
    expect(mail?.subject).toBe('【証明書発行サービス】郵送対応完了');
    expect(mail?.text.startsWith('郵送対応完了\n')).toBe(true);
    expect(mail?.text).toContain(order.orderId);

    const other = (
      await browser.post('/orders', counterOrder, { 'Idempotency-Key': idempotencyKey() })
    ).body;
    const history = await browser.get('/orders');
    expect(
      history.body.orders.map((o: { orderId: string; status: string }) => [o.orderId, o.status]),
    ).toEqual([
      [other.orderId, 'awaiting-payment'],
      [order.orderId, 'completed'],
    ]);
    const forbidden = await harness.app.request(
      `${BASE}/t/demo/staff/orders/${order.orderId}/complete`,
      { method: 'POST' },
    );
    expect(forbidden.status).toBe(403);
  });

  it('O11: another student cannot see an order', async () => {
    const harness = createHarness();
    const browser = await loginReturning(harness);
    const order = (
      await browser.post('/orders', counterOrder, { 'Idempotency-Key': idempotencyKey() })
    ).body;
    const stranger = harness.browser();
    expect((await stranger.get(`/orders/${order.orderId}`)).status).toBe(401);
    expect((await browser.get('/orders/ord_UNKNOWN')).body.error.code).toBe('order_not_found');
  });

  it('O7: webhooks with a bad signature are refused, replays change nothing', async () => {
    const harness = createHarness();
    const forged = await harness.app.request(`${BASE}/webhooks/payments`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Shomei-Signature': `t=1,v1=${'0'.repeat(64)}`,
      },
      body: JSON.stringify({ eventId: 'evt_x', type: 'payment.succeeded' }),
    });
    expect(forged.status).toBe(403);

    const browser = await loginReturning(harness);
    const order = (
      await browser.post('/orders', counterOrder, { 'Idempotency-Key': idempotencyKey() })
    ).body;
    const started = await pay(browser, order.orderId, 'konbini-familymart');
    const deliver = async (eventId: string, at: Date) => {
      const body = JSON.stringify({
        eventId,
        type: 'payment.succeeded',
        tenantId: 'demo',
        paymentId: started.body.paymentId,
        orderId: order.orderId,
        amount: 2400,
        occurredAt: at.toISOString(),
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
    };
    const stale = await deliver(
      'evt_stale',
      new Date(harness.clock.now().getTime() - 10 * 60 * 1000),
    );
    expect(stale.status).toBe(403);
    expect(await (await deliver('evt_1', harness.clock.now())).json()).toEqual({
      received: true,
      duplicate: false,
    });
    expect(await (await deliver('evt_1', harness.clock.now())).json()).toEqual({
      received: true,
      duplicate: true,
    });
    expect((await browser.get(`/orders/${order.orderId}`)).body.status).toBe('paid');
  });
});
