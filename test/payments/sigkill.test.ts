/**
 * O7, O8: payments survive a crash. The real server process (`packages/server/src/main.ts`) on
 * SQLite takes concurrent orders and payments and is killed with SIGKILL in the middle, again and
 * again; after each restart it reconciles with its provider. At the end: no acknowledged order is
 * lost, no order is paid twice, and no order is stuck (every one can still be paid).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ShomeiClient } from '@shomei/sdk';
import { openDatabase } from '@shomei/server';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePorts } from '../support/ports.js';
import { authKeyIn, COUNTER_ORDER, logInReturning } from '../support/test-server.js';
import { startTestRelay, type TestRelay } from '../support/smtp-relay.js';

const ROUNDS = 4;
const FLOWS_PER_ROUND = 12;

const dataDir = mkdtempSync(join(tmpdir(), 'shomei-sigkill-'));
let relay: TestRelay | undefined;
let child: ChildProcess | undefined;

afterAll(async () => {
  child?.kill('SIGKILL');
  await relay?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startServer(port: number, smtpUrl: string): Promise<string> {
  const url = `http://127.0.0.1:${port}`;
  const started = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_BASE_URL: url,
      SANDBOX_SECRET: 'sigkill-test',
      PASSWORD_HASH_ITERATIONS: '1000',
      LOG_LEVEL: 'silent',
      SMTP_URL: smtpUrl,
      MAIL_RETRY_INTERVAL_MS: '500',
      PAYMENT_RECONCILE_INTERVAL_MS: '500',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child = started;
  const exited = new Promise<never>((_, reject) =>
    started.once('exit', (code) => reject(new Error(`the server exited (${code}) at start`))),
  );
  // Ready when /readyz says so: migrations done, database open.
  const ready = vi.waitFor(
    async () => {
      const response = await fetch(`${url}/readyz`);
      if (response.status !== 200) throw new Error(`readyz ${response.status}`);
    },
    { timeout: 60_000, interval: 100 },
  );
  await Promise.race([ready, exited]);
  started.removeAllListeners('exit');
  return url;
}

function kill(): Promise<void> {
  const running = child;
  if (running === undefined || running.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    running.once('exit', () => resolve());
    running.kill('SIGKILL');
  });
}

interface Flow {
  orderId?: string;
  method: 'konbini-lawson' | 'card';
  paymentId?: string;
  /** The provider answered that it took the money. */
  settled: boolean;
}

/** One student paying one order, as far as it gets before the crash. */
async function payOneOrder(client: ShomeiClient, url: string, flow: Flow): Promise<void> {
  const created = await client.createOrder(COUNTER_ORDER);
  if (created.data === null) return;
  flow.orderId = created.data.orderId;
  const started = await client.startPayment(
    { orderId: flow.orderId },
    flow.method === 'card'
      ? { method: 'card', returnUrl: `${url}/done` }
      : { method: 'konbini-lawson' },
  );
  if (started.data === null) return;
  flow.paymentId = started.data.paymentId;
  const { nextStep } = started.data;
  const response = await fetch(
    // The checkout answers to its signed URL (the redirect), not to the payment id alone.
    nextStep.kind === 'redirect'
      ? nextStep.url
      : `${url}/sandbox/payments/${flow.paymentId}/settle`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome: 'succeed' }),
    },
  );
  flow.settled = response.status === 200;
}

describe('O7, O8: SIGKILL during payments', () => {
  it('O7, O8: killed with SIGKILL mid-payment again and again, the server loses no order, pays none twice and leaves none stuck', async () => {
    relay = await startTestRelay('accept');
    const [port = 0] = await freePorts(1);
    let url = await startServer(port, relay.url);
    const client = createClient({ baseUrl: `${url}/t/demo`, sessionMode: 'bearer', retry: 0 });
    const mails = relay;
    await logInReturning(client, async () => authKeyIn((await mails.waitForMails(1))[0]?.text));

    const flows: Flow[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const batch: Flow[] = Array.from({ length: FLOWS_PER_ROUND }, (_, index) => ({
        method: index % 2 === 0 ? 'konbini-lawson' : 'card',
        settled: false,
      }));
      flows.push(...batch);
      const running = batch.map((flow) => payOneOrder(client, url, flow).catch(() => undefined));
      // Kill once a few payments went through and the others are in flight.
      await vi.waitFor(
        () => {
          if (batch.filter((flow) => flow.settled).length < 2) throw new Error('not yet');
        },
        { timeout: 60_000, interval: 5 },
      );
      await kill();
      await Promise.all(running);
      url = await startServer(port, relay.url);
    }

    const acknowledged = flows.filter((flow) => flow.orderId !== undefined);
    expect(acknowledged.length).toBeGreaterThan(ROUNDS * 2);
    // Every payment the provider confirmed is applied (the start's reconciliation).
    await vi.waitFor(
      async () => {
        for (const flow of flows.filter((candidate) => candidate.settled)) {
          const order = await client.getOrder({ orderId: flow.orderId ?? '' });
          expect(order.data?.status).toBe('paid');
        }
      },
      { timeout: 60_000, interval: 200 },
    );

    // None lost: every acknowledged order is there.
    const listed = await client.listOrders();
    const ids = new Set(listed.data?.orders.map((order) => order.orderId));
    for (const flow of acknowledged) expect(ids.has(flow.orderId ?? '')).toBe(true);

    // None stuck: every order still awaiting payment can be paid now.
    for (const order of listed.data?.orders ?? []) {
      if (order.status !== 'awaiting-payment') continue;
      let paymentId = order.payment?.status === 'pending' ? order.payment.paymentId : undefined;
      let nextStep = order.payment?.nextStep;
      if (paymentId === undefined) {
        const started = await client.startPayment(
          { orderId: order.orderId },
          { method: 'konbini-lawson' },
        );
        expect(started.error).toBeNull();
        paymentId = started.data?.paymentId;
        nextStep = started.data?.nextStep;
      }
      const paid = await fetch(
        nextStep?.kind === 'redirect'
          ? nextStep.url
          : `${url}/sandbox/payments/${paymentId}/settle`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ outcome: 'succeed' }),
        },
      );
      expect(paid.status).toBe(200);
      expect((await client.getOrder({ orderId: order.orderId })).data?.status).toBe('paid');
    }
    await kill();

    // None paid twice, by the service's records and by the provider's.
    const database = await openDatabase({ kind: 'sqlite', file: join(dataDir, 'shomei.sqlite') });
    try {
      const twice = await database.db
        .selectFrom('payments')
        .select(['order_id', (eb) => eb.fn.countAll<number>().as('count')])
        .where('status', '=', 'succeeded')
        .groupBy('order_id')
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();
      expect(twice).toEqual([]);
      const ledger = await database.db
        .selectFrom('sandbox_payments')
        .select('record_json')
        .where('status', '=', 'succeeded')
        .execute();
      const paidOrders = ledger.map(
        (row) => (JSON.parse(row.record_json) as { orderId: string }).orderId,
      );
      expect(new Set(paidOrders).size).toBe(paidOrders.length);
      const orders = await database.db.selectFrom('orders').select('status').execute();
      expect(orders.every((order) => order.status === 'paid')).toBe(true);
    } finally {
      await database.close();
    }
  }, 300_000);
});
