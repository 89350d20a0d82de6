import type { Mailer } from './mail/mailer.js';
import type { PaymentProvider } from './payments/provider.js';
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

/** Brakes on guessing and mail bombing; counted per account (or address) and per IP. */
export interface RateLimitPolicy {
  readonly loginPerAccount: RateLimitRule;
  readonly loginPerIp: RateLimitRule;
  readonly authKeyPerAccount: RateLimitRule;
  readonly authKeyReissuePerAccount: RateLimitRule;
  readonly emailMailPerAccount: RateLimitRule;
  readonly resetPerEmail: RateLimitRule;
  readonly resetPerIp: RateLimitRule;
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
   * The header a trusted proxy puts the client's IP in (e.g. `X-Forwarded-For`, first entry).
   * Without it every client counts as `unknown` for per-IP limits.
   */
  readonly clientIpHeader?: string;
  /** Check every response against the contract (development and tests); default true. */
  readonly validateResponses?: boolean;
  readonly rateLimits?: Partial<RateLimitPolicy>;
}

export const consoleLogger: Logger = {
  error: (message, data) => console.error(`[shomei] ${message}`, data ?? ''),
  warn: (message, data) => console.warn(`[shomei] ${message}`, data ?? ''),
  info: () => {},
};
