/**
 * The service's `Store` (packages/service/src/store/store.ts) over Kysely: the same statements on
 * SQLite, PostgreSQL and PGlite. Semantics follow the memory store method for method: records go
 * in and come out as fresh objects, `put` inserts or replaces, lists sort as the memory store
 * sorts them.
 *
 * Several server instances may share one PostgreSQL database, so every read-decide-write that a
 * single statement can do is a single statement (rate limits, webhook ids: an upsert with
 * RETURNING), and the constraints of migration 0001 hold what must hold across instances.
 * `withLock` is the transaction the service's per-order, per-link and per-key sequences take
 * across instances: the service's runtime lock calls it after its in-process lock (Store.withLock).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuthKeyRecord, LinkRecord } from '@shomei/core';
import type {
  AccountRecord,
  AttemptCounterRecord,
  DeviceTrustRecord,
  IdempotencyRecord,
  MailRecord,
  OrderListFilter,
  OrderRecord,
  PasskeyChallengeRecord,
  PasskeyRecord,
  PaymentRecord,
  SandboxLedger,
  SandboxPayment,
  SessionRecord,
  Store,
} from '@shomei/service';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type {
  AccountsTable,
  AttemptCountersTable,
  AuthKeysTable,
  Database,
  LinksTable,
  MailsTable,
  OrdersTable,
  PasskeysTable,
  PaymentsTable,
  SessionsTable,
} from '../db/schema.js';

export interface SqlStore extends Store {
  /**
   * Runs `work` in one transaction holding the row of `key` in `locks`: other instances wait
   * for it (an upsert takes the row lock on PostgreSQL and the write lock on SQLite). Every store
   * call inside `work` joins the transaction; a nested `withLock` joins it too. The transaction
   * commits when `work` settles, resolved or rejected (Store.withLock); a failed statement
   * (PostgreSQL aborts the transaction) loses everything written inside.
   */
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
  /**
   * The sandbox provider's payments in the same database (migration 0004), so a restart does
   * not forget a payment a student is paying; inside `withLock` it joins the transaction.
   */
  readonly sandboxLedger: SandboxLedger;
}

// Booleans and JSON as the database keeps them: the same codec for every dialect.
const toFlag = (value: boolean): number => (value ? 1 : 0);
const fromFlag = (value: number | boolean): boolean => value === 1 || value === true;
const toJson = (value: unknown): string => JSON.stringify(value);
const fromJson = <T>(text: string): T => JSON.parse(text) as T;
const toJsonOrNull = (value: unknown): string | null => (value === null ? null : toJson(value));
const fromJsonOrNull = <T>(text: string | null): T | null =>
  text === null ? null : fromJson(text);

function accountFromRow(row: Selectable<AccountsTable>): AccountRecord {
  return {
    tenantId: row.tenant_id,
    userId: row.user_id,
    email: row.email,
    emailVerified: fromFlag(row.email_verified),
    secondPasswordHash: row.second_password_hash,
    twoFactorEnabled: fromFlag(row.two_factor_enabled),
    locale: row.locale as AccountRecord['locale'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function passkeyFromRow(row: Selectable<PasskeysTable>): PasskeyRecord {
  return {
    tenantId: row.tenant_id,
    userId: row.user_id,
    passkeyId: row.passkey_id,
    credentialId: row.credential_id,
    publicKey: row.public_key,
    counter: Number(row.counter),
    transports: JSON.parse(row.transports_json) as string[],
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

function attemptCounterFromRow(row: Selectable<AttemptCountersTable>): AttemptCounterRecord {
  return {
    tenantId: row.tenant_id,
    key: row.key,
    // PostgreSQL may answer integers from an expression as strings.
    failures: Number(row.failures),
    lastFailureAt: row.last_failure_at,
    expiresAt: row.expires_at,
  };
}

function sessionFromRow(row: Selectable<SessionsTable>): SessionRecord {
  return {
    idHash: row.id_hash,
    tenantId: row.tenant_id,
    step: row.step as SessionRecord['step'],
    userId: row.user_id,
    student: fromJsonOrNull<SessionRecord['student']>(row.student_json),
    locale: row.locale as SessionRecord['locale'],
    pendingEmail: row.pending_email,
    linkExpiresAt: row.link_expires_at,
    keyExpiresAt: row.key_expires_at,
    createdAt: row.created_at,
    idleExpiresAt: row.idle_expires_at,
    absoluteExpiresAt: row.absolute_expires_at,
    ...(row.reauthenticated_at === null ? {} : { reauthenticatedAt: row.reauthenticated_at }),
  };
}

function linkFromRow(row: Selectable<LinksTable>): LinkRecord {
  return {
    tokenHash: row.token_hash,
    purpose: row.purpose as LinkRecord['purpose'],
    userId: row.user_id,
    ...(row.email === null ? {} : { email: row.email }),
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

function authKeyFromRow(row: Selectable<AuthKeysTable>): AuthKeyRecord {
  return {
    userId: row.user_id,
    keyHash: row.key_hash,
    salt: row.salt,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    failedAttempts: Number(row.failed_attempts),
    usedAt: row.used_at,
    lockedAt: row.locked_at,
  };
}

function mailFromRow(row: Selectable<MailsTable>): MailRecord {
  return {
    mailId: row.mail_id,
    tenantId: row.tenant_id,
    kind: row.kind as MailRecord['kind'],
    to: row.to_address,
    topic: row.topic,
    mail: fromJsonOrNull<NonNullable<MailRecord['mail']>>(row.mail_json),
    status: row.status as MailRecord['status'],
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
  };
}

/** The columns a mail's state lives in (everything but its identity and place in the topic). */
function mailState(record: MailRecord) {
  return {
    mail_json: toJsonOrNull(record.mail),
    status: record.status,
    attempts: record.attempts,
    next_attempt_at: record.nextAttemptAt,
    last_error: record.lastError,
    expires_at: record.expiresAt,
    updated_at: record.updatedAt,
    sent_at: record.sentAt,
  };
}

function orderFromRow(row: Selectable<OrdersTable>): OrderRecord {
  return {
    orderId: row.order_id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    destination: row.destination as OrderRecord['destination'],
    lines: fromJson<OrderRecord['lines']>(row.lines_json),
    total: Number(row.total),
    delivery: fromJsonOrNull<NonNullable<OrderRecord['delivery']>>(row.delivery_json),
    pickupReadyAt: row.pickup_ready_at,
    status: row.status as OrderRecord['status'],
    printReservation:
      row.print_reservation_number === null || row.print_reservation_valid_until === null
        ? null
        : { number: row.print_reservation_number, validUntil: row.print_reservation_valid_until },
    processingAt: row.processing_at,
    completedAt: row.completed_at,
  };
}

function paymentFromRow(row: Selectable<PaymentsTable>): PaymentRecord {
  return {
    paymentId: row.payment_id,
    orderId: row.order_id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    idempotencyKey: row.idempotency_key,
    method: row.method as PaymentRecord['method'],
    status: row.status as PaymentRecord['status'],
    amount: Number(row.amount),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    nextStep: fromJson<PaymentRecord['nextStep']>(row.next_step_json),
    deadline: row.deadline,
  };
}

/**
 * The reads the service makes on every request or list (issue 15), as builders over whatever
 * executor runs them (the pool or the open transaction). The store runs exactly these, and
 * query-plans.test.ts compiles the same builders to check each plan searches an index
 * (migration 0008): a full scan of `orders`, `payments` or `sessions` fails it.
 */
export const storeQueries = {
  sessionById: (db: Kysely<Database>, idHash: string) =>
    db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash),
  orderById: (db: Kysely<Database>, tenantId: string, orderId: string) =>
    db
      .selectFrom('orders')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('order_id', '=', orderId),
  ordersForUser: (db: Kysely<Database>, tenantId: string, userId: string) =>
    db
      .selectFrom('orders')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('seq', 'desc'),
  ordersForTenant: (db: Kysely<Database>, tenantId: string, filter: OrderListFilter = {}) => {
    let query = db.selectFrom('orders').selectAll().where('tenant_id', '=', tenantId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.destination !== undefined)
      query = query.where('destination', '=', filter.destination);
    return query.orderBy('created_at', 'desc').orderBy('seq', 'desc');
  },
  paymentById: (db: Kysely<Database>, tenantId: string, paymentId: string) =>
    db
      .selectFrom('payments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('payment_id', '=', paymentId),
  paymentsForOrder: (db: Kysely<Database>, tenantId: string, orderId: string) =>
    db
      .selectFrom('payments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('order_id', '=', orderId)
      .orderBy('created_at')
      .orderBy('seq'),
  pendingPayments: (
    db: Kysely<Database>,
    startedBefore: Date,
    limit: number,
    after?: { createdAt: string; paymentId: string },
  ) => {
    let query = db
      .selectFrom('payments')
      .selectAll()
      .where('status', '=', 'pending')
      .where('created_at', '<=', startedBefore.toISOString());
    if (after !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '>', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('payment_id', '>', after.paymentId)]),
        ]),
      );
    }
    return query.orderBy('created_at').orderBy('payment_id').limit(limit);
  },
  /**
   * The next insertion number (`seq`) of `table` for a tenant (migration 0008): one upsert that
   * holds the counter's row until the transaction ends, so concurrent inserts on any instance
   * get distinct numbers without scanning the table for its maximum.
   */
  nextSeq: (db: Kysely<Database>, tenantId: string, table: 'orders' | 'payments') =>
    db
      .insertInto('counters')
      .values({ tenant_id: tenantId, name: table, value: 1 })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'name'])
          .doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })),
      )
      .returning('value'),
};

export function createSqlStore(db: Kysely<Database>): SqlStore {
  const transactions = new AsyncLocalStorage<Transaction<Database>>();
  /** The open transaction of the current `withLock`, else the pool. */
  const q = (): Kysely<Database> => transactions.getStore() ?? db;
  let hits = 0;
  let counterWrites = 0;
  /** Runs `work` in the open transaction, or in a new one when there is none. */
  const inTransaction = async (work: () => Promise<void>): Promise<void> => {
    if (transactions.getStore() !== undefined) return work();
    await db.transaction().execute((trx) => transactions.run(trx, work));
  };

  return {
    async withLock(key, work) {
      const lock = (executor: Kysely<Database>) =>
        executor
          .insertInto('locks')
          .values({ key, locked_at: new Date().toISOString() })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({ locked_at: (eb) => eb.ref('excluded.locked_at') }),
          )
          .execute();
      const current = transactions.getStore();
      if (current !== undefined) {
        await lock(current);
        return work();
      }
      // Store.withLock: what `work` wrote commits when it settles, whether it resolves or
      // rejects (the service throws a wrong auth key after counting the attempt, A9).
      const outcome = await db.transaction().execute(async (trx) => {
        await lock(trx);
        try {
          return { ok: true as const, value: await transactions.run(trx, work) };
        } catch (error) {
          return { ok: false as const, error };
        }
      });
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    },

    accounts: {
      async get(tenantId, userId) {
        const row = await q()
          .selectFrom('accounts')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        return row === undefined ? null : accountFromRow(row);
      },
      async findByEmail(tenantId, email) {
        const rows = await q()
          .selectFrom('accounts')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('email_lower', '=', email.toLowerCase())
          .where('email_verified', '=', 1)
          .orderBy('created_at')
          .orderBy('user_id')
          .execute();
        return rows.map(accountFromRow);
      },
      async put(record) {
        const row = {
          email: record.email,
          email_lower: record.email?.toLowerCase() ?? null,
          email_verified: toFlag(record.emailVerified),
          second_password_hash: record.secondPasswordHash,
          two_factor_enabled: toFlag(record.twoFactorEnabled),
          locale: record.locale,
          created_at: record.createdAt,
          updated_at: record.updatedAt,
        };
        await q()
          .insertInto('accounts')
          .values({ tenant_id: record.tenantId, user_id: record.userId, ...row })
          .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet(row))
          .execute();
      },
    },

    sessions: {
      async get(idHash) {
        const row = await storeQueries.sessionById(q(), idHash).executeTakeFirst();
        return row === undefined ? null : sessionFromRow(row);
      },
      async put(record) {
        const row = {
          tenant_id: record.tenantId,
          step: record.step,
          user_id: record.userId,
          student_json: toJsonOrNull(record.student),
          locale: record.locale,
          pending_email: record.pendingEmail,
          link_expires_at: record.linkExpiresAt,
          key_expires_at: record.keyExpiresAt,
          created_at: record.createdAt,
          idle_expires_at: record.idleExpiresAt,
          absolute_expires_at: record.absoluteExpiresAt,
          reauthenticated_at: record.reauthenticatedAt ?? null,
        };
        await q()
          .insertInto('sessions')
          .values({ id_hash: record.idHash, ...row })
          .onConflict((oc) => oc.column('id_hash').doUpdateSet(row))
          .execute();
      },
      async delete(idHash) {
        await q().deleteFrom('sessions').where('id_hash', '=', idHash).execute();
      },
      async deleteForUser(tenantId, userId, keepIdHash) {
        let query = q()
          .deleteFrom('sessions')
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId);
        if (keepIdHash !== undefined) query = query.where('id_hash', '<>', keepIdHash);
        await query.execute();
      },
    },

    deviceTrusts: {
      async get(tokenHash) {
        const row = await q()
          .selectFrom('device_trusts')
          .selectAll()
          .where('token_hash', '=', tokenHash)
          .executeTakeFirst();
        return row === undefined
          ? null
          : {
              tokenHash: row.token_hash,
              tenantId: row.tenant_id,
              userId: row.user_id,
              trustedUntil: row.trusted_until,
              createdAt: row.created_at,
            };
      },
      async put(record: DeviceTrustRecord) {
        const row = {
          tenant_id: record.tenantId,
          user_id: record.userId,
          trusted_until: record.trustedUntil,
          created_at: record.createdAt,
        };
        await q()
          .insertInto('device_trusts')
          .values({ token_hash: record.tokenHash, ...row })
          .onConflict((oc) => oc.column('token_hash').doUpdateSet(row))
          .execute();
      },
      async deleteForUser(tenantId, userId) {
        await q()
          .deleteFrom('device_trusts')
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .execute();
      },
    },

    links: {
      async get(tenantId, tokenHash) {
        const row = await q()
          .selectFrom('links')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('token_hash', '=', tokenHash)
          .executeTakeFirst();
        return row === undefined ? null : linkFromRow(row);
      },
      async put(tenantId, record) {
        const row = {
          purpose: record.purpose,
          user_id: record.userId,
          email: record.email ?? null,
          issued_at: record.issuedAt,
          expires_at: record.expiresAt,
          used_at: record.usedAt,
        };
        await q()
          .insertInto('links')
          .values({ tenant_id: tenantId, token_hash: record.tokenHash, ...row })
          .onConflict((oc) => oc.columns(['tenant_id', 'token_hash']).doUpdateSet(row))
          .execute();
      },
      async voidForUser(tenantId, userId, purpose, now) {
        await q()
          .updateTable('links')
          .set({ used_at: now.toISOString() })
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .where('purpose', '=', purpose)
          .where('used_at', 'is', null)
          .execute();
      },
    },

    authKeys: {
      async get(tenantId, userId) {
        const row = await q()
          .selectFrom('auth_keys')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        return row === undefined ? null : authKeyFromRow(row);
      },
      async put(tenantId, record) {
        const row = {
          key_hash: record.keyHash,
          salt: record.salt,
          issued_at: record.issuedAt,
          expires_at: record.expiresAt,
          failed_attempts: record.failedAttempts,
          used_at: record.usedAt,
          locked_at: record.lockedAt,
        };
        await q()
          .insertInto('auth_keys')
          .values({ tenant_id: tenantId, user_id: record.userId, ...row })
          .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet(row))
          .execute();
      },
    },

    orders: {
      async get(tenantId, orderId) {
        const row = await storeQueries.orderById(q(), tenantId, orderId).executeTakeFirst();
        return row === undefined ? null : orderFromRow(row);
      },
      async listForUser(tenantId, userId) {
        const rows = await storeQueries.ordersForUser(q(), tenantId, userId).execute();
        return rows.map(orderFromRow);
      },
      async listForTenant(tenantId, filter = {}) {
        const rows = await storeQueries.ordersForTenant(q(), tenantId, filter).execute();
        return rows.map(orderFromRow);
      },
      async put(record) {
        const row = {
          user_id: record.userId,
          created_at: record.createdAt,
          updated_at: record.updatedAt,
          destination: record.destination,
          lines_json: toJson(record.lines),
          total: record.total,
          delivery_json: toJsonOrNull(record.delivery),
          pickup_ready_at: record.pickupReadyAt,
          status: record.status,
          print_reservation_number: record.printReservation?.number ?? null,
          print_reservation_valid_until: record.printReservation?.validUntil ?? null,
          processing_at: record.processingAt,
          completed_at: record.completedAt,
        };
        const updated = await q()
          .updateTable('orders')
          .set(row)
          .where('tenant_id', '=', record.tenantId)
          .where('order_id', '=', record.orderId)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) > 0) return;
        // A new order: its number and its row in one transaction (the order-creating one when
        // the service holds a lock, else one of its own).
        await inTransaction(async () => {
          const { value } = await storeQueries
            .nextSeq(q(), record.tenantId, 'orders')
            .executeTakeFirstOrThrow();
          await q()
            .insertInto('orders')
            .values({
              tenant_id: record.tenantId,
              order_id: record.orderId,
              seq: Number(value),
              ...row,
            })
            .onConflict((oc) => oc.columns(['tenant_id', 'order_id']).doUpdateSet(row))
            .execute();
        });
      },
    },

    payments: {
      async get(tenantId, paymentId) {
        const row = await storeQueries.paymentById(q(), tenantId, paymentId).executeTakeFirst();
        return row === undefined ? null : paymentFromRow(row);
      },
      async listForOrder(tenantId, orderId) {
        const rows = await storeQueries.paymentsForOrder(q(), tenantId, orderId).execute();
        return rows.map(paymentFromRow);
      },
      async listPending(startedBefore, limit, after) {
        const rows = await storeQueries.pendingPayments(q(), startedBefore, limit, after).execute();
        return rows.map(paymentFromRow);
      },
      async put(record) {
        const row = {
          order_id: record.orderId,
          user_id: record.userId,
          idempotency_key: record.idempotencyKey,
          method: record.method,
          status: record.status,
          amount: record.amount,
          created_at: record.createdAt,
          updated_at: record.updatedAt,
          next_step_json: toJson(record.nextStep),
          deadline: record.deadline,
        };
        const updated = await q()
          .updateTable('payments')
          .set(row)
          .where('tenant_id', '=', record.tenantId)
          .where('payment_id', '=', record.paymentId)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) > 0) return;
        await inTransaction(async () => {
          const { value } = await storeQueries
            .nextSeq(q(), record.tenantId, 'payments')
            .executeTakeFirstOrThrow();
          await q()
            .insertInto('payments')
            .values({
              tenant_id: record.tenantId,
              payment_id: record.paymentId,
              seq: Number(value),
              ...row,
            })
            .onConflict((oc) => oc.columns(['tenant_id', 'payment_id']).doUpdateSet(row))
            .execute();
        });
      },
    },

    idempotency: {
      async get(tenantId, userId, key) {
        const row = await q()
          .selectFrom('idempotency_keys')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .where('key', '=', key)
          .executeTakeFirst();
        return row === undefined
          ? null
          : {
              tenantId: row.tenant_id,
              userId: row.user_id,
              key: row.key,
              endpoint: row.endpoint,
              resourceId: row.resource_id,
              createdAt: row.created_at,
            };
      },
      async put(record: IdempotencyRecord) {
        const row = {
          endpoint: record.endpoint,
          resource_id: record.resourceId,
          created_at: record.createdAt,
        };
        await q()
          .insertInto('idempotency_keys')
          .values({ tenant_id: record.tenantId, user_id: record.userId, key: record.key, ...row })
          .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'key']).doUpdateSet(row))
          .execute();
      },
    },

    rateLimits: {
      // One statement, so two instances counting the same key cannot lose a hit: a new window
      // starts when the stored one has ended (fixed window from the first hit, as in memory).
      async hit(key, windowSeconds, now) {
        const nowIso = now.toISOString();
        // Ended windows may be forgotten (store.ts); sweeping on every 100th hit keeps the table
        // to the keys hit lately without a second statement on every login.
        hits = (hits + 1) % 100;
        if (hits === 0)
          await q().deleteFrom('rate_limits').where('reset_at', '<=', nowIso).execute();
        const resetAt = new Date(now.getTime() + windowSeconds * 1000).toISOString();
        const row = await q()
          .insertInto('rate_limits')
          .values({ key, count: 1, reset_at: resetAt })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet((eb) => ({
              count: eb
                .case()
                .when('rate_limits.reset_at', '<=', nowIso)
                .then(1)
                .else(eb('rate_limits.count', '+', 1))
                .end(),
              reset_at: eb
                .case()
                .when('rate_limits.reset_at', '<=', nowIso)
                .then(resetAt)
                .else(eb.ref('rate_limits.reset_at'))
                .end(),
            })),
          )
          .returning(['count', 'reset_at'])
          .executeTakeFirstOrThrow();
        return { count: Number(row.count), resetAt: row.reset_at };
      },
    },

    closures: {
      async list(tenantId) {
        const rows = await q()
          .selectFrom('closures')
          .select('date')
          .where('tenant_id', '=', tenantId)
          .orderBy('date')
          .execute();
        return rows.map((row) => row.date);
      },
      async add(tenantId, date, now) {
        await q()
          .insertInto('closures')
          .values({ tenant_id: tenantId, date, created_at: now.toISOString() })
          .onConflict((oc) => oc.columns(['tenant_id', 'date']).doNothing())
          .execute();
      },
      async remove(tenantId, date) {
        const deleted = await q()
          .deleteFrom('closures')
          .where('tenant_id', '=', tenantId)
          .where('date', '=', date)
          .returning('date')
          .execute();
        return deleted.length > 0;
      },
    },

    mails: {
      async get(tenantId, mailId) {
        const row = await q()
          .selectFrom('mails')
          .selectAll()
          .where('mail_id', '=', mailId)
          .where('tenant_id', '=', tenantId)
          .executeTakeFirst();
        return row === undefined ? null : mailFromRow(row);
      },
      async add(record) {
        const topicSeq =
          record.topic === null
            ? sql<number>`0`
            : sql<number>`(select coalesce(max(topic_seq), 0) + 1 from mails where tenant_id = ${record.tenantId} and topic = ${record.topic})`;
        await q()
          .insertInto('mails')
          .values({
            mail_id: record.mailId,
            tenant_id: record.tenantId,
            kind: record.kind,
            to_address: record.to,
            topic: record.topic,
            topic_seq: topicSeq,
            created_at: record.createdAt,
            ...mailState(record),
          })
          .execute();
      },
      async update(record, expected) {
        const result = await q()
          .updateTable('mails')
          .set(mailState(record))
          .where('mail_id', '=', record.mailId)
          .where('status', '=', expected.status)
          .where('next_attempt_at', '=', expected.nextAttemptAt)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      },
      async latestOfTopic(tenantId, topic) {
        const row = await q()
          .selectFrom('mails')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('topic', '=', topic)
          .orderBy('topic_seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        return row === undefined ? null : mailFromRow(row);
      },
      async cancelTopic(tenantId, topic, now) {
        await q()
          .updateTable('mails')
          .set({ status: 'cancelled', mail_json: null, updated_at: now.toISOString() })
          .where('tenant_id', '=', tenantId)
          .where('topic', '=', topic)
          .where('status', 'in', ['pending', 'failed'])
          .execute();
      },
      async expire(now) {
        const stamp = now.toISOString();
        await q()
          .updateTable('mails')
          .set({ status: 'expired', mail_json: null, updated_at: stamp })
          .where('status', '=', 'pending')
          .where('expires_at', '<=', stamp)
          .execute();
        await q()
          .updateTable('mails')
          .set({ mail_json: null, updated_at: stamp })
          .where('mail_json', 'is not', null)
          .where('expires_at', '<=', stamp)
          .execute();
      },
      async due(now, limit) {
        const rows = await q()
          .selectFrom('mails')
          .selectAll()
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', now.toISOString())
          .orderBy('next_attempt_at')
          .limit(limit)
          .execute();
        return rows.map(mailFromRow);
      },
      async listUndelivered(tenantId) {
        const rows = await q()
          .selectFrom('mails')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('status', 'in', ['pending', 'failed'])
          .orderBy('created_at')
          .execute();
        return rows.map(mailFromRow);
      },
    },
    sandboxLedger: {
      async get(paymentId) {
        const row = await q()
          .selectFrom('sandbox_payments')
          .select('record_json')
          .where('payment_id', '=', paymentId)
          .executeTakeFirst();
        return row === undefined ? null : fromJson<SandboxPayment>(row.record_json);
      },
      async put(payment) {
        const row = {
          status: payment.status,
          record_json: toJson(payment),
          updated_at: new Date().toISOString(),
        };
        await q()
          .insertInto('sandbox_payments')
          .values({ payment_id: payment.paymentId, ...row })
          .onConflict((oc) => oc.column('payment_id').doUpdateSet(row))
          .execute();
      },
      async settle(paymentId, status) {
        // The update is conditional: of two settles racing (paid in one tab, cancelled in
        // another), one wins.
        const row = await q()
          .selectFrom('sandbox_payments')
          .select('record_json')
          .where('payment_id', '=', paymentId)
          .executeTakeFirst();
        if (row === undefined) return false;
        const record = { ...fromJson<SandboxPayment>(row.record_json), status };
        const result = await q()
          .updateTable('sandbox_payments')
          .set({ status, record_json: toJson(record), updated_at: new Date().toISOString() })
          .where('payment_id', '=', paymentId)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      },
    },
    attemptCounters: {
      async get(tenantId, key, now) {
        const row = await q()
          .selectFrom('attempt_counters')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('key', '=', key)
          .where('expires_at', '>', now.toISOString())
          .executeTakeFirst();
        return row === undefined ? null : attemptCounterFromRow(row);
      },
      // One statement, as for rate limits: two instances counting one key lose no failure.
      async fail(tenantId, key, now, expiresAt) {
        const nowIso = now.toISOString();
        counterWrites = (counterWrites + 1) % 100;
        if (counterWrites === 0)
          await q().deleteFrom('attempt_counters').where('expires_at', '<=', nowIso).execute();
        const row = await q()
          .insertInto('attempt_counters')
          .values({
            tenant_id: tenantId,
            key,
            failures: 1,
            last_failure_at: nowIso,
            expires_at: expiresAt,
          })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'key']).doUpdateSet((eb) => ({
              failures: eb
                .case()
                .when('attempt_counters.expires_at', '<=', nowIso)
                .then(1)
                .else(eb('attempt_counters.failures', '+', 1))
                .end(),
              last_failure_at: nowIso,
              expires_at: expiresAt,
            })),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        return attemptCounterFromRow(row);
      },
      async reset(tenantId, key, expiresAt) {
        const row = { failures: 0, last_failure_at: null, expires_at: expiresAt };
        await q()
          .insertInto('attempt_counters')
          .values({ tenant_id: tenantId, key, ...row })
          .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet(row))
          .execute();
      },
      async list(tenantId, keyPrefix, now) {
        // substr, not LIKE: SQLite's LIKE ignores ASCII case, and a user ID may hold % or _.
        const rows = await q()
          .selectFrom('attempt_counters')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where(sql<string>`substr(key, 1, ${keyPrefix.length})`, '=', keyPrefix)
          .where('expires_at', '>', now.toISOString())
          .execute();
        // Sorted here: the databases' collations need not agree on the order of keys.
        return rows
          .map(attemptCounterFromRow)
          .filter((record) => record.key.startsWith(keyPrefix))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      },
    },

    passkeys: {
      async listForUser(tenantId, userId) {
        const rows = await q()
          .selectFrom('passkeys')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .orderBy('created_at')
          .orderBy('passkey_id')
          .execute();
        return rows.map(passkeyFromRow);
      },
      async findByCredentialId(tenantId, credentialId) {
        const row = await q()
          .selectFrom('passkeys')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('credential_id', '=', credentialId)
          .executeTakeFirst();
        return row === undefined ? null : passkeyFromRow(row);
      },
      async put(record: PasskeyRecord) {
        const row = {
          tenant_id: record.tenantId,
          user_id: record.userId,
          credential_id: record.credentialId,
          public_key: record.publicKey,
          counter: record.counter,
          transports_json: JSON.stringify(record.transports),
          name: record.name,
          created_at: record.createdAt,
          last_used_at: record.lastUsedAt,
        };
        await q()
          .insertInto('passkeys')
          .values({ passkey_id: record.passkeyId, ...row })
          .onConflict((oc) => oc.column('passkey_id').doUpdateSet(row))
          .execute();
      },
      async delete(tenantId, userId, passkeyId) {
        const result = await q()
          .deleteFrom('passkeys')
          .where('passkey_id', '=', passkeyId)
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      },
      async userHandle(tenantId, userId, candidate) {
        // Insert-if-absent then read: two first registrations at once agree on one handle.
        await q()
          .insertInto('passkey_user_handles')
          .values({ tenant_id: tenantId, user_id: userId, user_handle: candidate })
          .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doNothing())
          .execute();
        const row = await q()
          .selectFrom('passkey_user_handles')
          .select('user_handle')
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow();
        return row.user_handle;
      },
      async putChallenge(record: PasskeyChallengeRecord) {
        const row = {
          purpose: record.purpose,
          challenge: record.challenge,
          user_id: record.userId,
          expires_at: record.expiresAt,
        };
        await q()
          .insertInto('passkey_challenges')
          .values({ tenant_id: record.tenantId, key_hash: record.keyHash, ...row })
          .onConflict((oc) => oc.columns(['tenant_id', 'key_hash']).doUpdateSet(row))
          .execute();
      },
      async takeChallenge(tenantId, keyHash, now) {
        const nowIso = now.toISOString();
        // Nobody answers an expired challenge; sweeping them here keeps the table small.
        await q().deleteFrom('passkey_challenges').where('expires_at', '<=', nowIso).execute();
        const row = await q()
          .selectFrom('passkey_challenges')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('key_hash', '=', keyHash)
          .executeTakeFirst();
        if (row === undefined) return null;
        // Whoever deletes the row owns the challenge: a concurrent take gets nothing.
        const deleted = await q()
          .deleteFrom('passkey_challenges')
          .where('tenant_id', '=', tenantId)
          .where('key_hash', '=', keyHash)
          .executeTakeFirst();
        if (Number(deleted.numDeletedRows) === 0) return null;
        return {
          tenantId: row.tenant_id,
          keyHash: row.key_hash,
          purpose: row.purpose as PasskeyChallengeRecord['purpose'],
          challenge: row.challenge,
          userId: row.user_id,
          expiresAt: row.expires_at,
        };
      },
    },
    webhookEvents: {
      async remember(eventId, now) {
        const inserted = await q()
          .insertInto('webhook_events')
          .values({ event_id: eventId, received_at: now.toISOString() })
          .onConflict((oc) => oc.column('event_id').doNothing())
          .returning('event_id')
          .execute();
        return inserted.length > 0;
      },
    },
  };
}
