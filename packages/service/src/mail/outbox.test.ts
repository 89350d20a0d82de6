import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory.js';
import type { OutgoingMail } from './mailer.js';
import { checkMailHeaders, createOutbox, DEFAULT_OUTBOX_POLICY } from './outbox.js';

const T0 = new Date('2026-06-03T01:00:00Z');
const quiet = { error: () => {}, warn: () => {}, info: () => {} };

const notice: OutgoingMail = {
  to: 'taro@mail.example',
  from: '証明大学 <no-reply@u.example>',
  subject: '郵送対応完了',
  text: 'done',
  html: '<p>done</p>',
  locale: 'ja',
  kind: 'order-completed',
};

function setup(send: (mail: OutgoingMail) => Promise<void>) {
  let now = T0;
  const store = createMemoryStore();
  const outbox = createOutbox({ store, mailer: { send }, clock: () => now, logger: quiet });
  return {
    store,
    outbox,
    at: (date: Date) => {
      now = date;
    },
  };
}

describe('X7: the outbox', () => {
  it('X7: retries with a doubling, jittered back-off and leaves the mail failed after the last attempt', async () => {
    const { store, outbox, at } = setup(() => Promise.reject(new Error('connection refused')));
    const first = await outbox.enqueue({ tenantId: 'demo', mail: notice }, T0);
    let record = await outbox.attempt(first);
    const waits: number[] = [];
    while (record.status === 'pending') {
      const due = new Date(record.nextAttemptAt);
      waits.push((due.getTime() - Date.parse(record.updatedAt)) / 1000);
      at(due);
      expect(await outbox.deliverDue()).toEqual({ attempted: 1, sent: 0 });
      record = (await store.mails.get('demo', first.mailId)) ?? record;
    }
    expect(record).toMatchObject({
      status: 'failed',
      attempts: DEFAULT_OUTBOX_POLICY.maxAttempts,
      lastError: 'connection refused',
    });
    // Failed mails keep their content, so that the office can send them again.
    expect(record.mail).toEqual(notice);
    expect(waits).toHaveLength(DEFAULT_OUTBOX_POLICY.maxAttempts - 1);
    waits.forEach((wait, index) => {
      const step = Math.min(
        DEFAULT_OUTBOX_POLICY.maxRetrySeconds,
        DEFAULT_OUTBOX_POLICY.firstRetrySeconds * 2 ** index,
      );
      expect(wait).toBeGreaterThanOrEqual(step / 2);
      expect(wait).toBeLessThanOrEqual(step);
    });
  });

  it('X7: nothing is attempted while the writer holds its lease; a crash leaves the mail due after it', async () => {
    const sent: OutgoingMail[] = [];
    const { outbox, at } = setup(async (mail) => {
      sent.push(mail);
    });
    await outbox.enqueue({ tenantId: 'demo', mail: notice }, T0);
    expect(await outbox.deliverDue()).toEqual({ attempted: 0, sent: 0 });
    at(new Date(T0.getTime() + DEFAULT_OUTBOX_POLICY.leaseSeconds * 1000));
    expect(await outbox.deliverDue()).toEqual({ attempted: 1, sent: 1 });
    expect(sent).toEqual([notice]);
  });

  it('X7: a newer mail of a topic cancels the pending one and drops its content', async () => {
    const { store, outbox } = setup(() => Promise.reject(new Error('down')));
    const older = await outbox.enqueue(
      { tenantId: 'demo', mail: { ...notice, kind: 'auth-key' }, topic: 'auth-key:u1' },
      T0,
    );
    await outbox.enqueue(
      { tenantId: 'demo', mail: { ...notice, kind: 'auth-key' }, topic: 'auth-key:u1' },
      T0,
    );
    expect(await store.mails.get('demo', older.mailId)).toMatchObject({
      status: 'cancelled',
      mail: null,
    });
  });

  it('X7: a mail whose header could carry another header is refused before it is written', async () => {
    const { store, outbox } = setup(() => Promise.resolve());
    for (const mail of [
      { ...notice, subject: '完了\r\nBcc: victim@example.com' },
      { ...notice, from: '大学 <no-reply@u.example>\nBcc: x@example.com' },
      { ...notice, to: 'taro@mail.example, other@mail.example' },
      { ...notice, to: 'Taro <taro@mail.example>' },
    ]) {
      expect(() => checkMailHeaders(mail)).toThrow(/mail refused/);
      await expect(outbox.enqueue({ tenantId: 'demo', mail }, T0)).rejects.toThrow(/mail refused/);
    }
    expect(await store.mails.listUndelivered('demo')).toEqual([]);
  });

  it('X7: a failed mail drops its key when the key expires, and an older key is never resent', async () => {
    const { store, outbox, at } = setup(() =>
      Promise.reject(Object.assign(new Error('550 no such user'), { responseCode: 550 })),
    );
    const expiresAt = new Date(T0.getTime() + 10 * 60_000).toISOString();
    const keyMail = (text: string) => ({
      tenantId: 'demo',
      mail: { ...notice, kind: 'auth-key' as const, text },
      topic: 'auth-key:u1',
      expiresAt,
    });
    const older = await outbox.attempt(await outbox.enqueue(keyMail('key 111111'), T0));
    expect(older).toMatchObject({ status: 'failed' });
    expect((await store.mails.get('demo', older.mailId))?.mail?.text).toBe('key 111111');
    const newer = await outbox.attempt(await outbox.enqueue(keyMail('key 222222'), T0));
    // The newer key cancelled the older failed one, content and all.
    expect(await store.mails.get('demo', older.mailId)).toMatchObject({
      status: 'cancelled',
      mail: null,
    });
    expect(await outbox.resend('demo', older.mailId)).toBe('not-failed');
    // Past its expiry the failed key's content is gone, and it is not resent.
    at(new Date(Date.parse(expiresAt) + 1));
    await outbox.deliverDue();
    expect(await store.mails.get('demo', newer.mailId)).toMatchObject({
      status: 'failed',
      mail: null,
    });
    expect(await outbox.resend('demo', newer.mailId)).toBe('expired');
  });

  it('X7: a permanent refusal (5xx) fails at once; the office resends it when it is fixed', async () => {
    let refuse = true;
    const { outbox } = setup(() =>
      refuse
        ? Promise.reject(Object.assign(new Error('550 no such user'), { responseCode: 550 }))
        : Promise.resolve(),
    );
    const failed = await outbox.attempt(
      await outbox.enqueue({ tenantId: 'demo', mail: notice }, T0),
    );
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    refuse = false;
    expect(await outbox.resend('demo', failed.mailId)).toMatchObject({
      mailId: failed.mailId,
      status: 'sent',
      mail: null,
    });
    expect(await outbox.resend('demo', failed.mailId)).toBe('not-failed');
    expect(await outbox.resend('demo', 'unknown')).toBeNull();
  });
});
