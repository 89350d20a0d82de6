/**
 * The first schema. Only column types that mean the same in SQLite and PostgreSQL: `text` and
 * `integer` (docs/decisions/0007). Constraints carry the rules that must hold across server
 * instances: one current auth key per student (primary key), one payment per Idempotency-Key
 * and one pending payment per order (O8), token hashes and webhook event ids unique.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('accounts')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('email_lower', 'text')
      .addColumn('email_verified', 'integer', (c) => c.notNull())
      .addColumn('second_password_hash', 'text')
      .addColumn('two_factor_enabled', 'integer', (c) => c.notNull())
      .addColumn('locale', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('accounts_pk', ['tenant_id', 'user_id'])
      .execute();
    await db.schema
      .createIndex('accounts_email_idx')
      .on('accounts')
      .columns(['tenant_id', 'email_lower'])
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('student_json', 'text')
      .addColumn('locale', 'text')
      .addColumn('pending_email', 'text')
      .addColumn('link_expires_at', 'text')
      .addColumn('key_expires_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('idle_expires_at', 'text', (c) => c.notNull())
      .addColumn('absolute_expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sessions_user_idx')
      .on('sessions')
      .columns(['tenant_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('device_trusts')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('trusted_until', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('device_trusts_user_idx')
      .on('device_trusts')
      .columns(['tenant_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('links')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addPrimaryKeyConstraint('links_pk', ['tenant_id', 'token_hash'])
      .execute();
    // A4/A11/A13: voiding a student's outstanding links of one purpose.
    await db.schema
      .createIndex('links_user_purpose_idx')
      .on('links')
      .columns(['tenant_id', 'user_id', 'purpose'])
      .execute();

    await db.schema
      .createTable('auth_keys')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull())
      .addColumn('salt', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('failed_attempts', 'integer', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('locked_at', 'text')
      // A8: one current key per student; a reissue replaces the row.
      .addPrimaryKeyConstraint('auth_keys_pk', ['tenant_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('orders')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('destination', 'text', (c) => c.notNull())
      .addColumn('lines_json', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('delivery_json', 'text')
      .addColumn('pickup_ready_at', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('print_reservation_number', 'text')
      .addColumn('print_reservation_valid_until', 'text')
      .addColumn('processing_at', 'text')
      .addColumn('completed_at', 'text')
      .addPrimaryKeyConstraint('orders_pk', ['tenant_id', 'order_id'])
      .execute();
    await db.schema
      .createIndex('orders_user_idx')
      .on('orders')
      .columns(['tenant_id', 'user_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('payments')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('payment_id', 'text', (c) => c.notNull())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('amount', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('next_step_json', 'text', (c) => c.notNull())
      .addColumn('deadline', 'text')
      .addPrimaryKeyConstraint('payments_pk', ['tenant_id', 'payment_id'])
      // O8: a retried request finds its payment; two racing instances cannot both create one.
      .addUniqueConstraint('payments_idempotency_key_unique', [
        'tenant_id',
        'user_id',
        'idempotency_key',
      ])
      .execute();
    await db.schema
      .createIndex('payments_order_idx')
      .on('payments')
      .columns(['tenant_id', 'order_id'])
      .execute();
    // O8: the core refuses a payment while another is pending; this holds it across instances,
    // whatever Idempotency-Key each racing request carries.
    await db.schema
      .createIndex('payments_one_pending_per_order')
      .on('payments')
      .columns(['tenant_id', 'order_id'])
      .unique()
      .where(sql.ref('status'), '=', 'pending')
      .execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('endpoint', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['tenant_id', 'user_id', 'key'])
      .execute();

    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('reset_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('rate_limits_reset_idx')
      .on('rate_limits')
      .column('reset_at')
      .execute();

    await db.schema
      .createTable('webhook_events')
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('locks')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('locked_at', 'text', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of [
      'locks',
      'webhook_events',
      'rate_limits',
      'idempotency_keys',
      'payments',
      'orders',
      'auth_keys',
      'links',
      'device_trusts',
      'sessions',
      'accounts',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
