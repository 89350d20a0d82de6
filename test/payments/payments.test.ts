/**
 * O7, O8, O11: payments that survive a crash and can be given up. The reference server on SQLite
 * in process, its sandbox provider keeping its payments in the same database.
 */
import type { ShomeiClient } from '@shomei/sdk';
import { createServer, type ShomeiServer } from '@shomei/server';
import { DEMO_STAFF_TOKEN, DEMO_STUDENTS } from '@shomei/service';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BASE,
  COUNTER_ORDER,
  JUNE_3_10AM,
  logInReturning,
  studentClient,
  tempDataDir,
  testServerConfig,
} from '../support/test-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(): Promise<ShomeiServer> {
  const { dataDir, remove } = tempDataDir('shomei-payments-');
  cleanups.push(remove);
  const server = await createServer(testServerConfig(dataDir), { clock: () => JUNE_3_10AM });
  cleanups.push(() => server.close());
  return server;
}

const student = (server: ShomeiServer): Promise<ShomeiClient> =>
  logInReturning(
    studentClient(server),
    () => server.mailbox?.latest(DEMO_STUDENTS.returning.email, 'auth-key')?.authKey ?? '',
  );

async function order(client: ShomeiClient): Promise<string> {
  const created = await client.createOrder(COUNTER_ORDER);
  expect(created.error).toBeNull();
  return created.data?.orderId ?? '';
}

const sandbox = (server: ShomeiServer, path: string, body?: unknown) =>
  server.fetch(
    new Request(`${BASE}/sandbox${path}`, {
      method: 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    }),
  );

describe('O8: giving up a payment or an order', () => {
  it('O8: a student gives up a konbini number and pays by card instead; the number can no longer be paid', async () => {
    const server = await start();
    const client = await student(server);
    const orderId = await order(client);
    const konbini = await client.startPayment({ orderId }, { method: 'konbini-lawson' });
    const paymentId = konbini.data?.paymentId ?? '';
    // While the number is pending another method is refused.
    expect(
      (await client.startPayment({ orderId }, { method: 'card', returnUrl: `${BASE}/done` })).error
        ?.code,
    ).toBe('payment_in_progress');

    const cancelled = await client.cancelPayment({ orderId, paymentId });
    expect(cancelled.data?.status).toBe('cancelled');
    expect((await client.cancelPayment({ orderId, paymentId })).error?.code).toBe(
      'payment_not_cancellable',
    );
    // The store takes no money for it any more.
    expect((await sandbox(server, `/payments/${paymentId}/settle`)).status).toBe(409);

    const card = await client.startPayment({ orderId }, { method: 'card' });
    expect(card.error).toBeNull();
    // The checkout answers to the signed URL of the redirect, not to the payment id alone.
    const redirect = card.data?.nextStep.kind === 'redirect' ? card.data.nextStep.url : '';
    const paid = await sandbox(server, redirect.slice(`${BASE}/sandbox`.length), {
      outcome: 'succeed',
    });
    expect(paid.status).toBe(200);
    expect((await client.getOrder({ orderId })).data?.status).toBe('paid');
    expect(
      (await client.cancelPayment({ orderId, paymentId: card.data?.paymentId ?? '' })).error?.code,
    ).toBe('already_paid');
  });

  it('O8, O11: a student cancels an unpaid order with its pending number; a paid one is never cancelled', async () => {
    const server = await start();
    const client = await student(server);
    const unpaid = await order(client);
    const number = await client.startPayment({ orderId: unpaid }, { method: 'pay-easy' });
    const cancelled = await client.cancelOrder({ orderId: unpaid });
    expect(cancelled.data?.status).toBe('cancelled');
    expect((await client.getOrder({ orderId: unpaid })).data?.status).toBe('cancelled');
    expect((await sandbox(server, `/payments/${number.data?.paymentId}/settle`)).status).toBe(409);
    expect((await client.cancelOrder({ orderId: unpaid })).error?.code).toBe(
      'order_not_cancellable',
    );
    expect((await client.startPayment({ orderId: unpaid }, { method: 'card' })).error?.code).toBe(
      'order_not_payable',
    );

    const paid = await order(client);
    const payment = await client.startPayment({ orderId: paid }, { method: 'konbini-lawson' });
    await sandbox(server, `/payments/${payment.data?.paymentId}/settle`);
    expect((await client.cancelOrder({ orderId: paid })).error?.code).toBe('already_paid');
    expect((await client.getOrder({ orderId: paid })).data?.status).toBe('paid');
  });

  it('O8: when the provider had already taken the money, cancelling pays the order instead', async () => {
    const server = await start();
    const client = await student(server);
    const orderId = await order(client);
    const started = await client.startPayment({ orderId }, { method: 'konbini-lawson' });
    const paymentId = started.data?.paymentId ?? '';
    // The store took the money; its webhook has not arrived (the service was down).
    const ledger = server.store.sandboxLedger;
    const recorded = await ledger.get(paymentId);
    await ledger.put({ ...recorded!, status: 'succeeded' });
    expect((await client.cancelOrder({ orderId })).error?.code).toBe('already_paid');
    expect((await client.getOrder({ orderId })).data?.status).toBe('paid');
  });

  it('O8, O11: the office cancels an unpaid order, never a paid one', async () => {
    const server = await start();
    const client = await student(server);
    const orderId = await order(client);
    const staff = (path: string) =>
      server.fetch(
        new Request(`${BASE}/t/demo/staff${path}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${DEMO_STAFF_TOKEN}` },
        }),
      );
    const cancelled = await staff(`/orders/${orderId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { status: string }).status).toBe('cancelled');
    expect((await staff(`/orders/${orderId}/cancel`)).status).toBe(409);
    expect((await staff('/orders/ord_unknown/cancel')).status).toBe(404);
  });
});

describe('O7: reconciling with the provider', () => {
  it('O7: a success whose webhook was lost is applied; a payment the provider never knew is cancelled', async () => {
    const server = await start();
    const client = await student(server);
    const lost = await order(client);
    const lostPayment = await client.startPayment({ orderId: lost }, { method: 'konbini-lawson' });
    const forgotten = await order(client);
    const forgottenPayment = await client.startPayment(
      { orderId: forgotten },
      { method: 'konbini-familymart' },
    );
    const waiting = await order(client);
    await client.startPayment({ orderId: waiting }, { method: 'pay-easy' });

    const ledger = server.store.sandboxLedger;
    const paidAtStore = await ledger.get(lostPayment.data?.paymentId ?? '');
    await ledger.put({ ...paidAtStore!, status: 'succeeded' });
    // The provider lost this one (as the in-memory sandbox did on every restart).
    await server.database.db
      .deleteFrom('sandbox_payments')
      .where('payment_id', '=', forgottenPayment.data?.paymentId ?? '')
      .execute();

    // One payment a page: every page is read.
    expect(await server.reconcilePayments({ olderThanSeconds: 0, limit: 1 })).toEqual({
      checked: 3,
      changed: 2,
    });
    expect((await client.getOrder({ orderId: lost })).data?.status).toBe('paid');
    const unstuck = await client.getOrder({ orderId: forgotten });
    expect(unstuck.data).toMatchObject({
      status: 'awaiting-payment',
      payment: { status: 'cancelled' },
    });
    // Not stuck: the student pays it another way.
    expect(
      (await client.startPayment({ orderId: forgotten }, { method: 'konbini-lawson' })).error,
    ).toBeNull();
    expect((await client.getOrder({ orderId: waiting })).data?.payment?.status).toBe('pending');
    // A second round finds nothing more to change.
    expect((await server.reconcilePayments({ olderThanSeconds: 0 })).changed).toBe(0);
  });
});
