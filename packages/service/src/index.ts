/**
 * @shomei/service: the Shōmei service as a fetch-style Hono app over storage, mail, payment and
 * directory interfaces. The mock hosts it in memory; the reference server over SQL and SMTP.
 */
export {
  createService,
  MAX_BODY_BYTES,
  serviceMaintenance,
  type ServiceMaintenance,
} from './app.js';
export {
  consoleLogger,
  DEFAULT_RATE_LIMITS,
  type Logger,
  type RateLimitPolicy,
  type RateLimitRule,
  type ServiceDeps,
} from './deps.js';
export type {
  AccountRecord,
  DeviceTrustRecord,
  IdempotencyRecord,
  MailRecord,
  MailStatus,
  OrderRecord,
  PasskeyChallengeRecord,
  PasskeyRecord,
  PaymentRecord,
  PrintReservationRecord,
  RateLimitHit,
  AttemptCounterRecord,
  SessionRecord,
  SessionStep,
  Store,
  OrderListFilter,
} from './store/store.js';
export { createMemoryStore, type MemoryStoreSeed } from './store/memory.js';
export {
  createMemoryMailbox,
  MAIL_KINDS,
  type MailKind,
  type Mailer,
  type MemoryMailbox,
  type OutgoingMail,
} from './mail/mailer.js';
export { renderMail, type MailData, type RenderedMail } from './mail/templates.js';
export {
  checkMailHeaders,
  createOutbox,
  DEFAULT_OUTBOX_POLICY,
  type MailToSend,
  type Outbox,
  type OutboxPolicy,
} from './mail/outbox.js';
export {
  createRosterDirectory,
  DirectoryUnavailableError,
  rosterEntries,
  type RosterEntry,
  type StudentDirectory,
} from './directory.js';
export {
  createTenantDirectory,
  originAllowed,
  type TenantConfig,
  type TenantDirectory,
} from './tenants.js';
export {
  createPasswordHasher,
  hashPassword,
  pbkdf2,
  verifyPassword,
  type PasswordHasher,
  type Pbkdf2,
} from './crypto.js';
export { DEFAULT_PASSWORD_WORK, type PasswordWorkPolicy } from './password-work.js';
export {
  WEBHOOK_EVENT_TYPES,
  type PaymentProvider,
  type PaymentStartInput,
  type ProviderPaymentStatus,
  type WebhookEvent,
  type WebhookEventType,
} from './payments/provider.js';
export {
  createMemorySandboxLedger,
  createSandboxProvider,
  isSandboxProvider,
  SIGNATURE_HEADER,
  WEBHOOK_PATH,
  type SandboxLedger,
  type SandboxOptions,
  type SandboxPayment,
  type SandboxProvider,
} from './payments/sandbox.js';
export { ERROR_STATUS } from './http/errors.js';
export {
  DEVICE_TRUST_HEADER,
  SESSION_COOKIE,
  cookieNames,
  type SessionCookieStyle,
  SESSION_MODE_HEADER,
  SESSION_TOKEN_HEADER,
  TRUST_COOKIE,
} from './http/session-transport.js';
export { STAFF_TOKEN_HEADER } from './handlers/staff.js';
export type { StaffLockoutsView, StaffUnlockCleared } from './handlers/throttle.js';
export { REDIRECT_CHECKOUT_TTL_MINUTES } from './handlers/fulfilment.js';
export * from './demo/index.js';
