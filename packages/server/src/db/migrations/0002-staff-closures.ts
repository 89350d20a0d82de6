/**
 * The staff side (O6, docs/decisions/0010): the closure calendar the office manages, and an index
 * for the staff's order list (by tenant and status, newest first).
 */
import type { Kysely, Migration } from 'kysely';

export const staffClosures: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('closures')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('closures_pk', ['tenant_id', 'date'])
      .execute();
    await db.schema
      .createIndex('orders_tenant_status_idx')
      .on('orders')
      .columns(['tenant_id', 'status', 'created_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('orders_tenant_status_idx').execute();
    await db.schema.dropTable('closures').execute();
  },
};
