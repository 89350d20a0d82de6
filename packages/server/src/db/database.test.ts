import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../../test/support/postgres.js';
import { loadDriver, openDatabase } from './database.js';

let postgres: TestPostgres | undefined;
afterAll(async () => {
  await postgres?.stop();
});

describe('openDatabase', () => {
  it('a missing driver says which packages to install for its kind', async () => {
    const missing = () => import(/* @vite-ignore */ `${'no-such-driver'}-${Date.now()}`);
    await expect(
      loadDriver('pglite', ['@electric-sql/pglite', 'kysely-pglite-dialect'], missing),
    ).rejects.toThrow('install @electric-sql/pglite and kysely-pglite-dialect to use kind pglite');
  });

  it('any other failure of a driver passes through as it is', async () => {
    const broken = async () => {
      throw new TypeError('driver broke');
    };
    await expect(loadDriver('postgres', ['pg'], broken)).rejects.toThrow(
      new TypeError('driver broke'),
    );
  });

  it('opens SQLite and answers ping until closed', async () => {
    const database = await openDatabase({ kind: 'sqlite', file: ':memory:' });
    expect(database.kind).toBe('sqlite');
    expect(await database.ping()).toBe(true);
    await database.close();
    expect(await database.ping()).toBe(false);
  });

  it('PostgreSQL: an idle connection the server cuts is replaced, not a crash', async () => {
    postgres = await startPostgres();
    const url = await postgres.url();
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
    const admin = new pg.Client(url);
    await admin.connect();
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(
        database.db,
      );
      const pid = rows[0]?.pid;
      // What a restart or an administrator does to the pool's idle connection.
      await admin.query('select pg_terminate_backend($1)', [pid]);
      for (;;) {
        const alive = await admin.query('select 1 from pg_stat_activity where pid = $1', [pid]);
        if (alive.rowCount === 0) break;
      }
      // The pool drops the cut connection (its 'error' event, which unheard ends the process)
      // and the next queries get a new one.
      while (!(await database.ping()));
      const again = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
      expect(again.rows[0]?.pid).not.toBe(pid);
    } finally {
      await admin.end();
      await database.close();
    }
  });
});
