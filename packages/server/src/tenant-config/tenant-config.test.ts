import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoTenantSettings } from '@shomei/service';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../config.js';
import { configFromEnv } from '../config.js';
import { createServer } from '../server.js';
import { runCheckConfig } from './check-command.js';
import { formatProblem, isTenantConfigError, type TenantFileProblem } from './errors.js';
import { generatedTenantConfigFiles } from './generate.js';
import { checkTenantFiles, DEMO_STAFF_TOKEN_SHA256, parseTenantFile } from './load.js';
import { tenantJsonSchema } from './schema.js';
import { demoTenantFile } from './server-tenants.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const DEMO = join(root, 'examples/tenants/demo.json');
const demoJson = (): Record<string, unknown> =>
  JSON.parse(readFileSync(DEMO, 'utf8')) as Record<string, unknown>;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shomei-tenants-'));
  dirs.push(dir);
  return dir;
}

/** A tenant file in a fresh directory, beside a copy of the demo roster. */
function writeTenant(dir: string, name: string, content: Record<string, unknown>): string {
  copyFileSync(join(root, 'examples/tenants/demo-roster.csv'), join(dir, 'demo-roster.csv'));
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
}

/** The demo file with `change` applied to a copy of its JSON. */
function demoWith(change: (json: Record<string, unknown> & { catalog: object[] }) => void) {
  const json = demoJson() as Record<string, unknown> & { catalog: object[] };
  change(json);
  return json;
}

function problemsOf(json: unknown): string[] {
  const result = parseTenantFile('t.json', JSON.stringify(json));
  return result.ok ? [] : result.problems.map(formatProblem);
}

const options = { passwordHashIterations: 1000, env: {} };

describe('X6: the tenant file schema', () => {
  it('X6: accepts the demo file, which holds exactly the demo tenant the mock serves', () => {
    const now = new Date('2026-12-07T03:00:00Z');
    const { tenants, problems } = checkTenantFiles([DEMO], { ...options, now });
    expect(problems).toEqual([]);
    const [demo] = tenants;
    // One tenant for mock and server: Storybook shows nothing the server does not have.
    expect(demo?.tenant.settings).toEqual(demoTenantSettings({ now }));
    expect(demo?.tenant.staffTokenHash).toBe(DEMO_STAFF_TOKEN_SHA256);
    expect(demo?.tenant.passwordHashIterations).toBe(1000);
    expect(demoTenantFile()).toBe(DEMO);
  });

  it('X6: refuses an unknown key, naming it with its path', () => {
    const json = demoWith((file) => {
      Object.assign(file.catalog[0] as object, { colour: 'red' });
      file.nmae = 'typo';
    });
    expect(problemsOf(json)).toEqual([
      't.json: catalog[0].colour: unknown key',
      't.json: nmae: unknown key',
    ]);
  });

  it('X6: refuses a wrong type with its path', () => {
    const json = demoWith((file) => {
      file.idleTimeoutSeconds = '900';
      Object.assign(file.contacts as object, { callCenter: { name: 'x', hours: { ja: 'x' } } });
    });
    const problems = problemsOf(json);
    expect(problems).toContain('t.json: idleTimeoutSeconds: expected a whole number');
    expect(problems.some((line) => line.startsWith('t.json: contacts.callCenter.name: '))).toBe(
      true,
    );
    expect(problems).toHaveLength(2);
  });

  it('X6: refuses a fee below zero or not in whole yen, with its path', () => {
    const json = demoWith((file) => {
      Object.assign(file.catalog[3] as object, { unitPrice: -100 });
      Object.assign(file.catalog[4] as object, { unitPrice: 99.5 });
    });
    expect(problemsOf(json)).toEqual([
      't.json: catalog[3].unitPrice: expected a whole number of yen, 0 or more',
      't.json: catalog[4].unitPrice: expected a whole number of yen',
    ]);
  });

  it('X6: refuses duplicate item ids, naming both places', () => {
    const json = demoWith((file) => {
      Object.assign(file.catalog[5] as object, { itemId: 'transcript-ja' });
    });
    expect(problemsOf(json)).toEqual([
      't.json: catalog[5].itemId: duplicate item id "transcript-ja" (also catalog[2])',
    ]);
  });

  it('X6: refuses a locale outside the core vocabulary and a default that is not offered', () => {
    const json = demoWith((file) => {
      file.locales = ['ja', 'fr'];
      file.defaultLocale = 'en';
      file.name = { ja: '大学', de: 'Universität' };
    });
    expect(problemsOf(json)).toEqual([
      't.json: name.de: unknown key',
      't.json: locales[1]: expected one of ja, en, zh-Hans, ko',
      't.json: defaultLocale: expected one of the offered locales (ja)',
    ]);
    const offered = demoWith((file) => {
      file.locales = ['ja'];
      file.defaultLocale = 'en';
    });
    expect(problemsOf(offered)).toEqual([
      't.json: defaultLocale: expected one of the offered locales (ja)',
    ]);
  });

  it('X6: lists every error of a file at once: dates, URLs, emails, windows, directory', () => {
    const json = demoWith((file) => {
      file.closures = ['12-29', '2026-02-30', '13-01'];
      file.manualUrl = 'ftp://example.ac.jp/manual.pdf';
      file.senderAddress = 'no-reply';
      Object.assign(file.catalog[10] as object, { windows: [{ from: '06-10', to: '06-01' }] });
      file.directory = { kind: 'ldap' };
      file.staffTokenHash = 'not-a-hash';
    });
    expect(problemsOf(json)).toEqual([
      't.json: senderAddress: expected an email address',
      't.json: manualUrl: expected an absolute http(s) URL',
      't.json: closures[1]: expected a date as YYYY-MM-DD or MM-DD',
      't.json: closures[2]: expected a date as YYYY-MM-DD or MM-DD',
      't.json: catalog[10].windows[0].to: expected a day on or after `from`',
      't.json: directory.url: missing (expected string)',
      't.json: directory.attributes: missing (expected object)',
      't.json: staffTokenHash: expected 64 hex digits (the SHA-256 of the token)',
    ]);
  });

  it('X6: a file that is not JSON is refused with the parser’s reason, not a stack trace', () => {
    const result = parseTenantFile('t.json', '{ "tenantId": ');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(formatProblem(result.problems[0] as TenantFileProblem)).toMatch(
        /^t\.json: not valid JSON: /,
      );
  });

  it('X6: recurring windows (MM-DD) become dated windows around the start', () => {
    const { tenants } = checkTenantFiles([DEMO], {
      ...options,
      now: new Date('2030-03-01T00:00:00Z'),
    });
    const parking = tenants[0]?.tenant.settings.catalog.find(
      (item) => item.itemId === 'parking-fee',
    );
    expect(parking?.windows).toContainEqual({ from: '2030-06-01', to: '2030-06-10' });
    expect(parking?.windows).toContainEqual({ from: '2035-06-01', to: '2035-06-10' });
  });
});

describe('X6: loading tenant files', () => {
  it('X6: checks the roster, the staff token variable, and unique tenant ids across files', () => {
    const dir = tempDir();
    const a = writeTenant(dir, 'a.json', demoJson());
    const b = writeTenant(
      dir,
      'b.json',
      demoWith((file) => void (file.tenantId = 'demo')),
    );
    const c = writeTenant(
      dir,
      'c.json',
      demoWith((file) => {
        file.tenantId = 'other';
        file.directory = { kind: 'csv', file: 'missing.csv' };
        delete file.staffTokenHash;
        file.staffTokenHashEnv = 'OTHER_STAFF_TOKEN_SHA256';
      }),
    );
    const { tenants, problems } = checkTenantFiles([a, b, c], options);
    expect(tenants.map(({ file }) => file)).toEqual([a]);
    expect(problems.map(formatProblem)).toEqual([
      `${b}: tenantId: "demo" is already the id of ${a}`,
      `${c}: directory.file: no roster at ${join(dir, 'missing.csv')}`,
      `${c}: staffTokenHashEnv: environment variable OTHER_STAFF_TOKEN_SHA256 is not set`,
    ]);
    const fromEnv = checkTenantFiles([c], {
      ...options,
      env: { OTHER_STAFF_TOKEN_SHA256: 'AB'.repeat(32) },
    });
    expect(fromEnv.problems.map((problem) => problem.path)).toEqual(['directory.file']);
  });

  it('X6: an LDAP directory is configured in the file, and checked with its paths', () => {
    const attributes = {
      userId: 'uid',
      name: 'displayName;lang-ja',
      group: 'employeeType',
      department: 'departmentNumber',
      year: 'studentYear',
    };
    const dir = tempDir();
    const byDn = writeTenant(
      dir,
      'dn.json',
      demoWith((file) => {
        file.directory = {
          kind: 'ldap',
          url: 'ldap://localhost:389',
          userDnTemplate: 'uid={userId},ou=people,dc=shomei-u,dc=example',
          attributes,
          groupValues: { 学部生: 'undergraduate', 大学院生: 'graduate' },
        };
      }),
    );
    expect(checkTenantFiles([byDn], options).problems).toEqual([]);

    const search = {
      kind: 'ldap',
      url: 'ldap://localhost:389',
      searchBase: 'ou=people,dc=shomei-u,dc=example',
      searchFilter: '(uid={userId})',
      bindDn: 'cn=shomei,dc=shomei-u,dc=example',
      bindPasswordEnv: 'SHOMEI_LDAP_PASSWORD',
      attributes,
    };
    const bySearch = writeTenant(
      dir,
      'search.json',
      demoWith((file) => void (file.directory = search)),
    );
    // The service account's password is in the environment, never in the file.
    expect(checkTenantFiles([bySearch], options).problems.map(formatProblem)).toEqual([
      `${bySearch}: directory.bindPasswordEnv: LDAP directory: the environment variable SHOMEI_LDAP_PASSWORD (bindPasswordEnv) must hold the password of cn=shomei,dc=shomei-u,dc=example`,
    ]);
    const withPassword = { ...options, env: { SHOMEI_LDAP_PASSWORD: 'secret' } };
    expect(checkTenantFiles([bySearch], withPassword).problems).toEqual([]);

    expect(
      problemsOf(
        demoWith((file) => {
          file.directory = { ...search, url: 'http://ldap.example', port: 389 };
        }),
      ),
    ).toEqual([
      't.json: directory.url: must be ldap://host[:port] or ldaps://host[:port]',
      't.json: directory.port: unknown key',
    ]);
    expect(
      problemsOf(demoWith((file) => void (file.directory = { kind: 'ad', url: 'ldap://x' }))),
    ).toEqual(['t.json: directory.kind: expected a directory with kind "csv" or "ldap"']);
  });

  it('X6: a server reachable beyond this machine refuses the public demo staff token', () => {
    const { problems } = checkTenantFiles([DEMO], { ...options, refuseDemoStaffToken: true });
    expect(problems.map(formatProblem)).toEqual([
      `${DEMO}: staffTokenHash: the demo staff token is public: a server reachable beyond this machine needs a token of its own`,
    ]);
  });

  it('X6: TENANTS_DIR and TENANT_FILE come from the environment, not both', () => {
    expect(configFromEnv({ TENANTS_DIR: '/etc/shomei/tenants' }).tenantsDir).toBe(
      '/etc/shomei/tenants',
    );
    expect(configFromEnv({ TENANT_FILE: 'u.json' }).tenantFile).toBe('u.json');
    expect(() => configFromEnv({ TENANTS_DIR: 'd', TENANT_FILE: 'f' })).toThrow(/not both/);
    // With tenant files, the staff token is each file's affair.
    expect(() =>
      configFromEnv({ TENANTS_DIR: 'd', PUBLIC_BASE_URL: 'https://certs.example.ac.jp' }),
    ).not.toThrow();
  });
});

function serverConfig(overrides: Partial<ServerConfig>): ServerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: tempDir(),
    publicBaseUrl: 'http://localhost:4010',
    sandboxSecret: 'test',
    logLevel: 'silent',
    passwordHashIterations: 1000,
    shutdownTimeoutMs: 2000,
    ...overrides,
  };
}

describe('X6: a server from TENANTS_DIR', () => {
  it('X6: hosts every tenant of the directory, each with its own settings and students', async () => {
    const dir = tempDir();
    writeTenant(dir, 'demo.json', demoJson());
    writeTenant(
      dir,
      'kita.json',
      demoWith((file) => {
        file.tenantId = 'kita';
        file.name = { ja: '北大学', en: 'Kita University' };
        file.locales = ['ja', 'en'];
        file.twoFactor = { mode: 'required', maxAttempts: 3, keyTtlMinutes: 5, trustedDays: 0 };
        file.catalog = file.catalog.slice(0, 2);
      }),
    );
    writeFileSync(join(dir, 'README.txt'), 'not a tenant');
    const server = await createServer(serverConfig({ tenantsDir: dir }));
    try {
      const demo = await server.fetch(new Request('http://localhost:4010/t/demo/tenant'));
      const kita = await server.fetch(new Request('http://localhost:4010/t/kita/tenant'));
      expect(demo.status).toBe(200);
      expect(kita.status).toBe(200);
      expect(await demo.json()).toMatchObject({ tenantId: 'demo', name: { ja: '証明大学' } });
      expect(await kita.json()).toMatchObject({
        tenantId: 'kita',
        name: { ja: '北大学', en: 'Kita University' },
        locales: ['ja', 'en'],
        twoFactor: { mode: 'required', maxAttempts: 3 },
      });
      const unknown = await server.fetch(new Request('http://localhost:4010/t/minami/tenant'));
      expect(unknown.status).toBe(404);
      const kitaTenant = server.tenants.find((tenant) => tenant.settings.tenantId === 'kita');
      expect(kitaTenant?.settings.catalog).toHaveLength(2);
      expect(await kitaTenant?.students.authenticate('s2024001', 'Taro-2024')).toMatchObject({
        userId: 's2024001',
      });
    } finally {
      await server.close();
    }
  });

  it('X6: refuses to start from a bad directory, with every problem of every file', async () => {
    const dir = tempDir();
    writeTenant(
      dir,
      'a.json',
      demoWith((file) => void (file.paymentMethods = ['cash'])),
    );
    writeTenant(
      dir,
      'b.json',
      demoWith((file) => void (file.tenantId = 'B')),
    );
    const refused = await createServer(serverConfig({ tenantsDir: dir })).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isTenantConfigError(refused)).toBe(true);
    if (!isTenantConfigError(refused)) return;
    expect(refused.problems.map(formatProblem)).toEqual([
      `${join(dir, 'a.json')}: paymentMethods[0]: Invalid option: expected one of "card"|"carrier-docomo"|"carrier-au"|"carrier-softbank"|"pay-easy"|"paypay"|"line-pay"|"apple-pay"|"merpay"|"konbini-lawson"|"konbini-familymart"|"konbini-seven-eleven"`,
      `${join(dir, 'b.json')}: tenantId: expected lower-case letters, digits and hyphens (it is part of every URL: /t/<tenantId>)`,
    ]);
    const missing = join(dir, 'missing');
    const nowhere = await createServer(serverConfig({ tenantsDir: missing })).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isTenantConfigError(nowhere) && nowhere.problems.map(formatProblem)).toEqual([
      expect.stringMatching(new RegExp(`^${missing}: cannot read TENANTS_DIR: ENOENT`)),
    ]);
  });
});

describe('CORS: loopback origins on a development server only (issue 14)', () => {
  const preflight = (server: { fetch(request: Request): Promise<Response> }, base: string) =>
    server.fetch(
      new Request(`${base}/t/demo/session/login`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:5173',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      }),
    );

  it('a tenant file naming localhost is refused beyond a development server', async () => {
    const { problems } = checkTenantFiles([DEMO], {
      ...options,
      refuseLoopbackOrigins: true,
    });
    expect(problems.map(formatProblem)).toEqual(
      [
        'http://localhost',
        'http://localhost:*',
        'https://localhost:*',
        'http://127.0.0.1',
        'http://127.0.0.1:*',
      ].map(
        (origin, index) =>
          `${DEMO}: allowedOrigins[${index}]: ${origin} is this machine: a server reachable beyond it allows no loopback origin (development only)`,
      ),
    );
    const dir = tempDir();
    writeTenant(
      dir,
      'demo.json',
      demoWith((file) => void (file.staffTokenHash = 'ab'.repeat(32))),
    );
    const https = { publicBaseUrl: 'https://certs.example.ac.jp', tenantsDir: dir };
    const refused = await createServer(serverConfig(https)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isTenantConfigError(refused) && refused.problems).toHaveLength(5);

    // An https page of the university's own stays allowed.
    writeTenant(
      dir,
      'demo.json',
      demoWith((file) => {
        file.staffTokenHash = 'ab'.repeat(32);
        file.allowedOrigins = ['https://www.shomei-u.example'];
      }),
    );
    const server = await createServer(serverConfig(https));
    await server.close();
  });

  it('the built-in demo answers CORS for localhost in development only', async () => {
    const development = await createServer(serverConfig({}));
    const allowed = await preflight(development, 'http://localhost:4010');
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
    expect(allowed.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    await development.close();

    const warnings: unknown[] = [];
    const production = await createServer(
      serverConfig({
        publicBaseUrl: 'https://certs.example.ac.jp',
        staffTokenHash: 'ab'.repeat(32),
      }),
      {
        logger: pino(
          { level: 'warn' },
          { write: (line: string) => void warnings.push(JSON.parse(line)) },
        ),
      },
    );
    const refused = await preflight(production, 'https://certs.example.ac.jp');
    expect(refused.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(refused.headers.get('Access-Control-Allow-Credentials')).toBeNull();
    expect(
      production.tenants[0]?.allowedOrigins.filter((origin) => origin.includes('localhost')),
    ).toEqual([]);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        msg: 'the demo tenant allows no localhost origin beyond a development server',
      }),
    );
    await production.close();
  });
});

/** The real command line: `tsx packages/server/src/main.ts ...`. */
function main(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'packages/server/src/main.ts'), ...args],
      { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('X6: shomei-server check-config', () => {
  it('X6: prints ok and exits 0 for good files, every problem and 1 for a bad one', () => {
    const dir = tempDir();
    const bad = writeTenant(
      dir,
      'bad.json',
      demoWith((file) => {
        Object.assign(file.catalog[3] as object, { unitPrice: -1 });
        file.extra = true;
      }),
    );
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {} };
    expect(runCheckConfig([DEMO], io)).toBe(0);
    expect(out.join('')).toBe(`${DEMO}: ok (tenant "demo", 12 catalog items)\n`);
    expect(err).toEqual([]);
    out.length = 0;
    expect(runCheckConfig([DEMO, bad], io)).toBe(1);
    expect(err.join('')).toBe(
      [
        `${bad}: catalog[3].unitPrice: expected a whole number of yen, 0 or more`,
        `${bad}: extra: unknown key`,
        '2 errors: the server would refuse to start',
        '',
      ].join('\n'),
    );
    expect(runCheckConfig([], io)).toBe(2);
  });

  it('X6: the command line checks files, and a bad TENANT_FILE stops the server without a stack trace', async () => {
    const dir = tempDir();
    const bad = writeTenant(
      dir,
      'bad.json',
      demoWith((file) => void (file.locales = ['xx'])),
    );
    const good = await main(['check-config', 'examples/tenants/demo.json']);
    expect(good).toMatchObject({ code: 0, stderr: '' });
    expect(good.stdout).toContain('examples/tenants/demo.json: ok');
    const checked = await main(['check-config', bad]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(`${bad}: locales[0]: expected one of ja, en, zh-Hans, ko\n`);
    const started = await main([], { TENANT_FILE: bad, PORT: '0', DATA_DIR: tempDir() });
    expect(started.code).toBe(1);
    expect(started.stderr).toContain(`${bad}: locales[0]: expected one of ja, en, zh-Hans, ko\n`);
    expect(started.stderr).toContain('nothing was started');
    expect(started.stderr).not.toMatch(/^\s+at /m);
    expect(started.stdout).not.toContain('listening');
  }, 180_000); // three Node processes through tsx: slow on a busy machine, not what is tested
});

describe('tenant-config: generated files', () => {
  it('tenant.schema.json and docs/tenant-config.md are up to date (npm run tenant-config)', async () => {
    for (const { path, content } of await generatedTenantConfigFiles(root))
      expect(readFileSync(path, 'utf8'), `${path} is stale: run npm run tenant-config`).toBe(
        content,
      );
  });

  it('X6: the JSON Schema for editors refuses what the loader refuses: unknown keys, yen below 0', () => {
    interface Node {
      additionalProperties?: unknown;
      properties?: Record<string, Node>;
      items?: Node;
      type?: string;
      minimum?: number;
      required?: string[];
    }
    const schema = tenantJsonSchema() as Node;
    expect(schema.additionalProperties).toBe(false);
    const item = schema.properties?.catalog?.items;
    expect(item?.additionalProperties).toBe(false);
    expect(item?.properties?.unitPrice).toMatchObject({ type: 'integer', minimum: 0 });
    expect(schema.required).toEqual(expect.arrayContaining(['tenantId', 'catalog', 'directory']));
    // Every field is described: the reference in docs/tenant-config.md is made from them.
    const undescribed: string[] = [];
    const walk = (node: Node & { description?: string }, path: string): void => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (!(child as { description?: string }).description) undescribed.push(`${path}${key}`);
        walk(child, `${path}${key}.`);
      }
      if (node.items) walk(node.items, `${path.replace(/\.$/, '')}[].`);
    };
    walk(schema, '');
    expect(undescribed).toEqual([]);
  });

  it('the demo file points editors at the JSON Schema', () => {
    const schemaPath = join(dirname(DEMO), String(demoJson().$schema));
    expect(schemaPath).toBe(join(root, 'packages/server/tenant.schema.json'));
  });
});
