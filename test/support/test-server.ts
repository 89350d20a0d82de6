/**
 * The reference server as the Node suites under test/ start it in process: a fresh data folder,
 * the demo tenant, a fixed or movable clock, and the demo's returning student logged in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type CreateOrderRequest, type ShomeiClient } from '@shomei/sdk';
import type { ServerConfig, ShomeiServer } from '@shomei/server';
import { DEMO_STUDENTS } from '@shomei/service';
import { expect } from 'vitest';

export const BASE = 'http://localhost:4010';
/** Wednesday 3 June 2026, 10:00 in Tokyo: a business day. */
export const JUNE_3_10AM = new Date('2026-06-03T01:00:00Z');

/** A temporary data folder and its removal. */
export function tempDataDir(prefix: string): { dataDir: string; remove(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  return { dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** A quiet server on `dataDir` whose background rounds the test runs itself. */
export function testServerConfig(
  dataDir: string,
  overrides: Partial<ServerConfig> = {},
): ServerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    publicBaseUrl: BASE,
    sandboxSecret: 'test-server',
    logLevel: 'silent',
    // Low on purpose: tests hash second passwords many times (production: 600 000).
    passwordHashIterations: 1000,
    shutdownTimeoutMs: 1000,
    mailRetryIntervalMs: 0,
    paymentReconcileIntervalMs: 0,
    ...overrides,
  };
}

/** An SDK client of the demo tenant in bearer mode, calling `fetch` (default: the server's). */
export function studentClient(server: Pick<ShomeiServer, 'fetch'>): ShomeiClient {
  return createClient({
    baseUrl: `${BASE}/t/demo`,
    sessionMode: 'bearer',
    retry: 0,
    fetch: (input, init) => server.fetch(new Request(input, init)),
  });
}

/**
 * Logs the returning student in; the auth key, when one is asked for, comes from `authKey`
 * (default: the server's memory mailbox).
 */
export async function logInReturning(
  client: ShomeiClient,
  authKey: () => Promise<string> | string,
): Promise<ShomeiClient> {
  const { returning } = DEMO_STUDENTS;
  const login = await client.login({
    userId: returning.userId,
    password: returning.password,
    secondPassword: returning.secondPassword,
  });
  if (login.data?.step === 'auth-key') {
    expect((await client.verifyAuthKey({ authKey: await authKey() })).data?.step).toBe(
      'authenticated',
    );
  }
  return client;
}

/** The auth key in a mail's text (「認証キー：123456」). */
export const authKeyIn = (text: string | undefined): string =>
  /認証キー：(\d{6})/.exec(text ?? '')?.[1] ?? '';

/** One enrollment certificate picked up at the counter: ¥200, paid at the counter's office. */
export const COUNTER_ORDER: CreateOrderRequest = {
  destination: 'mail',
  lines: [{ itemId: 'enrollment-certificate-ja', quantity: 1 }],
  delivery: { category: 'counter' },
  expectedTotal: 200,
  acknowledgeNoRefund: true,
};
