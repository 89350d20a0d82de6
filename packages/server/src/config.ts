/** The server's settings, from the environment (`configFromEnv`) or given directly (tests). */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { addressDomain, smtpTransportOptions } from './mail/smtp-mailer.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  /** `PORT`, default 8787; 0 picks a free port. */
  readonly port: number;
  /** `HOST`, default 127.0.0.1 (set 0.0.0.0 in a container). */
  readonly host: string;
  /** `DATA_DIR`, default `.data`: the SQLite file and the demo roster live here. */
  readonly dataDir: string;
  /** `DATABASE_URL`: PostgreSQL instead of SQLite, for several instances. */
  readonly databaseUrl?: string;
  /** `PUBLIC_BASE_URL`: the origin students reach; default `http://localhost:<port>`. */
  readonly publicBaseUrl: string;
  /**
   * `SMTP_URL`: mail over SMTP (`smtp://user:pass@relay:587`, `smtps://...`; smtp-mailer.ts).
   * Without it mails stay in the server's memory (development only).
   */
  readonly smtpUrl?: string;
  /**
   * `SMTP_TIMEOUT_MS`: how long the relay may take to connect, greet and answer each command
   * before an attempt fails and is retried later; default 15 000.
   */
  readonly smtpTimeoutMs?: number;
  /**
   * `MAIL_FROM`: the sender of every mail, for a relay that accepts one verified address only.
   * Default: each tenant's own sender address.
   */
  readonly mailFrom?: string;
  /**
   * `MAIL_RETRY_INTERVAL_MS`: how often undelivered mails are looked at again; default 10 000;
   * 0 turns the periodic retry off (tests run `ShomeiServer.deliverMails` themselves).
   */
  readonly mailRetryIntervalMs?: number;
  /**
   * `PAYMENT_RECONCILE_INTERVAL_MS`: how often pending payments are checked with the provider
   * (O7: outcomes lost in a crash, deadlines passed); also once at start. Default 60 000; 0 off.
   */
  readonly paymentReconcileIntervalMs?: number;
  /** `SANDBOX_SECRET`: signs sandbox webhooks; must be shared by every instance. */
  readonly sandboxSecret: string;
  /**
   * `SANDBOX_ROUTES`: `true` or `false`: serve the sandbox provider's checkout page and test
   * controls under `/sandbox` (anyone who knows a konbini payment's id can settle it there).
   * Default true on a development server (an http PUBLIC_BASE_URL on a loopback HOST, as
   * `npm start`), false otherwise; set true for a public demo only, never in production.
   */
  readonly sandboxRoutes?: boolean;
  /** `LOG_LEVEL`: one of fatal, error, warn, info (the default), debug, trace, silent. */
  readonly logLevel: LogLevel;
  /**
   * `PASSWORD_HASH_ITERATIONS`: PBKDF2 cost of new second passwords; default 600 000. A second
   * password stored at a lower cost is rehashed at this one when its student logs in.
   */
  readonly passwordHashIterations: number;
  /**
   * `PASSWORD_HASH_CONCURRENCY`: password checks (the university password and the second
   * password of one login) running at once; default the number of cores, at most 4 (Node's
   * default thread pool, which file access shares). At least 1.
   */
  readonly passwordHashConcurrency?: number;
  /**
   * `PASSWORD_HASH_QUEUE`: password checks that may wait for a free slot; one more is answered
   * 503 `busy` with Retry-After. Default 64; 0 refuses whatever cannot run at once.
   */
  readonly passwordHashQueue?: number;
  /**
   * X6: `TENANTS_DIR`: every `*.json` in it is one tenant (docs/tenant-config.md). Without it
   * and without `tenantFile`, the server hosts the demo tenant (examples/tenants/demo.json), on
   * a development server only: beyond one, the start is refused (the demo's passwords are public).
   */
  readonly tenantsDir?: string;
  /** X6: `TENANT_FILE`: one tenant file; not together with TENANTS_DIR. */
  readonly tenantFile?: string;
  /** `ROSTER_CSV`: the demo tenant's roster; default `<dataDir>/roster-demo.csv`, written on first start. */
  readonly rosterFile?: string;
  /** `HOMEPAGE_URL`: the page hosting the demo tenant's elements (one-time links point at it). */
  readonly homepageUrl?: string;
  /**
   * `CLIENT_IP_HEADER`: set only behind a proxy that overwrites it (e.g. X-Forwarded-For).
   * Without it the per-IP limits count the address of the connection.
   */
  readonly clientIpHeader?: string;
  /**
   * `TRUSTED_PROXY_HOPS`: how many trusted proxies append to `CLIENT_IP_HEADER` (the client IP
   * is the entry this many from the right; ServiceDeps.trustedProxyHops). Default 1.
   */
  readonly trustedProxyHops?: number;
  /**
   * `STAFF_TOKEN_SHA256`: the SHA-256 (hex) of the demo tenant's staff token (O6). Default: the
   * hash of the demo's public `DEMO_STAFF_TOKEN`, for development only.
   */
  readonly staffTokenHash?: string;
  /** `SHUTDOWN_TIMEOUT_MS`: how long in-flight requests may finish after SIGTERM; default 10 000. */
  readonly shutdownTimeoutMs: number;
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0)
    throw new Error(`${name} must be a non-negative integer, got ${value}`);
  return number;
}

function boolean(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`${name} must be true or false, got ${value}`);
}

/** An absolute http(s) URL, or a clear startup error naming the variable. */
function httpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${name} must be an http or https URL, got ${JSON.stringify(value)}`);
  if (url.username !== '' || url.password !== '')
    throw new Error(`${name} must not carry credentials`);
  return value;
}

/** Checked at start, so a typo fails the start rather than every mail. */
function smtpUrl(value: string): string {
  try {
    smtpTransportOptions(value);
  } catch (error) {
    throw new Error(`SMTP_URL: ${(error as Error).message.replace(/^SMTP URL: /, '')}`);
  }
  return value;
}

/** A sender that cannot smuggle headers: one line, with a domain. */
function mailFrom(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error('MAIL_FROM must be one line');
  try {
    addressDomain(value);
  } catch {
    throw new Error(`MAIL_FROM must be an address such as no-reply@u.example, got ${value}`);
  }
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = integer(env.PORT, 8787, 'PORT');
  const publicBaseUrl = httpUrl(
    (env.PUBLIC_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    'PUBLIC_BASE_URL',
  );
  if (new URL(publicBaseUrl).pathname !== '/' || /[?#]/.test(publicBaseUrl))
    throw new Error(`PUBLIC_BASE_URL must be an origin without a path, got ${publicBaseUrl}`);
  const trustedProxyHops = integer(env.TRUSTED_PROXY_HOPS, 1, 'TRUSTED_PROXY_HOPS');
  if (trustedProxyHops < 1) throw new Error('TRUSTED_PROXY_HOPS must be at least 1');
  if (env.STAFF_TOKEN_SHA256 && !/^[0-9a-f]{64}$/i.test(env.STAFF_TOKEN_SHA256))
    throw new Error('STAFF_TOKEN_SHA256 must be 64 hex digits (the SHA-256 of the staff token)');
  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  // Node runs PBKDF2 on its libuv pool (4 threads unless UV_THREADPOOL_SIZE says otherwise):
  // more checks at once than that only queue there, in front of file access.
  const passwordHashConcurrency = integer(
    env.PASSWORD_HASH_CONCURRENCY,
    Math.max(1, Math.min(availableParallelism(), 4)),
    'PASSWORD_HASH_CONCURRENCY',
  );
  if (passwordHashConcurrency < 1) throw new Error('PASSWORD_HASH_CONCURRENCY must be at least 1');
  const dataDir = env.DATA_DIR || '.data';
  const host = env.HOST || '127.0.0.1';
  if (env.TENANTS_DIR && env.TENANT_FILE)
    throw new Error('Set TENANTS_DIR or TENANT_FILE, not both');
  const tenantFiles = Boolean(env.TENANTS_DIR || env.TENANT_FILE);
  // ASVS 6.3.2: without tenant files the server hosts the built-in demo tenant, whose students'
  // passwords are in the README and whose staff token ships in @shomei/service. Only a
  // development server, reachable from this machine alone over http (`npm start`), may host it.
  // Tenant files name their own token (and the loader refuses the demo's beyond development).
  if (!tenantFiles && !isDevelopment({ publicBaseUrl, host }))
    throw new Error(
      'TENANT_FILE or TENANTS_DIR must be set when the server is reachable beyond this machine ' +
        '(an https PUBLIC_BASE_URL or a non-loopback HOST): without them it would host the demo ' +
        "tenant, whose students' passwords and staff token are public. Point TENANT_FILE at your " +
        "university's tenant file (docs/tenant-config.md).",
    );
  const sandboxRoutes = boolean(env.SANDBOX_ROUTES, 'SANDBOX_ROUTES');
  return {
    port,
    host,
    dataDir,
    publicBaseUrl,
    // A random secret works for one process; several instances must share SANDBOX_SECRET.
    sandboxSecret: env.SANDBOX_SECRET || randomBytes(32).toString('hex'),
    logLevel,
    passwordHashIterations: integer(
      env.PASSWORD_HASH_ITERATIONS,
      600_000,
      'PASSWORD_HASH_ITERATIONS',
    ),
    passwordHashConcurrency,
    passwordHashQueue: integer(env.PASSWORD_HASH_QUEUE, 64, 'PASSWORD_HASH_QUEUE'),
    shutdownTimeoutMs: integer(env.SHUTDOWN_TIMEOUT_MS, 10_000, 'SHUTDOWN_TIMEOUT_MS'),
    mailRetryIntervalMs: integer(env.MAIL_RETRY_INTERVAL_MS, 10_000, 'MAIL_RETRY_INTERVAL_MS'),
    paymentReconcileIntervalMs: integer(
      env.PAYMENT_RECONCILE_INTERVAL_MS,
      60_000,
      'PAYMENT_RECONCILE_INTERVAL_MS',
    ),
    ...(sandboxRoutes === undefined ? {} : { sandboxRoutes }),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.SMTP_URL ? { smtpUrl: smtpUrl(env.SMTP_URL) } : {}),
    ...(env.MAIL_FROM ? { mailFrom: mailFrom(env.MAIL_FROM) } : {}),
    ...(env.SMTP_TIMEOUT_MS
      ? { smtpTimeoutMs: integer(env.SMTP_TIMEOUT_MS, 15_000, 'SMTP_TIMEOUT_MS') }
      : {}),
    ...(env.TENANTS_DIR ? { tenantsDir: env.TENANTS_DIR } : {}),
    ...(env.TENANT_FILE ? { tenantFile: env.TENANT_FILE } : {}),
    ...(env.ROSTER_CSV ? { rosterFile: env.ROSTER_CSV } : {}),
    ...(env.HOMEPAGE_URL ? { homepageUrl: httpUrl(env.HOMEPAGE_URL, 'HOMEPAGE_URL') } : {}),
    ...(env.CLIENT_IP_HEADER ? { clientIpHeader: env.CLIENT_IP_HEADER } : {}),
    ...(env.TRUSTED_PROXY_HOPS ? { trustedProxyHops } : {}),
    ...(env.STAFF_TOKEN_SHA256 ? { staffTokenHash: env.STAFF_TOKEN_SHA256.toLowerCase() } : {}),
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * A development server: plain http, reachable from this machine alone. What only development
 * may have follows it: the demo staff token, the sandbox routes (by default), loopback origins.
 */
export function isDevelopment(config: Pick<ServerConfig, 'publicBaseUrl' | 'host'>): boolean {
  return config.publicBaseUrl.startsWith('http://') && LOOPBACK_HOSTS.has(config.host);
}

/** The SQLite file under the data directory. */
export const sqliteFile = (config: Pick<ServerConfig, 'dataDir'>): string =>
  join(config.dataDir, 'shomei.sqlite');
