/**
 * `createService(deps)`: the Shōmei service as a fetch-style Hono app (docs/decisions/0001).
 * Routes come from the contract's endpoint table; every rule comes from @shomei/core.
 */
import { DEFAULT_LOGIN_THROTTLE } from '@shomei/core';
import { Hono, type Context } from 'hono';
import {
  endpoints,
  IdempotencyKey,
  type EndpointDefinition,
  type EndpointName,
  type FieldProblem,
} from './contract.js';
import { createPasswordHasher } from './crypto.js';
import { consoleLogger, DEFAULT_RATE_LIMITS, type ServiceDeps } from './deps.js';
import type { EndpointContext, EndpointHandlers, ServiceRuntime } from './http/context.js';
import { readBody } from './http/body.js';
import { ApiError, apiError, errorResponse } from './http/errors.js';
import { negotiateLocale } from './http/locale.js';
import { createOutbox, RequestMails } from './mail/outbox.js';
import { createPasswordWorkLimiter, DEFAULT_PASSWORD_WORK } from './password-work.js';
import {
  DEVICE_TRUST_HEADER,
  loadSession,
  presentedDeviceId,
  presentedSessionToken,
  presentedTrustToken,
  SESSION_MODE_HEADER,
  SESSION_TOKEN_HEADER,
  SessionHandle,
} from './http/session-transport.js';
import { accountHandlers } from './handlers/account.js';
import { orderHandlers } from './handlers/orders.js';
import { passkeyHandlers } from './handlers/passkeys.js';
import { sessionHandlers } from './handlers/session.js';
import { ALLOWED_UNTIL_PASSKEY, passkeyRequired } from './handlers/shared.js';
import { mountStaffRoutes } from './handlers/staff.js';
import { reconcilePayment } from './handlers/fulfilment.js';
import { handlePaymentWebhook } from './handlers/webhook.js';
import { isSandboxProvider, WEBHOOK_PATH } from './payments/sandbox.js';
import { currentSettings, originAllowed, type TenantConfig } from './tenants.js';

export { MAX_BODY_BYTES } from './http/body.js';
const DEFAULT_ABSOLUTE_SESSION_SECONDS = 8 * 60 * 60;

const CORS_ALLOW_HEADERS = [
  'Content-Type',
  'Accept',
  'Accept-Language',
  'Authorization',
  'Idempotency-Key',
  'Shomei-Client',
  SESSION_MODE_HEADER,
  DEVICE_TRUST_HEADER,
].join(', ');
const CORS_EXPOSE_HEADERS = [
  SESSION_TOKEN_HEADER,
  DEVICE_TRUST_HEADER,
  'Retry-After',
  'Idempotent-Replayed',
].join(', ');

const handlers: EndpointHandlers = {
  ...sessionHandlers,
  ...accountHandlers,
  ...passkeyHandlers,
  ...orderHandlers,
};

function json(body: unknown, status: number, headers: Headers): Response {
  headers.set('Content-Type', 'application/json; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  return new Response(JSON.stringify(body), { status, headers });
}

/** Zod issues as the contract's field problems: `delivery.postalCode` / `invalid_format`. */
function fieldProblems(
  issues: readonly { path: readonly PropertyKey[]; code: string; keys?: readonly string[] }[],
  prefix?: string,
): FieldProblem[] {
  return issues.flatMap((issue) => {
    const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({
        field: path === '' ? key : `${path}.${key}`,
        code: 'unknown_key',
      }));
    }
    return [{ field: path === '' ? '(body)' : path, code: issue.code }];
  });
}

/**
 * The client IP: the entry `hops` from the right of the trusted proxies' header. Entries further
 * left come from the client and prove nothing; too few entries mean the request did not come
 * through every proxy. Without a header, the connection's address that the host passed as the
 * fetch env's `clientAddress` (issue 14: per-IP limits on by default). Null when unknown: the
 * per-IP limits are then skipped (deps.ts).
 */
function clientIp(
  request: Request,
  env: unknown,
  header: string | undefined,
  hops: number,
): string | null {
  if (header === undefined) {
    const address =
      typeof env === 'object' && env !== null && 'clientAddress' in env ? env.clientAddress : null;
    return typeof address === 'string' && address !== '' ? address : null;
  }
  const entries = (request.headers.get(header) ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries[entries.length - hops] ?? null;
}

/** Checks `trustedProxyHops` and says once, at startup, when the per-IP limits are off. */
function trustedProxyHops(deps: ServiceDeps, logger: ServiceRuntime['logger']): number {
  const hops = deps.trustedProxyHops ?? 1;
  if (!Number.isInteger(hops) || hops < 1)
    throw new Error(`trustedProxyHops must be a whole number of at least 1, not ${hops}`);
  if (deps.clientIpHeader === undefined && deps.warnWhenPerIpLimitsOff !== false)
    logger.warn('per-IP rate limits are off: no clientIpHeader is configured (deps.ts)');
  return hops;
}

/** The Origin a browser sent is the service's own, or one the tenant allows. */
function isAllowedOrigin(origin: string, request: Request, tenant: TenantConfig): boolean {
  return origin === new URL(request.url).origin || originAllowed(origin, tenant.allowedOrigins);
}

function corsHeaders(headers: Headers, request: Request, tenant: TenantConfig | null): void {
  const origin = request.headers.get('Origin');
  if (origin === null || tenant === null || !isAllowedOrigin(origin, request, tenant)) return;
  headers.set('Access-Control-Allow-Origin', origin);
  headers.set('Access-Control-Allow-Credentials', 'true');
  headers.set('Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS);
  headers.append('Vary', 'Origin');
}

/**
 * The runtime's lock: the in-process lock on `key` (requests of this process queue here, holding
 * nothing), then the store's cross-process `withLock` when it has one (store.ts), so several
 * instances sharing a database serialize on the same key.
 */
function createLocks(store: ServiceDeps['store']): ServiceRuntime['withLock'] {
  const inProcess = createInProcessLocks();
  if (store.withLock === undefined) return inProcess;
  const storeLock = store.withLock.bind(store);
  return (key, work) => inProcess(key, () => storeLock(key, work));
}

function createInProcessLocks(): ServiceRuntime['withLock'] {
  const tails = new Map<string, Promise<unknown>>();
  return async (key, work) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/**
 * Work a host runs beside the requests (the server: at start and periodically), on the same
 * runtime and locks as the requests of the app it belongs to.
 */
export interface ServiceMaintenance {
  /**
   * O7: reconciles every pending payment started at least `olderThanSeconds` ago (default 60)
   * with the provider, page by page of `limit` (default 200): lost outcomes are applied, lapsed
   * numbers and checkouts expire, payments the provider does not know are cancelled. Answers how
   * many were checked and changed.
   */
  reconcilePayments(options?: {
    olderThanSeconds?: number;
    limit?: number;
  }): Promise<{ checked: number; changed: number }>;
}

const maintenanceOf = new WeakMap<Hono, ServiceMaintenance>();

/** The maintenance work of an app made by `createService`. */
export function serviceMaintenance(app: Hono): ServiceMaintenance {
  const maintenance = maintenanceOf.get(app);
  if (maintenance === undefined) throw new Error('not an app made by createService');
  return maintenance;
}

export function createService(deps: ServiceDeps): Hono {
  const logger = deps.logger ?? consoleLogger;
  const proxyHops = trustedProxyHops(deps, logger);
  const runtime: ServiceRuntime = {
    deps,
    logger,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits },
    withLock: createLocks(deps.store),
    clientIp: (request, env) => clientIp(request, env, deps.clientIpHeader, proxyHops),
    loginThrottle: { ...DEFAULT_LOGIN_THROTTLE, ...deps.loginThrottle },
    passwordWork: createPasswordWorkLimiter({ ...DEFAULT_PASSWORD_WORK, ...deps.passwordWork }),
    passwords: createPasswordHasher(deps.pbkdf2),
    outbox: createOutbox({
      store: deps.store,
      mailer: deps.mailer,
      clock: deps.clock,
      logger,
      ...(deps.outbox === undefined ? {} : { policy: deps.outbox }),
    }),
  };
  const validateResponses =
    deps.validateResponses === true || deps.validateResponses === undefined
      ? 'strict'
      : deps.validateResponses;
  const app = new Hono();
  const cookieStyle = deps.sessionCookies ?? 'tenant-path';

  async function runEndpoint(
    name: EndpointName,
    endpoint: EndpointDefinition,
    c: Context,
  ): Promise<Response> {
    const request = c.req.raw;
    const responseHeaders = new Headers();
    const tenantId = c.req.param('tenantId') ?? '';
    const tenant = await deps.tenants.get(tenantId);
    corsHeaders(responseHeaders, request, tenant);
    const bearer = request.headers.get(SESSION_MODE_HEADER)?.toLowerCase() === 'bearer';
    let session: SessionHandle | undefined;
    const mails = new RequestMails(runtime.outbox, logger);
    try {
      if (tenant === null) throw apiError('not_found', `no tenant ${tenantId}`);

      // CSRF (docs/decisions/0003): a cross-site form can send neither the custom header nor
      // an allowed Origin.
      if (endpoint.method !== 'GET') {
        if (!request.headers.get('Shomei-Client'))
          throw apiError('forbidden', 'unsafe requests must carry the Shomei-Client header');
        const origin = request.headers.get('Origin');
        if (origin !== null && !isAllowedOrigin(origin, request, tenant))
          throw apiError('forbidden', `origin ${origin} is not allowed`);
      }

      const now = deps.clock();
      const settings = await currentSettings(deps.store, tenant);
      const loaded = await loadSession(
        deps.store,
        tenantId,
        presentedSessionToken(request, cookieStyle),
        now,
        cookieStyle === 'host' && !bearer ? 'ignore' : 'stale',
      );
      session = new SessionHandle(
        deps.store,
        tenantId,
        loaded.session,
        loaded.stale,
        {
          now,
          idleSeconds: settings.idleTimeoutSeconds,
          absoluteSeconds: tenant.absoluteSessionSeconds ?? DEFAULT_ABSOLUTE_SESSION_SECONDS,
        },
        presentedTrustToken(request, cookieStyle),
        presentedDeviceId(request, cookieStyle),
      );

      const current = session.current;
      if (endpoint.access === 'student' && current?.step !== 'authenticated') {
        throw apiError('unauthenticated', 'log in first');
      }
      if (
        endpoint.access === 'login' &&
        (current === null || current.userId === null || current.step === 'anonymous')
      ) {
        throw apiError('unauthenticated', 'start by logging in');
      }
      // A20: a tenant that requires passkeys lets a student without one do nothing else first.
      if (
        endpoint.access === 'student' &&
        !ALLOWED_UNTIL_PASSKEY.has(name) &&
        current?.userId != null &&
        (await passkeyRequired(deps.store, settings, current.userId))
      ) {
        throw apiError(
          'passkey_required',
          'register a passkey first (the university requires one)',
        );
      }

      // Parse and validate every part; report all problems at once.
      const fields: FieldProblem[] = [];
      const parsed: { params?: unknown; query?: unknown; body?: unknown } = {};
      if (endpoint.params) {
        const { tenantId: _tenant, ...params } = c.req.param() as Record<string, string>;
        const result = endpoint.params.safeParse(params);
        if (result.success) parsed.params = result.data;
        else fields.push(...fieldProblems(result.error.issues));
      }
      // The contract allows no query string where it declares none, and no body where it
      // declares none: anything else it does not allow is a 4xx (X5), not silently ignored.
      if (!endpoint.query) {
        for (const key of new URL(request.url).searchParams.keys())
          fields.push({ field: `query.${key.slice(0, 64)}`, code: 'unknown_key' });
      }
      if (endpoint.query) {
        const query: Record<string, string> = {};
        for (const [key, value] of new URL(request.url).searchParams)
          if (!(key in query)) query[key] = value;
        const result = endpoint.query.safeParse(query);
        if (result.success) parsed.query = result.data;
        else fields.push(...fieldProblems(result.error.issues));
      }
      if (endpoint.method !== 'GET') {
        const text = await readBody(request);
        if (text.trim() !== '') {
          if (!endpoint.body) {
            throw apiError('invalid_request', 'this endpoint takes no body', {
              fields: [{ field: '(body)', code: 'unexpected' }],
            });
          }
          const contentType = (request.headers.get('Content-Type') ?? '').split(';')[0]?.trim();
          if (!/^application\/(?:[\w.+-]+\+)?json$/i.test(contentType ?? '')) {
            throw new ApiError(
              'invalid_request',
              'the body must be sent as application/json',
              { fields: [{ field: 'Content-Type', code: 'unsupported_media_type' }] },
              {},
              415,
            );
          }
        }
        if (endpoint.body) {
          let value: unknown;
          try {
            value = text.trim() === '' ? undefined : JSON.parse(text);
          } catch {
            throw apiError('invalid_request', 'the body is not valid JSON', {
              fields: [{ field: '(body)', code: 'invalid_json' }],
            });
          }
          const result = endpoint.body.safeParse(value);
          if (result.success) parsed.body = result.data;
          else fields.push(...fieldProblems(result.error.issues));
        }
      }
      let idempotencyKey: string | undefined;
      if (endpoint.idempotencyKey) {
        const header = request.headers.get('Idempotency-Key');
        if (header === null) fields.push({ field: 'Idempotency-Key', code: 'required' });
        else if (!IdempotencyKey.safeParse(header).success)
          fields.push({ field: 'Idempotency-Key', code: 'invalid_format' });
        else idempotencyKey = header;
      }
      if (fields.length > 0)
        throw apiError('invalid_request', 'the request does not match the contract', { fields });

      if (endpoint.access !== 'public') await session.touch();

      const context: EndpointContext<EndpointName> = {
        runtime,
        tenant,
        settings,
        now,
        ip: runtime.clientIp(request, c.env),
        request,
        requestLocale: negotiateLocale(request.headers.get('Accept-Language'), settings.locales),
        params: parsed.params as never,
        query: parsed.query as never,
        body: parsed.body as never,
        idempotencyKey,
        session,
        responseHeaders,
        mails,
      };
      // One cast at the edge: the table and the handler map share their keys.
      const handler = handlers[name] as (
        context: EndpointContext<EndpointName>,
      ) => Promise<unknown>;
      const result = await handler(context);
      // X7: the handler's writes are committed; what it mailed goes out now (A13: not awaited
      // unless the student waits for it on the screen).
      await mails.deliver();

      if (validateResponses !== false) {
        const check = endpoint.response.safeParse(result);
        if (!check.success) {
          runtime.logger.error(`response of ${name} does not match the contract`, {
            endpoint: name,
            issues: check.error.issues,
          });
          // 'log': what the handler did has happened (a payment started); say so, not 500.
          if (validateResponses === 'strict')
            throw apiError('internal', 'the service produced an invalid response');
        }
      }
      session.apply(responseHeaders, {
        bearer,
        secure: new URL(request.url).protocol === 'https:',
        style: cookieStyle,
      });
      return json(result, endpoint.status, responseHeaders);
    } catch (error) {
      // Mails of a failed request are not attempted here: its transaction may have been rolled
      // back. One that was committed is due once its lease ends (the retry sweep sends it).
      // A failed request still changes the session it rotated or ended (e.g. a stale token).
      session?.apply(responseHeaders, {
        bearer,
        secure: new URL(request.url).protocol === 'https:',
        style: cookieStyle,
      });
      if (error instanceof ApiError) return errorResponse(error, responseHeaders);
      runtime.logger.error(`${name} failed`, {
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      return errorResponse(apiError('internal', 'internal error'), responseHeaders);
    }
  }

  for (const name of Object.keys(endpoints) as EndpointName[]) {
    const endpoint: EndpointDefinition = endpoints[name];
    app.on(endpoint.method, `/t/:tenantId${endpoint.path}`, (c) => runEndpoint(name, endpoint, c));
  }

  // CORS preflight for every tenant route.
  app.options('/t/:tenantId/*', async (c) => {
    const headers = new Headers();
    const tenant = await deps.tenants.get(c.req.param('tenantId'));
    corsHeaders(headers, c.req.raw, tenant);
    if (headers.has('Access-Control-Allow-Origin')) {
      headers.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
      headers.set('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS);
      headers.set('Access-Control-Max-Age', '600');
    }
    return new Response(null, { status: 204, headers });
  });

  mountStaffRoutes(app, runtime);

  maintenanceOf.set(app, {
    async reconcilePayments(options = {}) {
      const now = deps.clock();
      const startedBefore = new Date(now.getTime() - (options.olderThanSeconds ?? 60) * 1000);
      const pageSize = options.limit ?? 200;
      let checked = 0;
      let changed = 0;
      let after: { createdAt: string; paymentId: string } | undefined;
      // Page by (createdAt, paymentId): payments that stay pending for days (a konbini number)
      // must not keep newer ones from being looked at.
      for (;;) {
        const page = await deps.store.payments.listPending(startedBefore, pageSize, after);
        for (const payment of page) {
          const tenant = await deps.tenants.get(payment.tenantId);
          // A tenant no longer configured: its payments are left as they are.
          if (tenant === null) continue;
          checked += 1;
          try {
            const settings = await currentSettings(deps.store, tenant);
            const status = await reconcilePayment(runtime, settings, payment.paymentId, now);
            if (status !== 'pending') changed += 1;
          } catch (error) {
            // The provider is unreachable: the payment stays pending and is tried next round.
            logger.warn('payment not reconciled', {
              paymentId: payment.paymentId,
              error: String(error),
            });
          }
        }
        const last = page.at(-1);
        if (page.length < pageSize || last === undefined) break;
        after = { createdAt: last.createdAt, paymentId: last.paymentId };
      }
      return { checked, changed };
    },
  });

  app.post(WEBHOOK_PATH, (c) => handlePaymentWebhook(runtime, c.req.raw));

  if (isSandboxProvider(deps.payments) && (deps.sandboxRoutes ?? true)) {
    app.route(
      '/sandbox',
      deps.payments.sandbox.routes((request) => Promise.resolve(app.fetch(request))),
    );
  }

  app.notFound((c) =>
    errorResponse(
      apiError('not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`),
    ),
  );
  app.onError((error) => {
    runtime.logger.error('unhandled error', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return errorResponse(apiError('internal', 'internal error'));
  });
  return app;
}
