import { describe, expect, it } from 'vitest';
import { hashLinkToken, issueLink, LINK_TTL_MINUTES, redeemLink } from './one-time-link.js';

const now = new Date('2026-04-01T01:00:00.000Z');
const minutes = (count: number): Date => new Date(now.getTime() + count * 60_000);

describe('issueLink', () => {
  it('A4: issues a 30-minute link and stores only the token hash', async () => {
    const { token, record } = await issueLink({
      purpose: 'email-registration',
      userId: 's2026001',
      email: 'hanako@example.jp',
      now,
    });
    expect(LINK_TTL_MINUTES).toBe(30);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(record).toEqual({
      tokenHash: await hashLinkToken(token),
      purpose: 'email-registration',
      userId: 's2026001',
      email: 'hanako@example.jp',
      issuedAt: '2026-04-01T01:00:00.000Z',
      expiresAt: '2026-04-01T01:30:00.000Z',
      usedAt: null,
    });
    expect(JSON.stringify(record)).not.toContain(token);
  });

  it('A13: leaves email out when none is given', async () => {
    const { record } = await issueLink({ purpose: 'second-password-reset', userId: 'u', now });
    expect('email' in record).toBe(false);
  });

  it('gives a different token every time', async () => {
    const [a, b] = await Promise.all([
      issueLink({ purpose: 'email-change', userId: 'u', now }),
      issueLink({ purpose: 'email-change', userId: 'u', now }),
    ]);
    expect(a.token).not.toBe(b.token);
    expect(a.record.tokenHash).not.toBe(b.record.tokenHash);
  });
});

describe('redeemLink', () => {
  it('A4: opens a fresh link once and marks it used', async () => {
    const { record } = await issueLink({ purpose: 'email-registration', userId: 'u', now });
    const result = redeemLink(record, 'email-registration', minutes(5));
    expect(result).toEqual({ ok: true, record: { ...record, usedAt: minutes(5).toISOString() } });
    if (!result.ok) throw new Error('unreachable');
    expect(redeemLink(result.record, 'email-registration', minutes(6))).toEqual({
      ok: false,
      reason: 'used',
    });
  });

  it('A4: is valid strictly before expiresAt', async () => {
    const { record } = await issueLink({ purpose: 'email-registration', userId: 'u', now });
    expect(redeemLink(record, 'email-registration', new Date(minutes(30).getTime() - 1)).ok).toBe(
      true,
    );
    expect(redeemLink(record, 'email-registration', minutes(30))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(redeemLink(record, 'email-registration', minutes(31))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('A4: an unknown token is invalid', () => {
    expect(redeemLink(undefined, 'email-registration', now)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('A11, A13: a link is only good for its own purpose', async () => {
    const { record } = await issueLink({ purpose: 'second-password-reset', userId: 'u', now });
    expect(redeemLink(record, 'email-change', minutes(1))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(redeemLink(record, 'email-registration', minutes(1))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(redeemLink(record, 'second-password-reset', minutes(1)).ok).toBe(true);
  });

  it('A11: a used link that has also expired reports used', async () => {
    const { record } = await issueLink({ purpose: 'email-change', userId: 'u', now });
    const used = { ...record, usedAt: minutes(1).toISOString() };
    expect(redeemLink(used, 'email-change', minutes(60))).toEqual({ ok: false, reason: 'used' });
  });

  it('A4: the store finds the record by the hash of the mailed token', async () => {
    const { token, record } = await issueLink({ purpose: 'email-registration', userId: 'u', now });
    const store = new Map([[record.tokenHash, record]]);
    expect(
      redeemLink(store.get(await hashLinkToken(token)), 'email-registration', minutes(1)).ok,
    ).toBe(true);
    expect(
      redeemLink(store.get(await hashLinkToken(`${token}x`)), 'email-registration', minutes(1)).ok,
    ).toBe(false);
  });
});
