/**
 * Issue 14: at most `concurrency` password checks at once, `queue` more waiting, and a 503 with
 * `Retry-After` beyond that. A PBKDF2 at its production cost (600 000) takes about 150 ms of a
 * core (in Node, of a libuv pool thread shared with file and DNS work): unbounded, 100 logins
 * with unknown IDs pushed a real one from 271 ms to 7 s and slowed every other request. Bounded,
 * a flood costs at most `concurrency` cores, and a login past the queue is told to come back
 * instead of waiting without end.
 *
 * Two lanes share the slots. A flood of logins with unknown IDs comes from clients the service
 * has never seen, so a login from a browser whose device cookie logged in to that account
 * before (the login throttle's known device, throttle.ts) waits in a lane of its own, served
 * first: it no longer waits behind the whole flood (9–13 s at the defaults) but for a slot.
 * That lane is small (`knownDeviceQueue`), and a login that finds it full queues with everyone
 * else; after `KNOWN_DEVICE_BURST` known-device checks in a row while anonymous ones wait, an
 * anonymous one goes next: a stolen device cookie cannot starve the rest.
 */
import { apiError } from './http/errors.js';

export interface PasswordWorkPolicy {
  /** Password checks running at once. */
  readonly concurrency: number;
  /** Password checks from unknown clients waiting for a free slot; one more is refused (503). */
  readonly queue: number;
  /**
   * Password checks of known devices waiting in their lane, served first; one more waits in
   * `queue` with the rest.
   */
  readonly knownDeviceQueue: number;
  /** What a refused request is told to wait (`Retry-After`). */
  readonly retryAfterSeconds: number;
}

export const DEFAULT_PASSWORD_WORK: PasswordWorkPolicy = {
  concurrency: 2,
  queue: 64,
  knownDeviceQueue: 8,
  retryAfterSeconds: 2,
};

/**
 * Known-device checks handed a slot in a row while anonymous ones wait; then one anonymous.
 * The known lane gets at least 4 slots in 5 during a flood, the anonymous queue at least 1.
 */
export const KNOWN_DEVICE_BURST = 4;

/**
 * `known-device`: a login from a browser whose device cookie logged in to this account before;
 * `anonymous`: everything else (the default).
 */
export type PasswordWorkLane = 'known-device' | 'anonymous';

/** Runs `work` in a slot; throws ApiError `busy` when the queue is full. */
export type PasswordWorkLimiter = <T>(
  work: () => Promise<T>,
  lane?: PasswordWorkLane,
) => Promise<T>;

export function createPasswordWorkLimiter(policy: PasswordWorkPolicy): PasswordWorkLimiter {
  for (const [name, value, least] of [
    ['concurrency', policy.concurrency, 1],
    ['queue', policy.queue, 0],
    ['knownDeviceQueue', policy.knownDeviceQueue, 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < least)
      throw new Error(`password hashing ${name} must be a whole number ≥ ${least}, not ${value}`);
  }
  let running = 0;
  const known: (() => void)[] = [];
  const anonymous: (() => void)[] = [];
  /** Known-device checks handed a slot in a row while anonymous ones waited. */
  let streak = 0;
  const next = (): (() => void) | undefined => {
    if (known.length > 0 && (anonymous.length === 0 || streak < KNOWN_DEVICE_BURST)) {
      streak = anonymous.length === 0 ? 0 : streak + 1;
      return known.shift();
    }
    streak = 0;
    return anonymous.shift();
  };
  const release = () => {
    const waiter = next();
    // The slot passes straight to the next in line, so a newcomer cannot overtake it.
    if (waiter === undefined) running -= 1;
    else waiter();
  };
  const wait = (line: (() => void)[]) =>
    new Promise<void>((resolve) => {
      line.push(resolve);
    });
  return async (work, lane = 'anonymous') => {
    if (running < policy.concurrency) running += 1;
    else if (lane === 'known-device' && known.length < policy.knownDeviceQueue) await wait(known);
    else if (anonymous.length < policy.queue) await wait(anonymous);
    else {
      const seconds = policy.retryAfterSeconds;
      throw apiError(
        'busy',
        'too many logins at once; try again shortly',
        { retryAfterSeconds: seconds },
        { 'Retry-After': String(seconds) },
      );
    }
    try {
      return await work();
    } finally {
      release();
    }
  };
}
