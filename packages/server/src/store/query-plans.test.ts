/**
 * Issue 15: every hot query of the store searches an index (migration 0008); a full scan of
 * `orders`, `payments` or `sessions` fails. The statements are the store's own builders
 * (`storeQueries`), compiled here, not copies.
 *
 * How the plans are made trustworthy: a planner's choice depends on the data. An empty table is
 * scanned whatever indexes exist (a scan of nothing is cheapest), so each database is seeded
 * with a few thousand rows spread the way a deployment spreads them (many tenants, many students
 * per tenant, a few orders each, one payment in ten pending) and then ANALYZEd, so both planners
 * cost the real queries on realistic statistics. No planner switch (`enable_seqscan = off`) is
 * used: with the statistics in place, a sequential scan in the plan means the planner found no
 * index worth using, which is what the test must catch.
 * - SQLite (`EXPLAIN QUERY PLAN`): a line `SCAN <table>` (with or without `USING INDEX`: a walk of
 *   a whole index is a full scan too) fails; so does a temporary B-tree for ORDER BY, since every
 *   list's index also gives its order.
 * - PostgreSQL and PGlite (`EXPLAIN (FORMAT JSON)`): a `Seq Scan` node on one of the tables
 *   fails, and so does an index scan without an index condition (a walk of the whole index).
 */
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, sql, type Compilable, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type TestPostgres } from '../../../../test/support/postgres.js';
import { openDatabase, type OpenDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { storeQueries } from './sql-store.js';

const opened: OpenDatabase[] = [];
let dir: string | undefined;
let postgres: TestPostgres | undefined;
afterAll(async () => {
  for (const database of opened) await database.close();
  await postgres?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const TENANTS = 20;
const USERS_PER_TENANT = 10;
const ORDERS_PER_USER = 20;
const WATCHED = new Set(['orders', 'payments', 'sessions']);
const STATUSES = ['awaiting-payment', 'paid', 'processing', 'completed', 'expired'] as const;
const DESTINATIONS = ['mail', 'counter'] as const;

const tenant = (t: number) => `t${String(t).padStart(2, '0')}`;
const user = (u: number) => `u${String(u).padStart(2, '0')}`;
const stamp = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();

async function seed(db: Kysely<Database>): Promise<void> {
  const orders = [];
  const payments = [];
  const sessions = [];
  let n = 0;
  for (let t = 0; t < TENANTS; t += 1) {
    for (let u = 0; u < USERS_PER_TENANT; u += 1) {
      for (let o = 0; o < ORDERS_PER_USER; o += 1) {
        n += 1;
        const orderId = `ord_${n}`;
        sessions.push({
          id_hash: `h-${n}`,
          tenant_id: tenant(t),
          step: 'authenticated',
          user_id: user(u),
          student_json: null,
          locale: null,
          pending_email: null,
          link_expires_at: null,
          key_expires_at: null,
          created_at: stamp(n),
          idle_expires_at: stamp(n + 30),
          absolute_expires_at: stamp(n + 600),
          reauthenticated_at: null,
        });
        orders.push({
          tenant_id: tenant(t),
          order_id: orderId,
          user_id: user(u),
          seq: n,
          created_at: stamp(n),
          updated_at: stamp(n),
          destination: DESTINATIONS[n % DESTINATIONS.length] ?? 'mail',
          lines_json: '[]',
          total: 300,
          delivery_json: null,
          pickup_ready_at: null,
          status: STATUSES[n % STATUSES.length] ?? 'paid',
          print_reservation_number: null,
          print_reservation_valid_until: null,
          processing_at: null,
          completed_at: null,
        });
        payments.push({
          tenant_id: tenant(t),
          payment_id: `pay_${n}`,
          order_id: orderId,
          user_id: user(u),
          seq: n,
          idempotency_key: `k${n}`,
          method: 'konbini-lawson',
          status: n % 10 === 0 ? 'pending' : 'succeeded',
          amount: 300,
          created_at: stamp(n),
          updated_at: stamp(n),
          next_step_json: '{}',
          deadline: null,
        });
      }
    }
  }
  const batches = <T>(rows: T[]): T[][] =>
    Array.from({ length: Math.ceil(rows.length / 100) }, (_, i) =>
      rows.slice(i * 100, i * 100 + 100),
    );
  for (const batch of batches(orders)) await db.insertInto('orders').values(batch).execute();
  for (const batch of batches(payments)) await db.insertInto('payments').values(batch).execute();
  for (const batch of batches(sessions)) await db.insertInto('sessions').values(batch).execute();
  await sql`analyze`.execute(db);
}

/** The store's hot queries with arguments that match seeded rows. */
function hotQueries(db: Kysely<Database>): Record<string, Compilable> {
  const middle = stamp((TENANTS * USERS_PER_TENANT * ORDERS_PER_USER) / 2);
  return {
    'session by id hash': storeQueries.sessionById(db, 'h-1500'),
    'order by id': storeQueries.orderById(db, 't07', 'ord_1500'),
    "a student's orders, newest first": storeQueries.ordersForUser(db, 't07', 'u03'),
    "a tenant's orders": storeQueries.ordersForTenant(db, 't07'),
    "a tenant's orders of one status": storeQueries.ordersForTenant(db, 't07', {
      status: 'paid',
    }),
    "a tenant's orders of one destination": storeQueries.ordersForTenant(db, 't07', {
      destination: 'mail',
    }),
    "a tenant's orders of one status and destination": storeQueries.ordersForTenant(db, 't07', {
      status: 'paid',
      destination: 'mail',
    }),
    'payment by id': storeQueries.paymentById(db, 't07', 'pay_1500'),
    "an order's payments": storeQueries.paymentsForOrder(db, 't07', 'ord_1500'),
    'pending payments, first page': storeQueries.pendingPayments(db, new Date(middle), 100),
    'pending payments, next page': storeQueries.pendingPayments(db, new Date(middle), 100, {
      createdAt: stamp(400),
      paymentId: 'pay_400',
    }),
  };
}

/** SQLite: the plan's lines that scan a watched table or sort outside an index. */
async function sqliteProblems(db: Kysely<Database>, query: Compilable): Promise<string[]> {
  const compiled = query.compile();
  const plan = await db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
  );
  return plan.rows
    .map((row) => row.detail)
    .filter((detail) => {
      const scan = /^SCAN (\w+)/u.exec(detail);
      return (scan !== null && WATCHED.has(scan[1] ?? '')) || detail.includes('TEMP B-TREE');
    });
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/** PostgreSQL: the plan's nodes that read a whole watched table or a whole index of one. */
async function postgresProblems(db: Kysely<Database>, query: Compilable): Promise<string[]> {
  const compiled = query.compile();
  const result = await db.executeQuery<{ 'QUERY PLAN': unknown }>(
    CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
  );
  const raw = result.rows[0]?.['QUERY PLAN'];
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  const problems: string[] = [];
  const walk = (node: PlanNode): void => {
    const relation = node['Relation Name'];
    const type = node['Node Type'];
    if (relation !== undefined && WATCHED.has(relation)) {
      if (type === 'Seq Scan') problems.push(`Seq Scan on ${relation}`);
      if (/Index/u.test(type) && node['Index Cond'] === undefined)
        problems.push(`${type} on ${relation} without a condition`);
    }
    if (type === 'Bitmap Index Scan' && node['Index Cond'] === undefined)
      problems.push(`Bitmap Index Scan of ${node['Index Name'] ?? '?'} without a condition`);
    for (const child of node.Plans ?? []) walk(child);
  };
  for (const entry of parsed) walk(entry.Plan);
  return problems;
}

async function open(kind: 'sqlite' | 'pglite' | 'postgres'): Promise<Kysely<Database>> {
  let database: OpenDatabase;
  switch (kind) {
    case 'sqlite':
      dir ??= mkdtempSync(join(tmpdir(), 'shomei-plans-'));
      database = await openDatabase({ kind, file: join(dir, 'plans.sqlite') });
      break;
    case 'pglite':
      database = await openDatabase({ kind, instance: new PGlite() });
      break;
    case 'postgres':
      postgres ??= await startPostgres();
      database = await openDatabase({ kind, url: await postgres.url() });
      break;
  }
  opened.push(database);
  await migrateToLatest(database.db);
  await seed(database.db);
  return database.db;
}

describe.each(['sqlite', 'pglite', 'postgres'] as const)('query plans on %s', (kind) => {
  it('every hot query of the store searches an index: no full scan of orders, payments or sessions', async () => {
    const db = await open(kind);
    const problems = kind === 'sqlite' ? sqliteProblems : postgresProblems;
    const found: Record<string, string[]> = {};
    for (const [name, query] of Object.entries(hotQueries(db))) {
      const bad = await problems(db, query);
      if (bad.length > 0) found[name] = bad;
    }
    expect(found).toEqual({});
  }, 120_000);
});
