import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from './config.js';
import { configFromEnv } from './config.js';
import {
  createCsvRosterDirectory,
  hashRosterPassword,
  parseCsv,
  rosterToCsv,
} from './directory/csv-roster.js';
import { HTML_CSP } from './http/security-headers.js';
import { createServer } from './server.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function config(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'shomei-server-'));
  dirs.push(dataDir);
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    publicBaseUrl: 'http://localhost:4010',
    sandboxSecret: 'test',
    logLevel: 'silent',
    passwordHashIterations: 1000,
    shutdownTimeoutMs: 2000,
    ...overrides,
  };
}

describe('configFromEnv', () => {
  it('defaults to SQLite under .data on 8787 and reads every variable', () => {
    expect(configFromEnv({})).toMatchObject({
      port: 8787,
      dataDir: '.data',
      publicBaseUrl: 'http://localhost:8787',
      logLevel: 'info',
      passwordHashIterations: 600_000,
    });
    expect(
      configFromEnv({
        PORT: '9000',
        DATABASE_URL: 'postgres://x/y',
        PUBLIC_BASE_URL: 'https://certs.example.ac.jp/',
        STAFF_TOKEN_SHA256: 'ab'.repeat(32),
        TENANT_FILE: '/etc/shomei/tenants/u.json',
        SANDBOX_SECRET: 's',
        LOG_LEVEL: 'warn',
      }),
    ).toMatchObject({
      port: 9000,
      databaseUrl: 'postgres://x/y',
      publicBaseUrl: 'https://certs.example.ac.jp',
      sandboxSecret: 's',
      logLevel: 'warn',
    });
    expect(() => configFromEnv({ PORT: 'x' })).toThrow(/PORT/);
  });

  it('reads PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE (issue 14)', () => {
    const defaults = configFromEnv({});
    expect(defaults.passwordHashQueue).toBe(64);
    expect(defaults.passwordHashConcurrency).toBeGreaterThanOrEqual(1);
    expect(defaults.passwordHashConcurrency).toBeLessThanOrEqual(4);
    expect(
      configFromEnv({ PASSWORD_HASH_CONCURRENCY: '3', PASSWORD_HASH_QUEUE: '0' }),
    ).toMatchObject({ passwordHashConcurrency: 3, passwordHashQueue: 0 });
    expect(() => configFromEnv({ PASSWORD_HASH_CONCURRENCY: '0' })).toThrow(
      /PASSWORD_HASH_CONCURRENCY/,
    );
  });

  it('X6: beyond a local http server, refuses to start without tenant files: no demo students or staff token with public passwords (ASVS 6.3.2)', () => {
    const refused =
      /TENANT_FILE or TENANTS_DIR must be set .* the demo tenant, whose students' passwords and staff token are public/;
    for (const env of [
      { PUBLIC_BASE_URL: 'https://certs.example.ac.jp' },
      { HOST: '0.0.0.0' },
      // A staff token of its own does not make the demo's students private.
      { HOST: '0.0.0.0', STAFF_TOKEN_SHA256: 'cd'.repeat(32) },
      { PUBLIC_BASE_URL: 'https://certs.example.ac.jp', STAFF_TOKEN_SHA256: 'cd'.repeat(32) },
    ])
      expect(() => configFromEnv(env)).toThrow(refused);
    // With a tenant file it starts; the file names its own staff token.
    expect(
      configFromEnv({ HOST: '0.0.0.0', TENANT_FILE: '/etc/shomei/tenants/u.json' }).tenantFile,
    ).toBe('/etc/shomei/tenants/u.json');
    expect(
      configFromEnv({ PUBLIC_BASE_URL: 'https://certs.example.ac.jp', TENANTS_DIR: '/etc/t' })
        .tenantsDir,
    ).toBe('/etc/t');
    // A development server (`npm start`, plain http on loopback) hosts the demo as before.
    expect(configFromEnv({}).tenantFile).toBeUndefined();
    expect(configFromEnv({ PUBLIC_BASE_URL: 'http://localhost:5173' }).tenantsDir).toBeUndefined();
    expect(configFromEnv({}).staffTokenHash).toBeUndefined();
    expect(configFromEnv({ STAFF_TOKEN_SHA256: 'cd'.repeat(32) }).staffTokenHash).toBe(
      'cd'.repeat(32),
    );
  });

  it('reads TRUSTED_PROXY_HOPS and STAFF_TOKEN_SHA256; refuses URLs that are not URLs', () => {
    expect(configFromEnv({ TRUSTED_PROXY_HOPS: '2' }).trustedProxyHops).toBe(2);
    expect(configFromEnv({}).trustedProxyHops).toBeUndefined();
    expect(() => configFromEnv({ TRUSTED_PROXY_HOPS: '0' })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => configFromEnv({ TRUSTED_PROXY_HOPS: 'one' })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(configFromEnv({ STAFF_TOKEN_SHA256: 'AB'.repeat(32) }).staffTokenHash).toBe(
      'ab'.repeat(32),
    );
    expect(() => configFromEnv({ STAFF_TOKEN_SHA256: 'secret' })).toThrow(/STAFF_TOKEN_SHA256/);
    expect(() => configFromEnv({ PUBLIC_BASE_URL: 'certs.example.ac.jp' })).toThrow(
      /PUBLIC_BASE_URL must be an absolute http\(s\) URL/,
    );
    expect(() => configFromEnv({ PUBLIC_BASE_URL: 'ftp://certs.example.ac.jp' })).toThrow(
      /PUBLIC_BASE_URL/,
    );
    expect(() => configFromEnv({ PUBLIC_BASE_URL: 'https://certs.example.ac.jp/api' })).toThrow(
      /without a path/,
    );
    expect(() => configFromEnv({ HOMEPAGE_URL: '/login' })).toThrow(/HOMEPAGE_URL/);
    expect(configFromEnv({ HOMEPAGE_URL: 'https://www.example.ac.jp/certs' }).homepageUrl).toBe(
      'https://www.example.ac.jp/certs',
    );
  });
});

describe('sessions: the cookie follows the deployment (docs/decisions/0003, 0010)', () => {
  async function loginCookie(publicBaseUrl: string): Promise<string[]> {
    const server = await createServer(config({ publicBaseUrl }));
    const response = await server.fetch(
      new Request(`${publicBaseUrl}/t/demo/session/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Shomei-Client': 'test' },
        body: JSON.stringify({ userId: 's2026001', password: 'Hanako-2026' }),
      }),
    );
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie();
    // The browser sends it back by the same name, and it names the session.
    const session = await server.fetch(
      new Request(`${publicBaseUrl}/t/demo/session`, {
        headers: { Cookie: (cookies[0] ?? '').split(';')[0] ?? '' },
      }),
    );
    expect(await session.json()).toMatchObject({ step: 'email-registration' });
    await server.close();
    return cookies;
  }

  it('A16: https → __Host-shomei_session with Secure; HttpOnly; SameSite=Lax; Path=/', async () => {
    const [cookie] = await loginCookie('https://certs.example.ac.jp');
    expect(cookie).toMatch(/^__Host-shomei_session=[\w-]+; /);
    expect(cookie).toContain('Path=/;');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Secure');
    expect(cookie).not.toContain('Domain');
  });

  it('A6: https → the device cookie (issue 14) as __Host-shomei_device, Secure and HttpOnly', async () => {
    const cookies = await loginCookie('https://certs.example.ac.jp');
    expect(cookies.find((cookie) => cookie.startsWith('__Host-shomei_device='))).toMatch(
      /^__Host-shomei_device=[\w-]{22}; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=\d+$/,
    );
  });

  it('A16: http://localhost → plain shomei_session on the tenant path, not Secure', async () => {
    const [cookie] = await loginCookie('http://localhost:8787');
    expect(cookie).toMatch(/^shomei_session=[\w-]+; Path=\/t\/demo; HttpOnly; SameSite=Lax$/);
  });
});

describe('createServer', () => {
  it('answers /healthz and /readyz, sets security headers, and shuts down gracefully', async () => {
    const server = await createServer(config());
    const { url } = await server.listen();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('Content-Security-Policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    expect(health.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(health.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(health.headers.get('Strict-Transport-Security')).toBeNull();
    expect(health.headers.get('X-Request-Id')).toMatch(/^[\w-]+$/);
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { accepting: true, database: true, migrations: true },
    });

    // The service's own routes, with the demo tenant seeded, through real HTTP.
    const tenant = await fetch(`${url}/t/demo/tenant`);
    expect(tenant.status).toBe(200);
    expect(tenant.headers.get('Vary')).toMatch(/Origin/);
    const cors = await fetch(`${url}/t/demo/session`, {
      headers: { Origin: 'http://localhost:5173' },
    });
    expect(cors.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
    expect(cors.headers.get('Access-Control-Expose-Headers')).toContain('Shomei-Session-Token');

    await server.close();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    await server.close(); // idempotent
  });

  it('A6: without CLIENT_IP_HEADER the per-IP login limit counts the connection address (issue 14)', async () => {
    const server = await createServer(config(), {
      rateLimits: { loginPerIp: { limit: 2, windowSeconds: 600 } },
    });
    const { url } = await server.listen();
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      // A different user each time: only the address is common.
      const response = await fetch(`${url}/t/demo/session/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Shomei-Client': 'test' },
        body: JSON.stringify({ userId: `s19990${index}`, password: 'wrong' }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
    await server.close();
  });

  it('HSTS when the public URL is https; the service sees the public origin', async () => {
    const server = await createServer(config({ publicBaseUrl: 'https://certs.example.ac.jp' }));
    const response = await server.fetch(new Request('http://10.0.0.1:8787/healthz'));
    expect(response.headers.get('Strict-Transport-Security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
    await server.close();
  });

  it('seeds the demo once: a restart keeps what students changed', async () => {
    const settings = config();
    const first = await createServer(settings);
    const account = await first.store.accounts.get('demo', 's2024001');
    expect(account?.email).toBe('taro.yamada@mail.example');
    await first.store.accounts.put({ ...account!, email: 'changed@mail.example' });
    await first.close();
    const second = await createServer(settings);
    expect((await second.store.accounts.get('demo', 's2024001'))?.email).toBe(
      'changed@mail.example',
    );
    await second.close();
  });

  it("O7: the sandbox checkout page runs under script-src 'self': its script is a file, none inline", async () => {
    const server = await createServer(config());
    const csp = HTML_CSP;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const script = await server.fetch(new Request('http://localhost:8787/sandbox/checkout.js'));
    expect(script.status).toBe(200);
    expect(script.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("addEventListener('click'");
    await server.close();
  });

  it('O7: the sandbox routes exist on a development server or with SANDBOX_ROUTES=true only', async () => {
    expect(configFromEnv({}).sandboxRoutes).toBeUndefined();
    expect(configFromEnv({ SANDBOX_ROUTES: 'true' }).sandboxRoutes).toBe(true);
    expect(configFromEnv({ SANDBOX_ROUTES: 'false' }).sandboxRoutes).toBe(false);
    expect(() => configFromEnv({ SANDBOX_ROUTES: 'yes' })).toThrow(/SANDBOX_ROUTES/);

    const probe = async (overrides: Partial<ServerConfig>) => {
      const server = await createServer(config(overrides));
      const origin = server.config.publicBaseUrl;
      const statuses = [
        (await server.fetch(new Request(`${origin}/sandbox/checkout.js`))).status,
        (
          await server.fetch(
            new Request(`${origin}/sandbox/payments/pay_x/settle`, { method: 'POST' }),
          )
        ).status,
      ];
      await server.close();
      return statuses;
    };
    // Development (npm start): the checkout script is served, an unknown payment is 404.
    expect(await probe({})).toEqual([200, 404]);
    expect(await probe({ sandboxRoutes: false })).toEqual([404, 404]);
    // Production: https, or reachable beyond this machine; nothing under /sandbox.
    const production = {
      publicBaseUrl: 'https://certs.example.ac.jp',
      staffTokenHash: 'ab'.repeat(32),
    };
    expect(await probe(production)).toEqual([404, 404]);
    expect(await probe({ host: '0.0.0.0', staffTokenHash: 'ab'.repeat(32) })).toEqual([404, 404]);
    // A public demo says so.
    expect(await probe({ ...production, sandboxRoutes: true })).toEqual([200, 404]);
  });

  it('reads the roster from ROSTER_CSV when given', async () => {
    const settings = config();
    const file = join(settings.dataDir, 'custom.csv');
    writeFileSync(
      file,
      rosterToCsv([
        {
          student: { userId: 's1', name: 'A', group: 'undergraduate', department: 'x', year: 2 },
          passwordHash: await hashRosterPassword('Pass-word1', { N: 1024, r: 8, p: 1 }),
        },
      ]),
    );
    const server = await createServer({ ...settings, rosterFile: file });
    const student = await server.tenants[0]?.students.authenticate('s1', 'Pass-word1');
    expect(student?.year).toBe(2);
    await server.close();
  });
});

describe('A1/A2: the CSV roster directory', () => {
  it('parses quoted fields and checks scrypt and PBKDF2 hashes; unknown users cost the same', async () => {
    expect(parseCsv('a,"b,""c"""\r\nd,e\n')).toEqual([
      ['a', 'b,"c"'],
      ['d', 'e'],
    ]);
    const cost = { N: 1024, r: 8, p: 1 };
    const csv = [
      'userId,name,group,department,year,availableFrom,passwordHash',
      `s1,"山田, 太郎",undergraduate,medicine,3,,${await hashRosterPassword('Taro-2024', cost)}`,
      `g1,佐藤 次郎,graduate,occupational-health,1,2027-04-06T03:00:00Z,${await hashRosterPassword('Jiro-2025', cost)}`,
    ].join('\n');
    const directory = createCsvRosterDirectory(csv);
    expect(await directory.authenticate('ｓ１', 'Taro-2024')).toMatchObject({
      userId: 's1',
      name: '山田, 太郎',
      year: 3,
    });
    expect(await directory.authenticate('s1', 'taro-2024')).toBeNull();
    expect(await directory.authenticate('nobody', 'Taro-2024')).toBeNull();
    expect((await directory.find('g1'))?.availableFrom).toBe('2027-04-06T03:00:00.000Z');
    expect(() => createCsvRosterDirectory('userId,name\ns1,A')).toThrow(/header/);
    expect(() =>
      createCsvRosterDirectory(
        'userId,name,group,department,year,availableFrom,passwordHash\ns1,A,alien,x,1,,h',
      ),
    ).toThrow(/line 2: unknown group/);
  });
});
