/**
 * A21: security changes (two-factor off, email change; later passkeys) need a recent strong
 * re-authentication of the session: the second password now, a passkey once A20 lands. The
 * session keeps when it last happened, whatever the factor, so either can satisfy the rule.
 */

/** How long a re-authentication counts: ASVS 7.5.1 asks for "recent"; SPEC A21 a few minutes. */
export const REAUTHENTICATION_MINUTES = 5;

/**
 * Second passwords one session id may try at re-authentication; then only a new login helps. A
 * stolen session must not be a free guessing oracle for the second password.
 */
export const REAUTHENTICATION_MAX_WRONG = 5;

/** Until when a re-authentication made at `reauthenticatedAt` counts. */
export function reauthenticationExpiry(reauthenticatedAt: string): string {
  return new Date(
    Date.parse(reauthenticatedAt) + REAUTHENTICATION_MINUTES * 60 * 1000,
  ).toISOString();
}

/**
 * Whether a session re-authenticated at `reauthenticatedAt` (absent: never) may make a security
 * change at `now`. A stamp from the future (a clock moved back) does not count.
 */
export function isRecentlyReauthenticated(
  reauthenticatedAt: string | null | undefined,
  now: Date,
): boolean {
  if (reauthenticatedAt == null) return false;
  const at = Date.parse(reauthenticatedAt);
  if (Number.isNaN(at) || at > now.getTime()) return false;
  return now.getTime() < Date.parse(reauthenticationExpiry(reauthenticatedAt));
}
