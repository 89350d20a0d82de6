/**
 * The tables as Kysely sees them. Every column is text or integer, in both dialects: timestamps
 * are ISO-8601 text (`toISOString`, which sorts as it reads), booleans are 0/1, nested values are
 * JSON text. So SQLite and PostgreSQL run the same statements and return the same values.
 */

export interface AccountsTable {
  tenant_id: string;
  user_id: string;
  email: string | null;
  /** `email.toLowerCase()` written by the store, so A13's lookup needs no SQL `lower()`. */
  email_lower: string | null;
  email_verified: number;
  second_password_hash: string | null;
  two_factor_enabled: number;
  locale: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id_hash: string;
  tenant_id: string;
  step: string;
  user_id: string | null;
  student_json: string | null;
  locale: string | null;
  pending_email: string | null;
  link_expires_at: string | null;
  key_expires_at: string | null;
  created_at: string;
  idle_expires_at: string;
  absolute_expires_at: string;
  /** A21 (migration 0006): the session's last re-authentication; null for never. */
  reauthenticated_at: string | null;
}

export interface DeviceTrustsTable {
  token_hash: string;
  tenant_id: string;
  user_id: string;
  trusted_until: string;
  created_at: string;
}

export interface LinksTable {
  tenant_id: string;
  token_hash: string;
  purpose: string;
  user_id: string;
  email: string | null;
  issued_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AuthKeysTable {
  tenant_id: string;
  user_id: string;
  key_hash: string;
  salt: string;
  issued_at: string;
  expires_at: string;
  failed_attempts: number;
  used_at: string | null;
  locked_at: string | null;
}

export interface OrdersTable {
  tenant_id: string;
  order_id: string;
  user_id: string;
  /** Insertion order, the tie-break for orders placed in the same millisecond (O11). */
  seq: number;
  created_at: string;
  updated_at: string;
  destination: string;
  lines_json: string;
  total: number;
  delivery_json: string | null;
  pickup_ready_at: string | null;
  status: string;
  print_reservation_number: string | null;
  print_reservation_valid_until: string | null;
  processing_at: string | null;
  completed_at: string | null;
}

export interface PaymentsTable {
  tenant_id: string;
  payment_id: string;
  order_id: string;
  user_id: string;
  /** Insertion order, the tie-break for payments started in the same millisecond. */
  seq: number;
  idempotency_key: string;
  method: string;
  status: string;
  amount: number;
  created_at: string;
  updated_at: string;
  next_step_json: string;
  deadline: string | null;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  user_id: string;
  key: string;
  endpoint: string;
  resource_id: string;
  created_at: string;
}

export interface RateLimitsTable {
  key: string;
  count: number;
  reset_at: string;
}

/** Issue 14: failure counters (migration 0005; AttemptCounterRecord in @shomei/service). */
export interface AttemptCountersTable {
  tenant_id: string;
  key: string;
  failures: number;
  last_failure_at: string | null;
  expires_at: string;
}

export interface WebhookEventsTable {
  event_id: string;
  received_at: string;
}

/** One row per lock key (`order:<tenant>:<id>`, ...): the row `withLock` holds (store.ts). */
export interface LocksTable {
  key: string;
  locked_at: string;
}

/** O5, O6: closures the staff added (migration 0002); merged with the tenant's configured ones. */
export interface ClosuresTable {
  tenant_id: string;
  /** `YYYY-MM-DD` in Asia/Tokyo. */
  date: string;
  created_at: string;
}

/** X7: the mail outbox (migration 0003; MailRecord in @shomei/service). */
export interface MailsTable {
  mail_id: string;
  tenant_id: string;
  kind: string;
  to_address: string;
  topic: string | null;
  /** Order within the topic (1, 2, ...); 0 for mails without a topic. */
  topic_seq: number;
  /** The OutgoingMail as JSON; null once sent, cancelled or expired. */
  mail_json: string | null;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

/** The sandbox provider's own ledger (migration 0004): what a real provider keeps on its side. */
export interface SandboxPaymentsTable {
  payment_id: string;
  status: string;
  record_json: string;
  updated_at: string;
}

/** A20 (migration 0007): passkeys (PasskeyRecord in @shomei/service). */
export interface PasskeysTable {
  passkey_id: string;
  tenant_id: string;
  user_id: string;
  credential_id: string;
  public_key: string;
  counter: number;
  /** JSON array of transport names. */
  transports_json: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** A20 (migration 0007): each student's WebAuthn user handle. */
export interface PasskeyUserHandlesTable {
  tenant_id: string;
  user_id: string;
  user_handle: string;
}

/** A20 (migration 0007): pending WebAuthn challenges (PasskeyChallengeRecord). */
export interface PasskeyChallengesTable {
  tenant_id: string;
  key_hash: string;
  purpose: string;
  challenge: string;
  user_id: string | null;
  expires_at: string;
}

/** Issue 15 (migration 0008): the last insertion number (`seq`) per tenant and table. */
export interface CountersTable {
  tenant_id: string;
  /** The table whose `seq` it numbers: `orders` or `payments`. */
  name: string;
  value: number;
}

export interface Database {
  accounts: AccountsTable;
  sessions: SessionsTable;
  device_trusts: DeviceTrustsTable;
  links: LinksTable;
  auth_keys: AuthKeysTable;
  orders: OrdersTable;
  payments: PaymentsTable;
  idempotency_keys: IdempotencyKeysTable;
  rate_limits: RateLimitsTable;
  attempt_counters: AttemptCountersTable;
  webhook_events: WebhookEventsTable;
  locks: LocksTable;
  closures: ClosuresTable;
  mails: MailsTable;
  sandbox_payments: SandboxPaymentsTable;
  passkeys: PasskeysTable;
  passkey_user_handles: PasskeyUserHandlesTable;
  passkey_challenges: PasskeyChallengesTable;
  counters: CountersTable;
}
