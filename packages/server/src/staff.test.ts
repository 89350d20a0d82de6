/**
 * The staff side (O6, docs/decisions/0010): the staff API under /t/:tenantId/staff and the CLI
 * that drives it, against an in-process server on SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ShomeiClient } from '@shomei/sdk';
import { DEMO_STAFF_TOKEN, DEMO_STUDENTS, type RateLimitPolicy } from '@shomei/service';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import type { ServerConfig } from './config.js';
import { createServer, type ShomeiServer } from './server.js';

const BASE = 'http://localhost:4010';
/** Wednesday 3 June 2026, 10:00 in Tokyo. */
const JUNE_3_10AM = new Date('2026-06-03T01:00:00Z');
const { returning } = DEMO_STUDENTS;
const dirs: string[] = [];
const servers: ShomeiServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function config(): ServerConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'shomei-staff-'));
  dirs.push(dataDir);
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    publicBaseUrl: BASE,
    sandboxSecret: 'staff-test',
    logLevel: 'silent',
    passwordHashIterations: 1000,
    shutdownTimeoutMs: 1000,
  };
}

async function start(rateLimits?: Partial<RateLimitPolicy>): Promise<ShomeiServer> {
  const server = await createServer(config(), {
    clock: () => JUNE_3_10AM,
    ...(rateLimits === undefined ? {} : { rateLimits }),
  });
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

/** A paid counter-pickup order (mail destination), ready for the office. */
async function paidMailOrder(server: ShomeiServer, client: ShomeiClient): Promise<string> {
  const created = await client.createOrder({
    destination: 'mail',
    lines: [{ itemId: 'enrollment-certificate-ja', quantity: 1 }],
    delivery: { category: 'counter' },
    expectedTotal: 200,
    acknowledgeNoRefund: true,
  });
  const orderId = created.data?.orderId ?? '';
  const payment = await client.startPayment({ orderId }, { method: 'konbini-lawson' });
  const settled = await server.fetch(
    new Request(`${BASE}/sandbox/payments/${payment.data?.paymentId}/settle`, { method: 'POST' }),
  );
  expect(settled.status).toBe(200);
  return orderId;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read by the assertions
type StaffBody = any;

async function staffCall(
  server: ShomeiServer,
  method: string,
  path: string,
  headers: Record<string, string> = { Authorization: `Bearer ${DEMO_STAFF_TOKEN}` },
): Promise<{ status: number; body: StaffBody }> {
  const response = await server.fetch(
    new Request(`${BASE}/t/demo/staff${path}`, { method, headers }),
  );
  return { status: response.status, body: await response.json() };
}

describe('O6: the staff API', () => {
  it('O6: needs the staff token, and a student session is not one', async () => {
    const server = await start();
    expect(server.tenants[0]?.staffToken).toBeUndefined();
    expect(server.tenants[0]?.staffTokenHash).toMatch(/^[0-9a-f]{64}$/);
    // A student's bearer session token, straight from a login in bearer mode.
    const login = await server.fetch(
      new Request(`${BASE}/t/demo/session/login`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Shomei-Client': 'staff-test',
          'Shomei-Session-Mode': 'bearer',
        },
        body: JSON.stringify({
          userId: returning.userId,
          password: returning.password,
          secondPassword: returning.secondPassword,
        }),
      }),
    );
    const sessionToken = login.headers.get('Shomei-Session-Token') ?? '';
    expect(sessionToken).not.toBe('');
    for (const headers of [
      {},
      { Authorization: 'Bearer wrong-token' },
      { Authorization: `Bearer ${sessionToken}` },
      { Authorization: `Basic ${btoa(`staff:${DEMO_STAFF_TOKEN}`)}` },
      { Authorization: `Bearer ${'x'.repeat(10_000)}` },
    ]) {
      const response = await staffCall(server, 'GET', '/orders', headers);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ error: { code: 'forbidden' } });
    }
    const unknownTenant = await server.fetch(
      new Request(`${BASE}/t/nowhere/staff/orders`, {
        headers: { Authorization: `Bearer ${DEMO_STAFF_TOKEN}` },
      }),
    );
    expect(unknownTenant.status).toBe(403);
    expect((await staffCall(server, 'GET', '/orders')).status).toBe(200);
    // The older header still works (the mock's staff helpers use it).
    expect(
      (await staffCall(server, 'GET', '/orders', { 'Shomei-Staff-Token': DEMO_STAFF_TOKEN }))
        .status,
    ).toBe(200);
  });

  it('O6: lists orders by status and destination, marks processing, completes and mails 「郵送対応完了」', async () => {
    const server = await start();
    const client = await student(server);
    const orderId = await paidMailOrder(server, client);
    const konbini = await client.createOrder({
      destination: 'konbini',
      lines: [{ itemId: 'transcript-ja', quantity: 1 }],
      expectedTotal: 300,
      acknowledgeNoRefund: true,
    });

    const unpaid = konbini.data?.orderId ?? '';
    const all = await staffCall(server, 'GET', '/orders');
    expect(all.body.orders).toHaveLength(2);
    const paid = await staffCall(server, 'GET', '/orders?status=paid&destination=mail');
    expect(paid.body.orders).toEqual([
      expect.objectContaining({ orderId, status: 'paid', userId: returning.userId, total: 200 }),
    ]);
    expect(
      (await staffCall(server, 'GET', '/orders?status=paid&destination=konbini')).body,
    ).toEqual({ orders: [] });
    for (const query of ['status=nope', 'destination=moon', 'other=1'])
      expect(await staffCall(server, 'GET', `/orders?${query}`)).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid_request' } },
      });

    expect(await staffCall(server, 'POST', `/orders/${unpaid}/complete`)).toMatchObject({
      status: 409,
      body: { error: { code: 'order_not_transitionable' } },
    });
    expect(await staffCall(server, 'POST', `/orders/${orderId}/start-processing`)).toMatchObject({
      status: 200,
      body: { orderId, status: 'processing' },
    });
    expect(server.mailbox?.latest(returning.email, 'order-completed')).toBeUndefined();
    expect(await staffCall(server, 'POST', `/orders/${orderId}/complete`)).toMatchObject({
      status: 200,
      body: { orderId, status: 'completed' },
    });
    expect(server.mailbox?.latest(returning.email, 'order-completed')?.subject).toBe(
      '【証明書発行サービス】郵送対応完了',
    );
    expect((await client.getOrder({ orderId })).data?.status).toBe('completed');
    expect((await staffCall(server, 'POST', `/orders/${orderId}/complete`)).status).toBe(409);
    expect(await staffCall(server, 'POST', '/orders/ord_nothing/complete')).toMatchObject({
      status: 404,
      body: { error: { code: 'order_not_found' } },
    });
    expect((await staffCall(server, 'POST', '/orders/..%2F..%00/complete')).status).toBe(404);
    expect((await staffCall(server, 'GET', '/nothing')).status).toBe(404);
  });

  it('O5/O6: the closure calendar is stored, and the pickup estimate reads it with the configured one', async () => {
    const server = await start();
    const client = await student(server);
    expect((await client.getPickupEstimate()).data?.readyAt).toBe('2026-06-04T04:00:00.000Z');
    const listed = await staffCall(server, 'GET', '/closures');
    expect(listed.body.added).toEqual([]);
    expect(listed.body.configured).toContain('12-29');

    expect(await staffCall(server, 'PUT', '/closures/2026-06-04')).toMatchObject({
      status: 200,
      body: { added: ['2026-06-04'] },
    });
    // Adding twice changes nothing.
    expect((await staffCall(server, 'PUT', '/closures/2026-06-04')).body.added).toEqual([
      '2026-06-04',
    ]);
    // Thursday 4 June is now closed: ready on Friday 5 June at 13:00.
    expect((await client.getPickupEstimate()).data?.readyAt).toBe('2026-06-05T04:00:00.000Z');
    const order = await client.createOrder({
      destination: 'mail',
      lines: [{ itemId: 'enrollment-certificate-ja', quantity: 1 }],
      delivery: { category: 'counter' },
      expectedTotal: 200,
      acknowledgeNoRefund: true,
    });
    expect(order.data?.pickupReadyAt).toBe('2026-06-05T04:00:00.000Z');

    for (const bad of ['2026-02-30', '2026-6-4', '12-29', '..%2Fetc', '2026-06-04%00'])
      expect(await staffCall(server, 'PUT', `/closures/${bad}`)).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid_request' } },
      });
    expect(await staffCall(server, 'DELETE', '/closures/2026-06-05')).toMatchObject({
      status: 404,
    });
    expect(await staffCall(server, 'DELETE', '/closures/2026-06-04')).toMatchObject({
      status: 200,
      body: { added: [] },
    });
    expect((await client.getPickupEstimate()).data?.readyAt).toBe('2026-06-04T04:00:00.000Z');
  });

  it('O6: staff requests are rate-limited', async () => {
    const server = await start({ staffPerClient: { limit: 3, windowSeconds: 60 } });
    for (let index = 0; index < 3; index += 1)
      expect((await staffCall(server, 'GET', '/orders')).status).toBe(200);
    const limited = await server.fetch(
      new Request(`${BASE}/t/demo/staff/orders`, {
        headers: { Authorization: `Bearer ${DEMO_STAFF_TOKEN}` },
      }),
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('60');
  });
});

describe('O6: the staff CLI', () => {
  async function cli(server: ShomeiServer, args: string[], env: Record<string, string> = {}) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['--url', BASE, ...args], {
      fetch: (request) => server.fetch(request),
      env: { SHOMEI_STAFF_TOKEN: DEMO_STAFF_TOKEN, ...env },
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    });
    return { code, stdout, stderr };
  }

  it('O6: orders list / start / complete, as a table and as JSON', async () => {
    const server = await start();
    const orderId = await paidMailOrder(server, await student(server));

    const table = await cli(server, ['orders', 'list', '--status', 'paid']);
    expect(table.code).toBe(0);
    const [header, row] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ORDER\s+STATUS\s+DESTINATION\s+STUDENT\s+TOTAL\s+PAYMENT\s+CREATED$/);
    expect(row).toContain(orderId);
    expect(row).toContain('mail/counter');
    expect(row).toContain('¥200');

    const json = await cli(server, ['orders', 'list', '--json', '--tenant', 'demo']);
    expect(JSON.parse(json.stdout)).toMatchObject({ orders: [{ orderId, status: 'paid' }] });

    expect((await cli(server, ['orders', 'start', orderId])).stdout).toBe(
      `${orderId}: processing\n`,
    );
    const completed = await cli(server, ['orders', 'complete', orderId, '--json']);
    expect(JSON.parse(completed.stdout)).toMatchObject({ orderId, status: 'completed' });
    expect(server.mailbox?.latest(returning.email, 'order-completed')).toBeDefined();

    const again = await cli(server, ['orders', 'complete', orderId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('409 order_not_transitionable');
  });

  it('O5/O6: closures list / add / remove', async () => {
    const server = await start();
    const added = await cli(server, ['closures', 'add', '2026-08-13']);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^added 2026-08-13\nDATE\s+SOURCE\n2026-08-13\s+staff\n/);
    const listed = await cli(server, ['closures', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject({ added: ['2026-08-13'] });
    expect((await cli(server, ['closures', 'remove', '2026-08-13'])).code).toBe(0);
    const bad = await cli(server, ['closures', 'add', 'tomorrow']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('400 invalid_request');
  });

  it('A9: students lockouts / unlock lift the cap on wrong auth keys and the login delay', async () => {
    const roomy = { limit: 10_000, windowSeconds: 60 };
    const server = await start({ authKeyPerAccount: roomy, authKeyReissuePerAccount: roomy });
    const post = (path: string, body: unknown, session?: string) =>
      server.fetch(
        new Request(`${BASE}/t/demo${path}`, {
          method: 'POST',
          headers: {
            'Shomei-Client': 'staff-test',
            'Shomei-Session-Mode': 'bearer',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...(session === undefined ? {} : { Authorization: `Bearer ${session}` }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
    const credentials = {
      userId: returning.userId,
      password: returning.password,
      secondPassword: returning.secondPassword,
    };
    const login = await post('/session/login', credentials);
    const session = login.headers.get('Shomei-Session-Token') ?? '';
    expect(session).not.toBe('');
    // 100 wrong keys in a row, reissuing whenever the key locks.
    for (let entered = 0; entered < 100; entered += 1) {
      const key = server.mailbox?.latest(returning.email, 'auth-key')?.authKey;
      const wrong = await post(
        '/session/auth-key',
        { authKey: key === '000000' ? '111111' : '000000' },
        session,
      );
      const { error } = (await wrong.json()) as { error: { code: string } };
      if (error.code === 'auth_key_locked') {
        const reissued = await post('/session/auth-key/reissue', undefined, session);
        expect(reissued.status).toBe(200);
      }
    }
    // And a stranger braking the account with wrong second passwords.
    let braked = false;
    for (let tries = 0; tries < 20 && !braked; tries += 1)
      braked =
        (await post('/session/login', { ...credentials, secondPassword: 'Wrong-2024x' })).status ===
        429;
    expect(braked).toBe(true);

    const shown = await cli(server, ['students', 'lockouts', returning.userId]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`${returning.userId}: locked out`);
    expect(shown.stdout).toMatch(/wrong auth keys in a row\s+100 of 100 \(login refused\)/);
    expect(shown.stdout).toMatch(/wrong passwords \(unknown clients\)\s+6 \(next try in 1 s\)/);
    const json = await cli(server, ['students', 'lockouts', returning.userId, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      locked: true,
      authKey: { consecutiveWrongKeys: 100, exhausted: true, currentKeyLocked: true },
      login: { failures: 6, retryAfterSeconds: 1 },
    });

    const unlocked = await cli(server, ['students', 'unlock', returning.userId]);
    expect(unlocked.code).toBe(0);
    expect(unlocked.stdout).toBe(
      `${returning.userId}: cleared 100 wrong auth keys, the locked auth key, 6 wrong passwords\n`,
    );
    const again = await cli(server, ['students', 'unlock', returning.userId, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({
      locked: false,
      cleared: { consecutiveWrongKeys: 0, lockedAuthKey: false, loginFailures: 0, devices: 0 },
    });
    expect((await cli(server, ['students', 'unlock', returning.userId])).stdout).toContain(
      'nothing to clear',
    );

    // The student logs in, gets a fresh key by mail, and is in.
    const mailed = server.mailbox?.all().length ?? 0;
    const fresh = await post('/session/login', credentials);
    expect(((await fresh.json()) as { step: string }).step).toBe('auth-key');
    expect(server.mailbox?.all().length).toBe(mailed + 1);
    const key = server.mailbox?.latest(returning.email, 'auth-key')?.authKey;
    const verified = await post(
      '/session/auth-key',
      { authKey: key },
      fresh.headers.get('Shomei-Session-Token') ?? '',
    );
    expect(((await verified.json()) as { step: string }).step).toBe('authenticated');

    const unknown = await cli(server, ['students', 'unlock', 's1999999']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('404 not_found');
    expect((await cli(server, ['students', 'unlock'])).stderr).toContain('needs a user ID');
  });

  it('O6: usage errors and a wrong token', async () => {
    const server = await start();
    expect((await cli(server, [])).code).toBe(2);
    expect((await cli(server, ['orders', 'fly'])).code).toBe(2);
    expect((await cli(server, ['orders', 'start'])).stderr).toContain('needs an order ID');
    expect((await cli(server, ['--bogus'])).code).toBe(2);
    expect((await cli(server, ['orders', 'list'], { SHOMEI_STAFF_TOKEN: '' })).stderr).toContain(
      'no staff token',
    );
    const wrong = await cli(server, ['orders', 'list', '--token', 'wrong']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('403 forbidden');
    const help = await cli(server, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('closures add <YYYY-MM-DD>');
    expect(help.stdout).toContain('students unlock <userId>');
  });
});
