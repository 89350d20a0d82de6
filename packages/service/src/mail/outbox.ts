/**
 * X7, mail is never lost (docs/decisions/0014): every mail is first a row in the store's outbox,
 * written by the request that causes it (inside its lock, so in its transaction on a SQL store),
 * and delivered only after that request's writes are committed:
 *
 * - the request that wrote it makes the first attempt itself, outside every lock, and holds it by
 *   a lease (`nextAttemptAt` lies `leaseSeconds` ahead), so no other instance sends it meanwhile;
 * - a failed attempt is retried after a jittered, doubling back-off by `deliverDue`, which the
 *   server runs periodically; a mail is claimed by a conditional update before each retry, so
 *   with several instances on one database each attempt is made by one of them;
 * - a relay's permanent refusal (5xx) or the last allowed attempt leaves the mail `failed`, for
 *   the office to see and resend;
 * - a mail carrying a secret (an auth key, a one-time link) is never delivered after the secret
 *   expired, and a newer mail of its topic cancels it: only the newest key or link works.
 *
 * The content is dropped from the row once it is sent, cancelled or expired.
 */
import type { Logger } from '../deps.js';
import type { MailRecord, Store } from '../store/store.js';
import type { Mailer, OutgoingMail } from './mailer.js';

export interface OutboxPolicy {
  /** Attempts before a mail is left `failed`. */
  readonly maxAttempts: number;
  /** The wait after the first failed attempt; it doubles after each (with jitter). */
  readonly firstRetrySeconds: number;
  readonly maxRetrySeconds: number;
  /**
   * How long one attempt may hold a mail before another instance may take it over. Longer than
   * the mailer's own time-outs (the SMTP mailer gives up within a minute).
   */
  readonly leaseSeconds: number;
  /**
   * How long a request waits for the first attempt at a mail the student is waiting for (an auth
   * key, a link) before it answers that the mail may take a while.
   */
  readonly requestWaitMs: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = {
  maxAttempts: 10,
  firstRetrySeconds: 15,
  maxRetrySeconds: 60 * 60,
  leaseSeconds: 120,
  requestWaitMs: 5000,
};

/** What a caller hands the outbox: the mail, and what it is about. */
export interface MailToSend {
  readonly tenantId: string;
  readonly mail: OutgoingMail;
  /** A newer mail of the same topic cancels this one while it is pending (MailRecord.topic). */
  readonly topic?: string;
  /** When the secret the mail carries expires; it is not delivered after. */
  readonly expiresAt?: string;
}

export interface Outbox {
  readonly policy: OutboxPolicy;
  /** Writes the mail (cancelling pending ones of its topic); the caller's lease holds it. */
  enqueue(input: MailToSend, now: Date): Promise<MailRecord>;
  /**
   * The first attempt at a mail `enqueue` just returned, made after the caller's commit. The
   * mailer is called before this returns (synchronously), then the outcome is recorded.
   */
  attempt(record: MailRecord): Promise<MailRecord>;
  /**
   * `attempt`, after claiming the mail afresh: skipped (answering the mail as it is now) when a
   * newer mail of its topic cancelled it meanwhile. For the mails a student waits for.
   */
  attemptClaimed(record: MailRecord): Promise<MailRecord>;
  /**
   * A13: the store work of `enqueue` and of recording an attempt, for a request that must look
   * like one that mailed (a reset for an unknown address). The row is born cancelled, holds no
   * address and no content, and is never sent.
   */
  enqueueDecoy(tenantId: string, topic: string, now: Date): Promise<MailRecord>;
  attemptDecoy(record: MailRecord): Promise<void>;
  /** Retries every pending mail that is due (claimed one by one); answers what it did. */
  deliverDue(limit?: number): Promise<{ attempted: number; sent: number }>;
  /**
   * Staff: a `failed` mail goes back to `pending` and is attempted now, with a fresh count.
   * Answers the mail as it is now; `expired` when its secret expired (the student must ask
   * again), null when there is no such mail.
   */
  resend(tenantId: string, mailId: string): Promise<MailRecord | 'expired' | 'not-failed' | null>;
}

export interface OutboxDeps {
  readonly store: Store;
  readonly mailer: Mailer;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly policy?: Partial<OutboxPolicy>;
}

/** A value that is to become a mail header: no line breaks, no NUL (header injection). */
const HEADER_UNSAFE = /[\r\n\0]/;
/** One bare address, as the contract's Email allows; no display name, no list. */
const BARE_ADDRESS = /^[^\s<>,;:"()[\]\\@]+@[^\s<>,;:"()[\]\\@]+$/;

/** Refuses a mail whose headers could carry more than they say. */
export function checkMailHeaders(mail: OutgoingMail): void {
  for (const [name, value] of [
    ['to', mail.to],
    ['from', mail.from],
    ['subject', mail.subject],
  ] as const) {
    if (HEADER_UNSAFE.test(value))
      throw new Error(`mail refused: its ${name} header contains a line break or NUL`);
  }
  if (!BARE_ADDRESS.test(mail.to))
    throw new Error('mail refused: the recipient is not a single bare address');
}

const addSeconds = (date: Date, seconds: number): string =>
  new Date(date.getTime() + seconds * 1000).toISOString();

/** Doubling back-off with jitter (half to all of the step), so that retries do not align. */
function retryDelaySeconds(policy: OutboxPolicy, attempts: number): number {
  const step = Math.min(policy.maxRetrySeconds, policy.firstRetrySeconds * 2 ** (attempts - 1));
  return Math.ceil(step * (0.5 + Math.random() / 2));
}

/** The refusal as the office may read it: without the recipient, short. */
function describeError(error: unknown, to: string): { text: string; permanent: boolean } {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  const message = error instanceof Error ? error.message : String(error);
  return {
    text: message.split(to).join('<recipient>').slice(0, 500),
    // RFC 5321: a 5yz reply is a permanent failure; trying again will not help.
    permanent: typeof code === 'number' && code >= 500 && code < 600,
  };
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const policy: OutboxPolicy = { ...DEFAULT_OUTBOX_POLICY, ...deps.policy };
  const { store, mailer, clock, logger } = deps;

  async function settle(record: MailRecord, sending: Promise<void>): Promise<MailRecord> {
    let failure: { text: string; permanent: boolean } | null = null;
    try {
      await sending;
    } catch (error) {
      failure = describeError(error, record.to);
    }
    const now = clock();
    const attempts = record.attempts + 1;
    const base = { ...record, attempts, updatedAt: now.toISOString() };
    let next: MailRecord;
    if (failure === null) {
      next = { ...base, status: 'sent', mail: null, lastError: null, sentAt: now.toISOString() };
    } else if (failure.permanent || attempts >= policy.maxAttempts) {
      const secretDead = record.expiresAt !== null && Date.parse(record.expiresAt) <= now.getTime();
      next = {
        ...base,
        status: 'failed',
        lastError: failure.text,
        // Kept for the office to resend, unless the key or link in it is dead already.
        ...(secretDead ? { mail: null } : {}),
      };
    } else {
      next = {
        ...base,
        lastError: failure.text,
        nextAttemptAt: addSeconds(now, retryDelaySeconds(policy, attempts)),
      };
    }
    const recorded = await store.mails.update(next, {
      status: 'pending',
      nextAttemptAt: record.nextAttemptAt,
    });
    if (failure !== null) {
      logger.warn('mail not delivered', {
        mailId: record.mailId,
        kind: record.kind,
        attempts,
        status: next.status,
        error: failure.text,
      });
    }
    if (!recorded) {
      // Cancelled by a newer mail of its topic, or taken over after the lease ran out.
      logger.warn('mail changed during its attempt', { mailId: record.mailId, kind: record.kind });
      return (await store.mails.get(record.tenantId, record.mailId)) ?? next;
    }
    return next;
  }

  /** Takes a pending mail for one attempt under a fresh lease; null when it had moved on. */
  async function claim(record: MailRecord, now: Date): Promise<MailRecord | null> {
    const claimed = { ...record, nextAttemptAt: addSeconds(now, policy.leaseSeconds) };
    const won = await store.mails.update(claimed, {
      status: 'pending',
      nextAttemptAt: record.nextAttemptAt,
    });
    return won ? claimed : null;
  }

  function attempt(record: MailRecord): Promise<MailRecord> {
    if (record.mail === null) return Promise.resolve(record);
    let sending: Promise<void>;
    try {
      sending = mailer.send(record.mail);
    } catch (error) {
      sending = Promise.reject(error);
    }
    return settle(record, sending);
  }

  return {
    policy,
    async enqueue(input, now) {
      checkMailHeaders(input.mail);
      if (input.topic !== undefined)
        await store.mails.cancelTopic(input.tenantId, input.topic, now);
      const record: MailRecord = {
        mailId: crypto.randomUUID(),
        tenantId: input.tenantId,
        kind: input.mail.kind,
        to: input.mail.to,
        topic: input.topic ?? null,
        mail: input.mail,
        status: 'pending',
        attempts: 0,
        // The writer's lease on the first attempt; a crash before it leaves the mail due then.
        nextAttemptAt: addSeconds(now, policy.leaseSeconds),
        lastError: null,
        expiresAt: input.expiresAt ?? null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        sentAt: null,
      };
      await store.mails.add(record);
      return record;
    },
    attempt,
    async attemptClaimed(record) {
      const claimed = await claim(record, clock());
      if (claimed === null)
        return (await store.mails.get(record.tenantId, record.mailId)) ?? record;
      return attempt(claimed);
    },
    async enqueueDecoy(tenantId, topic, now) {
      await store.mails.cancelTopic(tenantId, topic, now);
      const record: MailRecord = {
        mailId: crypto.randomUUID(),
        tenantId,
        kind: 'second-password-reset',
        to: '',
        topic,
        mail: null,
        status: 'cancelled',
        attempts: 0,
        nextAttemptAt: addSeconds(now, policy.leaseSeconds),
        lastError: null,
        expiresAt: now.toISOString(),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        sentAt: null,
      };
      await store.mails.add(record);
      return record;
    },
    async attemptDecoy(record) {
      // Changes nothing: the row is not pending.
      await store.mails.update(record, { status: 'pending', nextAttemptAt: record.nextAttemptAt });
    },
    async deliverDue(limit = 50) {
      let attempted = 0;
      let sent = 0;
      // A secret that expired is dropped whatever its mail's state (pending or failed).
      await store.mails.expire(clock());
      for (const due of await store.mails.due(clock(), limit)) {
        // Read per mail: a round against a slow relay takes long, and a lease or an expiry
        // counted from its start would be wrong for the mails at its end.
        const now = clock();
        if (due.expiresAt !== null && Date.parse(due.expiresAt) <= now.getTime()) continue;
        const claimed = await claim(due, now);
        // Another instance took it first: it is theirs until their lease ends.
        if (claimed === null) continue;
        attempted += 1;
        if ((await attempt(claimed)).status === 'sent') sent += 1;
      }
      return { attempted, sent };
    },
    async resend(tenantId, mailId) {
      const record = await store.mails.get(tenantId, mailId);
      if (record === null) return null;
      if (record.status !== 'failed') return 'not-failed';
      // Only the newest key or link of a topic works: an older one is not sent again.
      if (record.topic !== null) {
        const newest = await store.mails.latestOfTopic(tenantId, record.topic);
        if (newest !== null && newest.mailId !== record.mailId) return 'expired';
      }
      const now = clock();
      if (
        record.mail === null ||
        (record.expiresAt !== null && Date.parse(record.expiresAt) <= now.getTime())
      )
        return 'expired';
      // Back to pending under this instance's lease, with a fresh count of attempts.
      const revived: MailRecord = {
        ...record,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: addSeconds(now, policy.leaseSeconds),
        updatedAt: now.toISOString(),
      };
      const won = await store.mails.update(revived, {
        status: 'failed',
        nextAttemptAt: record.nextAttemptAt,
      });
      if (!won) return 'not-failed';
      return attempt(revived);
    },
  };
}

/**
 * The mails one request wrote, delivered once its writes are committed (`deliver`): the ones a
 * student waits for are awaited up to the policy's `requestWaitMs`; the others are started and
 * left to finish (or to be retried) on their own.
 */
export class RequestMails {
  readonly #outbox: Outbox;
  readonly #logger: Logger;
  readonly #queued: { record: MailRecord; wait: boolean; decoy?: true }[] = [];

  constructor(outbox: Outbox, logger: Logger) {
    this.#outbox = outbox;
    this.#logger = logger;
  }

  /** Writes a mail into the outbox, to be delivered by `deliver`. */
  async send(input: MailToSend, now: Date, options: { wait: boolean }): Promise<MailRecord> {
    const record = await this.#outbox.enqueue(input, now);
    this.#queued.push({ record, wait: options.wait });
    return record;
  }

  /** A13: looks like `send` to the store, mails nothing (Outbox.enqueueDecoy). */
  async sendDecoy(tenantId: string, topic: string, now: Date): Promise<void> {
    const record = await this.#outbox.enqueueDecoy(tenantId, topic, now);
    this.#queued.push({ record, wait: false, decoy: true });
  }

  /**
   * Attempts every mail written so far. Call it only outside every lock (after commit). Answers
   * false when a mail the student waits for was not delivered in time (it stays in the outbox).
   */
  async deliver(): Promise<boolean> {
    const waited: Promise<boolean>[] = [];
    for (const { record, wait, decoy } of this.#queued.splice(0)) {
      if (decoy) {
        void this.#outbox.attemptDecoy(record).catch(() => undefined);
        continue;
      }
      // A mail the student waits for is claimed afresh: a newer one of its topic (a second
      // click) may have cancelled it since it was written. Others start at once (A13: the same
      // work whatever the address).
      const started = wait ? this.#outbox.attemptClaimed(record) : this.#outbox.attempt(record);
      const outcome = started.then(
        (settled) => settled.status === 'sent',
        (error: unknown) => {
          // The outcome could not be recorded; the lease runs out and the sweep retries it.
          this.#logger.error('mail attempt not recorded', {
            mailId: record.mailId,
            error: String(error),
          });
          return false;
        },
      );
      if (wait) waited.push(outcome);
    }
    if (waited.length === 0) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.#outbox.policy.requestWaitMs);
    });
    try {
      const results = await Promise.race([Promise.all(waited), late.then(() => [false])]);
      return results.every(Boolean);
    } finally {
      clearTimeout(timer);
    }
  }
}
