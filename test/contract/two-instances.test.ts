/**
 * Cross-instance locking (docs/decisions/0010): two server processes over one database, as two
 * instances behind a load balancer share one: a real PostgreSQL server (test/support/postgres.ts;
 * what several instances are deployed on) and one SQLite file (the default, where the file's
 * write lock does what PostgreSQL's row locks do). Each instance is a real child process
 * (`packages/server/src/main.ts`): better-sqlite3 waits for a lock synchronously, so two
 * instances in one process would stall each other's event loop; PGlite is one connection, so it
 * cannot stand for two instances at all. The service's runtime lock runs its in-process lock and
 * then `Store.withLock`, which must make the two processes take turns.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, createHash } from 'node:crypto';
import {
  createServer,
  openDatabase,
  createSqlStore,
  type DatabaseOptions,
  type ServerConfig,
} from '@shomei/server';
import { DEMO_STUDENTS, DEMO_TENANT_ID } from '@shomei/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../support/postgres.js';

const { returning } = DEMO_STUDENTS;

/** The database the two instances share, as this process and the instances reach it. */
interface SharedDatabase {
  /** How this process opens it: to read what the instances wrote, to write a device trust. */
  readonly options: DatabaseOptions;
  /** `DATABASE_URL` of the instances (none: SQLite under their DATA_DIR). */
  readonly databaseUrl?: string;
  close(): Promise<void>;
}

const DATABASES: readonly { name: string; open(dataDir: string): Promise<SharedDatabase> }[] = [
  {
    name: 'PostgreSQL database',
    async open() {
      const postgres = await startPostgres();
      const url = await postgres.url('two_instances');
      return { options: { kind: 'postgres', url }, databaseUrl: url, close: () => postgres.stop() };
    },
  },
  {
    name: 'SQLite file',
    async open(dataDir) {
      return {
        options: { kind: 'sqlite', file: join(dataDir, 'shomei.sqlite') },
        close: async () => undefined,
      };
    },
  },
];

// The deployment of the describe block that runs (they run one after the other).
let dataDir: string;
let shared: SharedDatabase;
const children: ChildProcess[] = [];
let urls: [string, string];

function config(): ServerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    ...(shared.databaseUrl === undefined ? {} : { databaseUrl: shared.databaseUrl }),
    publicBaseUrl: 'http://127.0.0.1',
    sandboxSecret: 'two-instances',
    logLevel: 'silent',
    passwordHashIterations: 1000,
    shutdownTimeoutMs: 1000,
  };
}

/** Starts `main.ts` on a free port over the shared database; resolves with its URL. */
function startInstance(): Promise<string> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _outer, ...env } = process.env;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../../packages/server/src/main.ts')],
      {
        env: {
          ...env,
          PORT: '0',
          DATA_DIR: dataDir,
          ...(shared.databaseUrl === undefined ? {} : { DATABASE_URL: shared.databaseUrl }),
          SANDBOX_SECRET: 'two-instances',
          LOG_LEVEL: 'silent',
          PASSWORD_HASH_ITERATIONS: '1000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}: ${output}`)));
  });
}

async function deploy(database: (typeof DATABASES)[number]): Promise<void> {
  dataDir = mkdtempSync(join(tmpdir(), 'shomei-two-instances-'));
  shared = await database.open(dataDir);
  // One start in this process migrates, writes the roster CSV and seeds the demo accounts, so
  // the two instances start on a ready database.
  const setup = await createServer(config());
  await setup.close();
  urls = [await startInstance(), await startInstance()] as [string, string];
}

async function undeploy(): Promise<void> {
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  await shared?.close();
  rmSync(dataDir, { recursive: true, force: true });
}

async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${base}/t/${DEMO_TENANT_ID}${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      'Shomei-Client': 'two-instances-test',
      'Shomei-Session-Mode': 'bearer',
      ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** Logs the returning student in on instance A; `trusted` skips the auth key (A7). */
async function login(trustToken?: string): Promise<{ token: string; step: string }> {
  const response = await call(urls[0], 'POST', '/session/login', {
    body: {
      userId: returning.userId,
      password: returning.password,
      secondPassword: returning.secondPassword,
    },
    ...(trustToken === undefined ? {} : { headers: { 'Shomei-Device-Trust': trustToken } }),
  });
  expect(response.status).toBe(200);
  const token = response.headers.get('Shomei-Session-Token') ?? '';
  return { token, step: (response.body as { step: string }).step };
}

/** A device trust written straight into the shared database (A7), so login skips the key. */
async function trustDevice(): Promise<string> {
  const token = randomBytes(16).toString('hex');
  const database = await openDatabase(shared.options);
  try {
    await createSqlStore(database.db).deviceTrusts.put({
      tokenHash: createHash('sha256').update(token).digest('hex'),
      tenantId: DEMO_TENANT_ID,
      userId: returning.userId,
      trustedUntil: new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString(),
      createdAt: new Date().toISOString(),
    });
  } finally {
    await database.close();
  }
  return token;
}

async function readShared<T>(
  read: (store: ReturnType<typeof createSqlStore>) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(shared.options);
  try {
    return await read(createSqlStore(database.db));
  } finally {
    await database.close();
  }
}

describe.each(DATABASES)('two server instances over one $name', (database) => {
  beforeAll(() => deploy(database), 120_000);
  afterAll(undeploy);

  it('O8: a double payment raced on two instances makes exactly one payment', async () => {
    const { token, step } = await login(await trustDevice());
    expect(step).toBe('authenticated');
    const created = await call(urls[0], 'POST', '/orders', {
      token,
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: {
        destination: 'konbini',
        lines: [{ itemId: 'transcript-ja', quantity: 2 }],
        expectedTotal: 600,
        acknowledgeNoRefund: true,
      },
    });
    expect(created.status).toBe(201);
    const orderId = (created.body as { orderId: string }).orderId;

    // Different keys: only one may start (one pending payment per order), the other must see it
    // and say payment_in_progress, not trip over the database constraint (500).
    const rounds = 8;
    const different = await Promise.all(
      Array.from({ length: rounds }, (_, index) =>
        call(urls[index % 2] as string, 'POST', `/orders/${orderId}/payments`, {
          token,
          headers: { 'Idempotency-Key': crypto.randomUUID() },
          body: { method: 'konbini-lawson' },
        }),
      ),
    );
    expect(different.map((response) => response.status).sort()).toEqual([
      201,
      ...Array.from({ length: rounds - 1 }, () => 409),
    ]);
    for (const response of different.filter((r) => r.status === 409))
      expect(response.body).toMatchObject({ error: { code: 'payment_in_progress' } });

    const payments = await readShared((store) =>
      store.payments.listForOrder(DEMO_TENANT_ID, orderId),
    );
    expect(payments).toHaveLength(1);
  }, 30_000);

  it('O8: one Idempotency-Key raced on two instances gives one payment and a replay', async () => {
    const { token } = await login(await trustDevice());
    const created = await call(urls[1], 'POST', '/orders', {
      token,
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: {
        destination: 'konbini',
        lines: [{ itemId: 'transcript-ja', quantity: 1 }],
        expectedTotal: 300,
        acknowledgeNoRefund: true,
      },
    });
    const orderId = (created.body as { orderId: string }).orderId;
    const key = crypto.randomUUID();
    const responses = await Promise.all(
      urls.map((url) =>
        call(url, 'POST', `/orders/${orderId}/payments`, {
          token,
          headers: { 'Idempotency-Key': key },
          body: { method: 'konbini-lawson' },
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([201, 201]);
    const ids = responses.map((response) => (response.body as { paymentId: string }).paymentId);
    expect(ids[0]).toBe(ids[1]);
    expect(
      responses.filter((response) => response.headers.get('Idempotent-Replayed') === 'true'),
    ).toHaveLength(1);
    expect(
      await readShared((store) => store.payments.listForOrder(DEMO_TENANT_ID, orderId)),
    ).toHaveLength(1);
  }, 30_000);

  it('A9: wrong auth keys raced on two instances are every one counted', async () => {
    const { token, step } = await login();
    expect(step).toBe('auth-key');
    const attempts = 4;
    const responses = await Promise.all(
      Array.from({ length: attempts }, (_, index) =>
        call(urls[index % 2] as string, 'POST', '/session/auth-key', {
          token,
          body: { authKey: '000000' },
        }),
      ),
    );
    // The demo tenant allows 5 attempts: four wrong ones leave 4, 3, 2 and 1, each once.
    expect(
      responses.map((response) => (response.body as { error: { attemptsLeft?: number } }).error),
    ).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'auth_key_wrong' })]));
    const left = responses
      .map((response) => (response.body as { error: { attemptsLeft: number } }).error.attemptsLeft)
      .sort();
    expect(left).toEqual([1, 2, 3, 4]);
    const key = await readShared((store) => store.authKeys.get(DEMO_TENANT_ID, returning.userId));
    expect(key?.failedAttempts).toBe(attempts);
  }, 30_000);
});
