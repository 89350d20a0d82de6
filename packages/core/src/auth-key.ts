/**
 * 認証キー: the six-digit key mailed for two-factor login (A7), its reissue (A8) and its lock
 * after too many wrong entries (A9).
 */
import { constantTimeEqual, randomDigits, randomToken, sha256Hex } from './secure-random.js';
import type { TenantSettings } from './tenant.js';
import type { TwoFactorMode } from './vocabulary.js';

export const AUTH_KEY_LENGTH = 6;

/**
 * Wrong keys a student may enter in a row, across reissues, before login stops until the
 * forgotten-second-password reset (or the office) clears the count (issue 14; NIST SP 800-63B-4
 * allows at most 100 consecutive failed attempts per account). The per-key lock (A9) alone
 * allowed reissue, five wrong, reissue, ... without end.
 */
export const MAX_CONSECUTIVE_WRONG_AUTH_KEYS = 100;

type TwoFactorSettings = TenantSettings['twoFactor'];

export interface AuthKeyRecord {
  userId: string;
  keyHash: string;
  salt: string;
  issuedAt: string;
  expiresAt: string;
  failedAttempts: number;
  usedAt: string | null;
  lockedAt: string | null;
}

export type AuthKeyVerification =
  | { readonly outcome: 'verified'; readonly record: AuthKeyRecord }
  | { readonly outcome: 'wrong'; readonly record: AuthKeyRecord; readonly attemptsLeft: number }
  | { readonly outcome: 'locked'; readonly record: AuthKeyRecord }
  | { readonly outcome: 'expired'; readonly record: AuthKeyRecord }
  | { readonly outcome: 'used'; readonly record: AuthKeyRecord }
  | { readonly outcome: 'missing' };

/**
 * A per-key salt keeps one precomputed table of the million six-digit hashes from opening every
 * stored key at once. A slow KDF is not needed: the key dies after minutes and a few tries.
 */
function hashAuthKey(salt: string, authKey: string): Promise<string> {
  return sha256Hex(`${salt}:${authKey}`);
}

/** Full-width digits from a Japanese IME become ASCII; stray spaces from copy-paste go. */
export function normalizeAuthKey(value: string): string {
  return value.normalize('NFKC').trim();
}

/**
 * A new key for `userId`. The caller replaces whatever record the user had: the old key's hash
 * is then gone, so the old key no longer verifies (A8 「認証キー再発行」 invalidates it), and a
 * locked key is only ever unlocked this way (A9).
 */
export async function issueAuthKey(input: {
  userId: string;
  now: Date;
  twoFactor: TwoFactorSettings;
}): Promise<{ authKey: string; record: AuthKeyRecord }> {
  const authKey = randomDigits(AUTH_KEY_LENGTH);
  const salt = randomToken(16);
  const record: AuthKeyRecord = {
    userId: input.userId,
    keyHash: await hashAuthKey(salt, authKey),
    salt,
    issuedAt: input.now.toISOString(),
    expiresAt: new Date(
      input.now.getTime() + input.twoFactor.keyTtlMinutes * 60 * 1000,
    ).toISOString(),
    failedAttempts: 0,
    usedAt: null,
    lockedAt: null,
  };
  return { authKey, record };
}

/**
 * Checks an entered key. The caller stores the returned record whatever the outcome, since a
 * wrong key counts an attempt. The attempt that reaches `maxAttempts` locks the key, and a locked
 * key stays locked even for the right key, so guessing cannot go on past the limit.
 */
export async function verifyAuthKey(input: {
  record: AuthKeyRecord | undefined;
  authKey: string;
  now: Date;
  twoFactor: TwoFactorSettings;
}): Promise<AuthKeyVerification> {
  const { record, now, twoFactor } = input;
  if (record === undefined) return { outcome: 'missing' };
  if (record.lockedAt !== null) return { outcome: 'locked', record };
  if (record.usedAt !== null) return { outcome: 'used', record };
  if (now.getTime() >= Date.parse(record.expiresAt)) return { outcome: 'expired', record };

  const enteredHash = await hashAuthKey(record.salt, normalizeAuthKey(input.authKey));
  if (constantTimeEqual(enteredHash, record.keyHash)) {
    return { outcome: 'verified', record: { ...record, usedAt: now.toISOString() } };
  }
  const failedAttempts = record.failedAttempts + 1;
  if (failedAttempts >= twoFactor.maxAttempts) {
    return {
      outcome: 'locked',
      record: { ...record, failedAttempts, lockedAt: now.toISOString() },
    };
  }
  return {
    outcome: 'wrong',
    record: { ...record, failedAttempts },
    attemptsLeft: twoFactor.maxAttempts - failedAttempts,
  };
}

/** Until when a device that just verified a key is not asked again (A7 「一定期間」). */
export function trustedUntil(now: Date, twoFactor: TwoFactorSettings): string {
  return new Date(now.getTime() + twoFactor.trustedDays * 24 * 60 * 60 * 1000).toISOString();
}

/**
 * Whether two-factor is on for a student (A10 menu 有効/無効, A15): the tenant's mode decides
 * first (`required` on, `off` off); only `optional` leaves it to the student's own choice.
 */
export function twoFactorEnabled(mode: TwoFactorMode, studentEnabled: boolean): boolean {
  switch (mode) {
    case 'required':
      return true;
    case 'off':
      return false;
    case 'optional':
      return studentEnabled;
  }
}

/** Whether login must stop at the auth-key screen (A7, A15): two-factor on and not trusted. */
export function needsAuthKey(input: {
  mode: TwoFactorMode;
  studentEnabled: boolean;
  trustedUntil: string | null;
  now: Date;
}): boolean {
  const trusted =
    input.trustedUntil !== null && input.now.getTime() < Date.parse(input.trustedUntil);
  return twoFactorEnabled(input.mode, input.studentEnabled) && !trusted;
}

/**
 * Whether a stored key still stands at `now` (A7–A9): issued, not used and not expired. A locked
 * key stands too: logging in again must not unlock it or replace it, since only 「認証キー再発行」
 * does (A9). Login reuses a standing key, and mails (and charges) a new one only when none stands.
 */
export function isAuthKeyLive(record: AuthKeyRecord | null | undefined, now: Date): boolean {
  return record != null && record.usedAt === null && now.getTime() < Date.parse(record.expiresAt);
}

/** Whether the student may switch two-factor on and off (A15): only when the tenant leaves it open. */
export function canChangeTwoFactor(mode: TwoFactorMode): boolean {
  return mode === 'optional';
}
