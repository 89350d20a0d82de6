/**
 * Issue 15: insertion numbers from a counter row instead of a `max(seq)` scan, and an index for
 * every hot query of the store (sql-store.ts `storeQueries`; query-plans.test.ts proves each
 * plan searches an index).
 *
 * `seq` orders rows stamped in the same millisecond within one tenant (O11), so one counter per
 * tenant and table is enough: it starts at the tenant's current maximum, and the next number
 * is taken in the transaction that inserts the row (an upsert with RETURNING holds the counter's
 * row until commit, so two instances never take the same number).
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const countersAndIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('counters')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('value', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('counters_pk', ['tenant_id', 'name'])
      .execute();
    for (const table of ['orders', 'payments'] as const) {
      await sql`insert into counters (tenant_id, name, value)
        select tenant_id, ${table}, max(seq) from ${sql.table(table)} group by tenant_id`.execute(
        db,
      );
    }

    // O11: a student's history, newest first, ties by insertion (covers the order by).
    await db.schema.dropIndex('orders_user_idx').execute();
    await db.schema
      .createIndex('orders_user_created_idx')
      .on('orders')
      .columns(['tenant_id', 'user_id', 'created_at', 'seq'])
      .execute();
    // O6: the office's list, all orders or one status, newest first.
    await db.schema.dropIndex('orders_tenant_status_idx').execute();
    await db.schema
      .createIndex('orders_tenant_status_created_idx')
      .on('orders')
      .columns(['tenant_id', 'status', 'created_at', 'seq'])
      .execute();
    await db.schema
      .createIndex('orders_tenant_created_idx')
      .on('orders')
      .columns(['tenant_id', 'created_at', 'seq'])
      .execute();
    // An order's payments, oldest first (every order read).
    await db.schema.dropIndex('payments_order_idx').execute();
    await db.schema
      .createIndex('payments_order_created_idx')
      .on('payments')
      .columns(['tenant_id', 'order_id', 'created_at', 'seq'])
      .execute();
    // O7: reconciliation pages the pending payments by (created_at, payment_id).
    await db.schema.dropIndex('payments_status_created_idx').execute();
    await db.schema
      .createIndex('payments_status_created_id_idx')
      .on('payments')
      .columns(['status', 'created_at', 'payment_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('payments_status_created_id_idx').execute();
    await db.schema
      .createIndex('payments_status_created_idx')
      .on('payments')
      .columns(['status', 'created_at'])
      .execute();
    await db.schema.dropIndex('payments_order_created_idx').execute();
    await db.schema
      .createIndex('payments_order_idx')
      .on('payments')
      .columns(['tenant_id', 'order_id'])
      .execute();
    await db.schema.dropIndex('orders_tenant_created_idx').execute();
    await db.schema.dropIndex('orders_tenant_status_created_idx').execute();
    await db.schema
      .createIndex('orders_tenant_status_idx')
      .on('orders')
      .columns(['tenant_id', 'status', 'created_at'])
      .execute();
    await db.schema.dropIndex('orders_user_created_idx').execute();
    await db.schema
      .createIndex('orders_user_idx')
      .on('orders')
      .columns(['tenant_id', 'user_id', 'created_at'])
      .execute();
    await db.schema.dropTable('counters').execute();
  },
};
