import { describe, expect, it } from 'vitest';
import { createFakeClient, fail, ok } from './fake-client.js';
import { createLoginFlow, createOrderFlow, createSessionFlow, type Scheduler } from './index.js';
import type { FlowResult } from './machine.js';
import type { LoginState } from './login.js';
import { orderStateForReturn } from './order.js';
import {
  authenticated,
  authKeyStep,
  awaitingOrder,
  paidOrder,
  printerCatalog,
  redirectPayment,
  USER_ID,
} from './test-fixtures.js';

/** A promise the test settles by hand, to hold a call in flight. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('flow runner', () => {
  it('A7: a script drives a whole login through the client', async () => {
    const client = createFakeClient({
      getSession: [ok({ step: 'anonymous' })],
      login: [ok(authKeyStep)],
      verifyAuthKey: [
        fail({ code: 'auth_key_wrong', status: 400, attemptsLeft: 2 }),
        ok(authenticated),
      ],
    });
    const flow = createLoginFlow(client);
    expect(flow.getState()).toEqual({ status: 'loading' });
    expect((await flow.whenSettled()).status).toBe('credentials');

    flow.send({ type: 'input', field: 'userId', value: USER_ID });
    flow.send({ type: 'input', field: 'password', value: 'univ-pass' });
    flow.send({ type: 'input', field: 'secondPassword', value: 'Abcdefg1' });
    flow.send({ type: 'submit' });
    expect(flow.getState().status).toBe('submitting');
    expect((await flow.whenSettled()).status).toBe('auth-key');

    flow.send({ type: 'input', field: 'authKey', value: '000000' });
    flow.send({ type: 'submit' });
    expect(await flow.whenSettled()).toMatchObject({
      status: 'auth-key',
      error: { code: 'auth_key_wrong', attemptsLeft: 2 },
    });

    flow.send({ type: 'input', field: 'authKey', value: '123456' });
    flow.send({ type: 'submit' });
    expect(await flow.whenSettled()).toEqual({ status: 'authenticated', session: authenticated });
    expect(client.calls.map((c) => c.name)).toEqual([
      'getSession',
      'login',
      'verifyAuthKey',
      'verifyAuthKey',
    ]);
    expect(client.unused()).toEqual([]);
  });

  it('A1: listeners get each new state, in order, until they unsubscribe', async () => {
    const client = createFakeClient({ getSession: [ok({ step: 'anonymous' })] });
    const flow = createLoginFlow(client);
    const seen: string[] = [];
    const unsubscribe = flow.subscribe((state) => seen.push(state.status));
    await flow.whenSettled();
    flow.send({ type: 'submit' }); // blank: refused locally
    unsubscribe();
    flow.send({ type: 'forgot-second-password' });
    expect(seen).toEqual(['credentials', 'credentials']);
    expect(flow.getState().status).toBe('reset-request');
  });

  it('A1: an event a listener sends is handled after the current one', async () => {
    const client = createFakeClient({ getSession: [ok({ step: 'anonymous' })] });
    const flow = createLoginFlow(client);
    const seen: LoginState['status'][] = [];
    flow.subscribe((state) => {
      seen.push(state.status);
      if (state.status === 'credentials') flow.send({ type: 'forgot-second-password' });
    });
    await flow.whenSettled();
    expect(seen).toEqual(['credentials', 'reset-request']);
  });

  it('X5: dispose aborts the call in flight and the late answer is dropped', async () => {
    const answer = deferred<FlowResult<typeof authenticated>>();
    const client = createFakeClient({ getSession: [answer.promise] });
    const flow = createLoginFlow(client);
    const signal = client.calls[0]?.signal;
    expect(signal?.aborted).toBe(false);
    flow.dispose();
    expect(signal?.aborted).toBe(true);
    answer.resolve(ok(authenticated));
    expect(await flow.whenSettled()).toEqual({ status: 'loading' });
    flow.send({ type: 'submit' });
    expect(flow.getState()).toEqual({ status: 'loading' });
  });

  it('O1: back while the catalog loads aborts the call; its late answer cannot land', async () => {
    const first = deferred<FlowResult<typeof printerCatalog>>();
    const client = createFakeClient({ getCatalog: [first.promise, ok(printerCatalog)] });
    const flow = createOrderFlow(client, { paymentMethods: ['card'] });
    flow.send({ type: 'choose-destination', destination: 'campus-printer' });
    flow.send({ type: 'back' });
    expect(client.calls[0]?.signal?.aborted).toBe(true);
    expect(flow.getState().status).toBe('destination');
    first.resolve(ok({ ...printerCatalog, items: [] }));
    await Promise.resolve();
    expect(flow.getState().status).toBe('destination');
    flow.send({ type: 'choose-destination', destination: 'campus-printer' });
    const state = await flow.whenSettled();
    expect(state.status === 'quantities' && state.draft.catalog.items.length).toBe(2);
  });

  it('O8: a payment retried after a lost answer reuses its Idempotency-Key; a new attempt gets a new one', async () => {
    let made = 0;
    const client = createFakeClient({
      startPayment: [
        fail({ code: 'network' }),
        ok({ ...redirectPayment, status: 'declined', nextStep: { kind: 'none' } }),
        ok(redirectPayment),
      ],
    });
    const flow = createOrderFlow(client, {
      initial: {
        status: 'payment-method',
        draft: null,
        order: awaitingOrder,
        paymentMethods: ['card'],
        method: 'card',
      },
      idempotencyKey: () => `key-${++made}-abcdefghijklmnop`,
    });
    flow.send({ type: 'pay' });
    expect(await flow.whenSettled()).toMatchObject({
      status: 'payment-method',
      error: { code: 'network' },
    });
    flow.send({ type: 'pay' });
    expect(await flow.whenSettled()).toMatchObject({
      status: 'payment-method',
      error: { code: 'payment_declined' },
    });
    flow.send({ type: 'pay' });
    expect((await flow.whenSettled()).status).toBe('payment-next-step');
    expect(client.calls.map((c) => c.input['idempotencyKey'])).toEqual([
      'key-1-abcdefghijklmnop',
      'key-1-abcdefghijklmnop',
      'key-2-abcdefghijklmnop',
    ]);
  });

  it('O8: an order retried after a lost answer reuses its Idempotency-Key; a new review submission gets a new one', async () => {
    let made = 0;
    const client = createFakeClient({
      getCatalog: [ok(printerCatalog)],
      createOrder: [
        fail({ code: 'timeout' }),
        fail({ code: 'internal', status: 500 }),
        ok(awaitingOrder),
        ok(awaitingOrder),
        ok(awaitingOrder),
      ],
    });
    const flow = createOrderFlow(client, {
      paymentMethods: ['card'],
      idempotencyKey: () => `key-${++made}-abcdefghijklmnop`,
    });
    flow.send({ type: 'choose-destination', destination: 'campus-printer' });
    await flow.whenSettled();
    flow.send({ type: 'set-quantity', itemId: 'enrollment-ja', quantity: 2 });
    flow.send({ type: 'continue' });
    flow.send({ type: 'acknowledge-no-refund', acknowledged: true });
    const submit = async (): Promise<string> => {
      flow.send({ type: 'proceed-to-payment' });
      return (await flow.whenSettled()).status;
    };
    expect(await submit()).toBe('review'); // timeout: the order may exist
    expect(await submit()).toBe('review'); // 500: still unknown
    expect(await submit()).toBe('payment-method'); // the service made (or replayed) it
    // Back to the review and on again: the answer came, so this is a new submission.
    flow.send({ type: 'back' });
    expect(await submit()).toBe('payment-method');
    // A changed order is another submission as well.
    flow.send({ type: 'back' });
    flow.send({ type: 'back' });
    flow.send({ type: 'set-quantity', itemId: 'enrollment-ja', quantity: 3 });
    flow.send({ type: 'continue' });
    flow.send({ type: 'acknowledge-no-refund', acknowledged: true });
    expect(await submit()).toBe('payment-method');
    expect(
      client.calls.filter((c) => c.name === 'createOrder').map((c) => c.input['idempotencyKey']),
    ).toEqual([
      'key-1-abcdefghijklmnop',
      'key-1-abcdefghijklmnop',
      'key-1-abcdefghijklmnop',
      'key-2-abcdefghijklmnop',
      'key-3-abcdefghijklmnop',
    ]);
  });

  it('O10: the return page resumes from the order id and ends with the print reservation', async () => {
    const client = createFakeClient({ getOrder: [ok(paidOrder)] });
    const flow = createOrderFlow(client, { initial: orderStateForReturn('ord_1') });
    const state = await flow.whenSettled();
    expect(state.status === 'done' && state.order.printReservation?.number).toBe('K7QH4M2P');
    expect(client.calls[0]?.input).toEqual({ params: { orderId: 'ord_1' } });
  });

  it('A1: a client that throws (a bug) still leaves the pending state', async () => {
    const flow = createLoginFlow({
      request: () => Promise.reject(new Error('boom')),
    });
    expect(await flow.whenSettled()).toMatchObject({
      status: 'credentials',
      error: { code: 'unexpected' },
    });
  });
});

/** A clock the test moves by hand. */
function fakeScheduler(start: number): Scheduler & { advance(ms: number): void } {
  let now = start;
  let timers: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 0;
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = ++nextId;
      timers.push({ at: now + ms, callback, id });
      return id;
    },
    clearTimeout(handle) {
      timers = timers.filter((timer) => timer.id !== handle);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        now = due.at;
        due.callback();
      }
      now = end;
    },
  };
}

describe('session runner', () => {
  const expires = Date.parse('2025-06-02T01:30:00.000Z');

  it('A16: warns, counts down, and logs out at the timeout', async () => {
    const scheduler = fakeScheduler(expires - 120_000);
    const client = createFakeClient({ logout: [ok({ step: 'anonymous' })] });
    const flow = createSessionFlow(client, {
      idleExpiresAt: '2025-06-02T01:30:00.000Z',
      idleWarningSeconds: 60,
      scheduler,
    });
    scheduler.advance(59_000);
    expect(flow.getState().status).toBe('active');
    scheduler.advance(1_000);
    expect(flow.getState()).toMatchObject({ status: 'warning', secondsLeft: 60 });
    scheduler.advance(15_000);
    expect(flow.getState()).toMatchObject({ status: 'warning', secondsLeft: 45 });
    scheduler.advance(45_000);
    expect(flow.getState()).toEqual({ status: 'logging-out', reason: 'timeout' });
    expect(await flow.whenSettled()).toEqual({ status: 'timed-out' });
    flow.dispose();
  });

  it('A16: extending in the warning restarts the clock', async () => {
    const scheduler = fakeScheduler(expires - 30_000);
    const client = createFakeClient({
      extendSession: [ok({ idleExpiresAt: '2025-06-02T02:00:00.000Z' })],
    });
    const flow = createSessionFlow(client, {
      idleExpiresAt: '2025-06-02T01:30:00.000Z',
      idleWarningSeconds: 60,
      scheduler,
    });
    scheduler.advance(0);
    expect(flow.getState().status).toBe('warning');
    flow.send({ type: 'extend' });
    expect(await flow.whenSettled()).toMatchObject({
      status: 'active',
      idleExpiresAt: '2025-06-02T02:00:00.000Z',
    });
    scheduler.advance(60_000);
    expect(flow.getState().status).toBe('active');
    flow.dispose();
  });

  it('A16: activity extends the session at most once per throttle period', async () => {
    const scheduler = fakeScheduler(expires - 600_000);
    const client = createFakeClient({
      extendSession: [
        ok({ idleExpiresAt: '2025-06-02T01:40:00.000Z' }),
        ok({ idleExpiresAt: '2025-06-02T01:41:00.000Z' }),
      ],
    });
    const flow = createSessionFlow(client, {
      idleExpiresAt: '2025-06-02T01:30:00.000Z',
      idleWarningSeconds: 60,
      scheduler,
      activityThrottleMs: 60_000,
    });
    flow.activity(); // just signed in: nothing to do yet
    scheduler.advance(60_000);
    flow.activity();
    await flow.whenSettled();
    scheduler.advance(10_000);
    flow.activity();
    expect(client.calls.map((c) => c.name)).toEqual(['extendSession']);
    flow.dispose();
  });
});
