/**
 * The hosts the contract suite runs against: the mock (the service in memory, as Storybook and
 * the SDK's tests see it) and the reference server over SQLite, over PGlite (PostgreSQL in
 * process, as in development) and over a real PostgreSQL server (Debian's, one per test file:
 * test/support/postgres.ts). Each host starts with a fresh database, the demo tenant and a clock
 * the test moves. Office and payment-provider steps go over HTTP to each host alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createMockService } from '@shomei/mock';
import { createClient, type ShomeiClient } from '@shomei/sdk';
import {
  createServer,
  migrateToLatest,
  openDatabase,
  type OpenDatabase,
  type ServerConfig,
} from '@shomei/server';
import { DEMO_STAFF_TOKEN, type MemoryMailbox } from '@shomei/service';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

export const BASE_URL = 'http://localhost:4010';
/** Wednesday 3 June 2026, 10:00 in Tokyo: a business day inside the parking-fee window. */
export const JUNE_3_10AM = new Date('2026-06-03T01:00:00Z');

export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export interface Host {
  readonly name: string;
  fetch(request: Request): Promise<Response>;
  readonly mailbox: MemoryMailbox;
  readonly clock: TestClock;
  close(): Promise<void>;
}

export interface HostFactory {
  readonly name: string;
  start(): Promise<Host>;
}

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

function movableClock(start: Date): TestClock & { read: () => Date } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    read: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
  };
}

const directories: string[] = [];
export function removeTempDirectories(): void {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function serverConfig(dataDir: string): ServerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    publicBaseUrl: BASE_URL,
    sandboxSecret: 'contract-suite',
    logLevel: 'silent',
    // Low on purpose: tests hash second passwords many times (production: 600 000).
    passwordHashIterations: 1000,
    shutdownTimeoutMs: 1000,
  };
}

async function startServer(name: string, database: OpenDatabase | undefined): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shomei-contract-'));
  directories.push(dataDir);
  const clock = movableClock(JUNE_3_10AM);
  const server = await createServer(serverConfig(dataDir), {
    clock: clock.read,
    ...(database === undefined ? {} : { database }),
  });
  if (server.mailbox === null) throw new Error('the server should use the memory mailbox');
  return {
    name,
    fetch: (request) => server.fetch(request),
    mailbox: server.mailbox,
    clock,
    close: () => server.close(),
  };
}

/** One migrated PGlite per run; every host gets a clone of it (a fresh database in ~0.3 s). */
let pgliteTemplate: Promise<PGlite> | undefined;
async function pgliteClone(): Promise<PGlite> {
  pgliteTemplate ??= (async () => {
    const template = new PGlite();
    await migrateToLatest((await openDatabase({ kind: 'pglite', instance: template })).db);
    return template;
  })();
  // clone() is typed as the interface; it is a PGlite.
  return (await (await pgliteTemplate).clone()) as PGlite;
}
export async function closePgliteTemplate(): Promise<void> {
  if (pgliteTemplate !== undefined) await (await pgliteTemplate).close();
  pgliteTemplate = undefined;
}

/** One PostgreSQL server per test file, started by the first host that needs it. */
let postgres: Promise<TestPostgres> | undefined;
/** A fresh database on it: every host its own; the server migrates it as it starts. */
async function postgresDatabase(): Promise<OpenDatabase> {
  postgres ??= startPostgres();
  return openDatabase({ kind: 'postgres', url: await (await postgres).url(), poolSize: 4 });
}
export async function stopPostgres(): Promise<void> {
  if (postgres !== undefined) await (await postgres).stop();
  postgres = undefined;
}

export const HOSTS: readonly HostFactory[] = [
  {
    name: 'mock',
    async start() {
      const mock = createMockService({ clock: JUNE_3_10AM, baseUrl: BASE_URL, logger: quiet });
      return {
        name: 'mock',
        fetch: async (request) => mock.app.fetch(request),
        mailbox: mock.mailbox,
        clock: mock.clock,
        close: async () => undefined,
      };
    },
  },
  { name: 'server on SQLite', start: () => startServer('server on SQLite', undefined) },
  {
    name: 'server on PGlite',
    start: async () =>
      startServer(
        'server on PGlite',
        await openDatabase({ kind: 'pglite', instance: await pgliteClone() }),
      ),
  },
  {
    name: 'server on PostgreSQL',
    start: async () => startServer('server on PostgreSQL', await postgresDatabase()),
  },
];

/** An SDK client in bearer mode whose requests go straight to the host's fetch. */
export function clientFor(host: Host, options: { locale?: 'ja' | 'en' } = {}): ShomeiClient {
  return createClient({
    baseUrl: `${BASE_URL}/t/demo`,
    sessionMode: 'bearer',
    retry: 0,
    fetch: (input, init) => host.fetch(new Request(input, init)),
    ...(options.locale === undefined ? {} : { locale: options.locale }),
  });
}

async function post(host: Host, path: string, headers: Record<string, string> = {}) {
  const response = await host.fetch(
    new Request(`${BASE_URL}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: '{}',
    }),
  );
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** The office's steps (O6) over the staff routes. */
export const staff = {
  startProcessing: (host: Host, orderId: string) =>
    post(host, `/t/demo/staff/orders/${orderId}/start-processing`, {
      Authorization: `Bearer ${DEMO_STAFF_TOKEN}`,
    }),
  complete: (host: Host, orderId: string) =>
    post(host, `/t/demo/staff/orders/${orderId}/complete`, {
      Authorization: `Bearer ${DEMO_STAFF_TOKEN}`,
    }),
};

/** The sandbox provider's side (O7): the student pays at the konbini. */
export const sandbox = {
  settle: (host: Host, paymentId: string) => post(host, `/sandbox/payments/${paymentId}/settle`),
  /** The settle control's answer as it is (200, or 409 once the payment is not pending). */
  settleResponse: (host: Host, paymentId: string) =>
    host.fetch(new Request(`${BASE_URL}/sandbox/payments/${paymentId}/settle`, { method: 'POST' })),
};
