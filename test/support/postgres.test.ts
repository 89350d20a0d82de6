/** The throwaway PostgreSQL server of test/support/postgres.ts, which other suites rely on. */
import { existsSync, statSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBinaries, startPostgres, type TestPostgres } from './postgres.js';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres.stop();
});

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('startPostgres', () => {
  it('finds the server binaries it runs', () => {
    expect(findPostgresBinaries()).toBe(postgres.binDir);
    expect(existsSync(`${postgres.binDir}/postgres`)).toBe(true);
  });

  it('fails with how to install PostgreSQL when its binaries are missing', () => {
    expect(() =>
      findPostgresBinaries({
        libDir: '/nonexistent/postgresql',
        pgConfig: '/nonexistent/pg_config',
        path: '/nonexistent/bin',
      }),
    ).toThrow(
      /No PostgreSQL server binaries.*apt-get install -y --no-install-recommends postgresql/,
    );
  });

  it('gives every unnamed request a database of its own, and a named one back by name', async () => {
    const first = await postgres.url();
    const second = await postgres.url();
    expect(first).not.toBe(second);
    expect(first).toMatch(new RegExp(`^postgres://postgres@127\\.0\\.0\\.1:${postgres.port}/`));
    await query(first, 'create table only_here (n integer)');
    await query(first, 'insert into only_here values (1)');
    await expect(query(second, 'select * from only_here')).rejects.toThrow(/does not exist/);

    const shared = await postgres.url('shared_by_name');
    expect(await postgres.url('shared_by_name')).toBe(shared);
    await query(shared, 'create table seen_by_both (n integer)');
    expect(await query(await postgres.url('shared_by_name'), 'select * from seen_by_both')).toEqual(
      [],
    );
  });

  it('copies a template database', async () => {
    const template = await postgres.url('a_template');
    await query(template, 'create table copied (n integer)');
    await query(template, 'insert into copied values (7)');
    const copy = await postgres.url('a_copy', { template: 'a_template' });
    expect(await query(copy, 'select n from copied')).toEqual([{ n: 7 }]);
  });

  it('refuses a database name it would have to quote', async () => {
    await expect(postgres.url('Robert"); drop table x; --')).rejects.toThrow(/database name/);
  });

  it('runs the server as an unprivileged user, in a folder of its own', async () => {
    const [row] = await query<{ data_directory: string }>(
      await postgres.url(),
      "select current_setting('data_directory') as data_directory",
    );
    const dataDirectory = row?.data_directory ?? '';
    // PostgreSQL refuses to run as root: under root the folder belongs to the user it runs as.
    const owner = statSync(dataDirectory).uid;
    if (process.getuid?.() === 0) expect(owner).not.toBe(0);
    else expect(owner).toBe(process.getuid?.());
  });

  it('stops: the port closes and the folder is gone', async () => {
    const other = await startPostgres();
    const url = await other.url();
    const [row] = await query<{ data_directory: string }>(
      url,
      "select current_setting('data_directory') as data_directory",
    );
    await other.stop();
    await other.stop();
    expect(existsSync(row?.data_directory ?? '/')).toBe(false);
    await expect(query(url, 'select 1')).rejects.toThrow();
    await expect(other.url()).rejects.toThrow(/stopped/);
  });
});
