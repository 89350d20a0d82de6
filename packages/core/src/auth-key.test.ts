import { describe, expect, it } from 'vitest';
import {
  canChangeTwoFactor,
  isAuthKeyLive,
  issueAuthKey,
  needsAuthKey,
  trustedUntil,
  twoFactorEnabled,
  verifyAuthKey,
  type AuthKeyRecord,
} from './auth-key.js';
import type { TenantSettings } from './tenant.js';

const twoFactor: TenantSettings['twoFactor'] = {
  mode: 'required',
  maxAttempts: 3,
  keyTtlMinutes: 10,
  trustedDays: 30,
};
const now = new Date('2026-04-01T01:00:00.000Z');
const minutes = (count: number): Date => new Date(now.getTime() + count * 60_000);

async function issue(): Promise<{ authKey: string; record: AuthKeyRecord }> {
  return issueAuthKey({ userId: 's2026001', now, twoFactor });
}

const wrongKey = (authKey: string): string =>
  String((Number(authKey) + 1) % 1_000_000).padStart(6, '0');
const toFullWidth = (digits: string): string =>
  Array.from(digits, (digit) => String.fromCharCode(0xff10 + Number(digit))).join('');

describe('issueAuthKey', () => {
  it('A7: mails six digits valid for keyTtlMinutes and stores only a salted hash', async () => {
    const { authKey, record } = await issue();
    expect(authKey).toMatch(/^\d{6}$/);
    expect(record).toMatchObject({
      userId: 's2026001',
      issuedAt: '2026-04-01T01:00:00.000Z',
      expiresAt: '2026-04-01T01:10:00.000Z',
      failedAttempts: 0,
      usedAt: null,
      lockedAt: null,
    });
    expect(record.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain(authKey);
  });

  it('A7: two keys get different salts', async () => {
    const [a, b] = await Promise.all([issue(), issue()]);
    expect(a.record.salt).not.toBe(b.record.salt);
  });
});

describe('verifyAuthKey', () => {
  it('A7: the right key before expiry verifies, once', async () => {
    const { authKey, record } = await issue();
    const result = await verifyAuthKey({ record, authKey, now: minutes(9), twoFactor });
    expect(result).toEqual({
      outcome: 'verified',
      record: { ...record, usedAt: minutes(9).toISOString() },
    });
    if (result.outcome !== 'verified') throw new Error('unreachable');
    const again = await verifyAuthKey({
      record: result.record,
      authKey,
      now: minutes(9),
      twoFactor,
    });
    expect(again.outcome).toBe('used');
  });

  it('A7: accepts full-width digits and surrounding spaces from a Japanese IME', async () => {
    const { authKey, record } = await issue();
    const typed = `　${toFullWidth(authKey)} `;
    expect(
      (await verifyAuthKey({ record, authKey: typed, now: minutes(1), twoFactor })).outcome,
    ).toBe('verified');
  });

  it('A7: the key is valid strictly before expiresAt', async () => {
    const { authKey, record } = await issue();
    const justBefore = new Date(minutes(10).getTime() - 1);
    expect((await verifyAuthKey({ record, authKey, now: justBefore, twoFactor })).outcome).toBe(
      'verified',
    );
    expect(await verifyAuthKey({ record, authKey, now: minutes(10), twoFactor })).toEqual({
      outcome: 'expired',
      record,
    });
  });

  it('A7: no key issued is missing', async () => {
    expect(await verifyAuthKey({ record: undefined, authKey: '123456', now, twoFactor })).toEqual({
      outcome: 'missing',
    });
  });

  it('A9: wrong keys count down, and the attempt that reaches maxAttempts locks the key', async () => {
    const { authKey, record } = await issue();
    const wrong = wrongKey(authKey);

    const first = await verifyAuthKey({ record, authKey: wrong, now: minutes(1), twoFactor });
    expect(first).toEqual({
      outcome: 'wrong',
      record: { ...record, failedAttempts: 1 },
      attemptsLeft: 2,
    });
    if (first.outcome !== 'wrong') throw new Error('unreachable');

    const second = await verifyAuthKey({
      record: first.record,
      authKey: wrong,
      now: minutes(2),
      twoFactor,
    });
    expect(second).toMatchObject({ outcome: 'wrong', attemptsLeft: 1 });
    if (second.outcome !== 'wrong') throw new Error('unreachable');

    const third = await verifyAuthKey({
      record: second.record,
      authKey: 'abc',
      now: minutes(3),
      twoFactor,
    });
    expect(third).toEqual({
      outcome: 'locked',
      record: { ...record, failedAttempts: 3, lockedAt: minutes(3).toISOString() },
    });
  });

  it('A9: a locked key stays locked even for the right key; only a reissue helps', async () => {
    const { authKey, record } = await issue();
    const locked: AuthKeyRecord = {
      ...record,
      failedAttempts: 3,
      lockedAt: minutes(1).toISOString(),
    };
    expect(await verifyAuthKey({ record: locked, authKey, now: minutes(2), twoFactor })).toEqual({
      outcome: 'locked',
      record: locked,
    });
    const reissued = await issueAuthKey({ userId: 's2026001', now: minutes(3), twoFactor });
    expect(
      (
        await verifyAuthKey({
          record: reissued.record,
          authKey: reissued.authKey,
          now: minutes(4),
          twoFactor,
        })
      ).outcome,
    ).toBe('verified');
  });

  it('A8: after a reissue the old key no longer verifies', async () => {
    const old = await issue();
    let reissued = await issueAuthKey({ userId: 's2026001', now: minutes(1), twoFactor });
    // One chance in a million the new key equals the old one; draw again in that case.
    while (reissued.authKey === old.authKey) {
      reissued = await issueAuthKey({ userId: 's2026001', now: minutes(1), twoFactor });
    }
    const stored = reissued.record;
    expect(
      (await verifyAuthKey({ record: stored, authKey: old.authKey, now: minutes(2), twoFactor }))
        .outcome,
    ).toBe('wrong');
    expect(
      (
        await verifyAuthKey({
          record: stored,
          authKey: reissued.authKey,
          now: minutes(2),
          twoFactor,
        })
      ).outcome,
    ).toBe('verified');
  });

  it('A9: an expired key does not count attempts', async () => {
    const { authKey, record } = await issue();
    const result = await verifyAuthKey({
      record,
      authKey: wrongKey(authKey),
      now: minutes(11),
      twoFactor,
    });
    expect(result).toEqual({ outcome: 'expired', record });
  });
});

describe('trusted period', () => {
  it('A7: trust lasts trustedDays from the verification', () => {
    expect(trustedUntil(now, twoFactor)).toBe('2026-05-01T01:00:00.000Z');
  });

  it.each([
    // mode, studentEnabled, trustedUntil, expected
    ['required', false, null, true],
    ['required', true, '2026-05-01T01:00:00.000Z', false],
    ['required', false, '2026-04-01T01:00:00.000Z', true],
    ['required', false, '2026-04-01T01:00:00.001Z', false],
    ['optional', true, null, true],
    ['optional', false, null, false],
    ['optional', true, '2026-05-01T01:00:00.000Z', false],
    ['optional', true, '2026-03-01T00:00:00.000Z', true],
    ['off', true, null, false],
    ['off', false, null, false],
  ] as const)(
    'A7, A15: %s, student enabled %s, trusted until %s → asks for a key: %s',
    (mode, studentEnabled, until, expected) => {
      expect(needsAuthKey({ mode, studentEnabled, trustedUntil: until, now })).toBe(expected);
    },
  );

  it('A7: after the trusted period the key is asked again', () => {
    const until = trustedUntil(now, twoFactor);
    const inside = new Date(Date.parse(until) - 1);
    expect(
      needsAuthKey({ mode: 'required', studentEnabled: true, trustedUntil: until, now: inside }),
    ).toBe(false);
    expect(
      needsAuthKey({
        mode: 'required',
        studentEnabled: true,
        trustedUntil: until,
        now: new Date(until),
      }),
    ).toBe(true);
  });

  it('A15: the student may change the setting only when the tenant makes it optional', () => {
    expect(canChangeTwoFactor('optional')).toBe(true);
    expect(canChangeTwoFactor('required')).toBe(false);
    expect(canChangeTwoFactor('off')).toBe(false);
  });
});

describe('twoFactorEnabled and isAuthKeyLive', () => {
  it('A15: the tenant mode decides first; only optional follows the student', () => {
    expect(twoFactorEnabled('required', false)).toBe(true);
    expect(twoFactorEnabled('off', true)).toBe(false);
    expect(twoFactorEnabled('optional', true)).toBe(true);
    expect(twoFactorEnabled('optional', false)).toBe(false);
  });

  it('A9: a locked key still stands until it expires; a used or expired one does not', async () => {
    const { record } = await issue();
    expect(isAuthKeyLive(record, now)).toBe(true);
    expect(isAuthKeyLive(null, now)).toBe(false);
    expect(isAuthKeyLive({ ...record, lockedAt: now.toISOString() }, minutes(1))).toBe(true);
    expect(isAuthKeyLive({ ...record, usedAt: now.toISOString() }, minutes(1))).toBe(false);
    expect(isAuthKeyLive(record, minutes(10))).toBe(false);
  });
});
