/**
 * Issue 14: failure counters that a success resets (AttemptCounterRecord in @shomei/service):
 * wrong passwords per account and per account and device, and consecutive wrong auth keys.
 */
import type { Kysely, Migration } from 'kysely';

export const loginThrottling: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('attempt_counters')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('last_failure_at', 'text')
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('attempt_counters_pk', ['tenant_id', 'key'])
      .execute();
    // The sweep of expired counters (sql-store.ts) deletes by expiry.
    await db.schema
      .createIndex('attempt_counters_expires_idx')
      .on('attempt_counters')
      .column('expires_at')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('attempt_counters').execute();
  },
};
