import type { AuthKeyRecord, LinkRecord } from '@shomei/core';
import type {
  AccountRecord,
  AttemptCounterRecord,
  DeviceTrustRecord,
  IdempotencyRecord,
  MailRecord,
  OrderRecord,
  PasskeyChallengeRecord,
  PasskeyRecord,
  PaymentRecord,
  SessionRecord,
  Store,
} from './store.js';

/** Copies in and out, as a database would: a caller's later edits never reach the store. */
const copy = <T>(value: T): T => structuredClone(value);
const key = (...parts: string[]): string => JSON.stringify(parts);

export interface MemoryStoreSeed {
  /** Accounts that exist from the start (e.g. the demo's returning student). */
  readonly accounts?: readonly AccountRecord[];
}

/** The memory store, plus a look inside for tests. */
export interface MemoryStore extends Store {
  /** How many rate-limit windows are held (ended ones are pruned on every hit). */
  rateLimitWindowCount(): number;
}

/** The Store in plain Maps, for the mock, tests and Storybook. Lost when the page reloads. */
export function createMemoryStore(seed: MemoryStoreSeed = {}): MemoryStore {
  const accounts = new Map<string, AccountRecord>();
  const sessions = new Map<string, SessionRecord>();
  const deviceTrusts = new Map<string, DeviceTrustRecord>();
  const links = new Map<string, LinkRecord>();
  const authKeys = new Map<string, AuthKeyRecord>();
  const orders = new Map<string, OrderRecord>();
  const payments = new Map<string, PaymentRecord>();
  const idempotency = new Map<string, IdempotencyRecord>();
  const rateLimits = new Map<string, { count: number; resetAt: number }>();
  const attemptCounters = new Map<string, AttemptCounterRecord>();
  /** A live counter, pruning expired ones as rate limits prune ended windows. */
  const pruneCounters = (now: Date) => {
    for (const [stored, record] of attemptCounters)
      if (Date.parse(record.expiresAt) <= now.getTime()) attemptCounters.delete(stored);
  };
  const liveCounter = (tenantId: string, counterKey: string, now: Date) => {
    pruneCounters(now);
    return attemptCounters.get(key(tenantId, counterKey)) ?? null;
  };
  const webhookEvents = new Map<string, string>();
  const passkeys = new Map<string, PasskeyRecord>();
  const passkeyUserHandles = new Map<string, string>();
  const passkeyChallenges = new Map<string, PasskeyChallengeRecord>();
  const closures = new Map<string, Set<string>>();
  const mails = new Map<string, MailRecord>();
  const byCreation = (a: MailRecord, b: MailRecord) => a.createdAt.localeCompare(b.createdAt);

  for (const account of seed.accounts ?? [])
    accounts.set(key(account.tenantId, account.userId), copy(account));

  return {
    rateLimitWindowCount: () => rateLimits.size,
    accounts: {
      async get(tenantId, userId) {
        const record = accounts.get(key(tenantId, userId));
        return record ? copy(record) : null;
      },
      async findByEmail(tenantId, email) {
        const wanted = email.toLowerCase();
        return [...accounts.values()]
          .filter(
            (a) => a.tenantId === tenantId && a.emailVerified && a.email?.toLowerCase() === wanted,
          )
          .map(copy);
      },
      async put(record) {
        accounts.set(key(record.tenantId, record.userId), copy(record));
      },
    },
    sessions: {
      async get(idHash) {
        const record = sessions.get(idHash);
        return record ? copy(record) : null;
      },
      async put(record) {
        sessions.set(record.idHash, copy(record));
      },
      async delete(idHash) {
        sessions.delete(idHash);
      },
      async deleteForUser(tenantId, userId, keepIdHash) {
        for (const [idHash, record] of sessions) {
          if (record.tenantId === tenantId && record.userId === userId && idHash !== keepIdHash) {
            sessions.delete(idHash);
          }
        }
      },
    },
    deviceTrusts: {
      async get(tokenHash) {
        const record = deviceTrusts.get(tokenHash);
        return record ? copy(record) : null;
      },
      async put(record) {
        deviceTrusts.set(record.tokenHash, copy(record));
      },
      async deleteForUser(tenantId, userId) {
        for (const [tokenHash, record] of deviceTrusts) {
          if (record.tenantId === tenantId && record.userId === userId)
            deviceTrusts.delete(tokenHash);
        }
      },
    },
    links: {
      async get(tenantId, tokenHash) {
        const record = links.get(key(tenantId, tokenHash));
        return record ? copy(record) : null;
      },
      async put(tenantId, record) {
        links.set(key(tenantId, record.tokenHash), copy(record));
      },
      async voidForUser(tenantId, userId, purpose, now) {
        const usedAt = now.toISOString();
        for (const [linkKey, record] of links) {
          if (
            linkKey === key(tenantId, record.tokenHash) &&
            record.userId === userId &&
            record.purpose === purpose &&
            record.usedAt === null
          ) {
            links.set(linkKey, { ...record, usedAt });
          }
        }
      },
    },
    authKeys: {
      async get(tenantId, userId) {
        const record = authKeys.get(key(tenantId, userId));
        return record ? copy(record) : null;
      },
      async put(tenantId, record) {
        authKeys.set(key(tenantId, record.userId), copy(record));
      },
    },
    orders: {
      async get(tenantId, orderId) {
        const record = orders.get(key(tenantId, orderId));
        return record ? copy(record) : null;
      },
      async listForUser(tenantId, userId) {
        // Newest first; orders placed in the same millisecond keep their reverse insertion order.
        return [...orders.values()]
          .reverse()
          .filter((o) => o.tenantId === tenantId && o.userId === userId)
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .map(copy);
      },
      async listForTenant(tenantId, filter = {}) {
        return [...orders.values()]
          .reverse()
          .filter(
            (o) =>
              o.tenantId === tenantId &&
              (filter.status === undefined || o.status === filter.status) &&
              (filter.destination === undefined || o.destination === filter.destination),
          )
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .map(copy);
      },
      async put(record) {
        orders.set(key(record.tenantId, record.orderId), copy(record));
      },
    },
    closures: {
      async list(tenantId) {
        return [...(closures.get(tenantId) ?? [])].sort();
      },
      async add(tenantId, date) {
        const dates = closures.get(tenantId) ?? new Set<string>();
        dates.add(date);
        closures.set(tenantId, dates);
      },
      async remove(tenantId, date) {
        return closures.get(tenantId)?.delete(date) ?? false;
      },
    },
    payments: {
      async get(tenantId, paymentId) {
        const record = payments.get(key(tenantId, paymentId));
        return record ? copy(record) : null;
      },
      async listForOrder(tenantId, orderId) {
        return [...payments.values()]
          .filter((p) => p.tenantId === tenantId && p.orderId === orderId)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .map(copy);
      },
      async listPending(startedBefore, limit, after) {
        const order = (p: PaymentRecord) => `${p.createdAt}\u0000${p.paymentId}`;
        const from = after === undefined ? '' : `${after.createdAt}\u0000${after.paymentId}`;
        return [...payments.values()]
          .filter(
            (p) =>
              p.status === 'pending' &&
              Date.parse(p.createdAt) <= startedBefore.getTime() &&
              order(p) > from,
          )
          .sort((a, b) => order(a).localeCompare(order(b)))
          .slice(0, limit)
          .map(copy);
      },
      async put(record) {
        payments.set(key(record.tenantId, record.paymentId), copy(record));
      },
    },
    idempotency: {
      async get(tenantId, userId, idempotencyKey) {
        const record = idempotency.get(key(tenantId, userId, idempotencyKey));
        return record ? copy(record) : null;
      },
      async put(record) {
        idempotency.set(key(record.tenantId, record.userId, record.key), copy(record));
      },
    },
    rateLimits: {
      async hit(limitKey, windowSeconds, now) {
        const at = now.getTime();
        // Windows that ended are forgotten, so the map holds only the keys hit lately.
        for (const [staleKey, stale] of rateLimits) {
          if (stale.resetAt <= at) rateLimits.delete(staleKey);
        }
        let window = rateLimits.get(limitKey);
        if (window === undefined || window.resetAt <= at) {
          window = { count: 0, resetAt: at + windowSeconds * 1000 };
          rateLimits.set(limitKey, window);
        }
        window.count += 1;
        return { count: window.count, resetAt: new Date(window.resetAt).toISOString() };
      },
    },
    attemptCounters: {
      async get(tenantId, counterKey, now) {
        const record = liveCounter(tenantId, counterKey, now);
        return record ? copy(record) : null;
      },
      async fail(tenantId, counterKey, now, expiresAt) {
        const previous = liveCounter(tenantId, counterKey, now);
        const record: AttemptCounterRecord = {
          tenantId,
          key: counterKey,
          failures: (previous?.failures ?? 0) + 1,
          lastFailureAt: now.toISOString(),
          expiresAt,
        };
        attemptCounters.set(key(tenantId, counterKey), record);
        return copy(record);
      },
      async reset(tenantId, counterKey, expiresAt) {
        attemptCounters.set(key(tenantId, counterKey), {
          tenantId,
          key: counterKey,
          failures: 0,
          lastFailureAt: null,
          expiresAt,
        });
      },
      async list(tenantId, keyPrefix, now) {
        pruneCounters(now);
        return [...attemptCounters.values()]
          .filter((record) => record.tenantId === tenantId && record.key.startsWith(keyPrefix))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
          .map(copy);
      },
    },
    mails: {
      async get(tenantId, mailId) {
        const record = mails.get(mailId);
        return record?.tenantId === tenantId ? copy(record) : null;
      },
      async add(record) {
        if (mails.has(record.mailId)) throw new Error(`mail ${record.mailId} exists`);
        mails.set(record.mailId, copy(record));
      },
      async update(record, expected) {
        const current = mails.get(record.mailId);
        if (current?.status !== expected.status || current.nextAttemptAt !== expected.nextAttemptAt)
          return false;
        mails.set(record.mailId, copy(record));
        return true;
      },
      async latestOfTopic(tenantId, topic) {
        // A Map keeps insertion order: the last match is the one added last.
        const found = [...mails.values()]
          .filter((m) => m.tenantId === tenantId && m.topic === topic)
          .at(-1);
        return found ? copy(found) : null;
      },
      async cancelTopic(tenantId, topic, now) {
        for (const [mailId, m] of mails) {
          const open = m.status === 'pending' || m.status === 'failed';
          if (m.tenantId !== tenantId || m.topic !== topic || !open) continue;
          mails.set(mailId, {
            ...m,
            status: 'cancelled',
            mail: null,
            updatedAt: now.toISOString(),
          });
        }
      },
      async expire(now) {
        for (const [mailId, m] of mails) {
          if (m.expiresAt === null || Date.parse(m.expiresAt) > now.getTime() || m.mail === null)
            continue;
          mails.set(mailId, {
            ...m,
            ...(m.status === 'pending' ? { status: 'expired' as const } : {}),
            mail: null,
            updatedAt: now.toISOString(),
          });
        }
      },
      async due(now, limit) {
        return [...mails.values()]
          .filter((m) => m.status === 'pending' && Date.parse(m.nextAttemptAt) <= now.getTime())
          .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt))
          .slice(0, limit)
          .map(copy);
      },
      async listUndelivered(tenantId) {
        return [...mails.values()]
          .filter(
            (m) => m.tenantId === tenantId && (m.status === 'pending' || m.status === 'failed'),
          )
          .sort(byCreation)
          .map(copy);
      },
    },
    passkeys: {
      async listForUser(tenantId, userId) {
        return [...passkeys.values()]
          .filter((p) => p.tenantId === tenantId && p.userId === userId)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .map(copy);
      },
      async findByCredentialId(tenantId, credentialId) {
        const found = [...passkeys.values()].find(
          (p) => p.tenantId === tenantId && p.credentialId === credentialId,
        );
        return found ? copy(found) : null;
      },
      async put(record) {
        passkeys.set(record.passkeyId, copy(record));
      },
      async delete(tenantId, userId, passkeyId) {
        const stored = passkeys.get(passkeyId);
        if (stored?.tenantId !== tenantId || stored.userId !== userId) return false;
        passkeys.delete(passkeyId);
        return true;
      },
      async userHandle(tenantId, userId, candidate) {
        const stored = passkeyUserHandles.get(key(tenantId, userId));
        if (stored !== undefined) return stored;
        passkeyUserHandles.set(key(tenantId, userId), candidate);
        return candidate;
      },
      async putChallenge(record) {
        passkeyChallenges.set(key(record.tenantId, record.keyHash), copy(record));
      },
      async takeChallenge(tenantId, keyHash, now) {
        const stored = passkeyChallenges.get(key(tenantId, keyHash));
        passkeyChallenges.delete(key(tenantId, keyHash));
        if (stored === undefined || Date.parse(stored.expiresAt) <= now.getTime()) return null;
        return stored;
      },
    },
    webhookEvents: {
      async remember(eventId, now) {
        if (webhookEvents.has(eventId)) return false;
        webhookEvents.set(eventId, now.toISOString());
        return true;
      },
    },
  };
}
