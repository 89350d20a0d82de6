/**
 * @shomei/mock: the Shōmei service (`@shomei/service`) in memory behind msw handlers, with a
 * dev mailbox, a movable clock, the sandbox payment provider and staff controls. Isomorphic:
 * `@shomei/mock/node` wires it into msw/node, `@shomei/mock/browser` into a service worker.
 */
import {
  createDemoAccounts,
  createDemoTenant,
  createMemoryMailbox,
  createMemoryStore,
  createOutbox,
  createSandboxProvider,
  createService,
  createTenantDirectory,
  STAFF_TOKEN_HEADER,
  type AccountRecord,
  type Logger,
  type Mailer,
  type MemoryMailbox,
  type RateLimitPolicy,
  type ServiceDeps,
  type StaffLockoutsView,
  type StaffUnlockCleared,
  type TenantConfig,
} from '@shomei/service';
import type { Order } from '@shomei/sdk';
import type { Hono } from 'hono';
import { http, type RequestHandler } from 'msw';

export const DEFAULT_MOCK_BASE_URL = 'http://localhost:4010';

export interface MockServiceOptions {
  /** Universities to host; default: the demo tenant 「証明大学」 as of the clock's start. */
  readonly tenants?: readonly TenantConfig[];
  /** Accounts that exist from the start; default: the demo's returning student (with the demo tenant). */
  readonly accounts?: readonly AccountRecord[];
  /** Where the clock starts; default: now. Move it with `clock.set` / `clock.advance`. */
  readonly clock?: Date;
  /** The origin the SDK talks to (no path); default http://localhost:4010. */
  readonly baseUrl?: string;
  /**
   * Where the service logs (errors; warnings such as a provider that could not cancel). Default:
   * the console. The startup warning that per-IP limits are off is never logged by the mock.
   */
  readonly logger?: Logger;
  readonly rateLimits?: Partial<RateLimitPolicy>;
  /** Serve the sandbox provider's pages and controls at `/sandbox` (`sandbox.*`); default true. */
  readonly sandboxRoutes?: boolean;
}

export interface MockClock {
  now(): Date;
  set(date: Date): void;
  advance(ms: number): void;
}

export interface MockService {
  /** The service itself; `app.fetch(request)` answers like the server would. */
  readonly app: Hono;
  /** What the app runs on (store, mailer, payments, tenants, clock), for inspection. */
  readonly service: ServiceDeps;
  /** Every mail the service sent (A3, A7, A11, A13, O6). */
  readonly mailbox: MemoryMailbox;
  readonly clock: MockClock;
  /** msw handlers: hand them to setupServer / setupWorker. */
  readonly handlers: RequestHandler[];
  readonly baseUrl: string;
  /** The SDK's baseUrl for a tenant: `<baseUrl>/t/<tenantId>`. */
  tenantUrl(tenantId?: string): string;
  /**
   * The office's steps on a mailed order (O6; completing sends 「郵送対応完了」), and what locks a
   * student out of login and its unlock (issue 14: the wrong-auth-key cap, wrong-password delays).
   */
  readonly staff: {
    startProcessing(orderId: string, tenantId?: string): Promise<Order>;
    complete(orderId: string, tenantId?: string): Promise<Order>;
    lockouts(userId: string, tenantId?: string): Promise<StaffLockoutsView>;
    unlock(
      userId: string,
      tenantId?: string,
    ): Promise<StaffLockoutsView & { cleared: StaffUnlockCleared }>;
  };
  /**
   * X7: the mail relay behind the mailbox. While it is down every attempt fails and mails wait in
   * the outbox (the screens say the mail may take a while); `retry` is one retry round, as the
   * server runs periodically (move the clock past the back-off first: at most 15 s).
   */
  readonly mailRelay: {
    setDown(down: boolean): void;
    retry(): Promise<{ attempted: number; sent: number }>;
  };
  /** The payment provider's side (O7): what the student would do on its pages or at the store. */
  readonly sandbox: {
    succeed(paymentId: string): Promise<void>;
    decline(paymentId: string): Promise<void>;
    cancel(paymentId: string): Promise<void>;
    /** Konbini / Pay-easy: the student pays at the store or ATM. */
    settle(paymentId: string): Promise<void>;
    /** Konbini / Pay-easy: the deadline passes unpaid. */
    expire(paymentId: string): Promise<void>;
  };
}

async function expectOk(response: Response, what: string): Promise<unknown> {
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok)
    throw new Error(`${what} failed with ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

export function createMockService(options: MockServiceOptions = {}): MockService {
  const baseUrl = (options.baseUrl ?? DEFAULT_MOCK_BASE_URL).replace(/\/+$/, '');
  if (new URL(baseUrl).pathname !== '/')
    throw new Error(`baseUrl must be an origin without a path, got ${baseUrl}`);

  let current = new Date(options.clock ?? Date.now());
  const clock: MockClock = {
    now: () => new Date(current),
    set: (date) => {
      current = new Date(date);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };

  const tenants = options.tenants ?? [createDemoTenant({ now: current })];
  const mailbox = createMemoryMailbox();
  let relayDown = false;
  const mailer: Mailer = {
    send: (mail) =>
      relayDown ? Promise.reject(new Error('the mail relay is down (mock)')) : mailbox.send(mail),
  };
  const payments = createSandboxProvider({
    secret: crypto.randomUUID(),
    baseUrl,
    clock: clock.now,
  });
  const service: ServiceDeps = {
    store: createMemoryStore({
      accounts:
        options.accounts ?? (options.tenants === undefined ? createDemoAccounts(current) : []),
    }),
    mailer,
    payments,
    clock: clock.now,
    tenants: createTenantDirectory(tenants),
    sandboxRoutes: options.sandboxRoutes ?? true,
    // No proxy in front of the mock: the per-IP limits are off by design, not misconfigured.
    warnWhenPerIpLimitsOff: false,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
  };
  const app = createService(service);
  const outbox = createOutbox({
    store: service.store,
    mailer,
    clock: clock.now,
    logger: options.logger ?? { error: () => {}, warn: () => {}, info: () => {} },
  });

  const staffRequest = async (
    tenantId: string,
    method: 'GET' | 'POST',
    path: string,
    what: string,
  ): Promise<unknown> => {
    const tenant = tenants.find((candidate) => candidate.settings.tenantId === tenantId);
    const response = await app.request(
      `${baseUrl}/t/${encodeURIComponent(tenantId)}/staff${path}`,
      { method, headers: { [STAFF_TOKEN_HEADER]: tenant?.staffToken ?? '' } },
    );
    return expectOk(response, what);
  };
  const staffAction = async (orderId: string, tenantId: string, action: string): Promise<Order> =>
    (await staffRequest(
      tenantId,
      'POST',
      `/orders/${encodeURIComponent(orderId)}/${action}`,
      `staff ${action} of ${orderId}`,
    )) as Order;
  const studentPath = (userId: string, what: string) =>
    `/students/${encodeURIComponent(userId)}/${what}`;
  const provider = async (path: string, body: unknown, what: string): Promise<void> => {
    const response = await app.request(`${baseUrl}/sandbox${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    await expectOk(response, what);
  };
  // The checkout answers to its signed URL only (as the student's redirect carries it).
  const checkout = (outcome: 'succeed' | 'decline' | 'cancel') => async (paymentId: string) => {
    const url = new URL(await payments.sandbox.checkoutUrl(paymentId));
    await provider(
      `${url.pathname.slice('/sandbox'.length)}${url.search}`,
      { outcome },
      `sandbox ${outcome} of ${paymentId}`,
    );
  };

  return {
    app,
    service,
    mailbox,
    clock,
    handlers: [http.all(`${baseUrl}/*`, ({ request }) => app.fetch(request))],
    baseUrl,
    tenantUrl: (tenantId = 'demo') => `${baseUrl}/t/${encodeURIComponent(tenantId)}`,
    mailRelay: {
      setDown: (down) => {
        relayDown = down;
      },
      retry: () => outbox.deliverDue(),
    },
    staff: {
      startProcessing: (orderId, tenantId = 'demo') =>
        staffAction(orderId, tenantId, 'start-processing'),
      complete: (orderId, tenantId = 'demo') => staffAction(orderId, tenantId, 'complete'),
      lockouts: async (userId, tenantId = 'demo') =>
        (await staffRequest(
          tenantId,
          'GET',
          studentPath(userId, 'lockouts'),
          `staff lockouts of ${userId}`,
        )) as StaffLockoutsView,
      unlock: async (userId, tenantId = 'demo') =>
        (await staffRequest(
          tenantId,
          'POST',
          studentPath(userId, 'unlock'),
          `staff unlock of ${userId}`,
        )) as StaffLockoutsView & { cleared: StaffUnlockCleared },
    },
    sandbox: {
      succeed: checkout('succeed'),
      decline: checkout('decline'),
      cancel: checkout('cancel'),
      settle: (paymentId) =>
        provider(
          `/payments/${encodeURIComponent(paymentId)}/settle`,
          {},
          `sandbox settle of ${paymentId}`,
        ),
      expire: (paymentId) =>
        provider(
          `/payments/${encodeURIComponent(paymentId)}/expire`,
          {},
          `sandbox expire of ${paymentId}`,
        ),
    },
  };
}

export { DEMO_STUDENTS, DEMO_STAFF_TOKEN, DEMO_TENANT_ID } from '@shomei/service';
export type {
  MemoryMailbox,
  OutgoingMail,
  MailKind,
  StaffLockoutsView,
  StaffUnlockCleared,
  TenantConfig,
} from '@shomei/service';
export { ManualScheduler } from './manual-scheduler.js';
