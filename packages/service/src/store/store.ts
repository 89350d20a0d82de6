/**
 * Persistence for the service. Every method is async so that the SQL store of the reference
 * server (issue 6) implements this same interface; the memory store (memory.ts) is the mock's.
 *
 * Rules for implementations:
 * - Records go in and come out as plain JSON-able objects; a returned record is a copy, and
 *   changing it changes nothing until it is `put` back.
 * - Everything is scoped by `tenantId`: one store serves many universities.
 * - Secrets are never stored in the clear: sessions, links and device trusts are keyed by the
 *   SHA-256 of their token, auth keys and passwords by salted hashes (the service hashes before
 *   it calls the store).
 * - The service serializes its read-decide-write sequences (per order, per link, per auth key,
 *   per Idempotency-Key) with its own in-process lock, and then with `Store.withLock` when the
 *   store has one (see `createService`). A store shared by several processes must implement
 *   `withLock`; constraints (one payment per idempotency key, one pending payment per order)
 *   are the second line of defence.
 */
import type {
  AuthKeyRecord,
  LinkPurpose,
  LinkRecord,
  Locale,
  OrderStatus,
  PaymentMethod,
  PaymentStatus,
  Student,
} from '@shomei/core';
import type { Delivery, Destination } from '@shomei/core';
import type { ContractOrderLine, PaymentNextStep } from '../contract.js';
import type { MailKind, OutgoingMail } from '../mail/mailer.js';

/** What the service itself knows of a student, beside the university directory (A3–A5, A14, A15). */
export interface AccountRecord {
  tenantId: string;
  userId: string;
  /** The registered address; null until the first registration link is redeemed (A4). */
  email: string | null;
  emailVerified: boolean;
  /** PBKDF2 hash (crypto.ts); null until the first login sets it (A5). */
  secondPasswordHash: string | null;
  /** The student's own choice (A15); the tenant's mode decides whether it counts. */
  twoFactorEnabled: boolean;
  /** The language the student chose last (A14); mails follow it. */
  locale: Locale | null;
  createdAt: string;
  updatedAt: string;
}

/** Where a session stands in the login journey; mirrors the contract's SessionView steps. */
export type SessionStep =
  | 'anonymous'
  | 'email-registration'
  | 'email-registration-sent'
  | 'second-password-setup'
  | 'auth-key'
  | 'authenticated';

export interface SessionRecord {
  /** SHA-256 of the opaque session id the browser holds. */
  idHash: string;
  tenantId: string;
  step: SessionStep;
  /** Null only for an anonymous session that merely remembers a language (A14). */
  userId: string | null;
  /** The directory's view of the student at login (profile shown on screens, O9 eligibility). */
  student: Student | null;
  locale: Locale | null;
  /** email-registration-sent: the address the link went to, and until when it works. */
  pendingEmail: string | null;
  linkExpiresAt: string | null;
  /** auth-key: when the mailed key expires. */
  keyExpiresAt: string | null;
  createdAt: string;
  /** A16: inactivity logout; pushed forward by activity and extendSession. */
  idleExpiresAt: string;
  /** No session outlives this, however active. */
  absoluteExpiresAt: string;
  /**
   * A21: when the session last proved again that it is the student (second password; a passkey
   * with A20), for the security changes that need it recently. Absent: not since login.
   */
  reauthenticatedAt?: string;
}

/** A7: a device that verified an auth key and asked to be trusted. */
export interface DeviceTrustRecord {
  /** SHA-256 of the trust token kept in the `shomei_trust` cookie or the client. */
  tokenHash: string;
  tenantId: string;
  userId: string;
  trustedUntil: string;
  createdAt: string;
}

export interface PrintReservationRecord {
  number: string;
  validUntil: string;
}

export interface OrderRecord {
  orderId: string;
  tenantId: string;
  userId: string;
  createdAt: string;
  updatedAt: string;
  destination: Destination;
  /** Priced at order time, with the names as the catalog had them then. */
  lines: ContractOrderLine[];
  total: number;
  delivery: Delivery | null;
  pickupReadyAt: string | null;
  status: OrderStatus;
  printReservation: PrintReservationRecord | null;
  processingAt: string | null;
  completedAt: string | null;
}

export interface PaymentRecord {
  paymentId: string;
  orderId: string;
  tenantId: string;
  userId: string;
  /** The Idempotency-Key of the request that created it (O8). */
  idempotencyKey: string;
  method: PaymentMethod;
  status: PaymentStatus;
  amount: number;
  createdAt: string;
  updatedAt: string;
  /** What the provider said the student should do, as it said it when the payment started. */
  nextStep: PaymentNextStep;
  /** Konbini / Pay-easy: until when the payment number can be paid. */
  deadline: string | null;
}

/** O8: an Idempotency-Key is good for one request of one student. */
export interface IdempotencyRecord {
  tenantId: string;
  userId: string;
  key: string;
  /** The endpoint and the resource the key was first used for. */
  endpoint: string;
  resourceId: string;
  createdAt: string;
}

/**
 * Issue 14: failures counted until a success resets them, not per window (login-throttle.ts in
 * @shomei/core). Keys: `login:user:<userId>` (wrong passwords from unknown clients),
 * `login:user:<userId>:device:<sha256 of device id>` (a browser that logged in to the account:
 * the row itself proves it), `auth-key:user:<userId>` (consecutive wrong auth keys).
 */
export interface AttemptCounterRecord {
  tenantId: string;
  key: string;
  failures: number;
  /** The latest failure; null after a reset. */
  lastFailureAt: string | null;
  /** The counter is forgotten from then on (get answers null, a failure starts at 1). */
  expiresAt: string;
}

export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** When the window ends. */
  resetAt: string;
}

/**
 * X7: where a mail stands in the outbox. `pending` waits for its next attempt (or is being
 * attempted: `nextAttemptAt` is then the attempt's lease); `sent` was accepted by the relay;
 * `failed` used up its attempts (staff may resend it); `cancelled` was superseded by a newer mail
 * of its topic (a reissued key, a newer link); `expired` carried a secret that expired unsent.
 */
export type MailStatus = 'pending' | 'sent' | 'failed' | 'cancelled' | 'expired';

/** X7: one mail in the outbox, written with the change that causes it. */
export interface MailRecord {
  /** Unique across tenants (a UUID). */
  mailId: string;
  tenantId: string;
  kind: MailKind;
  /** Recipient, kept after delivery so that the office can tell whom a failed mail was for. */
  to: string;
  /**
   * What the mail is about, e.g. `auth-key:<userId>`: a newer mail of the same topic cancels an
   * older one still pending (only the newest key or link works). Null for notices.
   */
  topic: string | null;
  /**
   * The mail itself; null once it is sent, cancelled or expired, because it may carry an auth key
   * or a one-time link that the database must not keep longer than it has to.
   */
  mail: OutgoingMail | null;
  status: MailStatus;
  /** Attempts made so far. */
  attempts: number;
  /** When the next attempt is due; while an attempt runs, the end of its lease. */
  nextAttemptAt: string;
  /** The relay's last refusal, without the recipient. */
  lastError: string | null;
  /** When the secret in the mail dies: not delivered after this. Null for notices. */
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

/** A20: a student's passkey (a WebAuthn credential registered from the account menu). */
export interface PasskeyRecord {
  tenantId: string;
  userId: string;
  /** The id the API shows and deletes by: random, not the credential id. Unique. */
  passkeyId: string;
  /** The credential id, base64url; unique per tenant. */
  credentialId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  /** The signature counter last seen (0 for authenticators that do not count). */
  counter: number;
  /** What the authenticator said it can be reached by (`internal`, `hybrid`, `usb`, …). */
  transports: string[];
  /** The student's name for it, e.g. 「私のiPhone」. */
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/**
 * A20: a WebAuthn challenge waiting for its answer: single use (`take` deletes it), a few minutes
 * long. Keyed by a hash: of the session id for a registration (tied to that session), of the
 * challenge itself for a login (the browser sends it back inside clientDataJSON).
 */
export interface PasskeyChallengeRecord {
  tenantId: string;
  /** SHA-256 hex of the key the challenge is found by. */
  keyHash: string;
  purpose: 'registration' | 'authentication';
  /** The challenge, base64url, as the options carried it. */
  challenge: string;
  /** Registration: the student; login: the user ID typed, if any (else null). */
  userId: string | null;
  expiresAt: string;
}

/** O6: filters of the staff's order list; absent means any. */
export interface OrderListFilter {
  readonly status?: OrderStatus;
  readonly destination?: Destination;
}

export interface Store {
  /**
   * Optional cross-process lock: runs `work` while holding `key` exclusively across **every
   * process that shares this store** (several server instances on one database), and resolves
   * or rejects as `work` does, releasing the key either way.
   *
   * - Every store call made inside `work` (in its async continuation) joins the lock's
   *   transaction. What `work` wrote commits when it settles, **whether it resolves or rejects**,
   *   as with the memory store: the service throws anticipated failures after recording them
   *   (a wrong auth key counts an attempt, A9; a rate-limit hit). The lock is for exclusion, not
   *   for all-or-nothing; the service's sequences are written to be finished by a retry.
   * - A nested `withLock` inside `work` joins the outer one (it neither waits nor deadlocks).
   * - `work` should not wait on slow I/O (SMTP, a provider's API): others wait for the key, and
   *   on SQLite for the whole database.
   *
   * The service always takes its in-process lock on the same key first, so concurrent requests of
   * one process queue there instead of holding database connections. A store used by a single
   * process (the memory store) leaves it out.
   */
  withLock?<T>(key: string, work: () => Promise<T>): Promise<T>;
  readonly accounts: {
    get(tenantId: string, userId: string): Promise<AccountRecord | null>;
    /** Accounts whose verified address equals `email`, compared case-insensitively (A13). */
    findByEmail(tenantId: string, email: string): Promise<AccountRecord[]>;
    put(record: AccountRecord): Promise<void>;
  };
  readonly sessions: {
    get(idHash: string): Promise<SessionRecord | null>;
    put(record: SessionRecord): Promise<void>;
    delete(idHash: string): Promise<void>;
    /** Ends every session of a student (second password reset), but `keepIdHash` when given. */
    deleteForUser(tenantId: string, userId: string, keepIdHash?: string): Promise<void>;
  };
  readonly deviceTrusts: {
    get(tokenHash: string): Promise<DeviceTrustRecord | null>;
    put(record: DeviceTrustRecord): Promise<void>;
    deleteForUser(tenantId: string, userId: string): Promise<void>;
  };
  readonly links: {
    get(tenantId: string, tokenHash: string): Promise<LinkRecord | null>;
    /** Inserts or replaces (by tokenHash), e.g. to mark a link used. */
    put(tenantId: string, record: LinkRecord): Promise<void>;
    /**
     * Voids a student's outstanding links of one purpose, so that only the newest link works
     * (A4, A11, A13): the service calls it before it stores a new link, and after it redeems one.
     *
     * Exactly: every stored link with this `tenantId`, `userId` and `purpose` whose `usedAt` is
     * null gets `usedAt = now.toISOString()`, expired or not; nothing else changes. Links that
     * are already used keep their `usedAt`; other purposes, other students and other tenants are
     * untouched; no link is deleted, so `get` still finds a voided link (and `redeemLink` then
     * answers `used`). Calling it when nothing matches does nothing; calling it twice is the
     * same as once. A SQL store does it in one statement, inside the caller's transaction when
     * there is one: `UPDATE links SET used_at = $now WHERE tenant_id = $tenantId AND user_id =
     * $userId AND purpose = $purpose AND used_at IS NULL` (an index on (tenant_id, user_id,
     * purpose) keeps it cheap). Added for review item 6; the memory store is the reference.
     */
    voidForUser(tenantId: string, userId: string, purpose: LinkPurpose, now: Date): Promise<void>;
  };
  readonly authKeys: {
    /** The one current key of a student, if any. */
    get(tenantId: string, userId: string): Promise<AuthKeyRecord | null>;
    /** Replaces the student's current key: a reissued key kills the old one (A8). */
    put(tenantId: string, record: AuthKeyRecord): Promise<void>;
  };
  readonly orders: {
    get(tenantId: string, orderId: string): Promise<OrderRecord | null>;
    /** Newest first (O11). */
    listForUser(tenantId: string, userId: string): Promise<OrderRecord[]>;
    /** O6, staff: every order of a tenant matching `filter`, newest first. */
    listForTenant(tenantId: string, filter?: OrderListFilter): Promise<OrderRecord[]>;
    put(record: OrderRecord): Promise<void>;
  };
  /**
   * O5, O6: office closures the staff added (`YYYY-MM-DD` in Asia/Tokyo), on top of the ones in
   * the tenant's configuration. The service merges the two wherever business days count.
   */
  readonly closures: {
    /** Sorted ascending, no duplicates. */
    list(tenantId: string): Promise<string[]>;
    /** Adds a date; adding one that is there already changes nothing. */
    add(tenantId: string, date: string, now: Date): Promise<void>;
    /** Removes a date; false when it was not stored. */
    remove(tenantId: string, date: string): Promise<boolean>;
  };
  readonly payments: {
    get(tenantId: string, paymentId: string): Promise<PaymentRecord | null>;
    /** Oldest first. */
    listForOrder(tenantId: string, orderId: string): Promise<PaymentRecord[]>;
    /**
     * O7: pending payments of every tenant started at or before `startedBefore`, oldest first
     * (by `createdAt`, then `paymentId`), at most `limit`, after the payment `after` in that
     * order when given (a page): what the service reconciles with the provider (after a crash,
     * a lost webhook, a deadline that passed).
     */
    listPending(
      startedBefore: Date,
      limit: number,
      after?: { createdAt: string; paymentId: string },
    ): Promise<PaymentRecord[]>;
    put(record: PaymentRecord): Promise<void>;
  };
  readonly idempotency: {
    get(tenantId: string, userId: string, key: string): Promise<IdempotencyRecord | null>;
    put(record: IdempotencyRecord): Promise<void>;
  };
  readonly rateLimits: {
    /**
     * Counts one hit on `key` in a fixed window of `windowSeconds` starting at the first hit.
     * Windows that ended may be forgotten at any time (the memory store prunes them on access).
     */
    hit(key: string, windowSeconds: number, now: Date): Promise<RateLimitHit>;
  };
  /** Issue 14: failure counters (AttemptCounterRecord); expired ones may be forgotten any time. */
  readonly attemptCounters: {
    /** The counter of `key`, or null when there is none or it expired at `now`. */
    get(tenantId: string, key: string, now: Date): Promise<AttemptCounterRecord | null>;
    /**
     * Counts one failure in one step (two instances counting at once lose none): `failures + 1`,
     * or 1 when there is no live counter; `lastFailureAt = now`; `expiresAt` as given. Answers
     * the counter after the failure.
     */
    fail(
      tenantId: string,
      key: string,
      now: Date,
      expiresAt: string,
    ): Promise<AttemptCounterRecord>;
    /** Inserts or replaces the counter with no failures (a success, a device that logged in). */
    reset(tenantId: string, key: string, expiresAt: string): Promise<void>;
    /**
     * The live counters whose key starts with `keyPrefix` (exactly, case and all), in key order:
     * the office's view of an account's throttles, whose device keys it cannot know (O6).
     */
    list(tenantId: string, keyPrefix: string, now: Date): Promise<AttemptCounterRecord[]>;
  };
  /** X7: the mail outbox (packages/service/src/mail/outbox.ts is its only writer). */
  readonly mails: {
    get(tenantId: string, mailId: string): Promise<MailRecord | null>;
    /** Inserts a new mail. */
    add(record: MailRecord): Promise<void>;
    /**
     * Replaces a mail only if its `status` and `nextAttemptAt` are still the `expected` ones: how
     * an attempt claims a mail (pushing `nextAttemptAt` to the end of its lease) and then records
     * its outcome, so that two instances never attempt one mail at once and a mail cancelled
     * meanwhile stays cancelled. False when the mail had moved on.
     */
    update(
      record: MailRecord,
      expected: { status: MailStatus; nextAttemptAt: string },
    ): Promise<boolean>;
    /** The newest mail of a topic (the one added last), if any. */
    latestOfTopic(tenantId: string, topic: string): Promise<MailRecord | null>;
    /** Cancels the pending and failed mails of a topic, dropping their content. */
    cancelTopic(tenantId: string, topic: string, now: Date): Promise<void>;
    /**
     * Drops the content of every mail whose secret expired (`expiresAt <= now`), whatever its
     * status, and marks the pending ones `expired`.
     */
    expire(now: Date): Promise<void>;
    /** Pending mails of every tenant whose next attempt is due, soonest first, at most `limit`. */
    due(now: Date, limit: number): Promise<MailRecord[]>;
    /** The tenant's mails not delivered: `pending` and `failed`, oldest first (staff). */
    listUndelivered(tenantId: string): Promise<MailRecord[]>;
  };
  /** A20: passkeys, their WebAuthn user handles and pending challenges. */
  readonly passkeys: {
    /** A student's passkeys, oldest first. */
    listForUser(tenantId: string, userId: string): Promise<PasskeyRecord[]>;
    findByCredentialId(tenantId: string, credentialId: string): Promise<PasskeyRecord | null>;
    /** Inserts or replaces (by passkeyId). */
    put(record: PasskeyRecord): Promise<void>;
    /** Deletes the student's passkey; false when the student has none with that id. */
    delete(tenantId: string, userId: string, passkeyId: string): Promise<boolean>;
    /**
     * The student's WebAuthn user handle (random, not the user ID, so an authenticator does not
     * carry it): the stored one, or `candidate`, stored now, when there is none.
     */
    userHandle(tenantId: string, userId: string, candidate: string): Promise<string>;
    /** Stores a challenge, replacing any with the same key. */
    putChallenge(record: PasskeyChallengeRecord): Promise<void>;
    /**
     * Takes a challenge out (deleting it): null when there is none, or it expired at `now`. Two
     * concurrent takes of one challenge: at most one gets it.
     */
    takeChallenge(
      tenantId: string,
      keyHash: string,
      now: Date,
    ): Promise<PasskeyChallengeRecord | null>;
  };
  readonly webhookEvents: {
    /** Remembers a provider event id; false when it was seen before (replayed webhook). */
    remember(eventId: string, now: Date): Promise<boolean>;
  };
}
