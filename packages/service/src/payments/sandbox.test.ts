/**
 * The sandbox provider's own routes and the webhook's door (issue 14, item 5): concurrent test
 * controls on one payment settle it once, a checkout answers only to its signed URL, and the
 * webhook refuses an oversized body before it reads it or checks its signature.
 */
import { describe, expect, it } from 'vitest';
import {
  BASE,
  createHarness,
  idempotencyKey,
  loginReturning,
  type Browser,
} from '../test-helpers.js';

type Harness = ReturnType<typeof createHarness>;

async function startPayment(harness: Harness, method: string, destination = 'mail') {
  const browser = await loginReturning(harness);
  const order = await browser.post(
    '/orders',
    destination === 'konbini'
      ? {
          destination: 'konbini',
          lines: [{ itemId: 'enrollment-certificate-ja', quantity: 1 }],
          expectedTotal: 200,
          acknowledgeNoRefund: true,
        }
      : {
          destination: 'mail',
          lines: [
            { itemId: 'student-card-reissue', quantity: 1 },
            { itemId: 'enrollment-certificate-ja', quantity: 2 },
          ],
          delivery: { category: 'counter' },
          expectedTotal: 2400,
          acknowledgeNoRefund: true,
        },
    { 'Idempotency-Key': idempotencyKey() },
  );
  expect(order.status).toBe(201);
  const payment = await browser.post(
    `/orders/${order.body.orderId}/payments`,
    { method },
    { 'Idempotency-Key': idempotencyKey() },
  );
  expect(payment.status).toBe(201);
  return {
    browser,
    orderId: order.body.orderId as string,
    paymentId: payment.body.paymentId as string,
    nextStep: payment.body.nextStep as { kind: string; url?: string },
  };
}

function post(harness: Harness, url: string, body?: unknown): Promise<Response> {
  return Promise.resolve(
    harness.app.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

async function paymentStatus(browser: Browser, orderId: string, paymentId: string) {
  return (await browser.get(`/orders/${orderId}/payments/${paymentId}`)).body.status as string;
}

describe('sandbox routes', () => {
  it('O7: 20 concurrent settles of one konbini payment settle it once; the rest answer 409', async () => {
    const harness = createHarness();
    const { browser, orderId, paymentId } = await startPayment(
      harness,
      'konbini-lawson',
      'konbini',
    );
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(harness, `${BASE}/sandbox/payments/${paymentId}/settle`),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const refusal = (await responses.find((r) => r.status === 409)?.json()) as {
      error: { message: string };
    };
    expect(refusal.error.message).toBe('the payment is succeeded');
    expect(await paymentStatus(browser, orderId, paymentId)).toBe('succeeded');
  });

  it('O8: concurrent outcomes on one checkout: the first wins, the others answer 409', async () => {
    const harness = createHarness();
    const { browser, orderId, paymentId, nextStep } = await startPayment(harness, 'card');
    const url = nextStep.url ?? '';
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(harness, url, { outcome: i % 2 === 0 ? 'succeed' : 'cancel' }),
      ),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(19);
    expect(['succeeded', 'cancelled']).toContain(await paymentStatus(browser, orderId, paymentId));
  });

  it('O7: a checkout answers only to its own signed URL, not to the payment id alone', async () => {
    const harness = createHarness();
    const { browser, orderId, paymentId, nextStep } = await startPayment(harness, 'card');
    const url = new URL(nextStep.url ?? '');
    expect(url.pathname).toBe(`/sandbox/checkout/${paymentId}`);
    const token = url.searchParams.get('token') ?? '';
    // 128 bits at least, as every other one-time secret.
    expect(token).toMatch(/^[\w-]{22,}$/);

    const bare = `${BASE}/sandbox/checkout/${paymentId}`;
    const forged = `${bare}?token=${'A'.repeat(token.length)}`;
    const otherPayment = await startPayment(harness, 'card');
    const borrowed = `${bare}?token=${new URL(otherPayment.nextStep.url ?? '').searchParams.get('token') ?? ''}`;
    for (const attempt of [bare, forged, borrowed]) {
      expect((await harness.app.request(attempt)).status).toBe(404);
      expect((await post(harness, attempt, { outcome: 'cancel' })).status).toBe(404);
    }
    expect(await paymentStatus(browser, orderId, paymentId)).toBe('pending');

    expect((await harness.app.request(url.href)).status).toBe(200);
    expect((await post(harness, url.href, { outcome: 'cancel' })).status).toBe(200);
    expect(await paymentStatus(browser, orderId, paymentId)).toBe('cancelled');
  });
});

describe('payment webhook', () => {
  it('refuses a body over 64 kB with 413 before reading it all or checking its signature', async () => {
    const harness = createHarness();
    const declared = await harness.app.request(`${BASE}/webhooks/payments`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': String(20 * 1024 * 1024),
        'Shomei-Signature': 't=1,v1=' + '0'.repeat(64),
      },
      body: '{}',
    });
    expect(declared.status).toBe(413);

    // No Content-Length (chunked): read up to the limit, then cut off. The stream throws if
    // it is read much past the limit, as a 20 MB body would be.
    let sent = 0;
    const chunk = new Uint8Array(16 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 128 * 1024) throw new Error('read past the limit');
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await harness.app.fetch(
      new Request(`${BASE}/webhooks/payments`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Shomei-Signature': 't=1,v1=' + '0'.repeat(64),
        },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThanOrEqual(128 * 1024);
    expect(harness.errors).toEqual([]);
  });
});
