import type { Locale, LoginThrottlePolicy, TenantSettings } from '@shomei/core';
import type { PasswordHasher } from '../crypto.js';
import type { PasswordWorkLimiter } from '../password-work.js';
import type * as z from 'zod/mini';
import type { EndpointName, Endpoints, ResponseOf } from '../contract.js';
import type { Logger, RateLimitPolicy, ServiceDeps } from '../deps.js';
import type { Outbox, RequestMails } from '../mail/outbox.js';
import type { TenantConfig } from '../tenants.js';
import type { SessionHandle } from './session-transport.js';

type Part<N extends EndpointName, P extends 'params' | 'query' | 'body'> = Endpoints[N] extends {
  [K in P]: infer S extends z.ZodMiniType;
}
  ? z.output<S>
  : undefined;

/** What the service hands every handler. */
export interface ServiceRuntime {
  readonly deps: ServiceDeps;
  readonly logger: Logger;
  readonly rateLimits: RateLimitPolicy;
  /** Issue 14: delays after wrong passwords, per account and client. */
  readonly loginThrottle: LoginThrottlePolicy;
  /** Issue 14: every password check runs in one of its slots (password-work.ts). */
  readonly passwordWork: PasswordWorkLimiter;
  /** Second-password hashing (ServiceDeps.pbkdf2). */
  readonly passwords: PasswordHasher;
  /** X7: the mail outbox over the store and the mailer. */
  readonly outbox: Outbox;
  /**
   * Serializes read-decide-write sequences on one key (an order, a link, an auth key): in this
   * process, then across processes through `Store.withLock` when the store has it. Do not nest a
   * different key inside it: on a store whose lock holds a connection (SQLite), an inner
   * in-process wait could deadlock with a request holding that key and waiting for the connection.
   */
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
  /**
   * The client IP from the trusted proxy header (ServiceDeps.clientIpHeader), else from the
   * connection the host passed in the fetch env (`clientAddress`); null if unknown.
   */
  clientIp(request: Request, env?: unknown): string | null;
}

export interface EndpointContext<N extends EndpointName> {
  readonly runtime: ServiceRuntime;
  readonly tenant: TenantConfig;
  readonly settings: TenantSettings;
  /** The clock read once per request, so one request sees one instant. */
  readonly now: Date;
  /** The client IP (ServiceRuntime.clientIp); null if unknown. */
  readonly ip: string | null;
  readonly request: Request;
  /** The best tenant locale from Accept-Language, if any matched. */
  readonly requestLocale: Locale | undefined;
  readonly params: Part<N, 'params'>;
  readonly query: Part<N, 'query'>;
  readonly body: Part<N, 'body'>;
  readonly idempotencyKey: string | undefined;
  readonly session: SessionHandle;
  /** Extra headers for the response (Retry-After, Idempotent-Replayed, ...). */
  readonly responseHeaders: Headers;
  /** X7: the mails this request writes; delivered after the handler (or earlier by it). */
  readonly mails: RequestMails;
}

export type EndpointHandler<N extends EndpointName> = (
  context: EndpointContext<N>,
) => Promise<ResponseOf<N>>;
export type EndpointHandlers = { readonly [N in EndpointName]: EndpointHandler<N> };

/** A context whatever the endpoint, for helpers that do not read params, query or body. */
export type BaseContext = Omit<EndpointContext<EndpointName>, 'params' | 'query' | 'body'>;
