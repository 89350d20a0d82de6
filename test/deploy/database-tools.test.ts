/**
 * The database steps of docs/deploy.md, on real data: `shomei-staff db backup` while the server
 * runs and writes, restored into a fresh data directory that a new server starts on; and
 * `shomei-staff db copy-to-postgres`, from a SQLite server's data into a real PostgreSQL
 * (test/support/postgres.ts) that a server then runs on. The data is made over HTTP as students
 * and the office make it: accounts, sessions, auth keys, mails in the outbox, orders, payments,
 * closures.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ShomeiClient } from '@shomei/sdk';
import {
  createServer,
  MIGRATIONS,
  openDatabase,
  runCli,
  type ServerConfig,
  type ShomeiServer,
} from '@shomei/server';
import { DEMO_STAFF_TOKEN, DEMO_STUDENTS } from '@shomei/service';
import { Migrator, sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

const BASE = 'http://localhost:4010';
/** Wednesday 3 June 2026, 10:00 in Tokyo: a business day. */
const JUNE_3_10AM = new Date('2026-06-03T01:00:00Z');
const { returning } = DEMO_STUDENTS;
/** Servers, a PostgreSQL start and PBKDF2 on a busy 2-core machine: a timeout is not what is tested. */
const LIMIT = 180_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
let postgres: TestPostgres | undefined;
afterAll(async () => {
  await postgres?.stop();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shomei-db-tools-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function serverOn(dataDir: string, databaseUrl?: string): Promise<ShomeiServer> {
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    publicBaseUrl: BASE,
    sandboxSecret: 'db-tools-test',
    logLevel: 'silent',
    passwordHashIterations: 1000,
    shutdownTimeoutMs: 1000,
    mailRetryIntervalMs: 0,
    paymentReconcileIntervalMs: 0,
  };
  const server = await createServer(config, { clock: () => JUNE_3_10AM });
  cleanups.push(() => server.close());
  return server;
}

function client(server: ShomeiServer): ShomeiClient {
  return createClient({
    baseUrl: `${BASE}/t/demo`,
    sessionMode: 'bearer',
    retry: 0,
    fetch: (input, init) => server.fetch(new Request(input, init)),
  });
}

async function call(server: ShomeiServer, method: string, path: string): Promise<unknown> {
  const response = await server.fetch(
    new Request(`${BASE}${path}`, {
      method,
      headers: { Authorization: `Bearer ${DEMO_STAFF_TOKEN}` },
    }),
  );
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response.json();
}

/** The returning student all the way in (the key from the server's mailbox), with a paid konbini order (completed: its print reservation is issued). */
async function makeData(server: ShomeiServer): Promise<{ orderId: string }> {
  const student = client(server);
  const login = await student.login({
    userId: returning.userId,
    password: returning.password,
    secondPassword: returning.secondPassword,
  });
  expect(login.error).toBeNull();
  const authKey = server.mailbox?.latest(returning.email, 'auth-key')?.authKey ?? '';
  expect((await student.verifyAuthKey({ authKey })).data?.step).toBe('authenticated');
  const created = await student.createOrder({
    destination: 'konbini',
    lines: [{ itemId: 'transcript-ja', quantity: 2 }],
    expectedTotal: 600,
    acknowledgeNoRefund: true,
  });
  expect(created.error).toBeNull();
  const orderId = created.data?.orderId ?? '';
  const payment = await student.startPayment({ orderId }, { method: 'konbini-seven-eleven' });
  await call(server, 'POST', `/sandbox/payments/${payment.data?.paymentId ?? ''}/settle`);
  expect((await student.getOrder({ orderId })).data?.status).toBe('completed');
  await call(server, 'PUT', '/t/demo/staff/closures/2026-06-10');
  return { orderId };
}

/** What a user of the restored server would look for: the order, the closure, the mails. */
async function expectDataIn(server: ShomeiServer, orderId: string): Promise<void> {
  const { orders } = (await call(server, 'GET', '/t/demo/staff/orders')) as {
    orders: { orderId: string; status: string; total: number }[];
  };
  expect(orders).toContainEqual(
    expect.objectContaining({ orderId, status: 'completed', total: 600 }),
  );
  const closures = (await call(server, 'GET', '/t/demo/staff/closures')) as { added: string[] };
  expect(closures.added).toContain('2026-06-10');
  const mails = await server.database.db
    .selectFrom('mails')
    .select(['kind', 'to_address', 'status'])
    .where('to_address', '=', returning.email)
    .execute();
  expect(mails).toContainEqual({ kind: 'auth-key', to_address: returning.email, status: 'sent' });
}

async function staffCli(
  args: string[],
  databaseUrl?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

/** Every row of every data table, each table's rows sorted, for comparing two databases. */
async function snapshot(server: ShomeiServer): Promise<Record<string, string[]>> {
  const db = server.database.db;
  const tables = (await db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !name.startsWith('kysely_'))
    .sort();
  const result: Record<string, string[]> = {};
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      db,
    );
    result[table] = rows
      .map((row) =>
        JSON.stringify(
          Object.entries(row).sort(([a], [b]) => a.localeCompare(b)),
          (_key, value) => (typeof value === 'bigint' ? Number(value) : (value as unknown)),
        ),
      )
      .sort();
  }
  return result;
}

describe('shomei-staff db backup', { timeout: LIMIT }, () => {
  it('backs up the database of a running server while it writes; a server on the restored copy finds the data', async () => {
    const dataDir = tempDir();
    const server = await serverOn(dataDir);
    const { orderId } = await makeData(server);

    // Students keep logging in while the backup runs: it must neither block them nor fail.
    const file = join(tempDir(), 'shomei-backup.sqlite');
    const logins = Array.from({ length: 5 }, () =>
      client(server).login({
        userId: returning.userId,
        password: returning.password,
        secondPassword: returning.secondPassword,
      }),
    );
    const [backup, ...answered] = await Promise.all([
      staffCli(['db', 'backup', file, '--data-dir', dataDir]),
      ...logins,
    ]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`to ${file}`);
    expect(backup.stdout).toMatch(/orders\s+1\n/u);
    for (const login of answered) expect(login.error).toBeNull();
    // One self-contained file: no WAL beside it, nothing half-written left.
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(false);

    // The restore of docs/deploy.md: the copy as shomei.sqlite in a fresh data directory.
    const restoredDir = tempDir();
    copyFileSync(file, join(restoredDir, 'shomei.sqlite'));
    const restored = await serverOn(restoredDir);
    expect((await restored.fetch(new Request(`${BASE}/readyz`))).status).toBe(200);
    await expectDataIn(restored, orderId);
    // The accounts came along.
    const accounts = await restored.database.db
      .selectFrom('accounts')
      .select(['user_id', 'email'])
      .where('user_id', '=', returning.userId)
      .execute();
    expect(accounts).toEqual([{ user_id: returning.userId, email: returning.email }]);
  });

  it('never overwrites a file, and says so when the data directory holds no database', async () => {
    const dataDir = tempDir();
    const taken = join(tempDir(), 'taken.sqlite');
    writeFileSync(taken, 'an older backup');
    const missing = await staffCli(['db', 'backup', taken, '--data-dir', dataDir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no SQLite database at ${join(dataDir, 'shomei.sqlite')}`);

    await serverOn(dataDir);
    const exists = await staffCli(['db', 'backup', taken, '--data-dir', dataDir]);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain(`${taken} exists already`);

    const usage = await staffCli(['db', 'backup', '--data-dir', dataDir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('db backup needs a file to write');
  });
});

describe('shomei-staff db copy-to-postgres', { timeout: LIMIT }, () => {
  it('copies every table of a SQLite server into an empty PostgreSQL database, on which the server runs on', async () => {
    postgres ??= await startPostgres();
    const databaseUrl = await postgres.url();
    const dataDir = tempDir();
    const sqliteServer = await serverOn(dataDir);
    const { orderId } = await makeData(sqliteServer);
    const before = await snapshot(sqliteServer);
    // The procedure: stop the server, copy, start it with DATABASE_URL.
    await sqliteServer.close();

    const copy = await staffCli(['db', 'copy-to-postgres', '--data-dir', dataDir], databaseUrl);
    expect(copy.stderr).toBe('');
    expect(copy.code).toBe(0);
    expect(copy.stdout).toMatch(/orders\s+1\n/u);

    const pgServer = await serverOn(dataDir, databaseUrl);
    expect(pgServer.database.kind).toBe('postgres');
    expect(await snapshot(pgServer)).toEqual(before);
    for (const table of ['accounts', 'orders', 'payments', 'mails', 'closures', 'sessions'])
      expect(before[table]?.length, table).toBeGreaterThan(0);
    await expectDataIn(pgServer, orderId);

    // The student logs in on PostgreSQL with the account copied from SQLite.
    const student = client(pgServer);
    expect(
      (
        await student.login({
          userId: returning.userId,
          password: returning.password,
          secondPassword: returning.secondPassword,
        })
      ).data?.step,
    ).toBe('auth-key');

    // A second copy would merge: refused, with what is there.
    const again = await staffCli(['db', 'copy-to-postgres', '--data-dir', dataDir], databaseUrl);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('PostgreSQL already holds data');
    expect(again.stderr).toContain('copy into an empty database only');
  });

  it('needs a target', async () => {
    const result = await staffCli(['db', 'copy-to-postgres', '--data-dir', tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('db copy-to-postgres needs --database-url or DATABASE_URL');
  });
});

describe('upgrades (docs/deploy.md)', { timeout: LIMIT }, () => {
  it('two instances of a new release start at once on the database of an earlier one: the migrations run once, the data stays', async () => {
    postgres ??= await startPostgres();
    const databaseUrl = await postgres.url();
    // The earlier release: the schema of its two migrations, with an account and a closure.
    const earlier = await openDatabase({ kind: 'postgres', url: databaseUrl });
    const shipped = Object.fromEntries(Object.entries(MIGRATIONS).slice(0, 2));
    const { error } = await new Migrator({
      db: earlier.db,
      provider: { getMigrations: async () => shipped },
    }).migrateToLatest();
    expect(error).toBeUndefined();
    await earlier.db
      .insertInto('accounts')
      .values({
        tenant_id: 'demo',
        user_id: 'u-earlier',
        email: 'earlier@mail.example',
        email_lower: 'earlier@mail.example',
        email_verified: 1,
        second_password_hash: null,
        two_factor_enabled: 1,
        locale: 'ja',
        created_at: '2026-04-01T00:00:00.000Z',
        updated_at: '2026-04-01T00:00:00.000Z',
      })
      .execute();
    await earlier.db
      .insertInto('closures')
      .values({ tenant_id: 'demo', date: '2026-06-10', created_at: '2026-04-01T00:00:00.000Z' })
      .execute();
    await earlier.close();

    const [first, second] = await Promise.all([
      serverOn(tempDir(), databaseUrl),
      serverOn(tempDir(), databaseUrl),
    ]);
    for (const server of [first, second])
      expect((await server.fetch(new Request(`${BASE}/readyz`))).status).toBe(200);
    const { rows: applied } = await sql<{
      name: string;
    }>`select name from kysely_migration`.execute(first.database.db);
    expect(applied.map((row) => row.name).sort()).toEqual(Object.keys(MIGRATIONS));
    expect(await first.store.accounts.get('demo', 'u-earlier')).toMatchObject({
      email: 'earlier@mail.example',
    });
    const closures = (await call(second, 'GET', '/t/demo/staff/closures')) as { added: string[] };
    expect(closures.added).toContain('2026-06-10');
  });
});
