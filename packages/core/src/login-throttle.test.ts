import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOGIN_THROTTLE,
  loginDelaySeconds,
  loginRetryAfterSeconds,
} from './login-throttle.js';

const policy = DEFAULT_LOGIN_THROTTLE;
const T0 = new Date('2026-06-03T01:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('login throttle', () => {
  it('answers no delay for the free failures, then doubles up to the cap', () => {
    expect([0, 5, 6, 7, 8, 20, 1000].map((f) => loginDelaySeconds(f, policy))).toEqual([
      0, 0, 1, 2, 4, 900, 900,
    ]);
  });

  it('counts the wait from the latest failure and forgets stale counts', () => {
    const count = { failures: 8, lastFailureAt: T0.toISOString() };
    expect(loginRetryAfterSeconds(count, at(0), policy)).toBe(4);
    expect(loginRetryAfterSeconds(count, at(3.5), policy)).toBe(1);
    expect(loginRetryAfterSeconds(count, at(4), policy)).toBe(0);
    expect(
      loginRetryAfterSeconds({ failures: 50, lastFailureAt: T0.toISOString() }, at(86_400), policy),
    ).toBe(0);
    expect(loginRetryAfterSeconds({ failures: 50, lastFailureAt: null }, at(0), policy)).toBe(0);
    expect(loginRetryAfterSeconds(null, at(0), policy)).toBe(0);
  });
});
