/**
 * A21: when the session last re-authenticated (second password, later a passkey), so that the
 * security changes can ask for a recent one. Null: never since login.
 */
import type { Kysely, Migration } from 'kysely';

export const reauthentication: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sessions').addColumn('reauthenticated_at', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('sessions').dropColumn('reauthenticated_at').execute();
  },
};
