/**
 * A20: passkeys per student (a credential id is unique per tenant), each student's WebAuthn user
 * handle, and the challenges waiting for an answer (single use, a few minutes).
 */
import type { Kysely, Migration } from 'kysely';

export const passkeys: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('passkeys')
      .addColumn('passkey_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('credential_id', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('counter', 'integer', (c) => c.notNull())
      .addColumn('transports_json', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addUniqueConstraint('passkeys_credential_unique', ['tenant_id', 'credential_id'])
      .execute();
    await db.schema
      .createIndex('passkeys_user_idx')
      .on('passkeys')
      .columns(['tenant_id', 'user_id'])
      .execute();
    await db.schema
      .createTable('passkey_user_handles')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('user_handle', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('passkey_user_handles_pk', ['tenant_id', 'user_id'])
      .execute();
    await db.schema
      .createTable('passkey_challenges')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('challenge', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('passkey_challenges_pk', ['tenant_id', 'key_hash'])
      .execute();
    // Expired challenges are swept by expiry (sql-store.ts).
    await db.schema
      .createIndex('passkey_challenges_expires_idx')
      .on('passkey_challenges')
      .column('expires_at')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('passkey_challenges').execute();
    await db.schema.dropTable('passkey_user_handles').execute();
    await db.schema.dropTable('passkeys').execute();
  },
};
