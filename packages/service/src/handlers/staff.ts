/**
 * The staff API (O6, docs/decisions/0010) under `/t/:tenantId/staff/...`: the office lists
 * orders, marks mailed ones processing and completes them (which sends the fixed 「郵送対応完了」
 * mail), manages the tenant's closure calendar (O5), and sees and clears what locks a student
 * out of login (issue 14: the wrong-auth-key cap and the wrong-password delays).
 *
 * Staff credentials are separate from student sessions: a per-tenant staff token, kept by the
 * service only as its SHA-256 (`TenantConfig.staffTokenHash`), sent as `Authorization: Bearer`
 * (or `Shomei-Staff-Token`) on the staff paths only, compared in constant time, and rate-limited
 * per client (per tenant when the IP is unknown). No cookie is read or set here, so there is no
 * ambient credential for a cross-site request to ride on (no CSRF), and a student's session
 * token is never a staff credential (it is looked up nowhere on these paths).
 */
import {
  constantTimeEqual,
  DESTINATIONS,
  normalizeUserId,
  ORDER_STATUSES,
  sha256Hex,
  type Destination,
  type OrderStatus,
} from '@shomei/core';
import type { Context, Hono } from 'hono';
import { DirectoryUnavailableError } from '../directory.js';
import type { ServiceRuntime } from '../http/context.js';
import { ApiError, apiError, errorResponse } from '../http/errors.js';
import { RequestMails } from '../mail/outbox.js';
import type { MailRecord, OrderListFilter, OrderRecord, PaymentRecord } from '../store/store.js';
import type { TenantConfig } from '../tenants.js';
import { displayLocale, orderView } from '../views.js';
import { advanceOrder, cancelUnpaidOrder, readOrder } from './fulfilment.js';
import { sendMail } from './shared.js';
import { staffLockouts, staffUnlock } from './throttle.js';
import { currentSettings } from '../tenants.js';

export const STAFF_TOKEN_HEADER = 'Shomei-Staff-Token';

const ORDER_ID = /^[\w-]{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the office sees of an order: the student's view plus whose it is. */
export type StaffOrderView = ReturnType<typeof orderView> & { userId: string; updatedAt: string };

export interface StaffClosuresView {
  /** From the tenant's configuration (`YYYY-MM-DD` or recurring `MM-DD`); not removable here. */
  configured: string[];
  /** Added by the staff (stored). */
  added: string[];
}

function staffOrderView(order: OrderRecord, payments: readonly PaymentRecord[]): StaffOrderView {
  return {
    ...orderView(order, payments.at(-1) ?? null),
    userId: order.userId,
    updatedAt: order.updatedAt,
  };
}

const MAIL_ID = /^[\w-]{1,64}$/;
/** A user ID as a login would count it (normalized), of a sane length, no control characters. */
const USER_ID = /^[^\p{Cc}]{1,128}$/u;

/** What the office sees of a mail: whom it is for and how delivery went, never its content. */
export interface StaffMailView {
  mailId: string;
  kind: MailRecord['kind'];
  to: string;
  status: MailRecord['status'];
  attempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  expiresAt: string | null;
}

function staffMailView(mail: MailRecord): StaffMailView {
  return {
    mailId: mail.mailId,
    kind: mail.kind,
    to: mail.to,
    status: mail.status,
    attempts: mail.attempts,
    lastError: mail.lastError,
    createdAt: mail.createdAt,
    nextAttemptAt: mail.status === 'pending' ? mail.nextAttemptAt : null,
    expiresAt: mail.expiresAt,
  };
}

/** A real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The SHA-256 hex of the tenant's staff token, or null when staff access is off. */
async function staffTokenHash(tenant: TenantConfig): Promise<string | null> {
  if (tenant.staffTokenHash !== undefined) return tenant.staffTokenHash.toLowerCase();
  if (tenant.staffToken !== undefined) return sha256Hex(tenant.staffToken);
  return null;
}

function presentedStaffToken(c: Context): string {
  const authorization = c.req.header('Authorization');
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)$/i.exec(authorization);
  return match?.[1] ?? c.req.header(STAFF_TOKEN_HEADER) ?? '';
}

/** The tenant, once the request is within its rate limit and carries its staff token. */
async function authorize(runtime: ServiceRuntime, c: Context): Promise<TenantConfig> {
  const { deps } = runtime;
  const tenantId = c.req.param('tenantId') ?? '';
  const tenant = await deps.tenants.get(tenantId);
  // Unknown tenant and wrong token read the same: nothing tells a guesser which tenants exist.
  const forbidden = () => apiError('forbidden', 'staff token missing or wrong');
  if (tenant === null) throw forbidden();
  const now = deps.clock();
  const ip = runtime.clientIp(c.req.raw, c.env);
  const rule = runtime.rateLimits.staffPerClient;
  const hit = await deps.store.rateLimits.hit(
    `${tenantId}:staff:${ip === null ? 'tenant' : `ip:${ip}`}`,
    rule.windowSeconds,
    now,
  );
  if (hit.count > rule.limit) {
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((Date.parse(hit.resetAt) - now.getTime()) / 1000),
    );
    throw apiError(
      'rate_limited',
      'too many staff requests; try again later',
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
  const expected = await staffTokenHash(tenant);
  const presented = presentedStaffToken(c);
  // Hash first: equal-length strings, so the comparison's time says nothing about the token.
  const presentedHash = await sha256Hex(presented.length > 512 ? '' : presented);
  if (expected === null || presented === '' || !constantTimeEqual(presentedHash, expected))
    throw forbidden();
  return tenant;
}

function route(
  runtime: ServiceRuntime,
  handler: (c: Context, tenant: TenantConfig) => Promise<unknown>,
  status: 200 | 201 = 200,
) {
  return async (c: Context): Promise<Response> => {
    try {
      const tenant = await authorize(runtime, c);
      const body = await handler(c, tenant);
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error);
      runtime.logger.error('staff route failed', {
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      return errorResponse(apiError('internal', 'internal error'));
    }
  };
}

function invalid(field: string, code: string, message: string): ApiError {
  return apiError('invalid_request', message, { fields: [{ field, code }] });
}

async function closuresView(runtime: ServiceRuntime, tenant: TenantConfig) {
  return {
    configured: [...tenant.settings.closures],
    added: await runtime.deps.store.closures.list(tenant.settings.tenantId),
  } satisfies StaffClosuresView;
}

export function mountStaffRoutes(app: Hono, runtime: ServiceRuntime): void {
  const { deps } = runtime;
  const base = '/t/:tenantId/staff';

  app.get(
    `${base}/orders`,
    route(runtime, async (c, tenant) => {
      const filter: { status?: OrderStatus; destination?: Destination } = {};
      const status = c.req.query('status');
      const destination = c.req.query('destination');
      for (const key of Object.keys(c.req.query()))
        if (key !== 'status' && key !== 'destination')
          throw invalid(key, 'unknown_key', `unknown query parameter ${key}`);
      if (status !== undefined) {
        if (!(ORDER_STATUSES as readonly string[]).includes(status))
          throw invalid(
            'status',
            'invalid_value',
            `status must be one of ${ORDER_STATUSES.join(', ')}`,
          );
        filter.status = status as OrderStatus;
      }
      if (destination !== undefined) {
        if (!(DESTINATIONS as readonly string[]).includes(destination))
          throw invalid(
            'destination',
            'invalid_value',
            `destination must be one of ${DESTINATIONS.join(', ')}`,
          );
        filter.destination = destination as Destination;
      }
      const tenantId = tenant.settings.tenantId;
      const settings = await currentSettings(deps.store, tenant);
      const now = deps.clock();
      const views: StaffOrderView[] = [];
      for (const stored of await deps.store.orders.listForTenant(
        tenantId,
        filter as OrderListFilter,
      )) {
        // What the student sees (lapses computed, O11), without a lock or a write (issue 15).
        const { order, payments } = await readOrder(runtime, settings, stored, now);
        if (filter.status === undefined || order.status === filter.status)
          views.push(staffOrderView(order, payments));
      }
      return { orders: views };
    }),
  );

  for (const action of ['start-processing', 'complete'] as const) {
    app.post(
      `${base}/orders/:orderId/${action}`,
      route(runtime, async (c, tenant) => {
        const tenantId = tenant.settings.tenantId;
        const orderId = c.req.param('orderId') ?? '';
        if (!ORDER_ID.test(orderId)) throw apiError('order_not_found', `no order ${orderId}`);
        const now = deps.clock();
        const mails = new RequestMails(runtime.outbox, runtime.logger);
        const { order, payments } = await runtime.withLock(
          `order:${tenantId}:${orderId}`,
          async () => {
            const order = await deps.store.orders.get(tenantId, orderId);
            if (order === null) throw apiError('order_not_found', `no order ${orderId}`);
            if (!advanceOrder(order, action, now)) {
              throw apiError(
                'order_not_transitionable',
                `an order in ${order.status} cannot take ${action}`,
              );
            }
            await deps.store.orders.put(order);
            // X7: 「郵送対応完了」 is written with the completion, in its transaction.
            if (action === 'complete') {
              const account = await deps.store.accounts.get(tenantId, order.userId);
              if (account?.email != null) {
                const locale = displayLocale(tenant.settings, null, account, undefined);
                await sendMail({ mails, now }, tenant, account.email, locale, {
                  kind: 'order-completed',
                  orderId: order.orderId,
                });
              }
            }
            return { order, payments: await deps.store.payments.listForOrder(tenantId, orderId) };
          },
        );
        // Sent after the lock: SMTP must not hold the order (or, on SQLite, the database).
        await mails.deliver();
        return staffOrderView(order, payments);
      }),
    );
  }

  // O8, O11: the office cancels an order nobody paid (with its pending payment); never a paid one.
  app.post(
    `${base}/orders/:orderId/cancel`,
    route(runtime, async (c, tenant) => {
      const tenantId = tenant.settings.tenantId;
      const orderId = c.req.param('orderId') ?? '';
      if (!ORDER_ID.test(orderId)) throw apiError('order_not_found', `no order ${orderId}`);
      const settings = await currentSettings(deps.store, tenant);
      const { order, payments } = await runtime.withLock(
        `order:${tenantId}:${orderId}`,
        async () => {
          const stored = await deps.store.orders.get(tenantId, orderId);
          if (stored === null) throw apiError('order_not_found', `no order ${orderId}`);
          return cancelUnpaidOrder(runtime, settings, stored, deps.clock());
        },
      );
      return staffOrderView(order, payments);
    }),
  );

  // X7: mails that have not reached the student, and sending one again.
  app.get(
    `${base}/mails`,
    route(runtime, async (c, tenant) => {
      for (const key of Object.keys(c.req.query()))
        throw invalid(key, 'unknown_key', `unknown query parameter ${key}`);
      const undelivered = await deps.store.mails.listUndelivered(tenant.settings.tenantId);
      return { mails: undelivered.map(staffMailView) };
    }),
  );
  app.post(
    `${base}/mails/:mailId/resend`,
    route(runtime, async (c, tenant) => {
      const mailId = c.req.param('mailId') ?? '';
      if (!MAIL_ID.test(mailId)) throw apiError('not_found', `no mail ${mailId}`);
      const outcome = await runtime.outbox.resend(tenant.settings.tenantId, mailId);
      if (outcome === null) throw apiError('not_found', `no mail ${mailId}`);
      if (outcome === 'not-failed')
        throw invalid(
          'mailId',
          'not_failed',
          'only a failed mail can be sent again; a pending one is retried on its own',
        );
      if (outcome === 'expired')
        throw invalid(
          'mailId',
          'expired',
          'the key or link in this mail has expired; the student must ask for a new one',
        );
      return staffMailView(outcome);
    }),
  );

  app.get(
    `${base}/closures`,
    route(runtime, (_c, tenant) => closuresView(runtime, tenant)),
  );
  for (const method of ['put', 'delete'] as const) {
    app[method](
      `${base}/closures/:date`,
      route(runtime, async (c, tenant) => {
        const date = c.req.param('date') ?? '';
        if (!isCalendarDate(date))
          throw invalid('date', 'invalid_format', 'a closure is a date written YYYY-MM-DD');
        const tenantId = tenant.settings.tenantId;
        if (method === 'put') await deps.store.closures.add(tenantId, date, deps.clock());
        else if (!(await deps.store.closures.remove(tenantId, date)))
          throw apiError('not_found', `${date} is not a closure the staff added`);
        return closuresView(runtime, tenant);
      }),
    );
  }

  // Issue 14: what locks a student out, and the office's unlock. Unknown students are not found,
  // as unknown orders and mails are: the staff are trusted, there is nothing to hide from them.
  const student = async (c: Context, tenant: TenantConfig) => {
    const userId = normalizeUserId(c.req.param('userId') ?? '');
    const notFound = () => apiError('not_found', `no student ${userId}`);
    if (!USER_ID.test(userId)) throw notFound();
    const tenantId = tenant.settings.tenantId;
    if ((await deps.store.accounts.get(tenantId, userId)) !== null) return userId;
    // Never logged in yet (no account), but a stranger may have braked their first login.
    try {
      if ((await tenant.students.find(userId)) !== null) return userId;
    } catch (error) {
      if (!(error instanceof DirectoryUnavailableError)) throw error;
      throw apiError('directory_unavailable', 'the student directory is unavailable; try later');
    }
    throw notFound();
  };
  app.get(
    `${base}/students/:userId/lockouts`,
    route(runtime, async (c, tenant) => {
      const userId = await student(c, tenant);
      return staffLockouts({
        runtime,
        tenantId: tenant.settings.tenantId,
        userId,
        now: deps.clock(),
      });
    }),
  );
  app.post(
    `${base}/students/:userId/unlock`,
    route(runtime, async (c, tenant) => {
      const userId = await student(c, tenant);
      const tenantId = tenant.settings.tenantId;
      const result = await staffUnlock({ runtime, tenantId, userId, now: deps.clock() });
      // Until the audit log (issue 17), the log is the record of who was unlocked, and of what.
      runtime.logger.info('staff unlocked a student', { tenantId, userId, ...result.cleared });
      return result;
    }),
  );

  // Anything else under /staff is not found, in the same error shape, after the same guard.
  app.all(
    `${base}/*`,
    route(runtime, async (c) => {
      throw apiError(
        'not_found',
        `no staff route for ${c.req.method} ${new URL(c.req.url).pathname}`,
      );
    }),
  );
}
