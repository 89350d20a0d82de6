import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
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

  it('the server on SQLite loads neither pg nor PGlite; a missing one is named', async () => {
    // A real Node process (not vitest's module graph) in which these packages cannot be found,
    // as where the published server is installed without PGlite.
    const dir = mkdtempSync(join(tmpdir(), 'shomei-drivers-'));
    try {
      const blocked = ['pg', '@electric-sql/pglite', 'kysely-pglite-dialect'];
      writeFileSync(
        join(dir, 'hooks.mjs'),
        `const blocked = ${JSON.stringify(blocked)};
export async function resolve(specifier, context, next) {
  if (!blocked.includes(specifier)) return next(specifier, context);
  const error = new Error(\`Cannot find package '\${specifier}'\`);
  error.code = 'ERR_MODULE_NOT_FOUND';
  throw error;
}
`,
      );
      writeFileSync(
        join(dir, 'register.mjs'),
        `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
      );
      const server = pathToFileURL(join(import.meta.dirname, '../index.ts')).href;
      writeFileSync(
        join(dir, 'main.mts'),
        `const { openDatabase } = await import(${JSON.stringify(server)});
const database = await openDatabase({ kind: 'sqlite', file: ':memory:' });
console.log('sqlite', await database.ping());
await database.close();
for (const options of [{ kind: 'pglite' }, { kind: 'postgres', url: 'postgres://x/y' }]) {
  await openDatabase(options).then(
    () => console.log(options.kind, 'opened'),
    (error) => console.log(options.kind, error.message),
  );
}
`,
      );
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          '--import',
          pathToFileURL(join(dir, 'register.mjs')).href,
          join(dir, 'main.mts'),
        ],
        // From the server's folder, where tsx resolves.
        { cwd: join(import.meta.dirname, '../..') },
      );
      expect(stdout.trim().split('\n')).toEqual([
        'sqlite true',
        'pglite install @electric-sql/pglite and kysely-pglite-dialect to use kind pglite',
        'postgres install pg to use kind postgres',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
