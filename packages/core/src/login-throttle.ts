/**
 * Brakes on guessing that cannot be turned against the owner (OWASP Authentication Cheat Sheet,
 * "device cookies"; issue 14): wrong passwords are counted per account for clients the service
 * does not know, and per account and device for a browser that logged in to that account before.
 * Past a few free failures, each further try waits for an exponentially growing delay instead of
 * a hard lock, so a stranger hammering an account slows himself down and never locks the owner
 * out of the browser the owner used before.
 */

export interface LoginThrottlePolicy {
  /** Wrong passwords answered without delay. */
  readonly freeFailures: number;
  /** The delay after the first failure past the free ones; doubles with each further one. */
  readonly baseDelaySeconds: number;
  /** The delay never grows beyond this. */
  readonly maxDelaySeconds: number;
  /** A counter with no failure for this long starts over. */
  readonly forgetAfterSeconds: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = {
  freeFailures: 5,
  baseDelaySeconds: 1,
  maxDelaySeconds: 15 * 60,
  forgetAfterSeconds: 24 * 60 * 60,
};

/** What the throttle needs of a stored counter. */
export interface FailureCount {
  readonly failures: number;
  /** ISO instant of the latest failure; null when the counter was reset by a success. */
  readonly lastFailureAt: string | null;
}

/** The wait that `failures` failures impose after the latest one, in seconds (0: none). */
export function loginDelaySeconds(failures: number, policy: LoginThrottlePolicy): number {
  const past = failures - policy.freeFailures;
  if (past <= 0) return 0;
  // 2 ** past overflows to Infinity long after it passed the cap; Math.min handles both.
  return Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** (past - 1));
}

/**
 * How many seconds a client must still wait before its next try counts (0: it may try now),
 * rounded up so that `Retry-After` never invites a try that is refused again.
 */
export function loginRetryAfterSeconds(
  count: FailureCount | null,
  now: Date,
  policy: LoginThrottlePolicy,
): number {
  if (count === null || count.lastFailureAt === null || isFailureCountStale(count, now, policy))
    return 0;
  const delayMs = loginDelaySeconds(count.failures, policy) * 1000;
  const waitMs = Date.parse(count.lastFailureAt) + delayMs - now.getTime();
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

/** Whether a counter's failures are old enough to be forgotten (`forgetAfterSeconds`). */
export function isFailureCountStale(
  count: FailureCount,
  now: Date,
  policy: LoginThrottlePolicy,
): boolean {
  return (
    count.lastFailureAt !== null &&
    now.getTime() - Date.parse(count.lastFailureAt) >= policy.forgetAfterSeconds * 1000
  );
}
