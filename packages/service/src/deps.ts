import type { LoginThrottlePolicy } from '@shomei/core';
import type { Pbkdf2 } from './crypto.js';
import type { Mailer } from './mail/mailer.js';
import type { PasswordWorkPolicy } from './password-work.js';
import type { OutboxPolicy } from './mail/outbox.js';
import type { PaymentProvider } from './payments/provider.js';
import type { SessionCookieStyle } from './http/session-transport.js';
import type { Store } from './store/store.js';
import type { TenantDirectory } from './tenants.js';

export interface Logger {
  error(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
}

export interface RateLimitRule {
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * Brakes on guessing and mail bombing; counted per account (or address) and per IP, in fixed
 * windows. Wrong passwords at login are not braked here but by the login throttle (issue 14;
 * `LoginThrottlePolicy` in @shomei/core, `ServiceDeps.loginThrottle`): a per-account window
 * that anyone can fill would lock the owner out.
 */
export interface RateLimitPolicy {
  /** The second-password change of a logged-in student (A12); no longer used by login. */
  readonly loginPerAccount: RateLimitRule;
  /** Every login from one client IP, right or wrong (ServiceDeps.clientIpHeader). */
  readonly loginPerIp: RateLimitRule;
  readonly authKeyPerAccount: RateLimitRule;
  readonly authKeyReissuePerAccount: RateLimitRule;
  readonly emailMailPerAccount: RateLimitRule;
  readonly resetPerEmail: RateLimitRule;
  readonly resetPerIp: RateLimitRule;
  /** The staff API, per client IP (per tenant when the IP is unknown), right token or not. */
  readonly staffPerClient: RateLimitRule;
}

export const DEFAULT_RATE_LIMITS: RateLimitPolicy = {
  loginPerAccount: { limit: 10, windowSeconds: 15 * 60 },
  loginPerIp: { limit: 100, windowSeconds: 15 * 60 },
  // The key itself locks after the tenant's maxAttempts (A9); this caps reissue-and-guess.
  authKeyPerAccount: { limit: 20, windowSeconds: 15 * 60 },
  authKeyReissuePerAccount: { limit: 5, windowSeconds: 15 * 60 },
  emailMailPerAccount: { limit: 5, windowSeconds: 15 * 60 },
  resetPerEmail: { limit: 5, windowSeconds: 60 * 60 },
  resetPerIp: { limit: 30, windowSeconds: 60 * 60 },
  staffPerClient: { limit: 300, windowSeconds: 15 * 60 },
};

export interface ServiceDeps {
  readonly store: Store;
  readonly mailer: Mailer;
  readonly payments: PaymentProvider;
  /** The service's only source of time; the mock moves it. */
  readonly clock: () => Date;
  /** Tenant settings plus the student directory of each university. */
  readonly tenants: TenantDirectory;
  readonly logger?: Logger;
  /**
   * The header the trusted proxies in front of the service put the client's IP in, e.g.
   * `X-Forwarded-For` (a list each proxy appends to) or `X-Real-IP` (one value). The header is
   * read as a comma-separated list and the entry `trustedProxyHops` from the right is taken:
   * entries further left were sent by the client and are never trusted. A request whose header
   * is missing or has fewer entries has no known IP.
   *
   * Without it, the client IP is the address of the connection when the host hands it to the
   * app as the fetch env's `clientAddress` (`app.fetch(request, { clientAddress })`; the server
   * does, issue 14). For a request with no known IP the per-IP rate limits (`loginPerIp`,
   * `resetPerIp`) are skipped, so that all clients never share one bucket; the per-account and
   * per-address limits still apply. `createService` logs once at startup when they are off.
   */
  readonly clientIpHeader?: string;
  /**
   * How many trusted proxies append to `clientIpHeader` in front of the service: the client IP
   * is the entry this many from the right. Default 1 (one reverse proxy, e.g. nginx with
   * `proxy_add_x_forwarded_for`; for a one-value header such as `X-Real-IP`, that value). Two
   * for a CDN in front of a load balancer, and so on. Set it to exactly the number of proxies:
   * one too many lets a client choose its IP, one too few puts every client under the IP of a
   * proxy. A whole number of at least 1.
   */
  readonly trustedProxyHops?: number;
  /**
   * Log once at startup (warn) that the per-IP limits are off when `clientIpHeader` is unset.
   * Default true; the mock sets it false (in tests and Storybook there is no proxy to name).
   */
  readonly warnWhenPerIpLimitsOff?: boolean;
  /**
   * Check every response against the contract. The handler's side effects (a payment started,
   * an order placed) have already happened when the check runs, so:
   * - `'strict'` (or `true`; the default, for tests and the mock): a mismatch answers 500;
   * - `'log'` (the server): a mismatch is logged at error level with the endpoint and the issues,
   *   and the response is sent as it is;
   * - `false`: no check.
   */
  readonly validateResponses?: boolean | 'strict' | 'log';
  /**
   * Mount the sandbox provider's pages and test controls (incl. the unauthenticated settle
   * route) at `/sandbox` when `payments` is the sandbox provider. Default true; a production
   * server sets it false.
   */
  readonly sandboxRoutes?: boolean;
  readonly rateLimits?: Partial<RateLimitPolicy>;
  /** Issue 14: the delays after wrong passwords (DEFAULT_LOGIN_THROTTLE in @shomei/core). */
  readonly loginThrottle?: Partial<LoginThrottlePolicy>;
  /**
   * Issue 14: how many password checks run at once and how many may wait, in the lane of known
   * devices and in everyone's (password-work.ts; DEFAULT_PASSWORD_WORK). The server sets the
   * slots and everyone's queue from PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE.
   */
  readonly passwordWork?: Partial<PasswordWorkPolicy>;
  /** The PBKDF2 of second passwords; tests pass one that counts the work. Default Web Crypto. */
  readonly pbkdf2?: Pbkdf2;
  /** X7: retries, lease and the request's wait for a mail (DEFAULT_OUTBOX_POLICY). */
  readonly outbox?: Partial<OutboxPolicy>;
  /**
   * The session and device-trust cookies (docs/decisions/0003, session-transport.ts):
   * `'tenant-path'` (default) `shomei_session` on `Path=/t/<tenant>`, Secure when the request is
   * https; `'host'` `__Host-shomei_session` with `Secure; HttpOnly; SameSite=Lax; Path=/`, which
   * the server uses whenever its public URL is https. Bearer mode ignores both.
   */
  readonly sessionCookies?: SessionCookieStyle;
}

export const consoleLogger: Logger = {
  error: (message, data) => console.error(`[shomei] ${message}`, data ?? ''),
  warn: (message, data) => console.warn(`[shomei] ${message}`, data ?? ''),
  info: () => {},
};
