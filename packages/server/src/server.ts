/**
 * `createServer(config, deps)`: the service (`createService` from @shomei/service) hosted on
 * Node with @hono/node-server over the SQL store (docs/decisions/0001, 0007). The host adds
 * only what a real deployment needs around the app: structured logs, health and readiness,
 * security headers, graceful shutdown, the demo seed. Routing, validation, sessions, CSRF and
 * CORS stay the service's, exactly as in the mock.
 */
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import {
  createDemoAccounts,
  createMemoryMailbox,
  createOutbox,
  createSandboxProvider,
  createService,
  createTenantDirectory,
  serviceMaintenance,
  type Logger,
  type Mailer,
  type MemoryMailbox,
  type OutboxPolicy,
  type RateLimitPolicy,
  type Store,
  type TenantConfig,
} from '@shomei/service';
import { Hono } from 'hono';
import pino from 'pino';
import { isDevelopment, sqliteFile, type ServerConfig } from './config.js';
import { openDatabase, type OpenDatabase } from './db/database.js';
import { migrateToLatest, migrationsApplied } from './db/migrate.js';
import { withSecurityHeaders } from './http/security-headers.js';
import { createSmtpMailer } from './mail/smtp-mailer.js';
import { createSqlStore, type SqlStore } from './store/sql-store.js';
import { serverTenants } from './tenant-config/server-tenants.js';

export interface ServerDeps {
  /** Where mails go; default SMTP when `SMTP_URL` is set, else a memory mailbox (`server.mailbox`). */
  readonly mailer?: Mailer;
  /** The only source of time; tests move it. */
  readonly clock?: () => Date;
  /** An open database (tests: PGlite); default SQLite under dataDir, or PostgreSQL. */
  readonly database?: OpenDatabase;
  readonly logger?: pino.Logger;
  /** Universities to host; default from the tenant files (TENANTS_DIR, TENANT_FILE) or the demo's. */
  readonly tenants?: readonly TenantConfig[];
  readonly rateLimits?: Partial<RateLimitPolicy>;
  /** X7: the outbox's retries and the request's wait for a mail (DEFAULT_OUTBOX_POLICY). */
  readonly outbox?: Partial<OutboxPolicy>;
}

export interface ShomeiServer {
  readonly config: ServerConfig;
  /** The whole host as a fetch function: what `listen` serves, and what tests call. */
  fetch(request: Request): Promise<Response>;
  readonly store: SqlStore;
  readonly database: OpenDatabase;
  readonly mailer: Mailer;
  /** The memory mailbox, when no other mailer was given (development, tests). */
  readonly mailbox: MemoryMailbox | null;
  readonly tenants: readonly TenantConfig[];
  readonly logger: pino.Logger;
  /**
   * X7: one retry round now: every undelivered mail that is due is attempted (what the server
   * also does every `mailRetryIntervalMs`). Answers how many were attempted and sent.
   */
  deliverMails(): Promise<{ attempted: number; sent: number }>;
  /**
   * O7: one reconciliation round now (ServiceMaintenance.reconcilePayments), as the server runs
   * at start and every `paymentReconcileIntervalMs`.
   */
  reconcilePayments(options?: {
    olderThanSeconds?: number;
    /** Payments per page (default 200). */
    limit?: number;
  }): Promise<{ checked: number; changed: number }>;
  /** Starts accepting connections; resolves with the URL it listens on. */
  listen(): Promise<{ url: string }>;
  /**
   * Graceful shutdown: `/readyz` turns 503, no new connections are accepted, requests in flight
   * finish (up to `shutdownTimeoutMs`, then connections are cut), the database is closed.
   */
  close(): Promise<void>;
}

/** The service's Logger interface on pino. */
function serviceLogger(logger: pino.Logger): Logger {
  return {
    error: (message, data) => logger.error(data ?? {}, message),
    warn: (message, data) => logger.warn(data ?? {}, message),
    info: (message, data) => logger.info(data ?? {}, message),
  };
}

/** The demo's returning student, on the first start only: later changes are the student's. */
export async function seedDemoAccounts(store: Store, now: Date): Promise<number> {
  let seeded = 0;
  for (const account of createDemoAccounts(now)) {
    if ((await store.accounts.get(account.tenantId, account.userId)) !== null) continue;
    await store.accounts.put(account);
    seeded += 1;
  }
  return seeded;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** The peer address of @hono/node-server's connection (`env.incoming`); undefined elsewhere. */
function remoteAddress(env: unknown): string | undefined {
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  const incoming = env.incoming as { socket?: { remoteAddress?: unknown } } | undefined;
  const address = incoming?.socket?.remoteAddress;
  return typeof address === 'string' ? address : undefined;
}

/** SHA-256 (hex) of the demo's public staff token: the development default (STAFF_TOKEN_SHA256). */
export { DEMO_STAFF_TOKEN_SHA256 } from './tenant-config/load.js';

export async function createServer(
  config: ServerConfig,
  deps: ServerDeps = {},
): Promise<ShomeiServer> {
  const logger =
    deps.logger ??
    pino({
      level: config.logLevel,
      base: { service: 'shomei' },
      timestamp: pino.stdTimeFunctions.isoTime,
    });
  const clock = deps.clock ?? (() => new Date());
  const now = clock();
  // X6: the tenants from their files (TENANTS_DIR, TENANT_FILE, else the demo's); a bad file
  // throws TenantConfigError with every problem, before the database is opened.
  const configured = deps.tenants === undefined ? serverTenants(config, now) : null;
  const tenants = deps.tenants ?? configured?.tenants ?? [];
  if (configured !== null && configured.ignoredOrigins.length > 0)
    logger.warn(
      { origins: configured.ignoredOrigins },
      'the demo tenant allows no localhost origin beyond a development server',
    );
  const database =
    deps.database ??
    (await openDatabase(
      config.databaseUrl === undefined
        ? { kind: 'sqlite', file: sqliteFile(config) }
        : { kind: 'postgres', url: config.databaseUrl },
    ));
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const store = createSqlStore(database.db);

  if (configured?.demo === true) {
    const seeded = await seedDemoAccounts(store, now);
    if (seeded > 0) logger.info({ accounts: seeded }, 'demo accounts seeded');
  }

  const smtp =
    deps.mailer === undefined && config.smtpUrl !== undefined
      ? createSmtpMailer({
          url: config.smtpUrl,
          ...(config.mailFrom === undefined ? {} : { from: config.mailFrom }),
          ...(config.smtpTimeoutMs === undefined ? {} : { timeoutMs: config.smtpTimeoutMs }),
          logger: serviceLogger(logger),
        })
      : null;
  const mailbox = deps.mailer === undefined && smtp === null ? createMemoryMailbox() : null;
  const mailer = deps.mailer ?? smtp ?? (mailbox as MemoryMailbox);
  if (smtp !== null) {
    // Only a warning: mail waits in the outbox until the relay answers (X7).
    smtp.verify().then(
      () => logger.info('SMTP relay reachable'),
      (error: unknown) => logger.warn({ error: String(error) }, 'SMTP relay not reachable yet'),
    );
  } else if (mailbox !== null) {
    logger.warn('no SMTP_URL: mails stay in this process (development only)');
  }
  // X7: the retries of every mail not delivered at once, from any instance (outbox.ts).
  const outbox = createOutbox({
    store,
    mailer,
    clock,
    logger: serviceLogger(logger),
    ...(deps.outbox === undefined ? {} : { policy: deps.outbox }),
  });
  let sweeping: Promise<unknown> | null = null;
  const deliverMails = async (): Promise<{ attempted: number; sent: number }> => {
    let total = { attempted: 0, sent: 0 };
    for (;;) {
      const round = await outbox.deliverDue();
      total = { attempted: total.attempted + round.attempted, sent: total.sent + round.sent };
      // A shutdown waits for this round only: the rest is due again at the next start.
      if (round.attempted === 0 || shuttingDown) return total;
    }
  };
  const retryInterval = config.mailRetryIntervalMs ?? 10_000;
  const retryTimer =
    retryInterval > 0
      ? setInterval(() => {
          sweeping ??= deliverMails()
            .catch((error: unknown) =>
              logger.error({ error: String(error) }, 'mail retry round failed'),
            )
            .finally(() => {
              sweeping = null;
            });
        }, retryInterval)
      : null;
  retryTimer?.unref();

  // Issue 14: the sandbox's unauthenticated test controls exist in development and a demo only.
  const sandboxRoutes = config.sandboxRoutes ?? isDevelopment(config);
  if (sandboxRoutes && !isDevelopment(config))
    logger.warn(
      'SANDBOX_ROUTES=true: the sandbox test controls are public (a demo, not production)',
    );
  const service = createService({
    store,
    mailer,
    payments: createSandboxProvider({
      secret: config.sandboxSecret,
      baseUrl: config.publicBaseUrl,
      clock,
      ledger: store.sandboxLedger,
    }),
    clock,
    tenants: createTenantDirectory(tenants),
    logger: serviceLogger(logger),
    // The handler's effects have happened when the response is checked: log, do not 500.
    validateResponses: 'log',
    sandboxRoutes,
    // Without a proxy header the client IP is the connection's address (passed below as the
    // fetch env's clientAddress), so the per-IP limits are on by default (issue 14).
    ...(config.clientIpHeader === undefined
      ? { warnWhenPerIpLimitsOff: false }
      : { clientIpHeader: config.clientIpHeader }),
    passwordWork: {
      ...(config.passwordHashConcurrency === undefined
        ? {}
        : { concurrency: config.passwordHashConcurrency }),
      ...(config.passwordHashQueue === undefined ? {} : { queue: config.passwordHashQueue }),
    },
    ...(config.trustedProxyHops === undefined ? {} : { trustedProxyHops: config.trustedProxyHops }),
    // __Host- cookies need https; plain ones on http://localhost for development (0003, 0010).
    sessionCookies: new URL(config.publicBaseUrl).protocol === 'https:' ? 'host' : 'tenant-path',
    ...(deps.rateLimits === undefined ? {} : { rateLimits: deps.rateLimits }),
    ...(deps.outbox === undefined ? {} : { outbox: deps.outbox }),
  });

  // O7: pending payments checked with the provider at start (a crash may have lost a webhook)
  // and periodically; one round at a time.
  const maintenance = serviceMaintenance(service);
  let reconciling: Promise<unknown> | null = null;
  const reconcilePayments = (options?: { olderThanSeconds?: number; limit?: number }) =>
    maintenance.reconcilePayments(options);
  const reconcileRound = (options?: { olderThanSeconds?: number }) => {
    reconciling ??= reconcilePayments(options)
      .catch((error: unknown) =>
        logger.error({ error: String(error) }, 'payment reconciliation failed'),
      )
      .finally(() => {
        reconciling = null;
      });
  };
  const reconcileInterval = config.paymentReconcileIntervalMs ?? 60_000;
  const reconcileTimer =
    reconcileInterval > 0 ? setInterval(() => reconcileRound(), reconcileInterval) : null;
  reconcileTimer?.unref();
  // At start no payment of this process is being started: every pending one is checked.
  if (reconcileInterval > 0) reconcileRound({ olderThanSeconds: 0 });

  const https = new URL(config.publicBaseUrl).protocol === 'https:';
  let shuttingDown = false;
  let inFlight = 0;
  let drained: (() => void) | null = null;

  const app = new Hono();
  app.use(async (c, next) => {
    const started = performance.now();
    const presented = c.req.header('X-Request-Id');
    const requestId =
      presented !== undefined && REQUEST_ID.test(presented) ? presented : randomUUID();
    inFlight += 1;
    try {
      await next();
      c.res = await withSecurityHeaders(c.res, https);
      c.res.headers.set('X-Request-Id', requestId);
      // The service adds Vary: Origin only when it allows the origin; a cache must key on it always.
      if (c.req.path.startsWith('/t/') && !/\bOrigin\b/i.test(c.res.headers.get('Vary') ?? ''))
        c.res.headers.append('Vary', 'Origin');
    } finally {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
      // Never bodies, tokens or query strings: the path and the outcome only.
      logger.info(
        {
          requestId,
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        },
        'request',
      );
    }
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const checks = {
      accepting: !shuttingDown,
      database: await database.ping(),
      migrations: await migrationsApplied(database.db).catch(() => false),
    };
    const ready = Object.values(checks).every(Boolean);
    return c.json({ status: ready ? 'ready' : 'unavailable', checks }, ready ? 200 : 503);
  });
  // Behind a TLS proxy the socket is plain HTTP: the service must still see the public https
  // origin (Secure cookies, its same-origin check).
  app.all('*', (c) => {
    let request = c.req.raw;
    if (https) {
      const url = new URL(request.url);
      const publicUrl = new URL(url.pathname + url.search, config.publicBaseUrl);
      if (publicUrl.href !== url.href) request = new Request(publicUrl, request);
    }
    return service.fetch(request, { clientAddress: remoteAddress(c.env) });
  });

  let server: ServerType | null = null;
  let closing: Promise<void> | null = null;

  return {
    config,
    fetch: async (request) => app.fetch(request),
    store,
    database,
    mailer,
    mailbox,
    tenants,
    logger,
    deliverMails,
    reconcilePayments,
    listen() {
      return new Promise((resolve, reject) => {
        const started = serve(
          { fetch: app.fetch, port: config.port, hostname: config.host },
          (info: AddressInfo) => {
            const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
            resolve({ url: `http://${host}:${info.port}` });
          },
        );
        started.once('error', reject);
        server = started;
      });
    },
    close() {
      closing ??= (async () => {
        shuttingDown = true;
        if (retryTimer !== null) clearInterval(retryTimer);
        if (reconcileTimer !== null) clearInterval(reconcileTimer);
        const listening = server;
        if (listening !== null) {
          const stopped = new Promise<void>((resolve) => listening.close(() => resolve()));
          if ('closeIdleConnections' in listening) listening.closeIdleConnections();
          const timeout = new Promise<'timeout'>((resolve) =>
            setTimeout(() => resolve('timeout'), config.shutdownTimeoutMs).unref(),
          );
          const idle =
            inFlight === 0
              ? Promise.resolve()
              : new Promise<void>((resolve) => {
                  drained = resolve;
                });
          if ((await Promise.race([idle.then(() => stopped), timeout])) === 'timeout') {
            logger.warn({ inFlight }, 'shutdown timeout: closing open connections');
            if ('closeAllConnections' in listening) listening.closeAllConnections();
          }
        }
        await Promise.all([sweeping, reconciling]);
        await database.close();
        smtp?.close();
        logger.info('server stopped');
      })();
      return closing;
    },
  };
}

/** SIGTERM / SIGINT: shut down gracefully, then exit. */
export function shutdownOnSignals(server: ShomeiServer): void {
  const stop = (signal: NodeJS.Signals) => {
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ error: String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
