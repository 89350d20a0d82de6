/**
 * One-time URLs sent by mail (A4 email registration, A11 email change, A13 second-password
 * reset), valid for 30 minutes and only once.
 */
import { randomToken, sha256Hex } from './secure-random.js';
import type { LinkPurpose } from './vocabulary.js';

/** ワンタイムURL: the manual's confirmation mail gives 30 minutes. */
export const LINK_TTL_MINUTES = 30;

export interface LinkRecord {
  /** Only the hash is stored, so a leaked table holds no usable link. */
  tokenHash: string;
  purpose: LinkPurpose;
  userId: string;
  /** The address being registered or changed to (A4, A11). */
  email?: string;
  issuedAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export type LinkRedemption =
  | { readonly ok: true; readonly record: LinkRecord }
  | { readonly ok: false; readonly reason: 'invalid' | 'expired' | 'used' };

/**
 * The store key for a token. Plain SHA-256 without salt is enough here, unlike for passwords:
 * the token carries 128 random bits, so there is nothing to guess from the hash.
 */
export function hashLinkToken(token: string): Promise<string> {
  return sha256Hex(token);
}

export async function issueLink(input: {
  purpose: LinkPurpose;
  userId: string;
  email?: string;
  now: Date;
}): Promise<{ token: string; record: LinkRecord }> {
  const token = randomToken(16);
  const record: LinkRecord = {
    tokenHash: await hashLinkToken(token),
    purpose: input.purpose,
    userId: input.userId,
    ...(input.email === undefined ? {} : { email: input.email }),
    issuedAt: input.now.toISOString(),
    expiresAt: new Date(input.now.getTime() + LINK_TTL_MINUTES * 60 * 1000).toISOString(),
    usedAt: null,
  };
  return { token, record };
}

/** Whether the link can no longer be opened at `now` (valid strictly before expiresAt). */
export function isLinkExpired(record: LinkRecord, now: Date): boolean {
  return now.getTime() >= Date.parse(record.expiresAt);
}

/**
 * Opens a link: `record` is what the store found under hashLinkToken(token). A token issued for
 * another purpose is `invalid`, as if it did not exist, so that a reset link cannot confirm an
 * email change. The caller stores the returned record (usedAt set) to spend the link.
 */
export function redeemLink(
  record: LinkRecord | undefined,
  purpose: LinkPurpose,
  now: Date,
): LinkRedemption {
  if (record === undefined || record.purpose !== purpose) return { ok: false, reason: 'invalid' };
  if (record.usedAt !== null) return { ok: false, reason: 'used' };
  if (isLinkExpired(record, now)) return { ok: false, reason: 'expired' };
  return { ok: true, record: { ...record, usedAt: now.toISOString() } };
}
