import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMemoryStore,
  type MailRecord,
  type OrderRecord,
  type PaymentRecord,
  type Store,
} from '@shomei/service';
import { PGlite } from '@electric-sql/pglite';
import { Migrator } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../../test/support/postgres.js';
import { openDatabase, type OpenDatabase } from '../db/database.js';
import { MIGRATIONS, migrateToLatest, migrationsApplied } from '../db/migrate.js';
import { createSqlStore, type SqlStore } from './sql-store.js';

const dirs: string[] = [];
const opened: OpenDatabase[] = [];
afterAll(async () => {
  for (const database of opened) await database.close();
  await template?.close();
  if (postgres !== undefined) await (await postgres).stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shomei-store-'));
  dirs.push(dir);
  return dir;
}

/** A fresh PGlite costs ~1.5 s; a clone of one empty instance ~0.3 s. */
let template: PGlite | undefined;
async function freshPglite(): Promise<PGlite> {
  template ??= new PGlite();
  return (await template.clone()) as PGlite;
}

/** A real PostgreSQL server for this file (started on first use); a fresh database per store. */
let postgres: Promise<TestPostgres> | undefined;

type Kind = 'sqlite' | 'pglite' | 'postgres';
const SQL_KINDS = ['sqlite', 'pglite', 'postgres'] as const satisfies readonly Kind[];

async function open(kind: Kind): Promise<OpenDatabase> {
  let database: OpenDatabase;
  switch (kind) {
    case 'sqlite':
      database = await openDatabase({ kind, file: join(tempDir(), 'shomei.sqlite') });
      break;
    case 'pglite':
      database = await openDatabase({ kind, instance: await freshPglite() });
      break;
    case 'postgres':
      postgres ??= startPostgres();
      database = await openDatabase({ kind, url: await (await postgres).url() });
      break;
  }
  opened.push(database);
  return database;
}

async function sqlStore(kind: Kind): Promise<Store> {
  const database = await open(kind);
  await migrateToLatest(database.db);
  return createSqlStore(database.db);
}

const stores: { name: string; make: () => Promise<Store> }[] = [
  { name: 'memory', make: async () => createMemoryStore() },
  ...SQL_KINDS.map((kind) => ({ name: kind, make: () => sqlStore(kind) })),
];

const T0 = '2026-06-03T01:00:00.000Z';

function order(orderId: string, createdAt: string): OrderRecord {
  return {
    orderId,
    tenantId: 'demo',
    userId: 's1',
    createdAt,
    updatedAt: createdAt,
    destination: 'mail',
    lines: [
      { itemId: 'a', name: { ja: 'ア', en: 'A' }, quantity: 2, unitPrice: 100, subtotal: 200 },
    ],
    total: 200,
    delivery: {
      category: 'counter',
      recipient: '窓口受取り',
    } as unknown as OrderRecord['delivery'],
    pickupReadyAt: null,
    status: 'awaiting-payment',
    printReservation: null,
    processingAt: null,
    completedAt: null,
  };
}

function payment(paymentId: string, key: string, status: PaymentRecord['status']): PaymentRecord {
  return {
    paymentId,
    orderId: 'o1',
    tenantId: 'demo',
    userId: 's1',
    idempotencyKey: key,
    method: 'konbini-lawson',
    status,
    amount: 200,
    createdAt: T0,
    updatedAt: T0,
    nextStep: { kind: 'redirect', url: 'https://example.test/x' },
    deadline: null,
  };
}

describe.each(stores)('Store semantics: $name', ({ make }) => {
  it('accounts: put replaces, get copies, findByEmail ignores case and unverified', async () => {
    const store = await make();
    const account = {
      tenantId: 'demo',
      userId: 's1',
      email: 'Hanako@Mail.example',
      emailVerified: true,
      secondPasswordHash: null,
      twoFactorEnabled: false,
      locale: null,
      createdAt: T0,
      updatedAt: T0,
    };
    await store.accounts.put(account);
    await store.accounts.put({ ...account, userId: 's2', emailVerified: false });
    await store.accounts.put({ ...account, twoFactorEnabled: true, locale: 'en' });
    expect(await store.accounts.get('demo', 's1')).toEqual({
      ...account,
      twoFactorEnabled: true,
      locale: 'en',
    });
    expect(await store.accounts.get('other', 's1')).toBeNull();
    const found = await store.accounts.findByEmail('demo', 'hanako@mail.EXAMPLE');
    expect(found.map((a) => a.userId)).toEqual(['s1']);
  });

  it('sessions: keep the re-authentication stamp, and no stamp stays absent', async () => {
    const store = await make();
    const session = {
      idHash: 'r1',
      tenantId: 'demo',
      step: 'authenticated' as const,
      userId: 's1',
      student: null,
      locale: null,
      pendingEmail: null,
      linkExpiresAt: null,
      keyExpiresAt: null,
      createdAt: T0,
      idleExpiresAt: T0,
      absoluteExpiresAt: T0,
    };
    await store.sessions.put(session);
    expect(await store.sessions.get('r1')).toEqual(session);
    await store.sessions.put({ ...session, reauthenticatedAt: T0 });
    expect(await store.sessions.get('r1')).toEqual({ ...session, reauthenticatedAt: T0 });
  });

  it('passkeys: put, find by credential id, list oldest first, replace by id, delete only the own', async () => {
    const store = await make();
    const first = {
      tenantId: 'demo',
      userId: 's1',
      passkeyId: 'p1',
      credentialId: 'cred-1',
      publicKey: 'pQECAyYgASFYIA',
      counter: 0,
      transports: ['internal', 'hybrid'],
      name: '私のiPhone',
      createdAt: '2026-06-03T01:00:00.000Z',
      lastUsedAt: null,
    };
    const second = {
      ...first,
      passkeyId: 'p2',
      credentialId: 'cred-2',
      transports: [],
      name: 'USB key',
      createdAt: '2026-06-02T01:00:00.000Z',
    };
    const others = { ...first, userId: 's2', passkeyId: 'p3', credentialId: 'cred-3' };
    const elsewhere = { ...first, tenantId: 'other', passkeyId: 'p4' };
    for (const record of [first, second, others, elsewhere]) await store.passkeys.put(record);

    expect(await store.passkeys.listForUser('demo', 's1')).toEqual([second, first]);
    expect(await store.passkeys.listForUser('demo', 'nobody')).toEqual([]);
    expect(await store.passkeys.findByCredentialId('demo', 'cred-1')).toEqual(first);
    expect(await store.passkeys.findByCredentialId('other', 'cred-1')).toEqual(elsewhere);
    expect(await store.passkeys.findByCredentialId('demo', 'cred-9')).toBeNull();

    // A login records the new counter and the time of use: put replaces by passkeyId.
    const used = { ...first, counter: 42, lastUsedAt: '2026-06-04T01:00:00.000Z' };
    await store.passkeys.put(used);
    expect(await store.passkeys.findByCredentialId('demo', 'cred-1')).toEqual(used);
    expect(await store.passkeys.listForUser('demo', 's1')).toEqual([second, used]);

    // Only the student's own passkey is deleted; another's, or an unknown id, is not.
    expect(await store.passkeys.delete('demo', 's1', 'p3')).toBe(false);
    expect(await store.passkeys.delete('demo', 's1', 'p9')).toBe(false);
    expect(await store.passkeys.findByCredentialId('demo', 'cred-3')).toEqual(others);
    expect(await store.passkeys.delete('demo', 's1', 'p1')).toBe(true);
    expect(await store.passkeys.delete('demo', 's1', 'p1')).toBe(false);
    expect(await store.passkeys.listForUser('demo', 's1')).toEqual([second]);
    expect(await store.passkeys.findByCredentialId('demo', 'cred-1')).toBeNull();
    expect(await store.passkeys.findByCredentialId('other', 'cred-1')).toEqual(elsewhere);
  });

  it('passkeys: a student keeps the first user handle stored, per tenant', async () => {
    const store = await make();
    expect(await store.passkeys.userHandle('demo', 's1', 'handle-a')).toBe('handle-a');
    expect(await store.passkeys.userHandle('demo', 's1', 'handle-b')).toBe('handle-a');
    expect(await store.passkeys.userHandle('demo', 's2', 'handle-c')).toBe('handle-c');
    expect(await store.passkeys.userHandle('other', 's1', 'handle-d')).toBe('handle-d');
    expect(await store.passkeys.userHandle('demo', 's1', 'handle-e')).toBe('handle-a');
  });

  it('passkeys: a challenge is taken once, replaced by the next with its key, and dead when expired', async () => {
    const store = await make();
    const now = new Date(T0);
    const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    const challenge = {
      tenantId: 'demo',
      keyHash: 'k1',
      purpose: 'registration' as const,
      challenge: 'c1',
      userId: 's1',
      expiresAt: later(300).toISOString(),
    };
    await store.passkeys.putChallenge(challenge);
    expect(await store.passkeys.takeChallenge('other', 'k1', now)).toBeNull();
    expect(await store.passkeys.takeChallenge('demo', 'k1', now)).toEqual(challenge);
    expect(await store.passkeys.takeChallenge('demo', 'k1', now)).toBeNull();

    // The same key again (the session asked twice): only the newest counts.
    await store.passkeys.putChallenge(challenge);
    const newer = { ...challenge, challenge: 'c2', expiresAt: later(600).toISOString() };
    await store.passkeys.putChallenge(newer);
    expect(await store.passkeys.takeChallenge('demo', 'k1', later(400))).toEqual(newer);

    // A login's challenge: no user ID.
    const login = {
      ...challenge,
      keyHash: 'k2',
      purpose: 'authentication' as const,
      userId: null,
    };
    await store.passkeys.putChallenge(login);
    expect(await store.passkeys.takeChallenge('demo', 'k2', later(299))).toEqual(login);

    // Expired at its expiry, and gone for good (not there when the clock goes back).
    await store.passkeys.putChallenge({ ...challenge, keyHash: 'k3' });
    expect(await store.passkeys.takeChallenge('demo', 'k3', later(300))).toBeNull();
    expect(await store.passkeys.takeChallenge('demo', 'k3', now)).toBeNull();
  });

  it('passkeys: two concurrent takes of one challenge, at most one gets it', async () => {
    const store = await make();
    await store.passkeys.putChallenge({
      tenantId: 'demo',
      keyHash: 'k1',
      purpose: 'authentication',
      challenge: 'c1',
      userId: null,
      expiresAt: new Date(Date.parse(T0) + 300_000).toISOString(),
    });
    const takes = await Promise.all([
      store.passkeys.takeChallenge('demo', 'k1', new Date(T0)),
      store.passkeys.takeChallenge('demo', 'k1', new Date(T0)),
    ]);
    expect(takes.filter((taken) => taken !== null)).toHaveLength(1);
  });

  it('sessions: deleteForUser keeps the one named', async () => {
    const store = await make();
    const session = {
      idHash: 'h1',
      tenantId: 'demo',
      step: 'authenticated' as const,
      userId: 's1',
      student: {
        userId: 's1',
        name: '花子',
        group: 'undergraduate' as const,
        department: 'x',
        year: 1,
      },
      locale: null,
      pendingEmail: null,
      linkExpiresAt: null,
      keyExpiresAt: null,
      createdAt: T0,
      idleExpiresAt: T0,
      absoluteExpiresAt: T0,
    };
    await store.sessions.put(session);
    await store.sessions.put({ ...session, idHash: 'h2' });
    await store.sessions.put({ ...session, idHash: 'h3', userId: 's2' });
    expect(await store.sessions.get('h1')).toEqual(session);
    await store.sessions.deleteForUser('demo', 's1', 'h2');
    expect(await store.sessions.get('h1')).toBeNull();
    expect(await store.sessions.get('h2')).not.toBeNull();
    expect(await store.sessions.get('h3')).not.toBeNull();
    await store.sessions.delete('h2');
    expect(await store.sessions.get('h2')).toBeNull();
  });

  it('links and auth keys: optional email round-trips; one current key per student', async () => {
    const store = await make();
    const link = {
      tokenHash: 't1',
      purpose: 'second-password-reset' as const,
      userId: 's1',
      issuedAt: T0,
      expiresAt: T0,
      usedAt: null,
    };
    await store.links.put('demo', link);
    expect(await store.links.get('demo', 't1')).toEqual(link);
    expect(await store.links.get('other', 't1')).toBeNull();
    await store.links.put('demo', { ...link, email: 'a@b.example', usedAt: T0 });
    expect(await store.links.get('demo', 't1')).toEqual({
      ...link,
      email: 'a@b.example',
      usedAt: T0,
    });

    // voidForUser: only this student's unused links of this purpose, in this tenant.
    await store.links.put('demo', { ...link, tokenHash: 't2' });
    await store.links.put('demo', { ...link, tokenHash: 't3', purpose: 'email-change' });
    await store.links.put('other', { ...link, tokenHash: 't4' });
    const later = new Date('2026-06-03T02:00:00.000Z');
    await store.links.voidForUser('demo', 's1', 'second-password-reset', later);
    expect((await store.links.get('demo', 't1'))?.usedAt).toBe(T0);
    expect((await store.links.get('demo', 't2'))?.usedAt).toBe(later.toISOString());
    expect((await store.links.get('demo', 't3'))?.usedAt).toBeNull();
    expect((await store.links.get('other', 't4'))?.usedAt).toBeNull();

    const key = {
      userId: 's1',
      keyHash: 'k1',
      salt: 's',
      issuedAt: T0,
      expiresAt: T0,
      failedAttempts: 0,
      usedAt: null,
      lockedAt: null,
    };
    await store.authKeys.put('demo', key);
    await store.authKeys.put('demo', { ...key, keyHash: 'k2', failedAttempts: 3 });
    expect(await store.authKeys.get('demo', 's1')).toEqual({
      ...key,
      keyHash: 'k2',
      failedAttempts: 3,
    });
  });

  it('orders: newest first, ties in reverse insertion order; payments oldest first', async () => {
    const store = await make();
    await store.orders.put(order('o1', T0));
    await store.orders.put(order('o2', '2026-06-04T01:00:00.000Z'));
    await store.orders.put(order('o3', T0));
    await store.orders.put({ ...order('o1', T0), status: 'paid' });
    const listed = await store.orders.listForUser('demo', 's1');
    expect(listed.map((o) => o.orderId)).toEqual(['o2', 'o3', 'o1']);
    expect(listed[2]).toEqual({ ...order('o1', T0), status: 'paid' });

    await store.payments.put(payment('p1', 'k1', 'declined'));
    await store.payments.put(payment('p2', 'k2', 'pending'));
    expect((await store.payments.listForOrder('demo', 'o1')).map((p) => p.paymentId)).toEqual([
      'p1',
      'p2',
    ]);
    expect(await store.payments.get('demo', 'p2')).toEqual(payment('p2', 'k2', 'pending'));
  });

  it('O7: pending payments page by start, then id, across orders', async () => {
    const store = await make();
    const pending = (paymentId: string, orderId: string, createdAt: string): PaymentRecord => ({
      ...payment(paymentId, `k-${paymentId}`, 'pending'),
      orderId,
      createdAt,
    });
    const later = '2026-06-03T02:00:00.000Z';
    await store.payments.put(pending('pay_b', 'o2', T0));
    await store.payments.put(pending('pay_c', 'o3', later));
    await store.payments.put(pending('pay_a', 'o1', T0));
    await store.payments.put({ ...pending('pay_d', 'o4', T0), status: 'declined' });
    const end = new Date('2026-06-04T00:00:00Z');
    const first = await store.payments.listPending(end, 2);
    expect(first.map((p) => p.paymentId)).toEqual(['pay_a', 'pay_b']);
    const next = await store.payments.listPending(end, 2, {
      createdAt: T0,
      paymentId: 'pay_b',
    });
    expect(next.map((p) => p.paymentId)).toEqual(['pay_c']);
    const started = await store.payments.listPending(new Date(T0), 10);
    expect(started.map((p) => p.paymentId)).toEqual(['pay_a', 'pay_b']);
  });

  it('rate limits: a fixed window from the first hit; webhook ids are remembered once', async () => {
    const store = await make();
    const now = new Date(T0);
    expect(await store.rateLimits.hit('k', 60, now)).toEqual({
      count: 1,
      resetAt: '2026-06-03T01:01:00.000Z',
    });
    expect((await store.rateLimits.hit('k', 60, new Date(now.getTime() + 59_000))).count).toBe(2);
    expect(await store.rateLimits.hit('k', 60, new Date(now.getTime() + 60_000))).toEqual({
      count: 1,
      resetAt: '2026-06-03T01:02:00.000Z',
    });
    expect(await store.webhookEvents.remember('evt_1', now)).toBe(true);
    expect(await store.webhookEvents.remember('evt_1', now)).toBe(false);
  });

  it('attempt counters: fail counts up, expiry starts over, reset keeps a row with none', async () => {
    const store = await make();
    const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000);
    const until = (seconds: number) => at(seconds).toISOString();
    expect(await store.attemptCounters.get('demo', 'k', at(0))).toBeNull();
    expect(await store.attemptCounters.fail('demo', 'k', at(0), until(60))).toEqual({
      tenantId: 'demo',
      key: 'k',
      failures: 1,
      lastFailureAt: T0,
      expiresAt: until(60),
    });
    expect((await store.attemptCounters.fail('demo', 'k', at(10), until(70))).failures).toBe(2);
    // Another tenant's key of the same name is its own.
    expect((await store.attemptCounters.fail('other', 'k', at(10), until(70))).failures).toBe(1);
    expect((await store.attemptCounters.get('demo', 'k', at(20)))?.failures).toBe(2);
    // Expired: gone for get, and the next failure is the first again.
    expect(await store.attemptCounters.get('demo', 'k', at(70))).toBeNull();
    expect((await store.attemptCounters.fail('demo', 'k', at(70), until(130))).failures).toBe(1);
    await store.attemptCounters.reset('demo', 'k', until(1000));
    expect(await store.attemptCounters.get('demo', 'k', at(500))).toEqual({
      tenantId: 'demo',
      key: 'k',
      failures: 0,
      lastFailureAt: null,
      expiresAt: until(1000),
    });
  });

  it('lists the live attempt counters under a key prefix, exactly, in key order', async () => {
    const store = await make();
    const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000);
    const until = (seconds: number) => at(seconds).toISOString();
    await store.attemptCounters.fail('demo', 'login:user:s1%:device:b', at(0), until(60));
    await store.attemptCounters.fail('demo', 'login:user:s1%', at(0), until(60));
    await store.attemptCounters.reset('demo', 'login:user:s1%:device:a', until(60));
    await store.attemptCounters.fail('demo', 'login:user:s1%:device:c', at(0), until(5));
    // Not under the prefix: another case, a LIKE wildcard matched literally, another tenant.
    await store.attemptCounters.fail('demo', 'login:user:S1%', at(0), until(60));
    await store.attemptCounters.fail('demo', 'login:user:s1x', at(0), until(60));
    await store.attemptCounters.fail('other', 'login:user:s1%', at(0), until(60));
    const listed = await store.attemptCounters.list('demo', 'login:user:s1%', at(10));
    expect(listed.map((record) => [record.key, record.failures])).toEqual([
      ['login:user:s1%', 1],
      ['login:user:s1%:device:a', 0],
      ['login:user:s1%:device:b', 1],
    ]);
    expect(await store.attemptCounters.list('demo', 'nothing:', at(10))).toEqual([]);
  });

  it('X7: mails: conditional updates claim once, topics order by insertion, content round-trips', async () => {
    const store = await make();
    const mail = (mailId: string, topic: string | null, at = T0): MailRecord => ({
      mailId,
      tenantId: 'demo',
      kind: 'auth-key',
      to: 'taro@mail.example',
      topic,
      mail: {
        to: 'taro@mail.example',
        from: 'no-reply@u.example',
        subject: '認証キー',
        text: 'key 123456',
        html: '<p>key 123456</p>',
        locale: 'ja',
        kind: 'auth-key',
        authKey: '123456',
      },
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      lastError: null,
      expiresAt: null,
      createdAt: T0,
      updatedAt: T0,
      sentAt: null,
    });
    await store.mails.add(mail('m1', 'auth-key:u1'));
    await store.mails.add(mail('m2', 'auth-key:u1'));
    await store.mails.add(mail('m3', null, '2026-06-03T02:00:00.000Z'));
    expect(await store.mails.get('demo', 'm1')).toEqual(mail('m1', 'auth-key:u1'));
    expect(await store.mails.get('other', 'm1')).toBeNull();
    // Same millisecond: the one added last is the newest of its topic.
    expect((await store.mails.latestOfTopic('demo', 'auth-key:u1'))?.mailId).toBe('m2');
    expect(await store.mails.latestOfTopic('demo', 'auth-key:u2')).toBeNull();

    const claimed = { ...mail('m2', 'auth-key:u1'), nextAttemptAt: '2026-06-03T01:02:00.000Z' };
    const pendingAtT0 = { status: 'pending', nextAttemptAt: T0 } as const;
    expect(await store.mails.update(claimed, pendingAtT0)).toBe(true);
    // A second claimer expected the old lease: it loses.
    expect(await store.mails.update(claimed, pendingAtT0)).toBe(false);
    expect(
      (await store.mails.due(new Date('2026-06-03T01:01:00Z'), 10)).map((m) => m.mailId),
    ).toEqual(['m1']);
    expect(
      (await store.mails.due(new Date('2026-06-03T03:00:00Z'), 10)).map((m) => m.mailId),
    ).toEqual(['m1', 'm2', 'm3']);
    expect((await store.mails.due(new Date('2026-06-03T03:00:00Z'), 1)).length).toBe(1);

    await store.mails.cancelTopic('demo', 'auth-key:u1', new Date('2026-06-03T01:03:00Z'));
    const cancelled = await store.mails.get('demo', 'm1');
    expect(cancelled).toMatchObject({ status: 'cancelled', mail: null });
    // A cancelled mail stays cancelled: an attempt finishing late cannot revive it.
    expect(await store.mails.update({ ...claimed, status: 'sent' }, claimed)).toBe(false);
    expect((await store.mails.listUndelivered('demo')).map((m) => m.mailId)).toEqual(['m3']);
    await store.mails.update(
      { ...mail('m3', null), status: 'failed' },
      { status: 'pending', nextAttemptAt: '2026-06-03T02:00:00.000Z' },
    );
    expect(await store.mails.listUndelivered('demo')).toMatchObject([
      { mailId: 'm3', status: 'failed' },
    ]);
    expect(await store.mails.listUndelivered('other')).toEqual([]);
  });

  it('idempotency: records round-trip per student', async () => {
    const store = await make();
    const record = {
      tenantId: 'demo',
      userId: 's1',
      key: 'k',
      endpoint: 'startPayment',
      resourceId: 'o1',
      createdAt: T0,
    };
    await store.idempotency.put(record);
    expect(await store.idempotency.get('demo', 's1', 'k')).toEqual(record);
    expect(await store.idempotency.get('demo', 's2', 'k')).toBeNull();
  });
});

describe.each(SQL_KINDS)('SqlStore on %s', (kind) => {
  it('O8: the constraints refuse a second pending payment and a reused Idempotency-Key', async () => {
    const store = await sqlStore(kind);
    await store.payments.put(payment('p1', 'k1', 'pending'));
    await expect(store.payments.put(payment('p2', 'k2', 'pending'))).rejects.toThrow();
    await expect(store.payments.put(payment('p3', 'k1', 'declined'))).rejects.toThrow();
    await store.payments.put(payment('p1', 'k1', 'declined'));
    await store.payments.put(payment('p2', 'k2', 'pending'));
  });

  it('withLock serializes work on one key and joins the store calls to its transaction', async () => {
    const database = await open(kind);
    await migrateToLatest(database.db);
    const store = createSqlStore(database.db);
    const events: string[] = [];
    const work = (name: string) =>
      store.withLock('order:demo:o1', async () => {
        events.push(`${name}:start`);
        await store.orders.put(order(name, T0));
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push(`${name}:end`);
      });
    await Promise.all([work('a'), work('b')]);
    expect(events).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);

    // A rejection still commits what was written inside, as the memory store would: the
    // service throws its anticipated failures after counting them (A9: a wrong key's attempt).
    await expect(
      store.withLock('order:demo:o2', async () => {
        await store.orders.put(order('kept-on-failure', T0));
        await store.withLock('nested', async () => undefined);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.orders.get('demo', 'kept-on-failure')).not.toBeNull();
  });
});

describe('insertion numbers (issue 15: a counter row, no max() scan)', () => {
  /**
   * Two stores over one PostgreSQL database, as two server instances have (two processes on one
   * SQLite file are not a deployment yet: issue 15 item 4).
   */
  async function twoInstances(): Promise<OpenDatabase[]> {
    const options = {
      kind: 'postgres',
      url: await (await (postgres ??= startPostgres())).url('numbers_race'),
    } as const;
    const first = await openDatabase(options);
    opened.push(first);
    await migrateToLatest(first.db);
    const second = await openDatabase(options);
    opened.push(second);
    return [first, second];
  }

  it('orders and payments created at once on two instances over PostgreSQL get distinct numbers', async () => {
    const databases = await twoInstances();
    const stores = databases.map((database) => createSqlStore(database.db));
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const store = stores[i % 2] as SqlStore;
        await store.orders.put(order(`o${i}`, T0));
        await store.payments.put({
          ...payment(`p${i}`, `k${i}`, 'declined'),
          orderId: `o${i}`,
        });
      }),
    );
    const db = (databases[0] as OpenDatabase).db;
    for (const table of ['orders', 'payments'] as const) {
      const rows = await db.selectFrom(table).select('seq').execute();
      const numbers = rows.map((row) => Number(row.seq)).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
  }, 180_000);

  it("migration 0008 starts each tenant's counter at its largest number so far", async () => {
    const database = await open('sqlite');
    const migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    });
    await migrator.migrateTo('0007-passkeys');
    const stored = (orderId: string, tenantId: string, seq: number) => {
      const { lines, delivery, ...rest } = order(orderId, T0);
      return {
        tenant_id: tenantId,
        order_id: orderId,
        user_id: rest.userId,
        seq,
        created_at: T0,
        updated_at: T0,
        destination: rest.destination,
        lines_json: JSON.stringify(lines),
        total: rest.total,
        delivery_json: JSON.stringify(delivery),
        pickup_ready_at: null,
        status: rest.status,
        print_reservation_number: null,
        print_reservation_valid_until: null,
        processing_at: null,
        completed_at: null,
      };
    };
    await database.db
      .insertInto('orders')
      .values([stored('old1', 'demo', 1), stored('old2', 'demo', 7), stored('other', 'x', 9)])
      .execute();
    await migrateToLatest(database.db);
    const store = createSqlStore(database.db);
    // Same instant as the old ones: only the number puts the new order first (O11).
    await store.orders.put(order('new', T0));
    expect((await store.orders.listForUser('demo', 's1')).map((o) => o.orderId)).toEqual([
      'new',
      'old2',
      'old1',
    ]);
    const row = await database.db
      .selectFrom('orders')
      .select('seq')
      .where('order_id', '=', 'new')
      .executeTakeFirstOrThrow();
    expect(Number(row.seq)).toBe(8);
  });
});

describe('migrations and restarts', () => {
  it('migrations are idempotent, and data survives closing and reopening the SQLite file', async () => {
    const file = join(tempDir(), 'restart.sqlite');
    const first = await openDatabase({ kind: 'sqlite', file });
    expect(await migrateToLatest(first.db)).toEqual(Object.keys(MIGRATIONS));
    expect(await migrateToLatest(first.db)).toEqual([]);
    expect(await migrationsApplied(first.db)).toBe(true);
    await createSqlStore(first.db).orders.put(order('kept', T0));
    await first.close();

    const second = await openDatabase({ kind: 'sqlite', file });
    opened.push(second);
    expect(await migrateToLatest(second.db)).toEqual([]);
    expect((await createSqlStore(second.db).orders.get('demo', 'kept'))?.total).toBe(200);
  });

  it.each(['pglite', 'postgres'] as const)('migrations are idempotent on %s', async (kind) => {
    const database = await open(kind);
    expect(await migrationsApplied(database.db)).toBe(false);
    expect(await migrateToLatest(database.db)).toEqual(Object.keys(MIGRATIONS));
    expect(await migrateToLatest(database.db)).toEqual([]);
    expect(await migrationsApplied(database.db)).toBe(true);
  });
});
