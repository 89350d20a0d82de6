/**
 * O7/O8: payments that survive a crash. The sandbox provider keeps its payments in the database
 * (in a real deployment they live at the provider), and the service finds its pending payments
 * quickly to reconcile them with the provider.
 */
import type { Kysely, Migration } from 'kysely';

export const paymentReconciliation: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sandbox_payments')
      .addColumn('payment_id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('record_json', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('payments_status_created_idx')
      .on('payments')
      .columns(['status', 'created_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('payments_status_created_idx').execute();
    await db.schema.dropTable('sandbox_payments').execute();
  },
};
