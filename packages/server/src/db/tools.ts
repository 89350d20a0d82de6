/**
 * The operator's database tools behind `shomei-staff db ...` (cli.ts; docs/deploy.md):
 *
 * - `backupSqlite`: an online backup of the SQLite file while the server runs, through SQLite's
 *   backup API (better-sqlite3 `backup()`), checked and written as one self-contained file.
 * - `copySqliteToPostgres`: every table of a SQLite database into an empty PostgreSQL database,
 *   both migrated to the same schema first; the way from one machine to several instances.
 *
 * They work on the database itself, not over HTTP. cli.ts imports this module only when one of
 * them runs, so the rest of the staff CLI needs no dependency at all.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { loadDriver, openDatabase, type OpenDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';

/** Rows per table, by table name (Kysely's own bookkeeping tables left out). */
export type TableCounts = Record<string, number>;

export interface BackupReport {
  readonly file: string;
  readonly tables: TableCounts;
  /** The migrations the backup's schema has applied, in order. */
  readonly migrations: readonly string[];
}

const isKyselyTable = (name: string) => name.startsWith('kysely_');

/** Any table by name: the tools copy and count tables they learn of at run time. */
type AnyDatabase = Kysely<Record<string, Record<string, unknown>>>;

/** Every table of the server's schema in a database, sorted by name. */
async function dataTables(db: AnyDatabase): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables
    .map((table) => table.name)
    .filter((name) => !isKyselyTable(name))
    .sort();
}

async function countRows(db: AnyDatabase, tables: readonly string[]): Promise<TableCounts> {
  const counts: TableCounts = {};
  for (const table of tables) {
    const { rows } = await sql<{
      count: number | string;
    }>`select count(*) as count from ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0]?.count ?? 0);
  }
  return counts;
}

/**
 * Copies the SQLite database `source` to `destination` while a server may be writing to it.
 * SQLite's backup API copies page by page and starts again when another connection writes in
 * between; after the first step the rest goes in one step (a WAL reader blocks no writer), so a
 * busy server cannot keep it from finishing. The copy is written beside the destination, checked
 * (`integrity_check`), switched out of WAL so that it is one file, and only then renamed into
 * place: a file at `destination` is always a whole, checked backup. An existing `destination` is
 * never overwritten.
 */
export async function backupSqlite(source: string, destination: string): Promise<BackupReport> {
  if (!existsSync(source))
    throw new Error(`no SQLite database at ${source} (check --data-dir or DATA_DIR)`);
  if (existsSync(destination))
    throw new Error(`${destination} exists already: back up into a new file`);
  const { default: SQLite } = await loadDriver(
    'sqlite',
    ['better-sqlite3'],
    () => import('better-sqlite3'),
  );
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  const database = new SQLite(source, { fileMustExist: true, timeout: 5000 });
  try {
    await database.backup(partial, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    database.close();
  }

  const copy = new SQLite(partial, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`the backup failed its integrity check: ${integrity}`);
    const migrations = (
      copy.prepare('select name from kysely_migration order by name').all() as { name: string }[]
    ).map((row) => row.name);
    const tables: TableCounts = {};
    const names = (
      copy.prepare("select name from sqlite_master where type = 'table' order by name").all() as {
        name: string;
      }[]
    )
      .map((row) => row.name)
      .filter((name) => !isKyselyTable(name) && !name.startsWith('sqlite_'));
    for (const name of names)
      tables[name] = (
        copy.prepare(`select count(*) as count from "${name.replaceAll('"', '""')}"`).get() as {
          count: number;
        }
      ).count;
    copy.close();
    renameSync(partial, destination);
    return { file: destination, tables, migrations };
  } catch (error) {
    if (copy.open) copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
}

export interface CopyReport {
  readonly tables: TableCounts;
  /** Migrations that ran first, on the SQLite source and on PostgreSQL. */
  readonly migrated: { readonly sqlite: readonly string[]; readonly postgres: readonly string[] };
}

/** Rows per INSERT: far below PostgreSQL's 65 535 parameters for the widest table. */
const BATCH = 500;

/**
 * Copies every table of the SQLite database `file` into the PostgreSQL database at `url`. Both
 * are first migrated to the schema of this version (what starting the server would do), so the
 * columns match. PostgreSQL must hold no data yet: a copy never merges. The copy is one
 * PostgreSQL transaction read from one SQLite transaction: it lands whole or not at all, and the
 * row counts are compared before it commits. Stop the server first: what it writes to SQLite
 * after the copy began would not be copied.
 */
export async function copySqliteToPostgres(file: string, url: string): Promise<CopyReport> {
  if (!existsSync(file))
    throw new Error(`no SQLite database at ${file} (check --data-dir or DATA_DIR)`);
  const opened: OpenDatabase[] = [];
  try {
    const sqlite = await openDatabase({ kind: 'sqlite', file });
    opened.push(sqlite);
    const postgres = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
    opened.push(postgres);
    if (!(await postgres.ping())) throw new Error('PostgreSQL does not answer at the given URL');
    const migrated = {
      sqlite: await migrateToLatest(sqlite.db),
      postgres: await migrateToLatest(postgres.db),
    };
    const source = sqlite.db as unknown as AnyDatabase;
    const target = postgres.db as unknown as AnyDatabase;
    const tables = await dataTables(source);
    const targetTables = new Set(await dataTables(target));
    const missing = tables.filter((table) => !targetTables.has(table));
    if (missing.length > 0)
      throw new Error(`PostgreSQL lacks the tables ${missing.join(', ')} after migrating`);
    const occupied = Object.entries(await countRows(target, tables)).filter(
      ([, count]) => count > 0,
    );
    if (occupied.length > 0)
      throw new Error(
        `PostgreSQL already holds data (${occupied.map(([table, count]) => `${table}: ${count}`).join(', ')}): ` +
          'copy into an empty database only',
      );

    const counts = await source.transaction().execute(async (from) => {
      const expected = await countRows(from, tables);
      await target.transaction().execute(async (to) => {
        for (const table of tables) {
          // rowid: SQLite's insertion order, so the copy keeps it where nothing else orders.
          for (let offset = 0; ; offset += BATCH) {
            const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(
              table,
            )} order by rowid limit ${BATCH} offset ${offset}`.execute(from);
            if (rows.length === 0) break;
            await to.insertInto(table).values(rows).execute();
            if (rows.length < BATCH) break;
          }
        }
        const copied = await countRows(to, tables);
        const different = tables.filter((table) => copied[table] !== expected[table]);
        if (different.length > 0)
          throw new Error(
            `row counts differ after the copy (${different.map((table) => `${table}: ${expected[table]} → ${copied[table]}`).join(', ')}); nothing was committed`,
          );
      });
      return expected;
    });
    return { tables: counts, migrated };
  } finally {
    for (const database of opened.reverse()) await database.close();
  }
}
