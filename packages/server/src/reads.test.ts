/**
 * Issue 15, reads never write: the student's order list, one order and one payment are answered
 * without a lock (the row `withLock` upserts into `locks`) or any other write, against an
 * in-process server on SQLite. Lapses are computed for the answer and written where they are
 * due: by reconciliation (O7) or by the next write on the order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ShomeiClient } from '@shomei/sdk';
import { DEMO_STUDENTS } from '@shomei/service';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from './config.js';
import { createServer, type ShomeiServer } from './server.js';

const BASE = 'http://localhost:4010';
/** Wednesday 3 June 2026, 10:00 in Tokyo. */
const JUNE_3_10AM = new Date('2026-06-03T01:00:00Z');
/** After the konbini numbers' deadline (the end of 8 June) and the unpaid orders' expiry. */
const JUNE_9 = new Date('2026-06-09T01:00:00Z');
const { returning } = DEMO_STUDENTS;
const dirs: string[] = [];
const servers: ShomeiServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(clock: () => Date): Promise<ShomeiServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shomei-reads-'));
  dirs.push(dataDir);
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    publicBaseUrl: BASE,
    sandboxSecret: 'reads-test',
    logLevel: 'silent',
    passwordHashIterations: 1000,
    shutdownTimeoutMs: 1000,
  };
  const server = await createServer(config, { clock });
  servers.push(server);
  return server;
}

async function student(server: ShomeiServer): Promise<ShomeiClient> {
  const client = createClient({
    baseUrl: `${BASE}/t/demo`,
    sessionMode: 'bearer',
    retry: 0,
    fetch: (input, init) => server.fetch(new Request(input, init)),
  });
  const login = await client.login({
    userId: returning.userId,
    password: returning.password,
    secondPassword: returning.secondPassword,
  });
  if (login.data?.step === 'auth-key') {
    const authKey = server.mailbox?.latest(returning.email, 'auth-key')?.authKey ?? '';
    expect((await client.verifyAuthKey({ authKey })).data?.step).toBe('authenticated');
  }
  return client;
}

/** Everything an order read could write: the lock rows, the orders, their payments. */
async function snapshot(server: ShomeiServer): Promise<unknown> {
  const { db } = server.database;
  return {
    locks: await db.selectFrom('locks').selectAll().orderBy('key').execute(),
    orders: await db.selectFrom('orders').selectAll().orderBy('order_id').execute(),
    payments: await db.selectFrom('payments').selectAll().orderBy('payment_id').execute(),
  };
}

async function storedStatuses(server: ShomeiServer, table: 'orders' | 'payments') {
  const rows = await server.database.db.selectFrom(table).select('status').execute();
  return rows.map((row) => row.status).sort();
}

describe('reads never write (issue 15)', () => {
  it('O11: GET of the order list, an order and a payment takes no lock and writes nothing; lapses show, and are written when due', async () => {
    let now = JUNE_3_10AM;
    const server = await start(() => now);
    const client = await student(server);
    const orderIds: string[] = [];
    const paymentIds: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const created = await client.createOrder({
        destination: 'konbini',
        lines: [{ itemId: 'enrollment-certificate-ja', quantity: 1 }],
        expectedTotal: 200,
        acknowledgeNoRefund: true,
      });
      const orderId = created.data?.orderId ?? '';
      orderIds.push(orderId);
      // Half get a konbini number; the others nobody starts paying.
      if (i % 2 === 0) {
        const payment = await client.startPayment({ orderId }, { method: 'konbini-lawson' });
        paymentIds.push(payment.data?.paymentId ?? '');
      }
    }

    // Days later the student logs in again (the session has ended) and looks.
    now = JUNE_9;
    const later = await student(server);
    const before = await snapshot(server);
    const list = await later.listOrders();
    expect(list.data?.orders.map((order) => order.status)).toEqual(
      Array.from({ length: 6 }, () => 'expired'),
    );
    for (const orderId of orderIds)
      expect((await later.getOrder({ orderId })).data?.status).toBe('expired');
    const firstPayment = { orderId: orderIds[0] ?? '', paymentId: paymentIds[0] ?? '' };
    expect((await later.getPayment(firstPayment)).data?.status).toBe('expired');
    expect(await snapshot(server)).toEqual(before);
    expect(await storedStatuses(server, 'orders')).toEqual(
      Array.from({ length: 6 }, () => 'awaiting-payment'),
    );

    // Reconciliation writes the lapsed numbers and their orders (O7).
    await server.reconcilePayments({ olderThanSeconds: 0 });
    expect(await storedStatuses(server, 'payments')).toEqual(['expired', 'expired', 'expired']);
    // An unpaid order's expiry is written by the next write on it (here a refused payment).
    const refused = await later.startPayment(
      { orderId: orderIds[1] ?? '' },
      { method: 'konbini-lawson' },
    );
    expect(refused.error?.code).toBe('order_not_payable');
    expect(await storedStatuses(server, 'orders')).toEqual([
      'awaiting-payment',
      'awaiting-payment',
      'expired',
      'expired',
      'expired',
      'expired',
    ]);
  });
});
