/**
 * A throwaway PostgreSQL server for one test file: Debian's server binaries (`postgresql`, which
 * .ci/run installs), a fresh cluster in a temporary folder, listening on 127.0.0.1 on a free
 * port, with its unix socket in that folder. Tests ask it for databases by name; each name is a
 * new, empty database (or a copy of a template), so two hosts share state only when they ask
 * for the same name.
 *
 *   const postgres = await startPostgres();           // beforeAll
 *   const url = await postgres.url();                 // a fresh database
 *   const shared = await postgres.url('shared');      // the same database on every call
 *   await postgres.stop();                            // afterAll: fast shutdown, folder removed
 *
 * PostgreSQL refuses to run as root, and CI runs as root: then initdb and postgres run as the
 * `postgres` system user (the Debian package creates it), or `nobody` when there is none, and
 * the folder is theirs. Not root: they run as the current user. Missing binaries are a failure
 * that says how to install them, never a skipped suite.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePorts } from './ports.js';

export interface TestPostgres {
  /** The port on 127.0.0.1. */
  readonly port: number;
  /** The folder of the server's binaries it runs (`.../bin`). */
  readonly binDir: string;
  /**
   * The connection URL of database `name`, created on the first call for that name (empty, or a
   * copy of `template`, which then must have no open connections). Without a name: a new
   * database with a name of its own, on every call.
   */
  url(name?: string, options?: { readonly template?: string }): Promise<string>;
  /** Fast shutdown (open connections are cut), then the folder is removed. Idempotent. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INSTALL_HINT =
  'Install the PostgreSQL server: apt-get install -y --no-install-recommends postgresql ' +
  '(Debian; .ci/run does it), or put initdb and postgres on PATH.';

function hasServer(dir: string): boolean {
  return existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
}

function commandOutput(command: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .replace(/\n[\s\S]*$/u, '');
  } catch {
    return undefined;
  }
}

/** Where to look for the server binaries; tests point it elsewhere. */
export interface PostgresSearch {
  /** Debian keeps each major version's server binaries in `<libDir>/<version>/bin`, off PATH. */
  readonly libDir: string;
  readonly pgConfig: string;
  readonly path: string;
}

/**
 * Where initdb and postgres are: the newest /usr/lib/postgresql/N/bin, else
 * `pg_config --bindir`, else PATH.
 */
export function findPostgresBinaries(
  search: PostgresSearch = {
    libDir: '/usr/lib/postgresql',
    pgConfig: 'pg_config',
    path: process.env.PATH ?? '',
  },
): string {
  const versions = existsSync(search.libDir)
    ? readdirSync(search.libDir)
        .filter((entry) => /^\d+(\.\d+)?$/u.test(entry))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  const candidates = [
    ...versions.map((version) => join(search.libDir, version, 'bin')),
    commandOutput(search.pgConfig, ['--bindir']),
    ...search.path.split(':').filter((dir) => dir !== ''),
  ];
  const found = candidates.find((dir) => dir !== undefined && hasServer(dir));
  if (found === undefined)
    throw new Error(
      `No PostgreSQL server binaries (initdb, postgres) in ${search.libDir}/*/bin, ` +
        `\`${search.pgConfig} --bindir\` or PATH. ${INSTALL_HINT}`,
    );
  return found;
}

/** Who runs the server: the current user, or an unprivileged one when that is root. */
function serverUser(): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of [SUPERUSER, 'nobody']) {
    const uid = commandOutput('id', ['-u', name]);
    const gid = commandOutput('id', ['-g', name]);
    if (uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid), name };
  }
  throw new Error(
    'Running as root, and neither a `postgres` nor a `nobody` user exists to run PostgreSQL ' +
      `as (it refuses to run as root). ${INSTALL_HINT}`,
  );
}

/** Runs a command to its end; rejects with its output when it fails. */
function run(
  command: string,
  args: readonly string[],
  options: { uid?: number; gid?: number; cwd: string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}:\n${output}`)),
    );
  });
}

const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Resolves once the server takes a connection; rejects if it exits first. */
async function accepting(
  child: ChildProcess,
  config: pg.ClientConfig,
  log: () => string,
): Promise<void> {
  let exited = false;
  let wake: (() => void) | undefined;
  const onExit = () => {
    exited = true;
    wake?.();
  };
  child.once('exit', onExit);
  try {
    for (;;) {
      if (exited || child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `postgres exited (${child.exitCode ?? child.signalCode}) before it accepted ` +
            `connections:\n${log()}`,
        );
      const client = new pg.Client(config);
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
        // Still starting up: ask again shortly, or at once when it has exited.
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
    }
  } finally {
    child.off('exit', onExit);
  }
}

/**
 * Starts a PostgreSQL server for this test file (one server, as many databases as the tests
 * ask for). Call `stop()` in afterAll.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const binDir = findPostgresBinaries();
  const user = serverUser();
  const ids = user === undefined ? {} : { uid: user.uid, gid: user.gid };
  const dir = mkdtempSync(join(tmpdir(), 'shomei-postgres-'));
  const dataDir = join(dir, 'data');
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGQUIT');
  process.once('exit', killOnExit);
  try {
    if (user !== undefined) chownSync(dir, user.uid, user.gid);
    await run(
      join(binDir, 'initdb'),
      ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-locale', '-N'],
      { ...ids, cwd: dir },
    );

    // A port can be taken between asking for it and binding it: then try another.
    let port = 0;
    let log = '';
    for (let attempt = 1; child === undefined; attempt += 1) {
      [port = 0] = await freePorts(1);
      log = '';
      const started = spawn(
        join(binDir, 'postgres'),
        [
          '-D',
          dataDir,
          '-p',
          String(port),
          '-h',
          '127.0.0.1',
          '-k',
          dir,
          // A test database need not survive a crash of the machine.
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
          '-c',
          'max_connections=200',
          '-c',
          'shared_buffers=32MB',
        ],
        { ...ids, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      started.stderr.on('data', (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-8000);
      });
      try {
        await accepting(
          started,
          { host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' },
          () => log,
        );
        child = started;
      } catch (error) {
        if (attempt < 5 && /could not bind|could not create any TCP\/IP sockets/u.test(log))
          continue;
        throw error;
      }
    }

    const server = child;
    const admin = new pg.Pool({
      host: '127.0.0.1',
      port,
      user: SUPERUSER,
      database: 'postgres',
      max: 1,
    });
    // stop() cuts the connection on purpose; an idle client's error must not crash the tests.
    admin.on('error', () => undefined);
    const created = new Set<string>();
    let counter = 0;
    let stopping: Promise<void> | undefined;
    const urlOf = (name: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`;

    return {
      port,
      binDir,
      async url(name, options = {}) {
        if (stopping !== undefined) throw new Error('the test PostgreSQL has been stopped');
        const database = name ?? `test_${process.pid}_${(counter += 1)}`;
        if (!DATABASE_NAME.test(database))
          throw new Error(`database name ${database}: lower case letters, digits and _ only`);
        if (created.has(database)) return urlOf(database);
        created.add(database);
        const template =
          options.template === undefined ? '' : ` TEMPLATE ${quoteIdentifier(options.template)}`;
        try {
          await admin.query(`CREATE DATABASE ${quoteIdentifier(database)}${template}`);
        } catch (error) {
          created.delete(database);
          throw error;
        }
        return urlOf(database);
      },
      stop() {
        stopping ??= (async () => {
          await admin.end();
          if (server.exitCode === null && server.signalCode === null) {
            const exited = new Promise((resolve) => server.once('exit', resolve));
            server.kill('SIGINT'); // fast shutdown: roll back open transactions, cut clients
            await exited;
          }
          process.off('exit', killOnExit);
          rmSync(dir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  } catch (error) {
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGQUIT');
      await exited;
    }
    process.off('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
