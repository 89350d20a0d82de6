/**
 * docs/deploy.md, done as a university would do it. The server and the packages it depends on are
 * packed (`npm pack`, test/deploy/pack.ts) and installed with production dependencies only into
 * an empty folder, by running the guide's own install commands (its ```sh test:install block).
 * `shomei-server` starts there, once, with the guide's example environment (docs/deploy/shomei.env)
 * pointed at a real PostgreSQL (test/support/postgres.ts) and a real SMTP relay
 * (test/support/smtp-relay.ts), behind nginx running the guide's docs/deploy/nginx.conf over
 * TLS (test/deploy/nginx.ts); the demo's returning student logs in through it, and the auth key
 * arrives at the relay. The office lists orders with the
 * installed `shomei-staff`. The guide's pg_dump/pg_restore commands run on that database, and
 * its SQLite backup and copy-to-postgres commands with the installed `shomei-staff`. The systemd
 * unit is verified against the installed files. SIGTERM stops the server cleanly.
 *
 * Slow (a build, a pack and an npm install that compiles better-sqlite3): one server start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@shomei/sdk';
import { migrateToLatest, openDatabase } from '@shomei/server';
import { DEMO_STUDENTS } from '@shomei/service';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '../support/ports.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestRelay, type TestRelay } from '../support/smtp-relay.js';
import { guideBlock, parseEnvFile, parseUnitFile } from './guide.js';
import { findNginx, startNginx, type TestNginx } from './nginx.js';
import { packWorkspaces, run, SERVER_WORKSPACES } from '../support/pack.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const GUIDE = readFileSync(join(root, 'docs/deploy.md'), 'utf8');
const UNIT = join(root, 'docs/deploy/shomei-server.service');
const ENV_EXAMPLE = join(root, 'docs/deploy/shomei.env');
const NGINX_EXAMPLE = join(root, 'docs/deploy/nginx.conf');
/** X6: the installed server gets the demo's tenant file as TENANT_FILE, as the guide says. */
const TENANT_EXAMPLE = join(root, 'examples/tenants/demo.json');
const { returning } = DEMO_STUDENTS;
const PUBLIC_ORIGIN = 'https://shomei.u.example';
/** The address nginx would put in X-Forwarded-For (docs/deploy/nginx.conf). */
const CLIENT_ADDRESS = '203.0.113.7';

const folder = mkdtempSync(join(tmpdir(), 'shomei-deploy-'));
const install = join(folder, 'opt-shomei');
const dataDir = join(folder, 'var-lib-shomei');
const staffToken = randomBytes(32).toString('hex');
let postgres: TestPostgres | undefined;
let relay: TestRelay | undefined;
let databaseUrl = '';
let server: ChildProcess | undefined;
let proxy: TestNginx | undefined;
let exited: Promise<[number | null, NodeJS.Signals | null]> | undefined;
let log = '';
let origin = '';

/** Bash, as the guide's reader would run a block; the environment is the test's plus `env`. */
function bash(script: string, cwd: string, env: NodeJS.ProcessEnv = {}) {
  return run('bash', ['-euo', 'pipefail', '-c', script], { cwd, env: { ...process.env, ...env } });
}

async function waitForReady(url: string): Promise<void> {
  // Until /readyz answers 200, or the server has exited (then its log says why).
  for (;;) {
    if (server?.exitCode !== null || server.signalCode !== null)
      throw new Error(`shomei-server exited before it was ready:\n${log}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  // npm install may reach the registry for third-party packages; the cache comes first.
  const npmEnv = {
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const [tarballs, pgStarted, relayStarted] = await Promise.all([
    (async () => {
      mkdirSync(install);
      return packWorkspaces(SERVER_WORKSPACES, install);
    })(),
    startPostgres(),
    startTestRelay('accept'),
  ]);
  postgres = pgStarted;
  relay = relayStarted;
  databaseUrl = await postgres.url('shomei');
  // The guide names the tarballs it installs: they must be the ones npm pack makes.
  const installBlock = guideBlock(GUIDE, 'install');
  for (const tarball of tarballs) expect(installBlock).toContain(tarball);
  await bash(installBlock, install, npmEnv);
}, 1_200_000);

afterAll(async () => {
  await proxy?.stop();
  if (server !== undefined && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await exited;
  }
  await relay?.close();
  await postgres?.stop();
  rmSync(folder, { recursive: true, force: true });
});

// Long limits: the installed server, PostgreSQL and nginx on a busy 2-core machine; a timeout
// is not what these tests measure.
describe('docs/deploy.md, step by step', { timeout: 300_000 }, () => {
  it('installs with production dependencies only: no development package is there', () => {
    const manifest = JSON.parse(readFileSync(join(install, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(
      ['@shomei/core', '@shomei/sdk', '@shomei/server', '@shomei/service'].sort(),
    );
    expect(existsSync(join(install, 'node_modules/.bin/shomei-server'))).toBe(true);
    expect(existsSync(join(install, 'node_modules/.bin/shomei-staff'))).toBe(true);
    // The drivers the server loads on demand: pg and better-sqlite3 are dependencies, PGlite not.
    expect(existsSync(join(install, 'node_modules/pg/package.json'))).toBe(true);
    expect(existsSync(join(install, 'node_modules/better-sqlite3/package.json'))).toBe(true);
    expect(existsSync(join(install, 'node_modules/@electric-sql/pglite'))).toBe(false);
    expect(existsSync(join(install, 'node_modules/vitest'))).toBe(false);
  });

  it('the systemd unit verifies against the installed server', async (context) => {
    const text = readFileSync(UNIT, 'utf8');
    const unit = parseUnitFile(text);
    // What the guide relies on, whatever the systemd at hand says.
    expect(Object.keys(unit)).toEqual(['Unit', 'Service', 'Install']);
    expect(unit.Service?.ExecStart).toEqual([
      '/usr/bin/node /opt/shomei/node_modules/@shomei/server/dist/bin/shomei-server.js',
    ]);
    expect(unit.Service?.EnvironmentFile).toEqual(['/etc/shomei/shomei.env']);
    expect(unit.Service?.StateDirectory).toEqual(['shomei']);
    expect(unit.Service?.KillSignal).toEqual(['SIGTERM']);
    expect(unit.Service?.User).toEqual(['shomei']);
    expect(unit.Install?.WantedBy).toEqual(['multi-user.target']);

    // The unit with this machine's paths: the install folder, this test's node.
    const envFile = join(folder, 'shomei.env');
    writeFileSync(envFile, readFileSync(ENV_EXAMPLE));
    const local = join(folder, 'shomei-server.service');
    writeFileSync(
      local,
      text
        .replaceAll('/usr/bin/node', process.execPath)
        .replaceAll('/opt/shomei', install)
        .replaceAll('/etc/shomei/shomei.env', envFile),
    );
    const installed = join(install, 'node_modules/@shomei/server/dist/bin/shomei-server.js');
    expect(existsSync(installed), installed).toBe(true);

    const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
    if (analyze.error !== undefined) {
      const note =
        'systemd-analyze is not installed (Debian: apt-get install systemd; .ci/run does): ' +
        'only the structure of the unit was checked, not systemd-analyze verify.';
      console.warn(note);
      await context.annotate(note, 'warning');
      return;
    }
    const verify = spawnSync('systemd-analyze', ['verify', '--man=no', local], {
      encoding: 'utf8',
    });
    // verify also reports on units the host has installed; only this unit's lines matter.
    const about = `${verify.stdout}${verify.stderr}`
      .split('\n')
      .filter((line) => line.includes('shomei-server.service'));
    expect(about, `${verify.stdout}${verify.stderr}`).toEqual([]);
    expect(verify.status, `${verify.stdout}${verify.stderr}`).toBe(0);
  });

  it('shomei-server starts there with PostgreSQL and SMTP behind nginx, mails the auth key, and stops cleanly on SIGTERM', async (context) => {
    const [port = 0] = await freePorts(1);
    origin = `http://127.0.0.1:${port}`;
    const example = parseEnvFile(readFileSync(ENV_EXAMPLE, 'utf8'));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      LANG: 'C.UTF-8',
      // The guide's example environment, with this machine's addresses and fresh secrets.
      ...example,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      SMTP_URL: relay?.url ?? '',
      STAFF_TOKEN_SHA256: createHash('sha256').update(staffToken).digest('hex'),
      SANDBOX_SECRET: randomBytes(32).toString('hex'),
    };
    expect(env.PUBLIC_BASE_URL).toBe(PUBLIC_ORIGIN);
    expect(env.CLIENT_IP_HEADER).toBe('X-Forwarded-For');
    // X6: the example folder (the tenant file and the roster it names) as /etc/shomei/tenants,
    // with the staff token of this test and the university's origin: a server reachable beyond
    // this machine refuses the demo's public token and its loopback origins.
    const tenants = join(folder, 'etc-shomei-tenants');
    cpSync(dirname(TENANT_EXAMPLE), tenants, { recursive: true });
    const tenantFile = join(tenants, basename(TENANT_EXAMPLE));
    const tenant = JSON.parse(readFileSync(tenantFile, 'utf8')) as Record<string, unknown>;
    delete tenant.staffTokenHash;
    tenant.staffTokenHashEnv = 'STAFF_TOKEN_SHA256';
    // The university's own homepage, as the guide says: the demo's loopback origins are for
    // development, and a server reachable beyond this machine refuses them.
    tenant.allowedOrigins = [PUBLIC_ORIGIN];
    writeFileSync(tenantFile, `${JSON.stringify(tenant, null, 2)}\n`);
    env.TENANT_FILE = tenantFile;
    // The installed server checks the file as the guide says, before it starts.
    const check = spawnSync(
      join(install, 'node_modules/.bin/shomei-server'),
      ['check-config', tenantFile],
      {
        cwd: install,
        env,
        encoding: 'utf8',
      },
    );
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);

    server = spawn(join(install, 'node_modules/.bin/shomei-server'), [], {
      cwd: install,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = once(server, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    server.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await waitForReady(origin);
    expect(log).toContain(`public: ${PUBLIC_ORIGIN}; PostgreSQL`);

    // The student, through nginx running the guide's docs/deploy/nginx.conf over TLS; where
    // nginx is not installed, with the headers that configuration sets, and a warning.
    const nginx = findNginx();
    let through: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
    if (nginx === undefined) {
      const note =
        'nginx is not installed (Debian: apt-get install nginx-light; .ci/run does): the ' +
        'requests carry the headers docs/deploy/nginx.conf sets, without nginx.';
      console.warn(note);
      await context.annotate(note, 'warning');
      through = (input, init) => {
        const request = new Request(input, init);
        const url = new URL(request.url);
        const headers = new Headers(request.headers);
        headers.set('X-Forwarded-For', CLIENT_ADDRESS);
        headers.set('X-Forwarded-Proto', 'https');
        return fetch(
          new Request(`${origin}${url.pathname}${url.search}`, {
            method: request.method,
            headers,
            body: request.body,
            duplex: 'half',
          } as RequestInit),
        );
      };
    } else {
      proxy = await startNginx(nginx, join(folder, 'nginx'), port, NGINX_EXAMPLE);
      through = proxy.fetch;
      // The health routes answer this machine through nginx.
      const ready = await through(`${PUBLIC_ORIGIN}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready' });
      // And the API.
      const tenant = await through(`${PUBLIC_ORIGIN}/t/demo/tenant`);
      expect(tenant.status).toBe(200);
    }
    const student = createClient({
      baseUrl: `${PUBLIC_ORIGIN}/t/demo`,
      sessionMode: 'bearer',
      retry: 0,
      fetch: through,
    });
    const login = await student.login({
      userId: returning.userId,
      password: returning.password,
      secondPassword: returning.secondPassword,
    });
    expect(login.error).toBeNull();
    expect(login.data?.step).toBe('auth-key');
    const [mail] = (await relay?.waitForMails(1)) ?? [];
    expect(mail).toMatchObject({ to: returning.email, kind: 'auth-key' });
    expect(mail?.subject).toContain('認証キー');
    const authKey = /認証キー：(\d{6})/u.exec(mail?.text ?? '')?.[1] ?? '';
    expect((await student.verifyAuthKey({ authKey })).data?.step).toBe('authenticated');

    // The office, with the installed staff CLI and the token whose hash the server holds.
    const staff = await run(join(install, 'node_modules/.bin/shomei-staff'), ['mails', 'list'], {
      cwd: install,
      env: { PATH: process.env.PATH, SHOMEI_URL: origin, SHOMEI_STAFF_TOKEN: staffToken },
    });
    expect(staff.stdout).toContain('(every mail was delivered)');
    const wrongToken = spawnSync(
      join(install, 'node_modules/.bin/shomei-staff'),
      ['mails', 'list'],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, SHOMEI_URL: origin, SHOMEI_STAFF_TOKEN: 'not-the-token' },
      },
    );
    expect(wrongToken.status).toBe(1);

    server.kill('SIGTERM');
    const [code, signal] = (await exited) ?? [null, null];
    expect({ code, signal }, log).toEqual({ code: 0, signal: null });
    expect(log).toContain('server stopped');
  });

  it("the guide's pg_dump and pg_restore keep every account and mail", async () => {
    if (postgres === undefined) throw new Error('PostgreSQL did not start');
    // After the server test: the database holds the student's login and the mail.
    const restoredUrl = await postgres.url('shomei_restored');
    const backups = join(folder, 'backups');
    mkdirSync(backups);
    const env = {
      PATH: `${postgres.binDir}${delimiter}${process.env.PATH ?? ''}`,
      DATABASE_URL: databaseUrl,
      RESTORE_DATABASE_URL: restoredUrl,
    };
    await bash(guideBlock(GUIDE, 'pg-backup'), backups, env);
    await bash(guideBlock(GUIDE, 'pg-restore'), backups, env);

    const count = async (url: string, table: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: string }>(
          `select count(*) as count from ${table}`,
        );
        return Number(rows[0]?.count);
      } finally {
        await client.end();
      }
    };
    for (const table of ['accounts', 'mails', 'sessions', 'kysely_migration']) {
      const original = await count(databaseUrl, table);
      expect(original, table).toBeGreaterThan(0);
      expect(await count(restoredUrl, table), table).toBe(original);
    }
  });
  it("the guide's SQLite backup and its move to PostgreSQL work with the installed shomei-staff", async () => {
    if (postgres === undefined) throw new Error('PostgreSQL did not start');
    // A SQLite data directory as a server of this release leaves it: an account and a closure.
    const sqliteDir = join(folder, 'var-lib-shomei-sqlite');
    const sqlite = await openDatabase({ kind: 'sqlite', file: join(sqliteDir, 'shomei.sqlite') });
    await migrateToLatest(sqlite.db);
    await sqlite.db
      .insertInto('accounts')
      .values({
        tenant_id: 'demo',
        user_id: 'u-sqlite',
        email: 'sqlite@mail.example',
        email_lower: 'sqlite@mail.example',
        email_verified: 1,
        second_password_hash: null,
        two_factor_enabled: 1,
        locale: 'ja',
        created_at: '2026-06-01T00:00:00.000Z',
        updated_at: '2026-06-01T00:00:00.000Z',
      })
      .execute();
    await sqlite.close();
    const backups = join(folder, 'var-backups-shomei');
    mkdirSync(backups);
    const here = (block: string) =>
      block
        .replaceAll('/opt/shomei', install)
        .replaceAll('/var/lib/shomei', sqliteDir)
        .replaceAll('/var/backups/shomei', backups);

    const backup = await bash(here(guideBlock(GUIDE, 'sqlite-backup')), install);
    expect(backup.stdout).toMatch(/accounts\s+1\n/u);
    const [file] = readdirSync(backups);
    expect(file).toMatch(/^shomei-\d{4}-\d{2}-\d{2}\.sqlite$/u);
    const restored = await openDatabase({ kind: 'sqlite', file: join(backups, file ?? '') });
    try {
      expect(
        await restored.db
          .selectFrom('accounts')
          .select('email')
          .where('user_id', '=', 'u-sqlite')
          .execute(),
      ).toEqual([{ email: 'sqlite@mail.example' }]);
    } finally {
      await restored.close();
    }

    const target = await postgres.url('shomei_moved');
    const guideUrl = 'postgres://shomei:secret@db.u.example:5432/shomei';
    const copyBlock = guideBlock(GUIDE, 'copy-to-postgres');
    expect(copyBlock).toContain(guideUrl);
    const copy = await bash(here(copyBlock).replace(guideUrl, target), install);
    expect(copy.stdout).toMatch(/accounts\s+1\n/u);
    const moved = await openDatabase({ kind: 'postgres', url: target, poolSize: 1 });
    try {
      expect(
        await moved.db
          .selectFrom('accounts')
          .select('email')
          .where('user_id', '=', 'u-sqlite')
          .execute(),
      ).toEqual([{ email: 'sqlite@mail.example' }]);
    } finally {
      await moved.close();
    }
  });
});
