/**
 * Opens the database behind the SQL store: SQLite (better-sqlite3) by default, PostgreSQL (pg)
 * for several instances, PGlite (real PostgreSQL in process) for tests. After this point the
 * three are one Kysely<Database>; nothing else in the server knows which it is.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema.js';

export type DatabaseOptions =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number }
  /** In memory unless `dataDir` is given; or an existing PGlite instance. */
  | { readonly kind: 'pglite'; readonly dataDir?: string; readonly instance?: PGlite };

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseOptions['kind'];
  /** Whether the database answers a trivial query (`/readyz`). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function openDatabase(options: DatabaseOptions): OpenDatabase {
  let db: Kysely<Database>;
  switch (options.kind) {
    case 'sqlite': {
      if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
      const database = new SQLite(options.file, { timeout: 5000 });
      // WAL: readers do not block the writer, and a crash loses nothing committed.
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
      break;
    }
    case 'postgres':
      db = new Kysely<Database>({
        dialect: new PostgresDialect({
          pool: new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 }),
        }),
      });
      break;
    case 'pglite':
      db = new Kysely<Database>({
        dialect: new PGliteDialect(options.instance ?? new PGlite(options.dataDir)),
      });
      break;
  }
  return {
    db,
    kind: options.kind,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
