/** Migrations live in code (no directory scanning), so a bundled or tsx-run server finds them. */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { initial } from './migrations/0001-initial.js';
import { staffClosures } from './migrations/0002-staff-closures.js';
import { mailOutbox } from './migrations/0003-mail-outbox.js';
import { paymentReconciliation } from './migrations/0004-payment-reconciliation.js';
import { loginThrottling } from './migrations/0005-login-throttling.js';
import { reauthentication } from './migrations/0006-reauthentication.js';
import { passkeys } from './migrations/0007-passkeys.js';
import { countersAndIndexes } from './migrations/0008-counters-and-indexes.js';
import type { Database } from './schema.js';

/** In the order they run; names sort as they run. Never edit one that has shipped. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-staff-closures': staffClosures,
  '0003-mail-outbox': mailOutbox,
  '0004-payment-reconciliation': paymentReconciliation,
  '0005-login-throttling': loginThrottling,
  '0006-reauthentication': reauthentication,
  '0007-passkeys': passkeys,
  '0008-counters-and-indexes': countersAndIndexes,
};

const provider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider });
}

/**
 * Brings the schema up to date; a no-op when it already is. Safe with several instances
 * starting at once: Kysely takes a lock (an advisory lock on PostgreSQL) around the run.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? '(unknown)'} failed`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}

/** Whether every migration in code has been applied (`/readyz`). */
export async function migrationsApplied(db: Kysely<Database>): Promise<boolean> {
  const migrations = await migrator(db).getMigrations();
  return migrations.every((migration) => migration.executedAt !== undefined);
}
