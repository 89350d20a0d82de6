/**
 * Issue 14: at most `concurrency` password checks at once, `queue` more waiting, and a 503 with
 * `Retry-After` beyond that. A PBKDF2 at its production cost (600 000) takes about 150 ms of a
 * core (in Node, of a libuv pool thread shared with file and DNS work): unbounded, 100 logins
 * with unknown IDs pushed a real one from 271 ms to 7 s and slowed every other request. Bounded,
 * a flood costs at most `concurrency` cores, and a login past the queue is told to come back
 * instead of waiting without end.
 */
import { apiError } from './http/errors.js';

export interface PasswordWorkPolicy {
  /** Password checks running at once. */
  readonly concurrency: number;
  /** Password checks waiting for a free slot; one more is refused with 503 `busy`. */
  readonly queue: number;
  /** What a refused request is told to wait (`Retry-After`). */
  readonly retryAfterSeconds: number;
}

export const DEFAULT_PASSWORD_WORK: PasswordWorkPolicy = {
  concurrency: 2,
  queue: 64,
  retryAfterSeconds: 2,
};

/** Runs `work` in a slot; throws ApiError `busy` when the queue is full. */
export type PasswordWorkLimiter = <T>(work: () => Promise<T>) => Promise<T>;

export function createPasswordWorkLimiter(policy: PasswordWorkPolicy): PasswordWorkLimiter {
  for (const [name, value, least] of [
    ['concurrency', policy.concurrency, 1],
    ['queue', policy.queue, 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < least)
      throw new Error(`password hashing ${name} must be a whole number ≥ ${least}, not ${value}`);
  }
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    // The slot passes straight to the next in line, so a newcomer cannot overtake it.
    if (next === undefined) running -= 1;
    else next();
  };
  return async (work) => {
    if (running < policy.concurrency) running += 1;
    else if (waiting.length < policy.queue)
      await new Promise<void>((resolve) => waiting.push(resolve));
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
