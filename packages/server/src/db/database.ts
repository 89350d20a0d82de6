/**
 * Opens the database behind the SQL store: SQLite (better-sqlite3) by default, PostgreSQL (pg)
 * for several instances, PGlite (PostgreSQL in process) for development and tests. Each driver
 * is imported only when its kind is opened. After this point the three are one
 * Kysely<Database>; nothing else in the server knows which it is.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Dialect } from 'kysely';
import type { Database } from './schema.js';

export type DatabaseOptions =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number }
  /**
   * Development and tests only: `@electric-sql/pglite` and `kysely-pglite-dialect` are not
   * dependencies of the published server. In memory unless `dataDir` is given; or an existing
   * PGlite instance.
   */
  | { readonly kind: 'pglite'; readonly dataDir?: string; readonly instance?: PGliteInstance };

/**
 * A PGlite instance (`new PGlite()` of @electric-sql/pglite), by the little the server needs of
 * it: that package is a development dependency, so the published types must not name it.
 */
export interface PGliteInstance {
  readonly waitReady: Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseOptions['kind'];
  /** Whether the database answers a trivial query (`/readyz`). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const isModuleNotFound = (error: unknown): boolean =>
  error instanceof Error &&
  'code' in error &&
  (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND');

/**
 * Imports the driver of one kind, when that kind is opened: a server on SQLite never loads pg,
 * and PGlite (not a dependency of the published server) is loaded only for kind pglite. A
 * missing package is an error that names what to install.
 */
export async function loadDriver<T>(
  kind: DatabaseOptions['kind'],
  packages: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isModuleNotFound(error)) throw error;
    throw new Error(`install ${packages.join(' and ')} to use kind ${kind}`, { cause: error });
  }
}

async function dialectFor(options: DatabaseOptions): Promise<Dialect> {
  switch (options.kind) {
    case 'sqlite': {
      const { default: SQLite } = await loadDriver(
        'sqlite',
        ['better-sqlite3'],
        () => import('better-sqlite3'),
      );
      if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
      const database = new SQLite(options.file, { timeout: 5000 });
      // WAL: readers do not block the writer, and a crash loses nothing committed.
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      return new SqliteDialect({ database });
    }
    case 'postgres': {
      const { default: pg } = await loadDriver('postgres', ['pg'], () => import('pg'));
      const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
      // An idle connection that PostgreSQL cuts (a restart, a failover, an administrator) is an
      // 'error' event on the pool, which would end the process unheard. The pool drops that
      // connection and opens a new one for the next query; a database that stays away shows in
      // the queries that fail and in /readyz.
      pool.on('error', () => undefined);
      // A connection cut while it is checked out, between two queries, is an 'error' on its
      // client, which would end the process as well; the query that uses it next fails instead.
      pool.on('connect', (client) => client.on('error', () => undefined));
      return new PostgresDialect({ pool });
    }
    case 'pglite': {
      const [{ PGlite }, { PGliteDialect }] = await loadDriver(
        'pglite',
        ['@electric-sql/pglite', 'kysely-pglite-dialect'],
        () => Promise.all([import('@electric-sql/pglite'), import('kysely-pglite-dialect')]),
      );
      return new PGliteDialect(
        (options.instance as PGlite | undefined) ?? new PGlite(options.dataDir),
      );
    }
  }
}

/** Opens the database of `options`, loading only its driver. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  const db = new Kysely<Database>({ dialect: await dialectFor(options) });
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
